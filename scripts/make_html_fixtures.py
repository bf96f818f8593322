"""Regenerate tests/fixtures/html/: the seed report and national 自评表 as the web pages reviewers save.

Run from anywhere: ``python scripts/make_html_fixtures.py [OUTPUT_DIR]``; the default is
``tests/fixtures/html/``. The pages are written by hand in the shapes government sites
publish (their chrome, markup habits and charsets), with words of our own:

* ``seed-portal.utf8.html`` — the seed report (tests/fixtures/guizhou-federation-2019-seed.txt,
  block for block) on a present-day portal page: HTML5, ``<meta charset="utf-8">``, header,
  ``<nav>``, breadcrumb, metadata and 字号/打印 bars, a share bar, previous/next links, an
  ``<aside>`` of related links, a footer with 版权所有/ICP备, scripts (one that tries
  ``document.write``), a ``<base href>`` and remote images and styles;
* ``seed-oldsite.gb2312.html`` — the same report on an old table-laid-out site declared
  ``charset=gb2312`` and saved in GBK (its 「——」 is not in GB2312), the 政府信息公开
  metadata table above it, paragraphs indented with 「　　」 and Word's ``<o:p>`` markup;
* ``xxgk-ziping-table.html`` — a town's 项目支出绩效自评表 published as an HTML table
  (rowspan/colspan as Word exports them), a 信息公开 metadata list above it;
* ``seed-word.gb2312.mht`` — the same report as Word saves it "as a single file web page"
  (a MIME web archive: the page quoted-printable in GB2312/GBK, a header part, an image);
* ``national-*.html`` — the national-form sample workbooks exported by LibreOffice
  (``soffice --headless --convert-to html``), when soffice is installed; left as they are
  otherwise, so that the same bytes are kept.

Every run writes the same bytes (for the hand-written pages; LibreOffice's output depends
on its version).
"""

from __future__ import annotations

import base64
import html
import quopri
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "tests" / "fixtures" / "guizhou-federation-2019-seed.txt"
OUTPUT = REPO / "tests" / "fixtures" / "html"
NATIONAL_SAMPLES = ("national-clean", "national-real-cases", "national-sichuan")

_TERMINAL = "。！？；：…"
_CLOSERS = "”’\"'）)】」』》 "


def seed_blocks() -> list[str]:
    """The seed text's blocks (lines between blank lines), as the .txt reader sees them."""
    text = SEED.read_text(encoding="utf-8")
    return [block.strip() for block in text.split("\n\n") if block.strip()]


def _unfinished(block: str) -> bool:
    bare = block.rstrip(_CLOSERS)
    return bool(bare) and bare[-1] not in _TERMINAL


def _portal_body(blocks: list[str]) -> str:
    """The seed as a CMS holds it: Markdown headings as <h1>–<h4>, the rule as <hr>, blocks as <p>."""
    out = []
    for block in blocks:
        if block == "---":
            out.append("<hr />")
        elif block.startswith("#"):
            level = len(block) - len(block.lstrip("#"))
            out.append(f"<h{level}>{html.escape(block[level:].strip())}</h{level}>")
        else:
            out.append(f"<p>{html.escape(block)}</p>")
    return "\n".join(out)


def seed_portal_page() -> bytes:
    body = _portal_body(seed_blocks())
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="keywords" content="绩效自评,项目支出,财务公开">
<title>关于2019年部门项目支出绩效自评工作情况总结_财务公开_贵州省总工会</title>
<base href="http://www.example.gov.cn/">
<link rel="stylesheet" href="http://www.example.gov.cn/css/main.css">
<script src="http://www.example.gov.cn/js/jquery.min.js"></script>
<style>
  .content p {{ text-indent: 2em; line-height: 2; }}
  .hidden-print {{ display: none; }}
</style>
</head>
<body>
<div class="topbar">
  <span>欢迎访问贵州省总工会网站</span>
  <span class="date">今天是2020年6月1日 星期一</span>
  <a href="/wza/">无障碍</a> | <a href="/zzms/">长者模式</a> | <a href="/en/">English</a>
