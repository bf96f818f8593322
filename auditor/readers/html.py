"""The reader of web pages saved from a browser (.html, .htm, .xhtml; .mht web archives): the report on the page, its chrome left out.

A light plugin object (see ``readers.xlsx``): the reading code (``readers.html_page`` over
``sources.html``) is imported on first use. A page goes the one way every document goes,
``readers.documents.submission_from_document``.
"""

from __future__ import annotations

from pathlib import Path

from auditor.model import Submission


class HtmlReader:
    """Web pages in any declared charset (UTF-8, GB2312/GBK/GB18030, …): paragraphs and tables in order."""

    name = "html"
    suffixes = (".html", ".htm", ".xhtml", ".shtml", ".mht", ".mhtml")
    # What a saved page begins with (a budget system's "Excel" export named .xls among
    # them): taken by these bytes only when no reader takes the file's ending. Only the
    # unambiguous starts; a page with blanks or a comment before them is taken by its ending.
    magic: tuple[bytes, ...] = (
        b"<!DOCTYPE html", b"<!DOCTYPE HTML", b"<!doctype html", b"<html", b"<HTML", b"<Html",
        b"\xef\xbb\xbf<!DOCTYPE", b"\xef\xbb\xbf<!doctype", b"\xef\xbb\xbf<html", b"\xef\xbb\xbf<HTML",
    )
    layout = "narrative-report"
    description = {
        "zh": "网页（.html、.htm、.mht；自评报告或自评表，任何声明的编码）",
        "en": "web pages (.html, .htm, .mht; a report or a 自评表, in any declared charset)",
    }

    def read(self, path: Path) -> Submission:
        from auditor.readers.documents import submission_from_document
        from auditor.readers.html_page import read_page

        return submission_from_document(read_page(path).document, path)


READER = HtmlReader()
