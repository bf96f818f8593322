"""auditor: screens project-expenditure performance self-evaluations (项目支出绩效自评) for contradictions.

The pipeline, one folder per stage: ``readers`` (a file → ``Submission``), ``facts``
(a submission → flat facts), ``engine`` (facts → which rules of ``rules/`` fire),
``findings`` (firings → messages with cells and numbers) and ``formats`` (table,
JSON, Markdown 「存在的问题」). ``cli`` wires them together.
"""

__version__ = "0.1.0"