</div>
<header class="site-header">
  <img src="http://www.example.gov.cn/images/logo.png" alt="贵州省总工会">
  <form class="search" action="http://search.example.gov.cn/"><input name="q" placeholder="请输入关键字"><button type="submit">搜索</button></form>
</header>
<nav class="main-nav">
  <ul>
    <li><a href="/">首页</a></li>
    <li><a href="/ghyw/">工会要闻</a></li>
    <li><a href="/jcdt/">基层动态</a></li>
    <li><a href="/xxgk/">信息公开</a></li>
    <li><a href="/cwgk/">财务公开</a></li>
    <li><a href="/bszn/">办事指南</a></li>
  </ul>
</nav>
<div class="container">
  <div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; <a href="/cwgk/">财务公开</a></div>
  <article class="article">
    <div class="article-meta">发布时间：2020-05-20 09:30&emsp;来源：财务部&emsp;浏览次数：<span id="hits">1532</span></div>
    <div class="article-tools">【字号：<a href="javascript:setSize(18)">大</a> <a href="javascript:setSize(16)">中</a> <a href="javascript:setSize(14)">小</a>】【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
    <div class="content" id="zoom">
{body}
<script>document.write('<p>送温暖资金用于临时救助 9999 万元。</p>');</script>
<noscript><p>本页部分功能需要启用脚本，当年结余 88 万元。</p></noscript>
<p class="hidden-print" style="display:none">打印时间：2020年6月1日，共 3 页。</p>
    </div>
    <div class="bdsharebuttonbox"><span>分享到：</span><a class="bds_weixin" title="分享到微信">微信</a><a class="bds_tsina" title="分享到新浪微博">新浪微博</a><a class="bds_qzone" title="分享到QQ空间">QQ空间</a></div>
    <div class="prev-next">
      <p>上一篇：<a href="/cwgk/202005/t20200512_1.html">省总工会召开2020年财务工作会议</a></p>
      <p>下一篇：<a href="/cwgk/202005/t20200525_2.html">关于2019年度部门决算公开的说明</a></p>
    </div>
  </article>
  <aside class="sidebar">
    <h3>相关链接</h3>
    <ul>
      <li><a href="/cwgk/2019ys.html">2019年部门预算公开</a></li>
      <li><a href="/cwgk/2018js.html">2018年部门决算公开</a></li>
      <li><a href="/cwgk/2018zp.html">2018年度项目支出绩效自评</a></li>
    </ul>
  </aside>
</div>
<footer class="site-footer">
  <p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/flsm/">法律声明</a></p>
  <p>版权所有：贵州省总工会&emsp;地址：贵阳市南明区示例路1号&emsp;邮编：550001&emsp;电话：0851-00000000</p>
  <p>黔ICP备00000000号-1&emsp;贵公网安备 52010200000000号&emsp;网站标识码：5200000000</p>
  <img src="http://www.example.gov.cn/images/jiucuo.png" alt="政府网站找错">
</footer>
<script>
  var _hmt = _hmt || [];
  (function () {{ var hm = document.createElement("script"); hm.src = "https://hm.example.com/hm.js"; document.body.appendChild(hm); }})();
