"""Indicators and self-ratings a report states in words.

Reports that list their indicators do it clause by clause, naming the kind:
「数量指标：慰问困难企业，年度指标值≥25家，实际完成28家，分值10分，得分10分。」
Only a clause that names a kind (数量/质量/时效/成本/…指标) and gives a target or an
actual value becomes an indicator; a mere list of kinds (「以数量指标、质量指标…为指导」)
states none. Ratings: 「自评得分95分」「评价等级为优秀」「总体评价为优秀」.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from auditor.parsing.quantities import AR_NUMBER, parse_number
from auditor.readers.narrative.evidence import Stated
from auditor.readers.narrative.sentences import Sentence
from auditor.readers.value_ranges import number_in_range

_KINDS = "数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|满意度"
_LEVEL1 = {
    "数量": "产出指标", "质量": "产出指标", "时效": "产出指标", "成本": "产出指标",
    "经济效益": "效益指标", "社会效益": "效益指标", "生态效益": "效益指标", "可持续影响": "效益指标",
    "服务对象满意度": "满意度指标", "满意度": "满意度指标",
}
_INDICATOR = re.compile(rf"(?P<kind>{_KINDS})指标\s*[:：]\s*")
_VALUE = r"(?P<{name}>[^，,；;。]+)"
_FIELDS = (
    ("target", re.compile(r"(?:年度)?(?:指标值|目标值|目标)\s*(?:为|是)?\s*[:：]?\s*" + _VALUE.format(name="v"))),
    ("actual", re.compile(r"(?:实际完成值|实际完成|完成值|实际值|实际)\s*(?:为|是)?\s*[:：]?\s*" + _VALUE.format(name="v"))),
    ("weight", re.compile(rf"分值\s*(?:为|是)?\s*[:：]?\s*(?P<v>{AR_NUMBER})\s*分")),
    ("points", re.compile(rf"得分\s*(?:为|是)?\s*[:：]?\s*(?P<v>{AR_NUMBER})\s*分")),
    ("deviation_reason", re.compile(r"偏差原因\s*(?:为|是)?\s*[:：]?\s*(?P<v>[^。；;]+)")),
)
_GRADES = "优秀|良好|合格|中等|中|较差|差"
#: A grade needs its verb (「评价为优秀」「等级：良好」): 「在绩效评价中，…」 states none.
_GRADE = re.compile(
    rf"(?:评价等级|自评等级|等级|总体评价|综合评价|评价|自评)\s*(?:为|是|评定为|评为|:|：)\s*[“「\"]?(?P<grade>{_GRADES})(?![距异别])"
)
_SCORE = re.compile(rf"(?:自评得分|综合得分|总得分|得分|总分)\s*(?:为|是|:|：)?\s*(?P<score>{AR_NUMBER})\s*分")


@dataclass
class StatedIndicator:
    project: str
    level1: str
    level2: Stated
    name: Stated | None = None
    values: dict[str, Stated] = field(default_factory=dict)


@dataclass
class StatedRating:
    project: str | None
    grade: Stated | None = None
    score: Stated | None = None


def read_indicators(sentences: Sequence[Sentence], project_of: dict[int, str | None]) -> Iterator[StatedIndicator]:
    """Every kind-named indicator clause with a target or an actual, attributed to its paragraph's project."""
    for sentence in sentences:
        project = project_of.get(sentence.paragraph)
        starts = list(_INDICATOR.finditer(sentence.norm))
        for i, match in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(sentence.norm)
            if project is None:
                continue
            indicator = _indicator(sentence, match, end, project)
            if indicator is not None:
                yield indicator


def _indicator(sentence: Sentence, match: re.Match[str], end: int, project: str) -> StatedIndicator | None:
    kind = match.group("kind")
    indicator = StatedIndicator(
        project=project,
        level1=_LEVEL1[kind],
        level2=Stated(f"{kind}指标", sentence, match.start("kind"), match.end("kind") + 2),
    )
    name_end = _first_field_start(sentence.norm, match.end(), end)
    name = sentence.text[match.end():name_end].strip(" ，,；;")
    if name:
        indicator.name = Stated(name, sentence, match.end(), match.end() + len(name))
    for role, pattern in _FIELDS:
        found = pattern.search(sentence.norm, name_end, end)
        if found and role not in indicator.values:
            text = sentence.text[found.start("v"):found.end("v")].strip()
            indicator.values[role] = Stated(text, sentence, found.start("v"), found.end("v"))
    if "target" not in indicator.values and "actual" not in indicator.values:
        return None
    return indicator


def _first_field_start(text: str, start: int, end: int) -> int:
    starts = [m.start() for _, pattern in _FIELDS if (m := pattern.search(text, start, end))]
    return min(starts, default=end)


def read_ratings(sentences: Sequence[Sentence], project_of: dict[int, str | None], projects: Sequence[str]) -> list[StatedRating]:
    """Self-ratings: a project's where its paragraph is about one project, the department's otherwise."""
    ratings: dict[str | None, StatedRating] = {}
    for sentence in sentences:
        if _INDICATOR.search(sentence.norm):
            continue  # 得分 inside an indicator clause is the indicator's, not the project's
        project = project_of.get(sentence.paragraph)
        owner = project if project in projects else None
        rating = ratings.setdefault(owner, StatedRating(owner))
        grade = _GRADE.search(sentence.norm)
        if grade and rating.grade is None:
            rating.grade = Stated(grade.group("grade"), sentence, grade.start("grade"), grade.end("grade"))
        score = _SCORE.search(sentence.norm)
        if score and rating.score is None:
            rating.score = Stated(score.group("score"), sentence, score.start("score"), score.end("score"))
    return [r for r in ratings.values() if r.grade or r.score]


def decimal_of(text: Stated | None) -> Decimal | None:
    """A stated score, weight or points as a number; None when there is none or it is out of range."""
    value = parse_number(str(text.value)) if text is not None else None
    return value if value is not None and number_in_range(value) else None
