"""Whose report it is and what it is about, from its title, its labelled lines and its signature.

A department's report names itself in its title (「贵州省总工会二〇一九年度…」), in a labelled
line of a table copied as text (「单位名称：…」「实施单位 …」) or of the web page it was
published on (「来源：…」「发布机构：…」), or in the signature above the date. A report on one
project — most published ones — names the project in the title only:
「2023年高龄补贴事后绩效评价报告」, 「某县残联2023年度绩效自评报告（残疾人事业发展补助资金）」,
「…专项资金自评报告」. A 部门整体 report names no project at all.

Precision first: a title's words are a department only when they end like an organisation
(局, 委员会, 人民政府, 残联 …), and a project only when they end like one (资金, 经费, 补贴,
项目 …) and are not the genre's generic words (「项目支出」「部门整体支出」「财政专项资金」). What
is not read so stays unknown (D002, info) and never stops the statement rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.readers.narrative.document import Paragraph
from auditor.readers.narrative.evidence import Stated
from auditor.readers.narrative.sentences import Sentence

#: Words a title line holds.
TITLE_WORDS = re.compile(r"绩效|自评|评价|总结|报告")
#: How an organisation's name ends.
ORGANISATION = re.compile(
    r"(?:会|厅|局|委员会|委|院|部|办公室|办|中心|署|所|馆|站|队|社|学校|大学|学院|协会|联合会|集团|公司|政府|法院|检察院"
    r"|残联|妇联|团委|科协|侨联|文联|社科联|工商联|红十字会|街道办事处|管委会|管理处|事务所|研究院)$"
)
#: How far into a page its title may stand (after the site's menus, breadcrumbs and file metadata).
TITLE_PARAGRAPHS = 12
MAX_TITLE = 60
_YEAR = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年度?"
#: A title: [department] [关于] [year] [subject] [the genre's words] [(subject)].
_TITLE = re.compile(
    rf"^(?P<before>[^\d，。：:《》]{{0,40}}?)\s*(?:关于)?\s*(?:{_YEAR})\s*(?P<subject>[^，。：:《》]*?)\s*"
    r"(?:项目)?(?:支出)?(?:事前|事中|事后)?(?:绩效)?(?:自评|评价|自我评价|单位自评|部门自评)[^（(]*"
    r"(?:[（(](?P<bracketed>[^）)]{2,40})[）)])?\s*$"
)
#: A title's words before 「关于」 or its year: where it names its department.
_TITLE_START = re.compile(rf"^(?P<before>[^\d，。：:《》〇○零一二三四五六七八九]{{2,40}}?)\s*(?:关于|{_YEAR})")
#: What a project's name ends with.
_PROJECT_END = re.compile(r"(?:资金|经费|补贴|补助|津贴|项目|工程|专项|奖补|补偿|基金|工作|行动|计划|建设|服务)$")
#: Subjects that name no one project: the genre's words for all of a department's spending.
_GENERIC = re.compile(
    r"^(?:部门|单位|本级|部门整体|整体|部门整体支出|整体支出|项目|项目支出|预算项目|部门预算项目|财政|财政资金|专项资金|财政专项资金"
    r"|财政支出|财政项目|中央转移支付|转移支付|中央转移支付资金|省级转移支付|重点项目|政府性基金)$"
)
#: A labelled line naming the organisation: 单位名称/实施单位/主管部门 in a table copied as text, and a
#: web page's 来源/发布机构 (the last: a page may be published by another office than the one evaluated).
_LABELS = (
    re.compile(r"(?:单位名称|实施单位|项目实施单位|填报单位|预算单位)\s*[:：]?\s*(?P<name>[^\s:：|，。]{3,30})"),
    re.compile(r"(?:主管部门)\s*[:：]?\s*(?P<name>[^\s:：|，。]{3,30})"),
    re.compile(r"(?:来源|发布机构|信息来源)\s*[:：]\s*(?P<name>[^\s:：|，。]{3,30})"),
)


def title_sentences(paragraphs: Sequence[Paragraph], first: dict[int, Sentence]) -> list[Sentence]:
    """The lines near the top that read as a title: short, holding the genre's words, no clause break."""
    found = []
    for paragraph in paragraphs[:TITLE_PARAGRAPHS]:
        sentence = first.get(paragraph.number)
        text = paragraph.text.strip()
        if sentence is None or len(text) > MAX_TITLE or not TITLE_WORDS.search(text):
            continue
        if "，" in sentence.norm or "," in sentence.norm or "。" in sentence.norm.rstrip("。"):
            continue  # an opening sentence cites other bodies (「按照《省财政厅关于…》」)
        found.append(sentence)
    return found


def organisation_prefix(words: str) -> str | None:
    """The longest start of ``words`` that ends like an organisation (「镜湖区残联中央转移支付」 → 镜湖区残联)."""
    words = words.strip()
    for end in range(len(words), 2, -1):
        if ORGANISATION.search(words[:end]):
            return words[:end]
    return None


def department_in_title(sentence: Sentence) -> Stated | None:
    """The organisation a title names before its year or 「关于」 (「贵州省总工会二〇一九年度…」)."""
    match = _TITLE_START.match(sentence.norm)
    if match is None:
        return None
    name = organisation_prefix(match.group("before"))
    if name is None:
        return None
    start = sentence.norm.index(name)
    return Stated(sentence.text[start:start + len(name)], sentence, start, start + len(name))


def project_in_title(sentence: Sentence) -> Stated | None:
    """The one project a title names: the words between its year and the genre's words
    (「2023年高龄补贴事后绩效评价报告」), else the words in its closing brackets."""
    match = _TITLE.match(sentence.norm)
    if match is None:
        return None
    for group in ("subject", "bracketed"):
        words = (match.group(group) or "").strip()
        if words and _PROJECT_END.search(words) and not _GENERIC.match(words) and 2 < len(words) <= 40:
            start = match.start(group) + (len(match.group(group)) - len(match.group(group).lstrip()))
            return Stated(sentence.text[start:start + len(words)], sentence, start, start + len(words))
    return None


def department_in_labels(sentences: Sequence[Sentence], limit: int = 40) -> Stated | None:
    """The organisation a labelled line near the top names (单位名称 first, a page's 来源 last)."""
    head = sentences[:limit]
    for label in _LABELS:
        for sentence in head:
            match = label.search(sentence.norm)
            if match and ORGANISATION.search(match.group("name")):
                return Stated(sentence.text[match.start("name"):match.end("name")], sentence, match.start("name"), match.end("name"))
    return None