</script>
</body>
</html>
"""
    return page.encode("utf-8")


def _oldsite_body(blocks: list[str]) -> str:
    """The seed as an old site's editor pasted it from Word: centred bold titles, bold
    numbered headings, paragraphs indented with 「　　」 (a page-break continuation is not),
    spans and <o:p> left over from Word."""
    out = []
    before = ""
    for block in blocks:
        if block == "---":
            pass
        elif block.startswith("#"):
            text = html.escape(block.lstrip("#").strip())
            if block.startswith(("# ", "## ")) and not text[:2].endswith("、"):
                out.append(f'<p align="center" class="MsoNormal"><b><span style="font-size:16pt;font-family:宋体">{text}</span></b><o:p></o:p></p>')
            else:
                out.append(f'<p class="MsoNormal"><b><span style="font-family:黑体">{text}</span></b><o:p></o:p></p>')
        else:
            indent = "" if _unfinished(before) else "　　"
            out.append(f'<p class="MsoNormal"><span style="font-size:12pt;font-family:仿宋_GB2312">{indent}{html.escape(block)}</span><o:p></o:p></p>')
        before = block
    return "\r\n".join(out)


def seed_oldsite_page() -> bytes:
    body = _oldsite_body(seed_blocks())
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>贵州省总工会--财务公开</title>
<link href="../css/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="../js/menu.js"></script>
</head>
<body topmargin="0" leftmargin="0">
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr><td><img src="../images/banner.jpg" width="1000" height="150" /></td></tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="nav">
  <tr>
    <td><a href="../index.html">首页</a></td><td><a href="../jggk/">机构概况</a></td><td><a href="../ghyw/">工会要闻</a></td>
    <td><a href="../xxgk/">信息公开</a></td><td><a href="../cwgk/">财务公开</a></td><td><a href="../lxwm/">联系我们</a></td>
  </tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr>
    <td width="240" valign="top" class="left">
      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td class="lm_title">财务公开</td></tr>
        <tr><td><a href="../cwgk/ys/">部门预算</a></td></tr>
        <tr><td><a href="../cwgk/js/">部门决算</a></td></tr>
        <tr><td><a href="../cwgk/jx/">绩效评价</a></td></tr>
      </table>
    </td>
    <td width="760" valign="top">
      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td class="dqwz">您现在的位置：<a href="../index.html">首页</a> &gt;&gt; <a href="../cwgk/">财务公开</a> &gt;&gt; 绩效评价</td></tr>
      </table>
      <table width="100%" border="1" cellspacing="0" cellpadding="3" class="xxgk_table">
        <tr><td>索 引 号：</td><td>000000000/2020-00012</td><td>信息分类：</td><td>财务公开</td></tr>
        <tr><td>发布机构：</td><td>贵州省总工会</td><td>生成日期：</td><td>2020-05-20</td></tr>
        <tr><td>文　　号：</td><td></td><td>时 效 性：</td><td>有效</td></tr>
      </table>
      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td class="info" align="center">发布时间：2020年05月20日&nbsp;&nbsp;点击数：<script>document.write(hits)</script>&nbsp;&nbsp;【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</td></tr>
        <tr><td id="zoom" class="content">
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
{body}
        </td></tr>
      </table>
    </td>
  </tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr><td class="bottom" align="center">版权所有：贵州省总工会&nbsp;&nbsp;技术支持：某某信息技术有限公司<br />
  黔ICP备00000000号&nbsp;&nbsp;建议使用1024×768分辨率浏览</td></tr>
</table>
</body>
</html>
"""
    return page.replace("\n", "\r\n").encode("gbk")


_BOUNDARY = "----=_NextPart_01D62F1A.5B3C7E90"


