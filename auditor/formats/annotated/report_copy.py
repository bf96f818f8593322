"""A Word report (.docx) → its marked copy: cited paragraphs shaded by severity, each finding a Word comment.

python-docx (1.2 and later) writes real comments, which Word and WPS show in the margin
and a reviewer can answer or resolve. The paragraphs behind each 「第N段」 a finding cites
are found by aligning the Word body with the paragraphs the reader counted
(``word_paragraphs``); their runs get a light shading — red for an error, amber for a
warning, blue for a note — the colours of the workbook copies, and readable in print
(Word's highlighter colours are not). A table row cited is shaded cell by cell. Findings
that name no paragraph, or one the alignment did not find, go into one comment on the
document's first paragraph, so that none is lost. Everything else in the document —
pictures, headers, fields, tracked changes — is carried over as python-docx read it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from auditor.formats.annotated.finding_text import AUTHOR, finding_text
from auditor.formats.annotated.locations import paragraph_number
from auditor.formats.annotated.package import DOCUMENT_TIMESTAMP, MODIFIED_BY, restamped
from auditor.formats.annotated.word_paragraphs import align, unit_text, word_units
from auditor.formats.annotated.workbook import FILLS
from auditor.formats.interface import OutputOptions
from auditor.model import FileResult, Finding
from auditor.readers.narrative.document import read_document

_RANK = {"error": 0, "warning": 1, "info": 2}
#: What follows ``w:shd`` in a run's and a table cell's properties (the schema fixes the order).
_AFTER_RUN_SHADING = ("w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                      "w:specVanish", "w:oMath")
_AFTER_CELL_SHADING = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
                       "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")
#: A location in a table row: the row's label, the column, and the cell's text quoted.
_ROW_CELL = re.compile(r"^第\d+段“.*”行的.*「(.*)」$")
_SPACE = re.compile(r"\s+")
_UNPLACED = {"zh": "以下问题未能定位到文中的段落：", "en": "These findings could not be placed at a paragraph:"}


def report_copy(source: bytes, path: Path, result: FileResult, options: OutputOptions) -> bytes:
    """The marked copy of the Word report at ``path``, whose bytes are ``source``."""
    lang, titles = options.lang, options.rule_titles
    document = docx.Document(io.BytesIO(source))
    units = word_units(document.element.body)
    paragraphs = [paragraph.text for paragraph in read_document(path).paragraphs]
    placed = align(units, paragraphs)
    cited: dict[int, list[Finding]] = {}
    unplaced: list[Finding] = []
    for finding in result.findings:
        numbers = [n for n in map(paragraph_number, finding.locations) if n is not None and n in placed]
        for number in dict.fromkeys(numbers):
            cited.setdefault(number, []).append(finding)
        if not numbers:
            unplaced.append(finding)
    for number, findings in sorted(cited.items()):
        severity = min((f.severity for f in findings), key=_RANK.__getitem__)
        values = {_cell_value(location) for f in findings for location in f.locations if paragraph_number(location) == number}
        for unit in placed[number]:
            _shade(unit, FILLS[severity], values - {None})
        _comment(document, placed[number], [finding_text(f, lang, titles) for f in findings])
    if unplaced and units:
        texts = [_UNPLACED["en" if lang == "en" else "zh"], *(finding_text(f, lang, titles) for f in unplaced)]
        _comment(document, [next((u for u in units if _runs(u)), units[0])], texts)
    return _saved(document, source)


def _cell_value(location: str) -> str | None:
    """The value a location quotes from a table row's cell (「第7段“年度资金总额”行的全年预算数「0」」 → "0")."""
    match = _ROW_CELL.search(location)
    return _SPACE.sub("", match[1]) if match and not match[1].endswith("…") else None


def _shade(unit: etree._Element, fill: str, values: set[str]) -> None:
    """A light background on every run of a paragraph; in a table row, on the cells holding the values
    cited (every cell when none is found)."""
    if etree.QName(unit).localname == "tr":
        cells = list(unit.iterchildren(qn("w:tc")))
        cited = [cell for cell in cells if _SPACE.sub("", unit_text(cell)) in values]
        for cell in cited or cells:
            _set_shading(cell.get_or_add_tcPr(), fill, _AFTER_CELL_SHADING)
        return
    for run in _runs(unit):
        _set_shading(run.get_or_add_rPr(), fill, _AFTER_RUN_SHADING)


def _set_shading(properties: etree._Element, fill: str, successors: Sequence[str]) -> None:
    for old in properties.findall(qn("w:shd")):
        properties.remove(old)
    shading = OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})
    properties.insert_element_before(shading, *successors)


def _runs(unit: etree._Element) -> list[etree._Element]:
    """The runs of a paragraph or row that hold text, outside text boxes."""
    return [run for run in unit.iter(qn("w:r"))
            if run.find(qn("w:t")) is not None and not any(a.tag == qn("w:txbxContent") for a in run.iterancestors())]


def _comment(document: WordDocument, units: Sequence[etree._Element], texts: Sequence[str]) -> None:
    """One Word comment over the runs of ``units`` (first to last), a paragraph per line of text."""
    runs = [run for unit in units for run in _runs(unit)]
    if not runs:
        return
    first, last = (Run(run, Paragraph(_paragraph_of(run), document._body)) for run in (runs[0], runs[-1]))
    comment = document.add_comment([first, last], text="\n\n".join(texts), author=AUTHOR, initials="AU")
    # python-docx stamps the time of writing; the date is optional, and a made-up one would mislead.
    comment._comment_elm.attrib.pop(qn("w:date"), None)


def _paragraph_of(run: etree._Element) -> etree._Element:
    return next(a for a in run.iterancestors(qn("w:p")))


def _saved(document: WordDocument, source: bytes) -> bytes:
    properties = document.core_properties
    with zipfile.ZipFile(io.BytesIO(source)) as package:
        if "docProps/core.xml" not in package.namelist():  # python-docx made them up, dated now
            properties.created = DOCUMENT_TIMESTAMP
    properties.last_modified_by = MODIFIED_BY
    properties.modified = DOCUMENT_TIMESTAMP
    buffer = io.BytesIO()
    document.save(buffer)
    return restamped(buffer.getvalue())
