"""What on a government web page is page chrome, not the report: menus, breadcrumbs, share bars, footers.

A self-evaluation published on a department's site comes wrapped in the site: its
navigation, 「当前位置：首页 > 信息公开 > …」, 「发布时间：… 来源：… 浏览次数：…」,
「【字号：大 中 小】【打印本页】【关闭窗口】」, 「分享到：」, related links, and a footer of
「版权所有」「ICP备」「网站标识码」. Read as paragraphs, these would shift the 「第N段」 a
finding cites and could lend a stray year or name to the extraction. They are told by
structure first, then by their words, and **precision comes first**: a line that states
a figure of the genre (an amount, a share, a count, a score, a target) is never dropped
by structure or links, only when every word of it is chrome (a line with no sentence in it).

The judgements, in order (:func:`is_chrome_line`):

1. a line made only of chrome words, page-metadata fields (「发布时间：2020-06-01」,
   「浏览次数：123」), footer marks (「黔ICP备05000000号」), the site's greeting and date
   (「欢迎访问…网站」「今天是…」) and separators, with no sentence end (。！？；) —
   chrome, whatever digits its values hold;
2. a line stating a figure (:func:`states_figure`) — kept;
3. a line inside a chrome region (:func:`is_chrome_region`: ``<nav>``, ``<aside>``, a
   ``<header>``/``<footer>`` not inside ``<article>``/``<main>``, a landmark role, or a
   class/id naming a menu, breadcrumb, share bar, footer or related links) — chrome;
4. a line mostly made of link text (menus, related links, 上一篇/下一篇), not a heading
   and not a long sentence — chrome.

A list or table of page metadata (the 政府信息公开 box: 索引号, 发布机构, 发文日期, 文号 …)
is dropped whole when it names two such labels and states no figure
(:func:`is_metadata_label`).
"""

from __future__ import annotations

import re

#: Sentence ends: a line holding one is a sentence, never a line of chrome words.
_SENTENCE_END = re.compile(r"[。！？；!?;]")
_CN_DIGITS = "一二三四五六七八九十百千万亿零〇两"
#: Units and words the genre states figures in (amounts, shares, counts, scores).
_UNIT = (
    r"(?:[万亿千百])?(?:元|%|％|‰|个|人|户|项|次|家|名|所|座|辆|台|套|件|份|批|场|篇|条|处|平方米|㎡|立方米"
    r"|公里|千米|米|吨|亩|公顷|分(?![辨钟类别])|百分比|万元|亿元)"
)
_FIGURE = re.compile(
    rf"\d(?:[\d,，.]*\d)?\s*{_UNIT}|[{_CN_DIGITS}]+(?:万元|亿元|元|人|个|户|项|家|名|次)|[≥≤]\s*\d|[<>＜＞]=\s*\d"
)

#: Page-metadata labels (followed by their value on a chrome line).
_METADATA_LABELS = (
    "发布时间", "发布日期", "发布于", "发表时间", "更新时间", "更新日期", "时间", "日期", "来源", "信息来源", "文章来源",
    "作者", "编辑", "责任编辑", "审核", "审校", "校对", "浏览次数", "阅读次数", "浏览量", "阅读量", "点击数", "点击量",
    "点击率", "访问量", "访问次数", "访问人次", "浏览", "阅读", "索引号", "发布机构", "发文机关", "发文机构", "文号",
    "发文字号", "主题分类", "主题词", "体裁分类", "服务对象分类", "组配分类", "时效性", "有效性", "生成日期", "成文日期",
    "发文日期", "公开方式", "公开范围", "公开时限", "信息分类", "关键词", "字号", "字体", "主办单位", "主办", "承办单位",
    "承办", "协办单位", "技术支持", "运行维护", "维护单位", "网站标识码", "地址", "电话", "联系电话", "传真", "邮编",
    "邮箱", "电子邮箱", "E-mail", "Email", "版权所有",
)
#: Labels of the 政府信息公开 metadata box, as a list or table (besides the above).
_BOX_LABELS = frozenset({*_METADATA_LABELS, "名称", "标题", "所属机构", "所属主题", "发布单位", "公开目录"})
#: Words and phrases that are chrome on their own.
_CHROME_WORDS = (
    "一键分享", "分享到", "分享", "打印本页", "打印此页", "打印页面", "打印文章", "打印", "关闭窗口", "关闭本页", "关闭",
    "返回顶部", "回到顶部", "返回首页", "返回列表", "返回", "网站首页", "首页", "主页", "网站地图", "联系我们", "法律声明",
    "隐私声明", "网站声明", "免责声明", "隐私政策", "使用帮助", "收藏本站", "加入收藏", "收藏本页", "收藏", "设为首页",
    "登录", "注册", "退出", "新浪微博", "腾讯微博", "微信公众号", "微信", "微博", "QQ空间", "QQ好友", "QQ", "豆瓣",
    "人人网", "今日头条", "手机扫一扫", "扫一扫", "在手机上打开当前页", "在手机打开当前页", "在手机打开", "打开当前页",
    "二维码", "无障碍浏览", "无障碍", "适老化", "长者模式", "关怀版", "繁體", "繁体", "简体", "English", "视力保护色",
    "保护色", "背景色", "默认", "站内搜索", "高级搜索", "搜索", "上一篇", "下一篇", "上一条", "下一条", "相关链接",
    "相关阅读", "相关文章", "相关新闻", "友情链接", "我要纠错", "纠错", "当前位置", "您现在的位置", "您当前的位置",
    "您的位置", "所在位置", "大", "中", "小", "A+", "A-", "All Rights Reserved", "Copyright",
    "建议使用", "浏览器", "分辨率", "最佳浏览效果", *_METADATA_LABELS,
)