def seed_word_archive() -> bytes:
    """The seed as Word's 「单个文件网页」: multipart/related, the page first, then its files."""
    page = f"""<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<link rel=File-List href="seed.files/filelist.xml">
<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>财务部</o:Author><o:Pages>4</o:Pages></o:DocumentProperties></xml><![endif]-->
<style><!-- p.MsoNormal {{mso-style-parent:""; margin:0cm; text-align:justify; font-size:10.5pt;}} --></style>
</head>
<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>
<div class=WordSection1 style='layout-grid:15.6pt'>
{_oldsite_body(seed_blocks())}
<p class=MsoNormal><span lang=EN-US><img width=120 height=40 src="seed.files/image001.png" v:shapes="_x0000_i1025"></span></p>
</div>
</body>
</html>
"""
    header = '<html><body><div style="mso-element:header" id=h1><p class=MsoHeader>贵州省总工会</p></div></body></html>'
    png = base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(32)).decode("ascii")
    archive = "\r\n".join([
        "MIME-Version: 1.0",
        f'Content-Type: multipart/related; boundary="{_BOUNDARY}"',
        "",
        "本文件是一个单文件网页（Web 档案）。若您看到这段文字，说明您的浏览器或编辑器不支持 Web 档案文件。",
        "",
        f"--{_BOUNDARY}",
        "Content-Location: file:///C:/A1B2C3D4/seed.htm",
        "Content-Transfer-Encoding: quoted-printable",
        'Content-Type: text/html; charset="gb2312"',
        "",
        quopri.encodestring(page.replace("\n", "\r\n").encode("gbk")).decode("ascii"),
        f"--{_BOUNDARY}",
        "Content-Location: file:///C:/A1B2C3D4/seed.files/header.htm",
        "Content-Transfer-Encoding: quoted-printable",
        'Content-Type: text/html; charset="utf-8"',
        "",
        quopri.encodestring(header.encode("utf-8")).decode("ascii"),
        f"--{_BOUNDARY}",
        "Content-Location: file:///C:/A1B2C3D4/seed.files/image001.png",
        "Content-Transfer-Encoding: base64",
        "Content-Type: image/png",
        "",
        png,
        f"--{_BOUNDARY}--",
        "",
    ])
    return archive.encode("gbk")


#: The hand-written 自评表: (一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分); 一级 and 二级
#: cells are merged down over their rows, as Word's HTML export writes them.
_INDICATORS = (
    ("产出指标(50分)", "数量指标", "垃圾转运车辆配备数量", "≥4辆", "4辆", "10", "10"),
    ("产出指标(50分)", "数量指标", "保洁覆盖行政村数", "=12个", "12个", "10", "10"),
    ("产出指标(50分)", "质量指标", "生活垃圾无害化处理率", "≥90%", "93%", "10", "10"),
    ("产出指标(50分)", "时效指标", "资金拨付及时率", "100%", "100%", "10", "10"),
    ("产出指标(50分)", "成本指标", "保洁员人均年补助", "≤1.2万元", "1.2万元", "5", "5"),
    ("产出指标(50分)", "成本指标", "转运车辆年运维成本", "≤8万元", "7.6万元", "5", "5"),
    ("效益指标(30分)", "社会效益指标", "村庄环境卫生状况", "明显改善", "达成预期指标", "10", "10"),
    ("效益指标(30分)", "生态效益指标", "垃圾乱堆乱放点位数", "≤5处", "3处", "10", "10"),
    ("效益指标(30分)", "可持续影响指标", "长效保洁机制", "健全", "达成预期指标", "10", "10"),
    ("满意度指标(10分)", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "10", "10"),
)


