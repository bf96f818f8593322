"""National tables drawn by hand the way departments fill them — none made by auditor's own
writer — each with the slips the catalogue defines, and the findings they must get."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from auditor.readers import read_submission


def save(rows: list[list], path: Path, title: str = "Sheet1", formats: dict[str, str] | None = None, merges: tuple[str, ...] = ()) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    for merge in merges:
        sheet.merge_cells(merge)
    workbook.save(path)
    return path


def fired(check, path: Path) -> list[tuple[str, str]]:
    result = check(read_submission(path))
    assert result.layout == "national-form"
    return sorted((f.rule, f.locations[0]) for f in result.findings)


def test_a_2020_table_with_an_unmet_target_at_full_marks(check, tmp_path: Path) -> None:
    rows = [
        ["项目支出绩效自评表"], ["（2021年度）"], ["项目名称", "乡村振兴示范村建设项目"],
        ["主管部门", "某县农业农村局", None, None, None, "实施单位", "某县乡村振兴服务中心"],
        ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额：", 500, 520, 410, 10, 0.7885, 7.88],
        [None, "其中：当年财政拨款", 400, 420, 330, "—", "—", "—"],
        [None, "上年结转资金", 100, 100, 80, "—", "—", "—"],
        [None, "其他资金", 0, 0, 0, "—", "—", "—"],
        ["年度总体目标", "预期目标", None, None, None, "实际完成情况"],
        [None, "完成 5 个示范村建设", None, None, None, "完成 4 个示范村建设"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标(50分)", "数量指标", "示范村建设数量", "≥5个", "4个", 20, 20, None],
        [None, None, "质量指标", "工程验收合格率", "100%", "100%", 10, 10, None],
        [None, None, "时效指标", "完工及时性", "及时", "及时", 10, 10, None],
        [None, None, "成本指标", "单村建设成本", "≥100万元", "102.5万元", 10, 10, None],
        [None, "效益指标(30分)", "社会效益指标", "村民人居环境改善", "明显改善", "完成", 30, 30, None],
        [None, "满意度指标(10分)", "服务对象满意度指标", "村民满意度", "≥90%", "150%", 10, 10, None],
        ["总分", None, None, None, None, None, 100, 95],
    ]
    path = save(rows, tmp_path / "2020.xlsx", formats={"G6": "0.00%"}, merges=("A1:I1", "A5:A9", "B13:B16", "A12:A18"))
    assert fired(check, path) == [
        ("F008", "Sheet1!G6"),     # 410 / 520 = 78.85%, no reason cell on the 2020 form
        ("I003", "Sheet1!E13:F13"),  # 4 of ≥5 with no 偏差原因
        ("I006", "Sheet1!E15"),    # 时效 target 「及时」
        ("I008", "Sheet1!E18:F18"),  # 150% against ≥90%
        ("I009", "Sheet1!E16"),    # a cost floor
        ("S001", "Sheet1!H19"),    # 7.88 + 90 = 97.88, not 95
        ("S004", "Sheet1!H13"),    # 20 points for 4 of 5 (16 at most)
    ]


def test_a_central_ab_table_shifted_and_typed_as_text(check, tmp_path: Path) -> None:
    rows = [
        [],
        [None, None, "项目支出绩效自评表"], [None, None, "（ 2020 年度）"], [None, None, "项目名称", "教学设备购置"],
        [None, None, "主管部门", "某部", None, None, None, "实施单位", "某大学"],
        [None, None, "项目资金（万元）", None, "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"],
        [None, None, None, "年度资金总额", "1,000.00", "1,000.00", "950.00", "10", "95%", "9.5"],
        [None, None, None, "其中：中央财政拨款", "800.00", "800.00", "760.00", "/", "/", "/"],
        [None, None, None, "中央补助", "100.00", "100.00", "95.00", "/", "/", "/"],
        [None, None, None, "其他资金", "100.00", "100.00", "95.00", "/", "/", "/"],
        [],
        [None, None, "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值（A）", "实际完成值（B）", "分值", "得分", "偏差原因分析及改进措施"],
        [None, None, None, "产出指标", "数量指标", "设备台数", "≥200台", "190台", "20", "19", "供应商延期交货"],
        [None, None, None, "产出指标", "质量指标", "验收合格率", "≥98%", "99%", "20", "20", ""],
        [None, None, None, "产出指标", "时效指标", "完成时间", "2020年12月底前", "2020年11月", "10", "10", ""],
        [None, None, None, "产出指标", "成本指标", "单台成本", "≤5万元", "5万元", "10", "10", ""],
        [None, None, None, "效益指标", "社会效益指标", "服务学生人数", "≥5000人", "5200人", "20", "20", ""],
        [None, None, None, "满意度指标", "服务对象满意度指标", "师生满意度", "≥90%", "达成预期指标", "10", "10", ""],
        [None, None, "总分", None, None, None, None, None, "100", "98.5"],
    ]
    path = save(rows, tmp_path / "central.xlsx", title="项目1")
    submission = read_submission(path)
    assert [(r.label, r.budget, r.executed) for r in submission.funding][0][1:] == (1000, 950)
    assert fired(check, path) == [("I007", "项目1!G18:H18")]  # 「达成预期指标」 for ≥90%


def test_a_sichuan_table_with_a_prompt_for_its_reason(check, tmp_path: Path) -> None:
    rows = [
        ["项目支出绩效自评表"], ["（2023年度）", None, None, None, None, None, None, None, "报表编号：510000_0013zp"],
        ["项目名称", "51000023R000000012345-农村公路养护补助资金"],
        ["主管部门", "某县交通运输局", None, None, "实施单位", "某县公路事务中心"],
        ["预算执行情况（10分）", None, "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"],
        [None, "总额", 200, 200, 150, "75.00%", 10, 7.5, "（100字以内）"],
        [None, "其中：财政资金", 200, 200, 150],
        [None, "财政专户管理资金", 0, 0, 0], [None, "单位资金", 0, 0, 0], [None, "其他资金", 0, 0, 0],
        ["绩效指标（90分）", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"],
        [None, "产出指标", "数量指标", "养护里程", "≥", "120", "公里", "100", 40, 40, None],
        [None, "产出指标", "成本指标", "每公里养护成本", "≤", "1.5", "万元", "1.5", 20, 20, None],
        [None, "效益指标", "社会效益指标", "路况优良率", "≥", "80", "%", "85", 20, 20, None],
        [None, "满意度指标", "服务对象满意度指标", "群众满意度", "定性", "满意", None, "部分达成", 10, 10, None],
        ["合计", None, None, None, None, None, None, None, 100, 97.5],
        ["评价结论", "（200字以内）"], ["存在问题", "养护资金拨付滞后"], ["改进措施", "加快资金拨付"],
    ]
    path = save(rows, tmp_path / "sichuan.xlsx")
    assert read_submission(path).projects[0].name == "农村公路养护补助资金"
    assert [rule for rule, _ in fired(check, path)] == ["D006", "D006", "F008", "I001", "I003", "S004", "S004"]


def test_the_blank_forms_spare_indicator_rows_are_not_indicators(tmp_path, check) -> None:  # type: ignore[no-untyped-def]
    """A 自评表 printed from the blank form keeps its spare 「指标2」「……」 rows empty: they are no indicators
    (no I002 for each), while a 「指标2」 row that holds a value is read."""
    from openpyxl import Workbook

    from auditor.readers import read_submission

    book = Workbook()
    ws = book.active
    ws.title = "表1"
    rows = [
        ["项目支出绩效自评表"], ["（2023年度）"],
        ["项目名称", "办公楼改造"], ["主管部门", "某市发改委", None, None, "实施单位", "某学校"],
        ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额", 43.2, 43.2, 43.2, 10, "100%", 10],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标", "数量指标", "指标1：改造面积", "≥1000平方米", "1000平方米", 40, 40],
        [None, None, None, "指标2", None, None, None, None],
        [None, None, None, "……", None, None, None, None],
        [None, None, "质量指标", "指标1：验收合格率", "100%", "100%", 40, 40],
        [None, None, None, "指标2", "≥90%", None, None, None],
        ["总分", None, None, None, None, None, 100, 90],
    ]
    for row in rows:
        ws.append(row)
    path = tmp_path / "template-rows.xlsx"
    book.save(path)
    read = read_submission(path)
    assert [i.name for i in read.indicators] == ["指标1：改造面积", "指标1：验收合格率", "指标2"]
    i002 = [f for f in check(read).findings if f.rule == "I002"]
    assert [f.values.get("indicator") for f in i002] == ["指标2"]  # the one with a target and no actual