def _spaced(word: str) -> str:
    """A label as 信息公开 boxes space it out: 「索 引 号」「文　　号」「主题 词」."""
    if not all("\u4e00" <= ch <= "\u9fff" for ch in word):
        return re.escape(word)
    return r"[ \t\u3000]*".join(map(re.escape, word))


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(_spaced(w) for w in sorted(words, key=len, reverse=True))


_WORDS = re.compile(_alternatives(_CHROME_WORDS), re.IGNORECASE)
#: A metadata field with its value: 「发布时间：2020-06-01 15:04」「来源：省总工会」「发布机构: 民 政 局」.
#: The value is one run of non-blanks (with a time, or a spaced-out name): never more, so
#: that a field cannot swallow a statement written after it on the same line.
_LABEL = _alternatives(_METADATA_LABELS)
_FIELD = re.compile(
    rf"(?:{_LABEL})\s*[:：]\s*(?!(?:{_LABEL})\s*[:：])\S*"
    r"(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?|(?:[ \u3000][\u4e00-\u9fff](?=[ \u3000]|$))+)?",
    re.IGNORECASE,
)
#: Footer marks with their numbers: 「黔ICP备05000000号-1」「贵公网安备 52010302000000号」「© 2020」.
_FOOTER_MARKS = re.compile(
    r"[\u4e00-\u9fff]{0,4}ICP\s*(?:备|证)\s*[\w\-]*号?(?:-\d+)?|[\u4e00-\u9fff]{0,4}公网安备\s*\d*号?"
    r"|(?:©|\(c\)|（c）)\s*[\d\-–—\s]*|\d{4}\s*[-–—]\s*\d{4}|\d{3,4}\s*[×xX*＊]\s*\d{3,4}",
    re.IGNORECASE,
)
#: The site's greeting and date widget: 「欢迎访问某某网站」「今天是2020年6月1日 星期一」.
_GREETING = re.compile(
    r"欢迎(?:访问|光临|来到|您访问)[^\s，。,]{0,30}?(?:门户网站|网站|网)[!！]?|今天是\s*[\d年月日\-./]*|星期[一二三四五六日天]"
)
#: 「当前位置：首页 > 信息公开 > 财政资金」: a breadcrumb, whatever its category names.
_BREADCRUMB = re.compile(
    r"^(?:(?:您(?:现在|当前)?的?|当前|所在)位置\s*[:：]?\s*)?(?:网站首页|首页|主页)\s*(?:[>›»→/]|＞)"
    r"|^(?:您(?:现在|当前)?的?|当前|所在)位置\s*[:：]"
)
#: What may separate chrome words: brackets, bars, arrows, dots, punctuation, spaces.
_SEPARATORS = re.compile(r"[\s\[\]【】〔〕()（）|｜/\\>›»<‹«＞＜→·•●◆■□、,，:：\-–—_=+*#~^'\"“”‘’.。…!！?？]+")
#: A line longer than this is read as text even when made of chrome words.
MAX_CHROME_LINE = 160
#: A line is link-dense when this share of its visible characters is link text…
LINK_DENSITY = 0.6
#: …unless it is a sentence of at least this many characters.
LONG_SENTENCE = 80