def _indicator_rows() -> str:
    rows = []
    for i, (first, second, third, target, actual, weight, score) in enumerate(_INDICATORS):
        cells = []
        if i == 0 or _INDICATORS[i - 1][0] != first:
            span = sum(1 for row in _INDICATORS if row[0] == first)
            cells.append(f'<td rowspan="{span}">{first}</td>')
        if i == 0 or _INDICATORS[i - 1][1] != second:
            span = sum(1 for row in _INDICATORS if row[1] == second)
            cells.append(f'<td rowspan="{span}">{second}</td>' if span > 1 else f"<td>{second}</td>")
        cells += [f"<td>{html.escape(v)}</td>" for v in (third, target, actual, weight, score)]
        cells.append('<td colspan="2">&nbsp;</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(rows)


def xxgk_table_page() -> bytes:
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>示例镇2022年度农村人居环境整治经费项目支出绩效自评表</title>
<link rel="stylesheet" href="https://www.example.gov.cn/xxgk/css/xxgk.css">
</head>
<body>
<div class="xxgk-header"><a href="/">示例县人民政府信息公开平台</a></div>
<div class="position">您当前的位置：<a href="/">首页</a> &gt; <a href="/xxgk/">法定主动公开内容</a> &gt; <a href="/xxgk/czzj/">财政资金</a></div>
<ul class="xxgk-meta">
  <li><span>索引号</span><br>000000000/2023-00031</li>
  <li><span>发布机构</span><br>示例县示例镇人民政府</li>
  <li><span>发布日期</span><br>2023-05-10</li>
  <li><span>文号</span></li>
  <li><span>时效性</span><br>有效</li>
</ul>
<h1 class="title">示例镇2022年度农村人居环境整治经费项目支出绩效自评表</h1>
<div class="TRS_Editor">
<p>附件1</p>
<p align="center"><b>项目支出绩效自评表</b></p>
<p align="center">（2022年度）</p>
<table border="1" cellspacing="0" cellpadding="0" width="100%">
<tbody>
<tr><td colspan="2">项目名称</td><td colspan="8">农村人居环境整治经费</td></tr>
<tr><td colspan="2">主管部门</td><td colspan="3">示例县示例镇人民政府</td><td>实施单位</td><td colspan="4">示例镇农业农村综合服务中心</td></tr>
<tr><td colspan="2" rowspan="5">项目资金<br>（万元）</td><td colspan="2">&nbsp;</td><td>年初预算数</td><td>全年预算数</td><td>全年执行数</td><td>分值</td><td>执行率</td><td>得分</td></tr>
<tr><td colspan="2">年度资金总额：</td><td>120</td><td>118.5</td><td>118.2</td><td>10</td><td>100%</td><td>10</td></tr>
<tr><td colspan="2">其中：本年财政拨款</td><td>120</td><td>118.5</td><td>118.5</td><td>-</td><td>&nbsp;</td><td>-</td></tr>
<tr><td colspan="2">上年结转资金</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>-</td><td>&nbsp;</td><td>-</td></tr>
<tr><td colspan="2">其他资金</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>-</td><td>&nbsp;</td><td>-</td></tr>
<tr><td colspan="2" rowspan="2">年度总体目标</td><td colspan="4">预期目标</td><td colspan="4">实际完成情况</td></tr>
<tr><td colspan="4">配齐垃圾转运车辆，12个行政村保洁全覆盖，生活垃圾无害化处理率不低于90%。</td><td colspan="4">配备转运车辆4辆，12个行政村实现日常保洁，无害化处理率达到93%。</td></tr>
<tr><td rowspan="{len(_INDICATORS) + 1}">绩效指标</td><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>年度指标值</td><td>实际完成值</td><td>分值</td><td>得分</td><td colspan="2">偏差原因分析及改进措施</td></tr>
{_indicator_rows()}
<tr><td colspan="6">总分</td><td>100</td><td>100</td><td colspan="2">&nbsp;</td></tr>
</tbody>
</table>
<p>&nbsp;</p>
</div>
<div class="bottom">
  <p>主办单位：示例县人民政府办公室&nbsp;&nbsp;网站标识码：0000000000</p>
</div>
</body>
</html>
"""
    return page.encode("utf-8")


def national_exports(output: Path) -> None:
    """The national sample workbooks as LibreOffice saves them as HTML (skipped without soffice)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("soffice not found: national-*.html left as they are", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as scratch:
        for name in NATIONAL_SAMPLES:
            source = REPO / "sample_submissions" / f"{name}.xlsx"
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{scratch}/profile", "--headless", "--convert-to", "html",
                 "--outdir", scratch, str(source)],
                check=True, capture_output=True, timeout=300,
            )
            shutil.copyfile(Path(scratch) / f"{name}.html", output / f"{name}.html")
            print(output / f"{name}.html")


def main(output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    for name, build in (
        ("seed-portal.utf8.html", seed_portal_page),
        ("seed-oldsite.gb2312.html", seed_oldsite_page),
        ("xxgk-ziping-table.html", xxgk_table_page),
        ("seed-word.gb2312.mht", seed_word_archive),
    ):
        (output / name).write_bytes(build())
        print(output / name)
    national_exports(output)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
