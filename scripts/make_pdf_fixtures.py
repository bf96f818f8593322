"""Regenerate tests/fixtures/pdf/: the PDF reader's test files, printed by LibreOffice and written by hand.

Run from anywhere: ``python scripts/make_pdf_fixtures.py [OUTPUT_DIR]`` (default
``tests/fixtures/pdf/``). Needs LibreOffice (``soffice``), poppler (``pdftoppm``) and qpdf on
the PATH, and the Noto CJK fonts (Debian: fonts-noto-cjk) so that LibreOffice embeds CID
fonts as Word and WPS do, rather than its fallback font's WinAnsi subsets. The tests read
the committed files and need none of these.

* ``guizhou-federation-2019-report.pdf``: the seed report's Word sample printed to PDF;
* ``national-clean.pdf``, ``national-real-cases.pdf``, ``national-sichuan.pdf``: the
  national-form samples printed from Excel, one table per sheet;
* ``report-over-pages.pdf``: a report written for these tests (a county bureau, 2022, in the
  genre's phrasing; no real report's sentences) set as Chinese official documents are — 12 pt
  serif, first lines indented two characters, justified, 「— N —」 page numbers — whose
  paragraph of uses runs over a page break, with a ruled table of its projects; its uses add
  up to 720.05 万元 against 720.00 万元 all spent (F001 and B001 on 高标准农田建设补助资金);
* ``scan.pdf``: the first page of that report as a greyscale picture, and no text;
* ``encrypted.pdf``: that report needing a password to open; ``restricted.pdf``: the same
  report with only printing and copying restricted (it opens without a password);
* ``bomb.pdf``: one page whose content stream, deflated twice, is a few KB and inflates to 1 GiB.

LibreOffice runs with a profile of its own, so that it never hands the work to another
LibreOffice already running on the machine.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # so the script runs without installing the package

from tests.pdf_builders import bomb_pdf, scan_pdf  # noqa: E402

OUTPUT = REPO / "tests" / "fixtures" / "pdf"
SAMPLES = REPO / "sample_submissions"
NATIONAL = ("national-clean.xlsx", "national-real-cases.xlsx", "national-sichuan.xlsx")
#: The scan's picture, in pixels (A4 at about 40 dpi: a cheap but honest page image).
SCAN_SIZE = (330, 467)

DEPARTMENT = "云岭县农业农村局"
#: (style, text) of each paragraph; "table" rows are tuples of cells.
REPORT: list[tuple[str, str | tuple[str, ...]]] = [
    ("title", DEPARTMENT),
    ("title", "关于 2022 年度项目支出绩效自评情况的报告"),
    ("body", "根据县财政局关于开展 2022 年度项目支出绩效自评工作的通知要求，我局组织项目实施股室和财务股，对本年度实施的财政项目逐项开展了绩效自评，对照年初设定的绩效目标，核实资金到位、使用和产出效果情况，现将自评情况报告如下："),
    ("heading", "一、部门基本情况"),
    ("body", "我局内设办公室、计划财务股、农田建设股、科技教育股、产业发展股等五个股室，下属县农业技术推广中心、县农产品质量安全检测站两个事业单位，主要承担全县农业农村经济发展规划、农田建设管理、农业科技推广、农产品质量安全监管等职能。2022 年末在职人员 86 人，其中行政编制 21 人、事业编制 65 人。"),
    ("heading", "二、项目资金管理情况"),
    ("body", "为规范项目资金管理，我局先后制定了《项目资金管理暂行办法》《政府采购内部控制规程》《项目验收管理细则》等制度，明确了项目立项、资金拨付、政府采购、竣工验收和绩效评价各环节的责任分工，实行项目资金专账核算、专款专用，资金拨付须经股室负责人、分管领导和主要领导三级审批，确保每一笔资金都有据可查。"),
    ("body", "同时，我局建立了项目实施情况月报制度，由计划财务股每月汇总各项目资金支付进度和工程形象进度，对进度滞后的项目及时预警、督促整改，并将项目执行情况纳入股室年度目标考核，有效压实了项目实施主体责任，提高了资金使用效益。"),
    ("heading", "三、项目资金收支情况"),
    ("body", "2022年，我局实施财政项目2个，财政拨入资金合计860.00万元。其中：高标准农田建设补助资金720.00万元、农技推广服务经费140.00万元，以上资金当年已全部使用完毕，无结余。"),
    ("body", "资金使用情况分别为：高标准农田建设补助资金用于全县 5 个乡镇 1.2 万亩高标准农田建设，其中土地平整 210.40 万元；灌溉渠道改造 186.25 万元；田间道路硬化 154.30 万元；农田防护林建设 48.00 万元；土壤改良及地力提升 100.00 万元；项目监理及竣工验收 21.10 万元。农技推广服务经费用于基层农技人员培训 62.00 万元和农业科技示范基地建设 78.00 万元。"),
    ("heading", "四、项目绩效目标完成情况"),
    ("table", ("项目名称", "年初预算（万元）", "全年支出（万元）", "执行率")),
    ("table", ("高标准农田建设补助资金", "720.00", "720.00", "100%")),
    ("table", ("农技推广服务经费", "140.00", "140.00", "100%")),
    ("body", "高标准农田建设项目全年新建高标准农田 1.2 万亩，完成年度目标任务，项目区耕地质量平均提高 0.5 个等级，亩均粮食产能提高 60 公斤以上。农技推广项目全年共培训农技人员 240 人，其中 40 岁以下青年骨干 132 人，占比 55%以上，建成科技示范基地 6 个，主推技术到位率达到 95%。"),
    ("heading", "五、存在的问题及改进措施"),
    ("body", "一是部分项目前期工作不够扎实，个别工程设计变更导致施工进度滞后；二是绩效目标设置还不够细化，部分指标难以量化考核。下一步，我局将加强项目前期论证和绩效目标审核，提高绩效目标编制质量，强化绩效评价结果运用，切实提高财政资金使用效益。"),
    ("right", DEPARTMENT),
    ("right", "2023年3月15日"),
]


def main(output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        profile = work / "profile"
        shutil.copy(SAMPLES / "guizhou-federation-2019-report.docx", work)
        for name in NATIONAL:
            shutil.copy(SAMPLES / name, work)
        (work / "report-over-pages.fodt").write_text(report_fodt(), encoding="utf-8")
        sources = ["guizhou-federation-2019-report.docx", *NATIONAL, "report-over-pages.fodt"]
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
             "--outdir", str(output), *(str(work / name) for name in sources)],
            check=True, capture_output=True,
        )
        report = output / "report-over-pages.pdf"
        width, height = SCAN_SIZE
        subprocess.run(
            ["pdftoppm", "-f", "1", "-l", "1", "-gray", "-jpeg", "-scale-to-x", str(width), "-scale-to-y", str(height),
             "-singlefile", str(report), str(work / "page")],
            check=True,
        )
        (output / "scan.pdf").write_bytes(scan_pdf((work / "page.jpg").read_bytes()))
    subprocess.run(
        ["qpdf", "--encrypt", "secret", "owner", "256", "--",
         str(report), str(output / "encrypted.pdf")],
        check=True,
    )
    subprocess.run(
        ["qpdf", "--encrypt", "", "owner", "256", "--print=none", "--extract=n", "--modify=none", "--",
         str(report), str(output / "restricted.pdf")],
        check=True,
    )
    (output / "bomb.pdf").write_bytes(bomb_pdf(1 << 30, layers=2))
    for path in sorted(output.glob("*.pdf")):
        print(path, path.stat().st_size)


def report_fodt() -> str:
    """:data:`REPORT` as a flat OpenDocument text, set as a Chinese official document."""
    body = []
    rows: list[tuple[str, ...]] = []

    def flush_table() -> None:
        if rows:
            columns = "".join('<table:table-column table:style-name="Column"/>' for _ in rows[0])
            cells = "".join(
                "<table:table-row>"
                + "".join(
                    f'<table:table-cell table:style-name="Cell" office:value-type="string">'
                    f'<text:p text:style-name="CellText">{escape(cell)}</text:p></table:table-cell>'
                    for cell in row
                )
                + "</table:table-row>"
                for row in rows
            )
            body.append(f'<table:table table:name="projects" table:style-name="Table">{columns}{cells}</table:table>')
            rows.clear()

    for style, text in REPORT:
        if style == "table":
            rows.append(text)  # type: ignore[arg-type]
            continue
        flush_table()
        body.append(f'<text:p text:style-name="{style}">{escape(str(text))}</text:p>')
    flush_table()
    return _FODT.replace("{body}", "\n".join(body))


_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:text-properties style:font-name="Noto Serif CJK SC" fo:font-size="12pt"
   style:font-name-asian="Noto Serif CJK SC" style:font-size-asian="12pt"
   fo:language="zh" fo:country="CN" style:language-asian="zh" style:country-asian="CN"/>
 </style:default-style>
 <style:style style:name="body" style:family="paragraph">
  <style:paragraph-properties fo:text-indent="24pt" fo:text-align="justify" fo:line-height="150%"/>
 </style:style>
 <style:style style:name="title" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center" fo:margin-bottom="12pt"/>
  <style:text-properties fo:font-size="16pt" style:font-size-asian="16pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="heading" style:family="paragraph">
  <style:paragraph-properties fo:text-indent="24pt" fo:line-height="150%"/>
  <style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="right" style:family="paragraph">
  <style:paragraph-properties fo:text-align="end" fo:line-height="150%"/>
 </style:style>
 <style:style style:name="CellText" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="10.5pt" style:font-size-asian="10.5pt"/>
 </style:style>
 <style:style style:name="footer" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="10.5pt" style:font-size-asian="10.5pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="3.7cm"
   fo:margin-bottom="2.8cm" fo:margin-left="2.8cm" fo:margin-right="2.6cm"/>
  <style:footer-style><style:header-footer-properties fo:min-height="0.8cm" fo:margin-top="0.4cm"/></style:footer-style>
 </style:page-layout>
 <style:style style:name="Table" style:family="table">
  <style:table-properties style:width="15.6cm" table:align="center" fo:margin-top="6pt" fo:margin-bottom="6pt"/>
 </style:style>
 <style:style style:name="Column" style:family="table-column">
  <style:table-column-properties style:column-width="3.9cm"/>
 </style:style>
 <style:style style:name="Cell" style:family="table-cell">
  <style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.08cm"/>
 </style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4">
  <style:footer><text:p text:style-name="footer">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
{body}
</office:text></office:body>
</office:document>
"""


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