#: class/id parts that name chrome (split at - and _; a class may also begin or end with one).
_CHROME_PARTS = frozenset({
    "nav", "navbar", "navigation", "subnav", "mainnav", "topnav", "menu", "menubar", "submenu", "mainmenu", "topmenu",
    "footer", "foot", "copyright", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "share", "sharebox", "bdshare",
    "bdsharebuttonbox", "sidebar", "toolbar", "topbar", "fenxiang", "yqlj", "friendlink", "friendlinks", "dqwz",
    "pager", "pagination",
})
_CHROME_PREFIXES = ("nav", "menu", "footer", "share", "breadcrumb", "crumb", "copyright", "sidebar", "friendlink")
_CHROME_SUFFIXES = ("nav", "menu", "footer", "share", "crumb", "crumbs", "links")
#: Whole class/id names that name chrome (too common as parts of other names to match there).
_CHROME_NAMES = frozenset({"bottom", "position", "location", "weizhi", "related", "xgwz", "xgxx", "xgxw", "links"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menubar", "menu", "toolbar"})
_SPLIT_NAME = re.compile(r"[-_]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def states_figure(text: str) -> bool:
    """Whether text states a figure of the genre: an amount, share, count, score or target."""
    return _FIGURE.search(text) is not None


def is_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text) is not None


def made_of_chrome(text: str) -> bool:
    """A short line with no sentence in it, made only of chrome words, metadata fields,
    footer marks and separators (a breadcrumb, whatever its category names)."""
    text = text.strip()
    if not text or len(text) > MAX_CHROME_LINE or is_sentence(text.rstrip("。.")):
        return False
    if _BREADCRUMB.match(text):
        return True
    rest = _FOOTER_MARKS.sub(" ", _FIELD.sub(" ", _GREETING.sub(" ", text)))
    rest = _WORDS.sub(" ", rest)
    return not _SEPARATORS.sub("", rest)


def is_chrome_line(text: str, link_chars: int, in_region: bool, heading: bool) -> bool:
    """Whether one line of a page is chrome (the module docstring's order of judgements).

    ``link_chars`` counts the line's visible characters inside links; ``in_region`` says the
    line lies entirely in a chrome region.
    """
    if made_of_chrome(text):
        return True
    if states_figure(text):
        return False
    if in_region:
        return True
    if heading:
        return False
    visible = len(text) - text.count(" ") - text.count("\u3000")
    dense = visible > 0 and link_chars >= LINK_DENSITY * visible
    return dense and not (is_sentence(text) and visible >= LONG_SENTENCE)


def is_metadata_label(text: str) -> bool:
    """「索引号」「发布机构：」「发 布 日 期」: a label of the page-metadata box (with or without its value)."""
    label = re.split(r"[:：]", text, maxsplit=1)[0]
    return re.sub(r"[\s\u3000]+", "", label) in _BOX_LABELS


def is_chrome_region(tag: str, attrs: dict[str, str], in_article: bool) -> bool:
    """Whether an element is a region of page chrome, by its tag, role, class or id."""
    if tag in ("nav", "aside"):
        return True
    if tag in ("header", "footer") and not in_article:
        return True
    if attrs.get("role", "").lower() in _CHROME_ROLES:
        return True
    names = attrs.get("class", "").split()
    if "id" in attrs:
        names.append(attrs["id"])
    return any(_chrome_name(name) for name in names)


def _chrome_name(name: str) -> bool:
    lowered = _CAMEL.sub("-", name).lower()
    whole = lowered.replace("-", "").replace("_", "")
    if whole in _CHROME_NAMES or whole in _CHROME_PARTS:
        return True
    parts = [p for p in _SPLIT_NAME.split(lowered) if p]
    return any(
        part in _CHROME_PARTS or part.startswith(_CHROME_PREFIXES) or part.endswith(_CHROME_SUFFIXES)
        for part in parts
    )
