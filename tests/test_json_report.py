"""The JSON report's encoding: pydantic's encoder must write exactly what ``json.dumps`` of the document would."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from auditor.formats.json_report import encoded_result, result_document
from auditor.model import FileResult, Finding

# Any text a file name, a cell or a message may bring, lone surrogates included
# (an undecodable file name), which pydantic refuses and the fallback encodes.
texts = st.text(st.characters(blacklist_categories=()), max_size=12)
findings = st.builds(
    Finding,
    rule=texts,
    name=texts,
    severity=st.sampled_from(["error", "warning", "info"]),
    project=st.none() | texts,
    message=texts,
    locations=st.lists(texts, max_size=3),
    values=st.dictionaries(texts, texts, max_size=3),
    department=st.none() | texts,
    year=st.none() | st.integers(-(10**6), 10**6),
)
results = st.builds(
    FileResult,
    path=texts,
    department=st.none() | texts,
    year=st.none() | st.integers(1900, 2100),
    status=st.sampled_from(["ok", "error", "internal-error"]),
    layout=st.none() | texts,
    findings=st.lists(findings, max_size=3),
    notes=st.lists(texts, max_size=3),
)


@given(results)
def test_encoded_result_is_json_dumps_of_the_document(result: FileResult) -> None:
    document = result_document(result)
    assert encoded_result(result, indent=2) == json.dumps(document, ensure_ascii=False, indent=2)
    assert encoded_result(result) == json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def test_a_lone_surrogate_is_encoded_as_the_standard_library_does() -> None:
    result = FileResult(path="报告\udcff.xlsx")
    assert '"path": "报告\udcff.xlsx"' in encoded_result(result, indent=2)


@given(results)
def test_the_whole_report_reads_back_whatever_its_texts_hold(result: FileResult) -> None:
    """The batch report indents each result line by line: a U+2028, U+2029 or U+0085 inside a string
    (which JSON leaves unescaped) is no line break, and the report stays JSON that reads back."""
    from io import StringIO

    from auditor.formats.json_report import JsonSink

    out = StringIO()
    sink = JsonSink(out)
    sink.add(result)
    sink.add(result)
    sink.close()
    document = json.loads(out.getvalue())
    assert document["results"] == [json.loads(json.dumps(result_document(result)))] * 2
