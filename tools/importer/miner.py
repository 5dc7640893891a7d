"""The rule miner: the constraints that field descriptions state in words (Chinese or English),
turned into the catalog's typed rules.

It runs once per finished operation (`mine_operation`), the same way for all four clouds:

- per field: lengths, allowed and first characters, forbidden prefixes/suffixes/substrings,
  password complexity, numeric ranges (with units), list sizes, values listed in the text and
  formats (addresses, UUIDs, base64, e-mail, date/time patterns);
- per object (a field's text naming its siblings): requirements and prohibitions under a
  condition, exclusions, comparisons of two fields and spans between two times.

Every rule keeps the sentence it came from (`quote`) and is a warning with source `doc text`:
text alone is not proof. Every finding of the miner goes into the service's ledger
(tools/importer/review/) as `checked` (it became a rule, or a structured limit already states
it), `rejected` (with the reason: it contradicts a documented value, it limits something else,
a reviewer said so) or `open` (a sentence that reads like a limit the miner could not type).
A reviewer's decision in review/decisions.json rejects a rule or makes it an error.
Deterministic: no network, no model, no clock.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from dataclasses import dataclass, field as dc_field
from pathlib import Path

from . import prose

SOURCE = "doc text"
DECISIONS = Path(__file__).resolve().parent / "review" / "decisions.json"

# --- text ---------------------------------------------------------------------------------------

_TAG_BREAK = re.compile(r"<\s*(?:br|/li|/p|p|/ul|ul|/ol|ol|/div|div|/tr|tr)\s*/?\s*>", re.I)
_TAG_ITEM = re.compile(r"<\s*li\s*>", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,200})?/?>")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")


def clean(text: str) -> str:
    """The text with markup made plain: list items on their own lines, links as their words."""
    text = text or ""
    text = _TAG_ITEM.sub("\n• ", text)
    text = _TAG_BREAK.sub("\n", text)
    text = _TAG.sub(" ", text)
    text = _MD_LINK.sub(r"\1", text)
    text = html.unescape(text).replace("\u00a0", " ").replace("**", "").replace("`", "")
    text = re.sub(r"(\d\d:\d\d): (\d\d)\b", r"\1:\2", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


_SENTENCE_END = re.compile(r"(?<=[。；！？;])|\n|(?<=[.!?])\s+(?=[A-Z(\"'“])"
                           # Machine-translated texts start sentences in lower case ("… respectively. it supports …").
                           r"|(?<!e\.g\.)(?<!i\.e\.)(?<!etc\.)(?<!\bvs\.)(?<!\bNo\.)(?<=[a-z0-9)\]][.!?])\s+(?=[a-z]{2,}\b)"
                           # A list run into one line: "… increase. - Unit: MB/s. - Value range: 1-10".
                           r"|(?<=[.!?。])\s+(?=[-•]\s)")


def sentences(text: str) -> list[str]:
    """Sentences of a cleaned text (Chinese and English punctuation, lines)."""
    out = []
    for part in _SENTENCE_END.split(text):
        part = (part or "").strip()
        if part:
            out.append(part)
    return out


def _excerpt(sentence: str) -> str:
    """The sentence as a one-line quote: a list item's leading marker dropped, line breaks and
    runs of spaces written as one space, cut at 300 characters."""
    text = re.sub(r"\s+", " ", re.sub(r"^\s*(?:[-*•·]|\d+[.)、])\s+", "", sentence)).strip()
    return text if len(text) <= 300 else text[:297] + "…"


# --- character classes in words -----------------------------------------------------------------

# Longest words first: "uppercase letters" before "letters", "大写字母" before "字母".
ALL_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_CLASS_WORDS: list[tuple[str, object]] = [
    (r"大小写字母|大写或小写字母|英文大小写字母|英文字母大小写|upper(?:case)? (?:and|or) lower(?:case)? (?:letters|characters)|letters \(case-(?:in)?sensitive\)|case-sensitive letters", ["upper", "lower"]),
    (r"\[?a-z\]?\s*[、,，和and]*\s*\[?A-Z\]?(?=[^A-Za-z]|$)", ["upper", "lower"]),
    (r"UNICODE字符(?:（[^）]{0,40}）)?|\\+u4E00-\\+u9FFF|Unicode characters?(?: \([^)]{0,40}\))?", "chinese"),
    (r"\[A-Z\]|(?<![A-Za-z])A-Z(?![A-Za-z])|大写英文字母|大写字母|upper(?:case|-case)? (?:English )?letters?(?: \(A-Z\))?|capital letters?", "upper"),
    (r"\[a-z\]|(?<![A-Za-z])a-z(?![A-Za-z])|小写英文字母|小写字母|lower(?:case|-case)? (?:English )?letters?(?: \([Aa]-[Zz]\))?", "lower"),
    (r"\[0-9\]|(?<![0-9])0-9(?![0-9])|(?<![A-Za-z])digits? \(0-9\)", "digit"),
    (r"英文字母|字母|英文|English letters?|Latin letters?|letters?|alphabets?|alphabetic characters", "letter"),
    (r"阿拉伯数字|数字|digits?|numbers?|numerals?|numeric characters", "digit"),
    (r"中文字符|中文|汉字|Chinese characters?|Chinese", "chinese"),
    (r"ASCII字符|ASCII characters?|ASCII", ["letter", "digit", ALL_PUNCT + " "]),
    (r"中划线|中横线|连字符|短横线|短划线|横线|减号|连接符|hyphens?|dashes|dash|minus signs?", "-"),
    (r"下划线|下横线|underscores?", "_"),
    (r"英文句号|半角句号|句点|句号|小数点|点号|点|periods?|dots?|full stops?", "."),
    (r"空格|spaces?|blank spaces?", " "),
    (r"正斜杠|斜杠|斜线|forward slashes|slashes|slash", "/"),
    (r"反斜杠|backslashes?", "\\"),
    (r"冒号|colons?", ":"),
    (r"逗号|commas?", ","),
    (r"等号|equal signs?|equals signs?", "="),
    (r"加号|plus signs?", "+"),
    (r"at signs?|at symbols?", "@"),
    (r"括号|parentheses|brackets", "()"),
]
_CLASS_RE = re.compile("|".join(f"(?P<c{i}>{w})" for i, (w, _) in enumerate(_CLASS_WORDS)), re.I)
# Literal characters written in brackets or quotes: （-）, (_), "-", `~!@#`, 「.」.
_LITERAL_RE = re.compile(r"[（(\[「\"“'‘]\s*([!-/:-@\[-`{-~]{1,40})\s*[）)\]」\"”'’]")
_SPECIALS = re.compile(r"(?:special characters?|特殊字符|符号)(?:\s*(?:of|such as|including|包括|如|:|：))?[^!-/:-@\[-`{-~]{0,16}?[（(：:\s]*((?:[!-/:-@\[-`{-~]\s?){2,60})")


@dataclass
class Classes:
    """Character classes read from a phrase: named classes and literal characters."""

    named: list[str] = dc_field(default_factory=list)
    literal: str = ""

    def add(self, item) -> None:
        if isinstance(item, list):
            for x in item:
                self.add(x)
        elif item in ("upper", "lower", "letter", "digit", "chinese"):
            if item not in self.named:
                self.named.append(item)
        else:
            for c in item:
                if c not in self.literal:
                    self.literal += c

    def json_items(self) -> list:
        """The named classes and literal characters, for adding to another set."""
        return list(self.named) + ([self.literal] if self.literal else [])

    def json(self) -> list:
        named = list(self.named)
        if "upper" in named and "lower" in named and "letter" not in named:
            named.append("letter")
        if "letter" in named:
            named = [n for n in named if n not in ("upper", "lower")]
        order = ["letter", "upper", "lower", "digit", "chinese"]
        out: list = sorted(named, key=order.index)
        if self.literal:
            out.append({"literal": self.literal})
        return out

    def empty(self) -> bool:
        return not self.named and not self.literal


def read_classes(phrase: str) -> Classes:
    """The classes a phrase such as "letters, digits, hyphens (-) and underscores (_)" names."""
    out = Classes()
    for m in _SPECIALS.finditer(phrase):
        out.add(re.sub(r"\s", "", m.group(1)))
    for m in _LITERAL_RE.finditer(phrase):
        out.add(m.group(1))
    for m in _CLASS_RE.finditer(phrase):
        for i, (_, cls) in enumerate(_CLASS_WORDS):
            if m.group(f"c{i}"):
                out.add(cls)
                break
    return out


# --- numbers and units --------------------------------------------------------------------------

_CN_NUM = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EN_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _count_word(w: str) -> int | None:
    w = w.strip().lower()
    if w.isdigit():
        return int(w)
    return _CN_NUM.get(w) or _EN_NUM.get(w)


N = r"(\d{1,3}(?:,\d{3})+(?![\d.])|\d+(?:\.\d+)?)"
TO = r"\s*(?:~|～|-|–|—|到|至|to|and)\s*"
_TIME_UNITS = {"毫秒": 0.001, "ms": 0.001, "milliseconds": 0.001, "millisecond": 0.001,
               "秒": 1, "s": 1, "seconds": 1, "second": 1, "sec": 1,
               "分钟": 60, "分": 60, "minutes": 60, "minute": 60, "min": 60, "mins": 60,
               "小时": 3600, "h": 3600, "hours": 3600, "hour": 3600,
               "天": 86400, "日": 86400, "days": 86400, "day": 86400,
               "周": 604800, "weeks": 604800, "week": 604800}
_SIZE_UNITS = {"kb": 1 / 1024, "mb": 1, "gb": 1024, "tb": 1024 * 1024, "kib": 1 / 1024, "mib": 1, "gib": 1024, "tib": 1024 * 1024}
_UNIT_WORD = r"(毫秒|秒|分钟|小时|天|日|周|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|ms|min|mins|h|KiB|MiB|GiB|TiB|KB|MB|GB|TB)"
_FIELD_UNIT = re.compile(r"(?:单位(?:为|是|：|:)?\s*|(?:unit|Unit)(?: is|:)?\s*|in (?:the unit of )?|measured in )" + _UNIT_WORD + r"(?![A-Za-z])", re.I)


def _unit_scale(word: str) -> tuple[str, float] | None:
    w = word.lower()
    if word in _TIME_UNITS or w in _TIME_UNITS:
        return "time", _TIME_UNITS.get(word, _TIME_UNITS.get(w))
    if w in _SIZE_UNITS:
        return "size", _SIZE_UNITS[w]
    return None


_FIELD_UNIT_ZH = re.compile(r"以\s*" + _UNIT_WORD + r"\s*为单位|" + _UNIT_WORD + r"数(?![据量字])")


def field_unit(text: str) -> tuple[str, float] | None:
    m = _FIELD_UNIT.search(text) or _FIELD_UNIT_ZH.search(text)
    if not m:
        return None
    return _unit_scale(next(g for g in m.groups() if g))


def _num(x: float):
    return int(x) if float(x).is_integer() else x


def _f(text: str) -> float:
    return float(text.replace(",", ""))


# --- what the miner produces -------------------------------------------------------------------


@dataclass
class Mined:
    """One constraint the text states (or a sentence that looks like one)."""

    kind: str  # length | chars | password | range | items | enum | format | conditional | exclusive | between
    path: str  # full dotted path of the field (the ledger's)
    quote: str
    rule: dict | None = None  # the catalog rule, relative to its scope
    state: str = "checked"  # checked | rejected | open
    reason: str = ""
    scope: list | None = None  # the rules list the rule goes into

    def ledger(self, operation: str) -> dict:
        out = {"operation": operation, "path": self.path, "kind": self.kind, "state": self.state}
        if self.rule is not None:
            out["rule"] = {k: v for k, v in self.rule.items() if k not in ("source", "quote", "severity")}
        if self.reason:
            out["reason"] = self.reason
        out["text"] = self.quote
        return out


def _rule(check: str, quote: str, **keys) -> dict:
    rule = {"check": check, **keys, "severity": "warning", "source": SOURCE, "quote": _excerpt(quote)}
    return rule


# --- fields as the miner sees them ---------------------------------------------------------------


@dataclass
class Site:
    """A field with the texts about it, where its rules go and how they name it."""

    field: dict
    full: str  # dotted path from the request root (array items as `[]`), for the ledger
    path: str  # the path rules of `scope` use for it
    scope: list  # the rules list its rules go into
    siblings: list["Site"]
    texts: list[str]
    in_list: "Site | None" = None  # the array whose items hold this field, if any


def _sites(fields: list[dict], scope: list, prefix: str, full: str, in_list: Site | None, out: list[Site]) -> list[Site]:
    here: list[Site] = []
    for f in fields:
        texts = [f.get("description", "")] + list(f.pop("_also", []) or [])
        # A list of plain values whose items are described: the item's text states their rules.
        items = f.get("items") if f["type"] == "array" else None
        if isinstance(items, dict) and not items.get("fields") and items.get("description") and items["description"] not in texts:
            texts.append(items["description"])
        site = Site(f, full + f["name"], prefix + f["name"], scope, here, [t for t in texts if t], in_list)
        here.append(site)
        out.append(site)
        if f["type"] == "object" and f.get("fields"):
            _sites(f["fields"], scope, site.path + ".", site.full + ".", in_list, out)
        if f["type"] == "array" and f.get("items"):
            items = f["items"]
            items.pop("_also", None)
            if items.get("fields"):
                rules = f.setdefault("rules", [])
                _sites(items["fields"], rules, "", site.full + "[].", site, out)
    return here


# --- single-field detectors --------------------------------------------------------------------

_LEN_UNIT = r"\s*(?:个)?\s*(?:字符|字节|位(?!数|置|于)|汉字|characters?|chars|bytes|letters)"
_LENGTH_RANGE = [
    re.compile(r"(?:长度|字符长度|长度范围|长度限制|字符数|length)\s*(?:为|是|限制|范围|在|取值|须为|必须为|必须在|is|must be|of|ranges from)?\s*(?:：|:)?\s*[\[【(（]?\s*" + N + r"\s*(?:~|～|-|–|—|到|至|,|，|to)\s*" + N + r"\s*[\]】)）]?(?:\s*(?:个)?(?:字符|字节|位|characters?|bytes))?", re.I),
    re.compile(N + r"\s*(?:~|～|-|–|—|到|至|to)\s*" + N + _LEN_UNIT, re.I),
    re.compile(r"between\s+" + N + r"\s+and\s+" + N + _LEN_UNIT, re.I),
]
_LENGTH_MAX = [
    re.compile(r"(?:长度|字符长度|字符数)\s*(?:不(?:能|可|得|可以|应)?(?:超过|大于|多于|长于)|最(?:大|多|长)(?:为|是|支持|可)?|上限(?:为|是)?|小于等于|须小于等于|≤|<=)\s*" + N, re.I),
    re.compile(r"(?:不(?:能|可|得|可以|应)?(?:超过|大于|多于|长于)|最(?:大|多|长)(?:为|是|支持|可(?:以)?(?:输入|填写)?)?|上限(?:为|是)?|至多|小于等于)\s*" + N + _LEN_UNIT, re.I),
    re.compile(r"(?:最大长度|长度上限|最长长度)\s*(?:为|是|：|:)?\s*" + N, re.I),
    re.compile(r"(?:cannot|can't|must not|may not|should not|does not|do not|not|can not)\s+(?:be\s+)?(?:exceed|longer than|more than|greater than|over)\s+" + N + _LEN_UNIT, re.I),
    re.compile(r"(?:up to|at most|a maximum of|maximum of|no more than|not more than|max\.?|maximum|a max of|less than or equal to)\s+" + N + _LEN_UNIT, re.I),
    re.compile(r"(?:maximum length|max length|length limit|maximum number of characters)\s*(?:is|:|of)?\s*" + N, re.I),
    re.compile(r"(?:length|characters?)\s+(?:cannot|can't|must not|may not|should not|can not)\s+(?:exceed|be (?:longer|more|greater) than)\s+" + N, re.I),
]
_LENGTH_MIN = [
    re.compile(r"(?:长度|字符长度)\s*(?:不(?:能|可|得)?(?:少于|小于|低于|短于)|最(?:少|小|短)(?:为|是)?|至少(?:为)?|大于等于|≥|>=)\s*" + N, re.I),
    re.compile(r"(?:不(?:能|可|得)?(?:少于|小于|低于|短于)|最(?:少|小|短)(?:为|是)?|至少(?:为)?)\s*" + N + _LEN_UNIT, re.I),
    re.compile(r"(?:最小长度|长度下限|最短长度)\s*(?:为|是|：|:)?\s*" + N, re.I),
    re.compile(r"(?:at least|a minimum of|minimum of|no less than|no fewer than|not less than|min\.?|minimum)\s+" + N + _LEN_UNIT, re.I),
    re.compile(r"(?:minimum length|min length)\s*(?:is|:|of)?\s*" + N, re.I),
]
_LENGTH_EXACT = re.compile(r"(?:固定长度为|长度固定为|长度为|must be exactly|exactly|a fixed length of)\s*" + N + _LEN_UNIT + r"(?!\s*(?:~|～|-|到|至|to))", re.I)
_ITEMS_MEMBER_N = re.compile(r"N\s*(?:的|的取值|的值|的范围)?\s*(?:取值范围|取值|范围)?\s*(?:为|是|：|:)?\s*" + N + TO + N + r"|(?:values? of N|N (?:ranges from|can be)|range of N|N is)\s*(?:is|are|:)?\s*(?:from\s+)?" + N + TO + N + r"|N\s*(?:最大值|最大|最多)(?:为|是)?\s*" + N, re.I)
# "support specifying 21 data disks at the time of purchase, among which a maximum of 1 …": the
# whole list's size, whatever maxima of its parts follow.
_ITEMS_TOTAL = re.compile(r"\b(?:supports?|allows?)\s+specifying\s+(?:up to\s+)?" + N + r"\s+(?!characters?|chars|bytes)[a-z]", re.I)
_ITEMS_MAX = [
    re.compile(r"(?:上限|最多|最大|至多|不(?:能|可|得|可以)?超过|不大于|不多于|小于等于)\s*(?:为|是|支持|可(?:以)?(?:传入|指定|输入|添加|设置|填写|选择|绑定|关联|查询|传)?|能(?:传入|指定|查询)?)?\s*" + N + r"\s*(?:个|条|组|项|台|块|次|张|对|元素|ID|个ID|id)?(?!\s*(?:个)?(?:字符|字节|位|GB|MB|TB|KB|秒|分钟|小时|天|%))", re.I),
    re.compile(r"(?:个数|数量|数组长度|元素个数|列表长度|条数)\s*(?:不(?:能|可|得)?超过|上限(?:为|是)?|最(?:多|大)(?:为|是)?|不大于|小于等于|≤)\s*" + N, re.I),
    re.compile(r"(?:up to|a maximum of|at most|no more than|not more than|maximum of|a max of|cannot exceed|can't exceed|must not exceed|does not exceed|can contain up to|contains? a maximum of)\s+" + N + r"(?!\s*(?:characters?|chars|bytes|GB|MB|TB|KB|GiB|MiB|seconds?|minutes?|hours?|days?|%|\.\d))", re.I),
    re.compile(r"(?:maximum number of (?:\w+ ){0,5}(?:is|:)|number of (?:\w+ ){0,5}(?:cannot|can't|must not) exceed)\s*" + N, re.I),
]
_ITEMS_MOST = re.compile(r"最(?:大|多)(?:个数|数量|条数|元素个数)\s*(?:为|是|：|:)?\s*" + N + r"|(?:the )?(?:array|list) length (?:must be|is) " + N + r"|(?:The )?length must be " + N + r"(?!\s*(?:characters?|chars|bytes|-|~|to))", re.I)
_ITEMS_RANGE = re.compile(r"(?:个数|数量|数组长度|元素个数|number of (?:items|elements|entries)(?: in the (?:array|list))?|array length)\s*(?:为|是|范围|取值范围|ranges? from)?\s*[：:]?\s*" + N + TO + N, re.I)
_ITEMS_ONE = re.compile(r"(?:只能|仅能|仅支持|只支持|目前仅支持|当前仅支持).{0,6}?(?:传入|指定|填写|输入|选择|设置|包含|删除|添加)?\s*(?:一个|1个|单个)|(?:only one|only a single|a maximum of one|at most one)\b", re.I)
_TOTAL = re.compile(r"总数|总和|合计|之和|总量|总容量|in total|total number|sum of|combined|累计", re.I)
_NOT_OF_VALUE = re.compile(r"difference|之差|差值|相差|间隔|interval between|时间跨度|时间范围|精度|precision|decimal places|小数", re.I)
_PER_OTHER = re.compile(r"每个(?:标签|用户|实例|账号|账户|地域|区域|项目|集群)|per (?:account|user|region|tenant|instance|project)|each (?:account|user|region|tenant)|配额|quota", re.I)


_SIZE_LIMIT = re.compile(r"(?:大小|size)[^。.；;]{0,20}?(?:最大|上限|不超过|不能超过|up to|at most|maximum|upper limit|cannot exceed|is)[^。.；;\d]{0,12}?" + N + r"\s*(KB|K|MB)\b", re.I)
_NOT_EMPTY = re.compile(r"^(?:[-•*·]\s*)?(?:该参数|该字段|取值|值)?\s*(?:不能为空|不可为空|不允许为空|不得为空)[。.]?$|(?:cannot|can't|must not|may not) be (?:empty|left empty|an empty string)", re.I)


OTHER_CASE_REASON = "the sentence states it for a case that no field of the request names"
_OTHER_CASE = re.compile(r"^(?:[•*-]\s*)?(?:When|If|For|In case|Only when|当|若|如果|对于)[^,，:：]{2,80}?[,，:：]", re.I)


def _for_another_case(site: Site, sentence: str) -> bool:
    """A sentence that states its limit for a case given in words the request's fields do not
    name ("When you create multiple instances at a time, …", "Windows instances: …")."""
    m = _OTHER_CASE.match(sentence) or re.match(r"^(?:[•*-]\s*)?(?:Windows|Linux|Windows instances?|Linux instances?|[^，,:：]{0,12}(?:实例|系统))\s*[:：]", sentence, re.I)
    if not m:
        return False
    named = [s for s in site.siblings if _name_re(s.field["name"]).search(m.group(0))]
    return not named


def _length(site: Site, sentence: str) -> Mined | None:
    f = site.field
    ty = f["type"]
    item_ty = (f.get("items") or {}).get("type")
    if ty not in ("string", "json_string") and not (ty == "array" and item_ty in ("string", "json_string")):
        return None
    if re.search(r"数组长度|列表长度|number of (?:items|elements|entries)|array length", sentence, re.I):
        return None
    lo = hi = None
    m = next((r.search(sentence) for r in _LENGTH_RANGE if r.search(sentence)), None)
    if m:
        lo, hi = _f(m.group(1)), _f(m.group(2))
        if lo > hi:
            return None
    else:
        mx = next((r.search(sentence) for r in _LENGTH_MAX if r.search(sentence)), None)
        mn = next((r.search(sentence) for r in _LENGTH_MIN if r.search(sentence)), None)
        ex = _LENGTH_EXACT.search(sentence)
        if mx:
            hi = _f(mx.group(1))
        if mn:
            lo = _f(mn.group(1))
        if ex and not mx and not mn:
            lo = hi = _f(ex.group(1))
        size = _SIZE_LIMIT.search(sentence)
        if lo is None and hi is None and size:
            hi = _f(size.group(1)) * {"kb": 1024, "k": 1024, "mb": 1024 * 1024}[size.group(2).lower()]
            return Mined("length", site.full, sentence, _rule("length", sentence, path=site.path, max=int(hi)), scope=site.scope)
        if lo is None and hi is None and _NOT_EMPTY.search(sentence) and not re.search(r"同时|都|both|all of|together", sentence, re.I):
            return Mined("length", site.full, sentence, _rule("length", sentence, path=site.path, min=1), scope=site.scope)
        if lo is None and hi is None:
            return None
        if lo is not None and hi is not None and lo > hi:
            return None
    # A length must read as characters: the sentence names characters or a length.
    if not re.search(r"字符|字节|长度|位|汉字|characters?|chars|bytes|length|letters", sentence, re.I):
        return None
    if re.search(r"(?:KB|MB|GB|kB)\b", sentence) and re.search(r"bytes?|字节", sentence, re.I) is None and hi is not None and hi < 1024:
        return None
    if any(x is not None and (x != int(x) or x > 10_000_000) for x in (lo, hi)):
        return None
    keys = {}
    if lo is not None:
        keys["min"] = int(lo)
    if hi is not None:
        keys["max"] = int(hi)
    mined = Mined("length", site.full, sentence, _rule("length", sentence, path=site.path, **keys), scope=site.scope)
    if _PER_OTHER.search(sentence) or _TOTAL.search(sentence):
        mined.state, mined.reason = "rejected", "the sentence limits something other than this value (a total, a quota, another object)"
    elif _for_another_case(site, sentence):
        mined.state, mined.reason = "rejected", OTHER_CASE_REASON
    return mined


# "Value range: 1-7, where 1 indicates Monday": values that stand for something are the items' values.
_ITEM_VALUES = re.compile(r"(?:value range|valid values|取值范围)[^.。]*?\d+\s*(?:indicates|means|stands for|表示|代表)", re.I)


def _items(site: Site, sentence: str) -> Mined | None:
    f = site.field
    # Alibaba's "Tag.N.Key": N counts the items of the list this member sits in.
    if site.in_list is not None and f["type"] != "array":
        m = _ITEMS_MEMBER_N.search(sentence)
        if m:
            g = [x for x in m.groups() if x is not None]
            lo, hi = (_f(g[0]), _f(g[1])) if len(g) >= 2 else (None, _f(g[0]))
            return _items_rule(site.in_list, sentence, lo, hi)
        return None
    if f["type"] != "array":
        return None
    if _ITEM_VALUES.search(sentence):
        return None  # the values of the items, not their number
    m = _ITEMS_MEMBER_N.search(sentence) or _ITEMS_RANGE.search(sentence)
    if m:
        g = [x for x in m.groups() if x is not None]
        lo, hi = (_f(g[0]), _f(g[1])) if len(g) >= 2 else (None, _f(g[0]))
        return _items_rule(site, sentence, lo, hi)
    if _ITEMS_ONE.search(sentence) and not re.search(r"字符|characters?", sentence, re.I):
        return _items_rule(site, sentence, None, 1)
    most = _ITEMS_MOST.search(sentence)
    if most:
        n = _f(next(g for g in most.groups() if g))
        exact = not re.search(r"最|maximum|most", most.group(0), re.I)
        return _items_rule(site, sentence, n if exact else None, n)
    total = _ITEMS_TOTAL.search(sentence)
    if total:
        return _items_rule(site, sentence, None, _f(total.group(1)))
    # Two different maxima in one sentence speak of parts of the list ("at most 1 local disk
    # and at most 20 cloud disks"): not this list's size.
    maxima = {m.group(1) for r in _ITEMS_MAX for m in r.finditer(sentence)}
    if len(maxima) > 1:
        return None
    mx = next((r.search(sentence) for r in _ITEMS_MAX if r.search(sentence)), None)
    if mx is None:
        # "Node information list. Minimum value: 1 Maximum value: 32" on a list counts its items.
        lo, hi = _prose_bounds(sentence, None)
        if (lo is not None or hi is not None) and not re.search(r"字符|characters?|length|长度", sentence, re.I) \
                and (f.get("items") or {}).get("type") not in ("integer", "number"):
            return _items_rule(site, sentence, lo, hi)
        return None
    if re.search(r"字符|字节|characters?|bytes", sentence[mx.start():mx.end() + 12], re.I):
        return None
    return _items_rule(site, sentence, None, _f(mx.group(1)))


def _items_rule(site: Site, sentence: str, lo, hi) -> Mined | None:
    if any(x is not None and (x != int(x) or x > 100_000) for x in (lo, hi)):
        return None
    keys = {}
    if lo is not None and lo > 0:
        keys["min"] = int(lo)
    if hi is not None:
        keys["max"] = int(hi)
    if not keys or ("min" in keys and "max" in keys and keys["min"] > keys["max"]):
        return None
    mined = Mined("items", site.full, sentence, _rule("items", sentence, path=site.path, **keys), scope=site.scope)
    if _TOTAL.search(sentence) or _PER_OTHER.search(sentence):
        mined.state, mined.reason = "rejected", "the sentence limits a total or a quota, not this list"
    elif _for_another_case(site, sentence):
        mined.state, mined.reason = "rejected", OTHER_CASE_REASON
    return mined


_UNIT_RANGE = re.compile(N + r"\s*" + _UNIT_WORD + r"(?![A-Za-z])" + TO + N + r"\s*" + _UNIT_WORD + r"(?![A-Za-z])", re.I)
_POSITIVE = re.compile(r"正整数|大于0的整数|大于零|positive (?:integer|number|value)|greater than 0\b|greater than zero", re.I)
_NON_NEGATIVE = re.compile(r"非负整数|非负数|大于等于0|不小于0|不能为负数|不能是负数|不可为负数|non-negative|nonnegative|cannot be (?:a )?negative(?: number| integer)?|must not be negative|greater than or equal to 0\b", re.I)
_UNIT_MIN = re.compile(r"(?:最短|最少|最小|不少于|不短于|不低于|至少|at least|minimum(?: of)?|no less than)\s*(?:为|是)?\s*" + N + r"\s*" + _UNIT_WORD + r"(?![A-Za-z])", re.I)
_UNIT_MAX = re.compile(r"(?:最长|最多|最大|不超过|不长于|不能超过|at most|maximum(?: of)?|up to|no more than|cannot exceed)\s*(?:为|是)?\s*" + N + r"\s*" + _UNIT_WORD + r"(?![A-Za-z])", re.I)


def _prose_bounds(sentence: str, unit) -> tuple:
    """The bounds the sentence states in the field's own unit ("最多24小时" on a field counted in
    seconds states none)."""
    found = prose.mine(sentence)
    if not found:
        return None, None
    lo, hi = found[0].minimum, found[0].maximum
    for x in (lo, hi):
        if x is None:
            continue
        first = re.search(r"(?<![\d.])" + re.escape(str(_num(x))) + r"(?![\d.])", sentence)
        after = first and re.match(r"\s*" + _UNIT_WORD + r"(?![A-Za-z])", sentence[first.end():], re.I)
        if after:
            sc = _unit_scale(after.group(1))
            if sc and (unit is None or sc != unit):
                return None, None
    return lo, hi


def _range(site: Site, sentence: str, unit) -> Mined | None:
    f = site.field
    ty = f["type"]
    item_ty = (f.get("items") or {}).get("type")
    # A string that carries a number: its example is digits, or its name counts or pages.
    number_in_text = ty == "string" and (
        re.fullmatch(r"-?\d+(?:\.\d+)?", str(f.get("example", ""))) is not None
        or re.search(r"(?:^|_)(?:page|offset|limit|count|num|number|size)$|(?:Page|Offset|Limit|Count|Num|Number|Size)$|^(?:page|offset|limit)", f["name"]) is not None)
    numeric_text = ty == "string" and (number_in_text or re.search(r"取值范围|value range|valid range|valid values", sentence, re.I)) \
        and not re.search(r"字符|字节|长度|characters?|length|bytes|N的|\bof N\b|\bN\s+(?:is|ranges)|数组", sentence, re.I)
    item_numbers = ty == "array" and (item_ty in ("integer", "number") or (item_ty == "string" and _ITEM_VALUES.search(sentence) is not None))
    if ty not in ("integer", "number") and not item_numbers and not numeric_text:
        return None
    if site.in_list is not None and _ITEMS_MEMBER_N.search(sentence):
        return None  # "N的取值范围": N counts the list's items
    digits = re.search(r"\d", sentence)
    lead = sentence[: digits.start()] if digits else sentence
    if _NOT_OF_VALUE.search(lead) or _TOTAL.search(lead) or _PER_OTHER.search(lead):
        return None
    if re.search(r"字符|字节|长度|characters?|length", sentence, re.I) and not re.search(r"取值范围|value range|valid values", sentence, re.I):
        return None
    lo = hi = None
    m = _UNIT_RANGE.search(sentence)
    if m and unit:
        a, b = _unit_scale(m.group(2)), _unit_scale(m.group(4))
        if a and b and a[0] == b[0] == unit[0]:
            lo, hi = _f(m.group(1)) * a[1] / unit[1], _f(m.group(3)) * b[1] / unit[1]
    if lo is None and hi is None:
        lo, hi = _prose_bounds(sentence, unit)
    if lo is None and hi is None:
        # "If the PriceUnit parameter is set to Month: 1 to 9.", "PL0: 1 to 32768.": bounds
        # stated for a case, with no key word.
        bare = re.search(r"[:：]\s*" + N + r"(?:" + TO + N + r")?\s*[.。]?$", sentence) \
            or re.search(r"[:：]\s*\[\s*" + N + r"\s*[,，]\s*" + N + r"\s*\]\s*[.。]?$", sentence)
        if bare and _case_of(site, sentence):
            lo = _f(bare.group(1))
            hi = _f(bare.group(2)) if bare.group(2) else lo
    if lo is None and hi is None and unit:
        for pat, side in ((_UNIT_MIN, "lo"), (_UNIT_MAX, "hi")):
            mm = pat.search(sentence)
            if mm:
                sc = _unit_scale(mm.group(2))
                if sc and sc[0] == unit[0]:
                    x = _f(mm.group(1)) * sc[1] / unit[1]
                    lo, hi = (x, hi) if side == "lo" else (lo, x)

    if lo is None and hi is None:
        if _POSITIVE.search(sentence):
            lo = 1 if ty == "integer" or item_ty == "integer" else None
        elif _NON_NEGATIVE.search(sentence):
            lo = 0
    if lo is None and hi is None:
        return None
    if lo is not None and hi is not None and lo > hi:
        return None
    keys = {}
    if lo is not None:
        keys["min"] = _num(lo)
    if hi is not None:
        keys["max"] = _num(hi)
    when = _case_of(site, sentence)
    if when:
        keys["when"] = when
    mined = Mined("range", site.full, sentence, _rule("range", sentence, path=site.path, **keys), scope=site.scope)
    if not when and _for_another_case(site, sentence):
        mined.state, mined.reason = "rejected", OTHER_CASE_REASON
    return mined


def _listed_values(site: Site) -> list[str]:
    """The values a field's texts list (structured ones first)."""
    out = [str(v["value"]) for v in site.field.get("values", [])]
    for text in site.texts:
        got = _enum_values(clean(text), "string")
        if got:
            out += [str(v) for v in got[0]]
    return out


def _case_of(site: Site, sentence: str) -> dict | None:
    """The condition a limit is stated under: "If the PriceUnit parameter is set to Month: 1 to 9"
    (a sibling named), or "cloud: 5 to 2000" in a list of limits keyed by a sibling's values."""
    lead = re.match(r"^(?:[•*-]\s*)?(?:If|When|当|若|如果)[^:：,，]{2,80}[:：,，]", sentence, re.I)
    if lead:
        for other in site.siblings:
            if other is not site and _name_re(other.field["name"]).search(lead.group(0)):
                cond = _condition(lead.group(0), other)
                if cond and cond[1] in ("equals", "in"):
                    return cond[0]
        return None
    keyed = re.match(r"^(?:[•*-]\s*)?[\"'“]?([A-Za-z][A-Za-z0-9_\-.]{0,30})[\"'”]?\s*[:：]\s*" + N + TO + N, sentence)
    if not keyed:
        return _case_in_words(site, sentence) or _case_for_words(site, sentence)
    return _case_keyed(site, keyed.group(1))


def _value_labels(site: Site) -> list[tuple[Site, str, str]]:
    """(sibling, value, label) for each `value: label.` line of the siblings' texts ("cloud:
    basic disk.", "cloud_auto: ESSD AutoPL disk.")."""
    out = []
    for other in site.siblings:
        if other is site or other.field["type"] not in ("string", "enum"):
            continue
        for text in other.texts:
            for line in clean(text).split("\n"):
                m = re.match(r"^\s*(?:[-•*]\s*)?([A-Za-z0-9][A-Za-z0-9_\-.]*)\s*[:：]\s*([A-Za-z][^\n:：]{1,60}?)\s*[.。]?\s*$", line)
                if m:
                    out.append((other, m.group(1), m.group(2).strip().lower()))
    return out


def _segments_of(other: Site) -> list[tuple[str, str]]:
    """(VALUE, its whole explanation) for `VALUE: …` segments of a sibling's texts, inline or
    on lines, in lower case ("PREPAID: prepaid, that is, monthly subscription.")."""
    out = []
    for text in other.texts:
        t = clean(text)
        heads = list(re.finditer(r"(?:^|(?<=[\s.;。；]))([A-Z][A-Z0-9_]{2,})\s*[:：]\s*", t))
        for i, h in enumerate(heads):
            end = heads[i + 1].start() if i + 1 < len(heads) else len(t)
            out.append((h.group(1), t[h.end():end].strip().lower()))
    return out


def _case_for_words(site: Site, sentence: str) -> dict | None:
    """"value range for monthly subscription instances: [1, 300]" where a sibling explains
    "PREPAID: prepaid, that is, monthly subscription.": the case is that sibling's value."""
    m = re.search(r"\bfor\s+(?P<label>[a-z][a-z -]{2,40}?)\s+(?:instances?|disks?|clusters?|nodes?)\b", sentence, re.I)
    if not m:
        return None
    label = m.group("label").strip().lower()
    hits = []
    for other in site.siblings:
        if other is site or other.field["type"] not in ("string", "enum"):
            continue
        for value, explained in _segments_of(other):
            if re.search(r"(?<![\w-])" + re.escape(label) + r"(?![\w-])", explained):
                hits.append((other, value))
    if len(hits) != 1:
        return None
    holder, value = hits[0]
    return {"path": holder.path, "equals": value}


def _case_in_words(site: Site, sentence: str) -> dict | None:
    """"Basic disk: 20 to 500." where a sibling lists "cloud: basic disk.": the case is that
    sibling's value; "Other disk categories: 20 to 2048." is every value the other cases of the
    field's text do not name."""
    m = re.match(r"^(?:[•*-]\s*)?([A-Za-z][A-Za-z0-9 ()_\-.]{1,50}?)\s*[:：]\s*" + N + TO + N, sentence)
    if not m or " " not in m.group(1).strip():
        return None
    label = m.group(1).strip().lower()
    labels = _value_labels(site)
    if label.startswith("other"):
        # The cases the field's text names (with or without bounds of their own).
        named: dict[int, tuple[Site, list]] = {}
        for text in site.texts:
            for line in clean(text).split("\n"):
                h = re.match(r"^\s*(?:[-•*]\s*)?([A-Za-z][A-Za-z0-9 ()_\-.]{1,50}?)\s*[:：]", line)
                if not h or h.group(1).strip().lower().startswith("other"):
                    continue
                key = h.group(1).strip().lower()
                for holder, value, lab in labels:
                    if lab == key or value.lower() == key:
                        named.setdefault(id(holder), (holder, []))[1].append(value)
        if len(named) != 1:
            return None
        holder, values = next(iter(named.values()))
        values = [v for i, v in enumerate(values) if v not in values[:i]]
        return {"path": holder.path, "not_in": [_value_for(holder.field, v) for v in values]} if len(values) >= 2 else None
    hits = [(h, v) for h, v, lab in labels if lab == label]
    if len({id(h) for h, _ in hits}) != 1 or len({v for _, v in hits}) != 1:
        return None
    holder, value = hits[0]
    typed = _value_for(holder.field, value)
    return {"path": holder.path, "equals": typed} if typed is not None else None


def _case_keyed(site: Site, key: str) -> dict | None:
    """"cloud: 5 to 2000": the case is the sibling that lists `cloud` among its values."""
    holders = []
    for other in site.siblings:
        if other is site or other.field["type"] not in ("string", "enum"):
            continue
        values = [str(v["value"]) for v in other.field.get("values", [])]
        if key in values or any(re.search(r"(?<![\w-])" + re.escape(key) + r"(?![\w-])", t) for t in other.texts):
            holders.append(other)
    if len(holders) > 1:
        # Several texts name the key: the sibling that lists it among its values holds it.
        listing = [h for h in holders if key in _listed_values(h)]
        holders = listing if len(listing) == 1 else holders
    if len(holders) != 1:
        return None
    value = _value_for(holders[0].field, key)
    return {"path": holders[0].path, "equals": value} if value is not None else None


# Values listed in the text ----------------------------------------------------------------------

_ENUM_KEY = re.compile(
    r"(?:取值范围|取值如下|取值为|取值是|取值有|取值：|取值:|可选值|可选项|可选范围|可选取值|有效值|枚举值|合法值|取值|可取值|可以为|可为|支持的值|参数值|"
    r"valid values?|value range|value ranges|enumerated values?|enumeration values?|options|possible values?|allowed values?|supported values?|"
    r"the value (?:can|must) be(?: one of)?|the values? (?:can|must) be|values?:|can be set to|must be set to|must be one of|one of the following values?|is one of|valid options)",
    re.I)
# Phrases after which one value alone is a rule: "can only be spot", "仅支持 RAW".
_ONLY_VALUE = re.compile(r"(?:can only be|must be|set the value to|(?:^|(?<=[.。] ))value\s*[:：]|only supports?|currently only supports?|supports only|only accepts?|仅支持|只支持|目前仅支持|当前仅支持|只能为|只能是|仅能为|固定为|取值为|enumeration values?|enumerated values?|valid values?)\s*[:：]?\s*", re.I)
_TOKEN = r"[A-Za-z0-9][A-Za-z0-9_.:\-/+]*"
_VALUE = re.compile(r"[\"'“‘「]?(-?[A-Za-z0-9][A-Za-z0-9_.:\-/+]*?)[\"'”’」]?[.:：,，;；]?$")
_BULLET_LINE = re.compile(r"^(?:•|-|\*|·|\d+[.)、]\s|[a-z][.)]\s)\s*(.*)$")
_SEG_HEAD = re.compile(r"^[\"'“‘「]?(-?[A-Za-z0-9][A-Za-z0-9_.\-/+]*?)\.?[\"'”’」]?\s*(?:[:：](?!\d|mm|MM|ss)|\s+(?:means?|indicates?|specifies|for)\b|\s*(?:表示|代表)|\s*[(（]|\s*[-–—]\s|$)")
_OPEN_LIST = re.compile(r"例如|比如|如：|如:|(?<![不同相])等(?:等|值|类型|格式|。|，|$)|such as|e\.g\.|for example|including but not limited|包括但不限于|etc\b|among others|for instance|and so on|等等|以此类推", re.I)
_BOOL_WORDS = {"true", "false", "True", "False", "TRUE", "FALSE"}
_STOP = re.compile(r"默认|default|缺省|注意|说明|note|if |when |当|若|如果", re.I)
_ENUM_SPLIT = re.compile(r"\s*(?:[,，、/|]|\bor\b|\band\b|或者|或|和|以及|及)\s*")
_PAREN = re.compile(r"\s*[(（][^()（）]{0,80}[)）]")
# "VALUE: meaning", "VALUE (meaning)", "VALUE for meaning", "VALUE indicates meaning" at a segment's start.
# A bullet's value of a few capitalised words ("- No Upfront: no upfront.").
_MULTIWORD_HEAD = re.compile(r"^((?:[A-Z][A-Za-z0-9]*)(?: [A-Z][A-Za-z0-9]*){1,2})\s*[:：]\s*\S")
_SEG = re.compile(r"^[\"'“‘「]?(-?[A-Za-z0-9][A-Za-z0-9_.\-/+]*)[\"'”’」]?\s*(?:[:：](?!\s*\d|mm|MM|ss)\s*\S|[(（]|\s+(?:for|indicates?|means?)\s|\s*(?:表示|代表))")
# Where a segment starts: after ; 。 or ". ", or before a new `VALUE:`.
_SEG_SPLIT = re.compile(r"(?<=[;；。])\s*|[,，]\s*(?=-?\d+\s*(?:代表|表示))|(?<=\.)\s+|[,，]\s*(?=(?:and\s+)?[\"'“]?-?[A-Za-z0-9_]+[\"'”]?\s*(?:[:：]|[(（]|\s+for\s))|\s+(?=[\"'“]?-?[A-Za-z0-9_]+[\"'”]?\s*[:：])|\s+(?=and\s+-?[A-Za-z0-9_]+\s*[(（:：])")


def _token(text: str) -> str | None:
    m = _VALUE.fullmatch(text.strip())
    if not m:
        return None
    v = m.group(1).rstrip(".:")
    return v or None


def _segments(tail: str) -> list[str]:
    """The values of `VALUE: meaning` segments at the start of a text (2 or more, or none)."""
    vals: list[str] = []
    for seg in _SEG_SPLIT.split(tail):
        seg = (seg or "").strip().strip("'")
        seg = re.sub(r"^(?:and|or|以及|和)\s+", "", seg)
        if not seg:
            continue
        head = _SEG.match(seg)
        if head:
            vals.append(head.group(1))
        elif vals:
            if _STOP.match(seg):
                break
            continue
        else:
            break
    return vals if len(vals) >= 2 else []


def _inline(tail: str, key: str) -> list[str]:
    """An inline list: "fair、capacity", "A, B, and C", "CDC/CHC/STANDARD", "1 (on) and 2 (off)"."""
    clause = re.split(r"[。；;]|\.\s|\.$", tail)[0]
    clause = _PAREN.sub("", clause).replace("'", "").strip()
    if clause.startswith("[") and clause.endswith("]"):
        clause = clause[1:-1]
    clause = re.split(r"\s+(?:respectively|which|that|分别|表示)\b|\s+(?=[\u4e00-\u9fff])|[，,]\s*(?=[\u4e00-\u9fff])", clause)[0]
    clause = re.sub(r"^(?:当前)?(?:有|共)?[一二两三四五六七八九十\d]+\s*(?:个|种)(?:取值|值|选项)[：:，,]?\s*(?:分别是|分别为)?", "", clause).strip()
    parts = [x for x in _ENUM_SPLIT.split(clause) if x.strip()]
    if len(parts) == 1 and re.match(r"enumerat", key, re.I):
        parts = clause.split()
    vals = [_token(x) for x in parts]
    if any(v and re.fullmatch(r"-?\d+(?:\.\d+)?-\d+(?:\.\d+)?", v) for v in vals):
        return []  # a range ("1-10,240"), not values
    return vals if len(vals) >= 2 and all(vals) else []


def _enum_values(text: str, ty: str) -> tuple[list, str, str] | None:
    """Values a text lists (after a key phrase such as "Valid values:" or "取值范围：", or as
    `VALUE: meaning` lines from its start), with the lines they come from and the line that
    leads them in."""
    # A list run into one line ("…模式。 - cluster表示… - single表示…") is read line by line.
    text = re.sub(r"(?<=[。.；;：:])\s+-\s+(?=\S)|\s+-\s+(?=[\"“]?[A-Za-z0-9][A-Za-z0-9_.\-]*[\"”]?\s*(?:[:：]|表示|代表))", "\n- ", text)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        for key in _ENUM_KEY.finditer(line):
            if re.search(r"默认|default", line[max(0, key.start() - 12):key.start()], re.I):
                continue
            tail = re.sub(r"^[\s：:]*(?:为|是|包括|包含|有|如下|分别是|分别为|are|is|include|includes|as follows)?[\s：:]*", "", line[key.end():])
            # 1. Bulleted lines; a line that leads in more values ("…用户，可选值：") keeps the list going.
            got, used, lone_values = [], 0, 0
            ends_key = not re.search(r"[A-Za-z0-9]", tail)
            for nxt in lines[i + 1:]:
                b = _BULLET_LINE.match(nxt)
                if not b:
                    if _ENUM_KEY.search(nxt) and nxt.rstrip().endswith((":", "：")):
                        used += 1
                        continue
                    # Lines of `VALUE: meaning` right after "Valid values:" are a list too.
                    plain_head = re.match(r"^[\"'“]?([A-Za-z0-9][A-Za-z0-9_.\-]*)[\"'”]?\s*[:：](?!\d)\s*\S", nxt) if ends_key else None
                    # …or lines holding a value alone ("PL1 (default)."), blank lines between.
                    alone = plain_head is None
                    plain_head = plain_head or (re.match(r"^[\"'“]?([A-Za-z0-9][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]+)*)[\"'”]?\s*(?:[(（](?:default|默认)[)）])?\s*[.。]?$", nxt.strip())
                                                if ends_key and nxt.strip() else None)
                    if ends_key and not nxt.strip() and not got:
                        used += 1
                        continue
                    if plain_head:
                        got.append(plain_head.group(1))
                        used += 1
                        lone_values += alone
                        continue
                    break
                head = _SEG_HEAD.match(b.group(1)) or _MULTIWORD_HEAD.match(b.group(1))
                if not head:
                    break
                got.append(head.group(1))
                used += 1
            first = _SEG_HEAD.match(tail) if tail else None
            if first and got and re.search(r"[:：]", tail):
                got.insert(0, first.group(1))
            # Bullets right above a lead-in line belong to the same list ("• BGP：…" then
            # "…用户，可选值：" then more bullets).
            if got and line.rstrip().endswith((":", "：")):
                above = []
                for prev in reversed(lines[:i]):
                    b = _BULLET_LINE.match(prev)
                    head = _SEG_HEAD.match(b.group(1)) if b else None
                    if not head:
                        break
                    above.insert(0, head.group(1))
                got = above + got
            if len(got) >= 2 or (len(got) == 1 and not lone_values and ends_key and used == 1 and re.match(r"valid values?|取值范围|可选值", key.group(0), re.I)):
                return got, "\n".join(lines[i:i + 1 + used]), line
            # 2. Segments; 3. an inline list.
            vals = _segments(tail) or _inline(tail, key.group(0)) or _one_segment(tail)
            if vals:
                return vals, line, line
    # 4. One value the text allows alone: "The value can only be spot", "仅支持RAW".
    for line in lines:
        for m in _ONLY_VALUE.finditer(line):
            # "如果X取值为Primary，…", "If X is …": a value of another field, in a condition.
            if re.search(r"(?:如果|若|当|假如|if|when)[^。.;；]*$", line[: m.start()], re.I) or re.search(r"(?:[A-Z][a-z0-9]+[A-Z]\w*|[A-Za-z]\w*[._]\w+)\s*$", line[: m.start()]):
                continue
            rest = line[m.end():]
            # "supports … one value: X": the value is after the colon.
            colon = re.match(r"[^。.:：]{0,40}?\bvalues?\s*[:：]\s*", rest, re.I)
            if colon:
                rest = rest[colon.end():]
            tok = re.match(r"[\"'“‘`]?(-?[A-Za-z][A-Za-z0-9_.\-]*?)[\"'”’`]?\.?(?=$|[\s。.，,;；)）])", rest)
            if not tok or re.match(r"\s*(?:时|的时候|when|if)", rest[tok.end():], re.I):
                continue
            # "Set the value to Unlimited. Only …": a period after the value ends its sentence.
            after = "" if tok.group(0).endswith(".") else rest[tok.end():].strip()
            word = tok.group(1)
            code_like = re.search(r"[A-Z0-9_\-]", word[1:]) or word[0].isupper() or re.match(r"can only be|must be|set the value|只能|仅能|固定", m.group(0), re.I) \
                or re.match(r"^(?:currently|now)?\s*(?:[.。]|$)", after, re.I)
            # A word after it makes it part of a phrase ("only supports Linux instances"), unless
            # the word only says when ("spot currently").
            phrase = re.match(r"^[A-Za-z]", after) and not re.match(r"^(?:currently|now|at present|for now|at the moment|in this version)\b", after, re.I)
            # "仅支持Redis 4.0/5.0": a name with a version is no value of the field.
            if phrase or re.match(r"^(?:[,，、/|]\s*[\"'“]?[A-Za-z0-9]|or\b|and\b|或|和|to\b|~|-\d|\d)", after, re.I) or not code_like \
                    or word.lower() in ("a", "an", "the", "one", "in", "set", "specified", "used", "empty", "one-time"[:0] or "none"):
                continue
            return [word], line, line
    # 5. Bullets of `VALUE: meaning` (or `VALUE表示…`) with no lead-in.
    heads = []
    for line in lines:
        b = _BULLET_LINE.match(line)
        head = _SEG.match(b.group(1)) if b else None
        if head:
            heads.append(head.group(1))
    if len(heads) >= 2 and all(_code_like(h) for h in heads):
        return heads, "\n".join(l for l in lines if _BULLET_LINE.match(l)), lines[0]
    # 6. `VALUE: meaning` segments from where the first one starts ("… 1: a 0: b").
    joined = " ".join(lines)
    low = re.match(r"^[^.。:：]{2,80}[.。]\s+(?=[a-z][a-z0-9_\-]{0,15}\s*[:：]\s*\S)", joined)
    if low:
        vals = _segments(joined[low.end():])
        if vals and all(re.fullmatch(r"[a-z][a-z0-9_\-]{0,15}", v) for v in vals):
            return vals, joined[low.end():], joined[: low.end()]
    for start in re.finditer(r"(?:^|(?<=[\s。.，,：:]))[\"'“]?(?:-?\d+|[A-Z][A-Z0-9_]{1,}|[A-Z][a-z0-9]*(?:[A-Z][A-Za-z0-9]*)+)[\"'”]?\s*(?:[:：]|\s+(?:indicates?|means?)\s|\s*表示|\s*代表)", joined):
        vals = _segments(joined[start.start():])
        if vals and all(_code_like(v) for v in vals):
            return vals, joined[start.start():], joined[: start.start()] or joined
        break
    return None


def _code_like(value: str) -> bool:
    """A value written as a code: a number, UPPER_CASE, or a camelCase or snake_case word."""
    return re.fullmatch(r"-?\d+|[A-Z][A-Z0-9_]+|[a-z]+(?:[A-Z][a-z0-9]*)+|[A-Z][a-z0-9]*(?:[A-Z][A-Za-z0-9]*)+|[A-Za-z]+_[A-Za-z0-9_]+|[a-z][a-z0-9]*", value) is not None


def _one_segment(tail: str) -> list[str]:
    """"取值范围：ResourcePool：使用实例资源池": one `VALUE: meaning` and nothing else listed."""
    m = re.match(r"^[\"'“]?([A-Za-z][A-Za-z0-9_\-]*)[\"'”]?\s*[:：]\s*[^A-Za-z0-9]", tail)
    if m and not re.search(r"[;；]\s*[A-Za-z0-9]+\s*[:：]", tail):
        return [m.group(1)]
    return []


def _case_values(site: Site, sentence: str) -> Mined | None:
    """Values allowed in one case of a sibling: "When PeriodUnit is set to Week: 1, 2, 3, and 4."."""
    m = re.match(r"^(?:[•*-]\s*)?(?:When|If|当|若|如果)[^:：]{2,80}[:：]\s*(.+)$", sentence, re.I)
    if not m or _ENUM_KEY.search(sentence[: m.start(1)]):
        return None
    when = _case_of(site, sentence)
    vals = _inline(m.group(1), "") if when else []
    if not when or not vals:
        return None
    ty = site.field["type"]
    if ty in ("integer", "number"):
        try:
            vals = [_num(float(v)) for v in vals]
        except ValueError:
            return None
    elif ty not in ("string", "enum"):
        return None
    rule = _rule("one_of", sentence, path=site.path, values=vals, when=when)
    return Mined("enum", site.full, sentence, rule, scope=site.scope)


def _enum(site: Site, text: str) -> Mined | None:
    f = site.field
    ty = f["type"]
    item_ty = (f.get("items") or {}).get("type")
    value_ty = item_ty if ty == "array" else ty
    if value_ty not in ("string", "integer", "number", "enum"):
        return None
    got = _enum_values(text, value_ty)
    if got is None:
        return None
    vals, quote, lead = got
    if value_ty in ("integer", "number"):
        try:
            vals = [_num(float(v)) for v in vals]
        except ValueError:
            return None
        # "取值为[1，9]": two numbers in brackets are the ends of a range (the range reader's), not a list.
        if len(vals) == 2 and re.search(r"[\[【]\s*-?\d+(?:\.\d+)?\s*[,，]\s*-?\d+(?:\.\d+)?\s*[\]】]", quote):
            return None
    uniq = []
    for v in vals:
        if v not in uniq:
            uniq.append(v)
    if not uniq or any(isinstance(v, str) and len(v) > 64 for v in uniq):
        return None
    keys: dict = {"values": uniq}
    when = _case_of(site, lead) if re.match(r"^(?:[•*-]\s*)?(?:If|When|当|若|如果)", lead, re.I) else None
    if when:
        keys["when"] = when
    mined = Mined("enum", site.full, quote, _rule("one_of", quote, path=site.path, **keys), scope=site.scope)
    if _OPEN_LIST.search(lead):
        mined.state, mined.reason = "rejected", "the list is given as examples (an open list)"
    elif value_ty == "enum":
        listed = [v["value"] for v in f.get("values", [])]
        if set(map(str, listed)) == set(map(str, uniq)):
            mined.state, mined.reason = "checked", "the field's own values (SDK or metadata) say the same"
            mined.rule = None
        else:
            mined.state = "rejected"
            mined.reason = f"the field's values from a structured source ({', '.join(map(str, listed))}) differ; they are checked"
            site.field["note"] = _join_note(site.field.get("note"), f"The description lists {', '.join(map(str, uniq))}; the structured source lists {', '.join(map(str, listed))} (checked).")
    return mined


def _join_note(old: str | None, new: str) -> str:
    if not old:
        return new
    return old if new in old else f"{old} {new}"


# Characters -------------------------------------------------------------------------------------

_ONLY = re.compile(
    r"(?:只能|仅能|仅可|只可|仅允许|只允许|必须|仅)\s*(?:由|包含|包括|是|为|使用|输入|填写|含有)?\s*(?P<zh>[^。；;，,]{2,80}?(?:组成|构成|的组合|组合)?)(?=[。；;，,]|$)"
    r"|(?:can|may|must|should)\s+(?:only\s+)?(?:contain|consist of|include|be composed of|comprise|use)\s+only\s+(?P<en1>(?:\(\.\)|（\.）|[^.;]){2,160})"
    r"|(?:can|may|must|should)\s+only\s+(?:contain|consist of|include|be composed of|comprise|use)\s+(?P<en2>(?:\(\.\)|（\.）|[^.;]){2,160})"
    r"|(?:consists? of|is composed of|must consist of|must contain only|contains only|only supports?|supports only)\s+(?P<en3>(?:\(\.\)|（\.）|[^.;]){2,160})"
    r"|only\s+(?P<en4>(?:\(\.\)|（\.）|[^.;]){2,160}?)\s+(?:are|is)\s+(?:allowed|supported|permitted|valid)"
    r"|(?:支持|允许|可以包含|可包含|可由|由)\s*(?P<zh2>[^。；;]{2,80}?)(?:组成|构成|的组合)"
    r"|(?:It|Its value|(?:The|An?)\s+\w+(?:\s+\w+)?)\s+(?:can|may)\s+(?:contain|include)\s+(?P<en5>(?:\(\.\)|（\.）|[^.;]){2,160})"
    r"|(?:consisting of|composed of|made up of)\s+(?P<en6>(?:\(\.\)|（\.）|[^.;]){2,160})"
    r"|characters(?: in length)?,?\s+(?:and\s+(?:can|may)\s+(?:contain|include|consist of)|including)\s+(?P<en7>(?:\(\.\)|（\.）|[^.;]){2,160})"
    r"|(?:可以|可)(?:包含|使用|由)\s*(?P<zh3>[^。；;，,]{2,80})[，,]\s*(?:不能|不可|不得)(?:包含|使用)(?:其它|其他|大写|小写|特殊)"
    r"|字符集\s*[:：]\s*(?P<zh4>[^。；;]{2,120})",
    re.I)
_EDGES = re.compile(
    r"(?P<subj>[^.;。；]{1,80}?)\s*(?:cannot|can't|must not|may not|should not)\s+be\s+used\s+at\s+the\s+(?:beginning|start)(?P<end>\s+or\s+(?:at\s+)?(?:the\s+)?end)?", re.I)
_CONSECUTIVE = re.compile(
    r"(?:不能|不可|不得|不允许)\s*连续(?:使用|出现|输入)?\s*(?P<zh>[^。；;，,]{1,60})|(?P<subj>[^.;。；]{1,80}?)\s*(?:cannot|can't|must not|may not)\s+(?:be\s+used\s+)?consecutively"
    r"|and\s+cannot\s+be\s+used\s+consecutively", re.I)
_START = re.compile(
    r"(?<!不)(?<!不能)(?<!不可)(?:必须|需|需要|须|应)?以\s*(?P<zh>[^。；;，,]{1,40}?)\s*(?:开头|开始|打头)"
    r"|(?<!not )(?<!n't )(?:must|should|has to|needs to)\s+(?:start|begin)\s+with\s+(?:an?\s+)?(?P<en>[^.;,]{1,60})"
    r"|^(?:starts?|begins?)\s+with\s+(?:an?\s+)?(?P<en2>[^.;,]{1,60})"
    r"|(?:the first character|first character)\s+(?:must|should)\s+be\s+(?:an?\s+)?(?P<en3>[^.;,]{1,60})"
    r"|(?:首字符|第一个字符|开头字符)\s*(?:必须|需|须)?(?:为|是)\s*(?P<zh2>[^。；;，,]{1,40})",
    re.I)
_NOT_START = re.compile(
    r"(?:不能|不可|不得|不允许|禁止|不要|请勿|不应)\s*以\s*(?P<zh>[^。；;，]{1,60}?)\s*(?:开头|开始|打头)"
    r"|(?:cannot|can't|must not|may not|should not|can not|mustn't)\s+(?:start|begin)\s+with\s+(?P<en>(?:(?!,?\s+(?:and|nor|or)\s+(?:cannot|can't|must|may|it|contain))[^.;，,]|[a-z]+:(?=\s|,|$)|,(?=\s*(?:or\s+)?[\"']?(?:https?|acs|aliyun)))"
    r"{1,80})"
    r"|\bnor\s+(?:start|begin)\s+with\s+(?P<en2>[^.;，,]{1,80})"
    r"|(?:开头|首字符)\s*(?:不能|不可|不得)(?:是|为)\s*(?P<zh2>[^。；;，]{1,40})",
    re.I)
_NOT_END = re.compile(
    r"(?:不能|不可|不得|不允许|禁止)\s*以\s*(?P<zh>[^。；;，]{1,60}?)\s*(?:结尾|结束)"
    r"|(?:cannot|can't|must not|may not|should not|can not)\s+end\s+with\s+(?P<en>[^.;]{1,80})",
    re.I)
_NOT_CONTAIN = re.compile(
    r"(?:不能|不可|不得|不允许|禁止|不支持)\s*(?:包含|含有|使用|出现|输入)\s*(?P<zh>[^。；;，,：:）)]{1,40})"
    r"|(?:cannot|can't|must not|may not|should not|can not)\s+(?:contain|include|have)\s+(?P<en>(?:(?!\s+(?:nor|and cannot|and must))[^.;，]){1,80})"
    r"|neither\s+contain\s+(?P<en2>(?:(?!\s+nor\b)[^.;，]){1,80})",
    re.I)
_QUOTED = re.compile(r"[\"“'‘「]([^\"”'’」]{1,40})[\"”'’」]")
_URLISH = re.compile(r"(?:https?://|[A-Za-z][A-Za-z0-9]*:(?:/{0,2})(?=\W|$)|aliyun|acs:|[A-Za-z]+(?=\s|$))")


def _literal_strings(phrase: str) -> list[str]:
    """Literal texts a phrase names: quoted texts, URL schemes such as http://, single punctuation."""
    out: list[str] = []
    for q in _QUOTED.findall(phrase):
        out.append(q)
    for m in re.finditer(r"https?://|[a-z]{2,10}:(?![/\w])|\bacs:|\baliyun\b|\bmicrosoft\b|\bwindows\b", phrase, re.I):
        t = m.group(0)
        if t not in out and not any(t in o for o in out):
            out.append(t)
    for m in re.finditer(r"[（(]\s*([!-/:-@\[-`{-~]{1,8})\s*[）)]", phrase):
        if m.group(1) not in out:
            out.append(m.group(1))
    if not out:
        words = read_classes(phrase)
        for c in words.literal:
            if c not in out and c not in "()":
                out.append(c)
    return out


_ALSO = re.compile(r"(?:can|may)\s+also\s+(?:contain|include|use)\s+(?P<en>(?:\(\.\)|（\.）|[^.;]){2,160})|(?:还|也)可(?:以)?(?:包含|使用|输入)\s*(?P<zh>[^。；;]{2,80})", re.I)


def _also_allowed(site: Site) -> Classes:
    """Characters a field's texts allow besides a list given elsewhere ("The name can also contain colons …")."""
    out = Classes()
    for text in site.texts:
        for m in _ALSO.finditer(clean(text)):
            out.add(read_classes(m.group("en") or m.group("zh")).json_items())
    return out


def _may_contain_elsewhere(site: Site, here: str) -> Classes:
    """The classes the field's other "can contain …" sentences (no "only") allow."""
    out = Classes()
    for text in site.texts:
        for sentence in sentences(clean(text)):
            if sentence == here:
                continue
            m = _ONLY.search(sentence)
            if m and not re.search(r"only|只|仅", m.group(0), re.I):
                phrase = next(g for g in m.groups() if g)
                phrase = re.sub(r",?\s+and\s+(?:must|cannot|can't|should|must not|may not)\b.*$", "", phrase, flags=re.I)
                out.add(read_classes(phrase).json_items())
    return out


def _first_classes(site: Site) -> Classes:
    """The classes a field's texts say its first character is of."""
    out = Classes()
    for text in site.texts:
        for sentence in sentences(clean(text)):
            m = _START.search(sentence)
            if m and not re.search(r"(?:not|n't|不)\s*$", sentence[: m.start()], re.I):
                out.add(read_classes(next(g for g in m.groups() if g)).json_items())
    return out


def _chars(site: Site, sentence: str) -> list[Mined]:
    f = site.field
    ty = f["type"]
    item_ty = (f.get("items") or {}).get("type")
    if ty not in ("string",) and not (ty == "array" and item_ty == "string"):
        return []
    out: list[Mined] = []
    keys: dict = {}
    m = _ONLY.search(sentence)
    if m:
        phrase = next(g for g in m.groups() if g)
        # "… and hyphens (-) and must start with a letter": the next clause is another rule.
        phrase = re.sub(r",?\s+and\s+(?:must|cannot|can't|should|must not|may not)\b.*$", "", phrase, flags=re.I)
        classes = read_classes(phrase)
        # "only digits" is a real rule; "must be a string" is not: require a class word. A list of
        # punctuation alone ("can contain periods and hyphens") adds to letters and digits the
        # sentence does not name, so it is no whole set.
        if classes.named and not re.search(r"开头|结尾|start|begin|end with|至少|at least|三种|两种|types", phrase, re.I) \
                and not _ALSO.search(sentence):
            classes.add(_also_allowed(site).json_items())
            if not re.search(r"only|只|仅", m.group(0), re.I):
                # "It can contain digits, periods …" lists what a name may hold besides the
                # first character's classes, which it may hold as well.
                classes.add(_first_classes(site).json_items())
                # "… can contain letters and Chinese characters. … It can contain digits, periods …":
                # every such sentence of the field adds to one set.
                classes.add(_may_contain_elsewhere(site, sentence).json_items())
            keys["allowed"] = classes.json()
    lit = re.search(r"(?:must|should)\s+(?:start|begin)\s+with\s+[\"'“]?([a-z][a-z0-9+.-]*://)", sentence, re.I) or re.search(r"(?:必须|需|须)以\s*[\"'“]?([a-z][a-z0-9+.-]*://)\s*[\"'”]?\s*开头", sentence, re.I)
    if lit:
        out.append(Mined("chars", site.full, sentence, _rule("format", sentence, path=site.path, format="prefix:" + lit.group(1)), scope=site.scope))
    m = _START.search(sentence)
    if m and not lit and not re.search(r"(?:not|n't|不|neither|nor)\s*$", sentence[: m.start()] + (m.group(0).split("start")[0] if "start" in m.group(0) else ""), re.I):
        phrase = next(g for g in m.groups() if g)
        classes = read_classes(phrase)
        if not classes.empty():
            keys["first"] = classes.json()
    if keys:
        out.append(Mined("chars", site.full, sentence, _rule("chars", sentence, path=site.path, **keys), scope=site.scope))
    forbidden: dict = {}
    m = _NOT_START.search(sentence)
    if m:
        phrase = next(g for g in m.groups() if g)
        lits = _literal_strings(phrase)
        classes = read_classes(phrase)
        if lits:
            forbidden["prefixes"] = lits
        elif classes.named:
            # "cannot start with a digit": every character but those may come first.
            allowed = [c for c in ["letter", "digit", "chinese"] if c not in classes.named]
            if allowed and not keys.get("first"):
                out.append(Mined("chars", site.full, sentence,
                                 _rule("chars", sentence, path=site.path, first=allowed + [{"literal": ALL_PUNCT}]), scope=site.scope))
    m = _NOT_END.search(sentence)
    if m:
        lits = _literal_strings(next(g for g in m.groups() if g))
        if lits:
            forbidden["suffixes"] = lits
    elif forbidden.get("prefixes") and re.search(r"开头或结尾|开头和结尾|首尾|start or end|beginning or end|begin or end", sentence, re.I):
        forbidden["suffixes"] = list(forbidden["prefixes"])
    m = _EDGES.search(sentence)
    if m and "prefixes" not in forbidden:
        lits = _literal_strings(m.group("subj"))
        if lits:
            forbidden["prefixes"] = lits
            if m.group("end"):
                forbidden["suffixes"] = list(lits)
    m = _CONSECUTIVE.search(sentence)
    if m:
        phrase = m.group("zh") or m.group("subj") or (_EDGES.search(sentence).group("subj") if _EDGES.search(sentence) else "")
        lits = [x for x in _literal_strings(phrase or "") if len(x) == 1]
        if lits:
            forbidden.setdefault("substrings", []).extend(x * 2 for x in lits)
    m = _NOT_CONTAIN.search(sentence)
    if m:
        phrase = next(g for g in m.groups() if g)
        lits = [x for x in _literal_strings(phrase) if x != "()"]
        if re.search(r"空格|spaces?", phrase, re.I) and " " not in lits:
            lits.append(" ")
        if lits and not re.search(r"中文|汉字|Chinese|连续|consecutive", phrase, re.I):
            forbidden.setdefault("substrings", []).extend(x for x in lits if x not in forbidden.get("substrings", []))
    if forbidden:
        insensitive = any(re.fullmatch(r"[A-Za-z:/]+", x) for xs in forbidden.values() for x in xs)
        rule = _rule("forbidden", sentence, path=site.path, **forbidden)
        if insensitive and re.search(r"大小写|case", sentence, re.I) is None:
            pass
        elif insensitive:
            rule["ignore_case"] = True
        out.append(Mined("chars", site.full, sentence, rule, scope=site.scope))
    return out


_PASSWORD = [
    re.compile(r"(?:至少|必须|需要|需|须|应)?\s*(?:同时)?(?:包含|包括|含有|由)?\s*(?P<list>[^。；;]{4,160}?)\s*(?:中的|中|这)?\s*(?:至少|任意|其中)?\s*(?P<n>[两二三四234])\s*(?:种|类|项)", re.I),
    re.compile(r"(?:至少|任意)\s*(?:包含|包括|含有)?\s*(?:以下|如下)?\s*(?P<n>[两二三四234])\s*(?:种|类|项)(?:字符)?\s*[:：]?\s*(?P<list>[^。；;]{4,160})", re.I),
    re.compile(r"at least\s+(?P<n>two|three|four|2|3|4)\s+(?:types|kinds|categories|of the following(?: character types| types| categories)?)(?:\s+of(?: the following)?(?: character types| characters| types)?)?\s*[:：]?\s*(?P<list>[^.;]{4,200})", re.I),
    re.compile(r"(?P<list>[^.;]{4,200}?),?\s*(?:at least|a minimum of)\s+(?P<n>two|three|four|2|3|4)\s+(?:of (?:them|these|the (?:above|preceding|following))|types|kinds)", re.I),
    re.compile(r"(?:must|should|has to|needs to)\s+(?:contain|include|consist of)\s+(?:all of\s+|both\s+)?(?P<list>[^.;]{4,200})", re.I),
    re.compile(r"(?:必须|需|须|应)\s*(?:同时)?(?:包含|包括|含有)\s*(?P<list>[^。；;]{4,160})", re.I),
]


def _password(site: Site, sentence: str) -> Mined | None:
    f = site.field
    if f["type"] != "string":
        return None
    for i, r in enumerate(_PASSWORD):
        m = r.search(sentence)
        if not m:
            continue
        classes = read_classes(m.group("list"))
        require: list = [c for c in classes.named if c in ("upper", "lower", "letter", "digit")]
        specials = [re.sub(r"\s", "", m2.group(1)) for m2 in _SPECIALS.finditer(m.group("list"))]
        lits = "".join(specials) or (ALL_PUNCT if re.search(r"特殊字符|special characters?|symbols?|符号", m.group("list"), re.I) else "")
        items: list = [c for c in require]
        if "letter" in items and ("upper" in items or "lower" in items):
            items.remove("letter")
        if lits:
            items.append({"literal": "".join(dict.fromkeys(lits))})
        if len(items) < 2:
            continue
        n = _count_word(m.group("n")) if "n" in r.groupindex and m.group("n") else len(items)
        if n is None or n > len(items):
            continue
        # "must contain letters" style sentences (all of them) are only a password rule when
        # the field is a secret or the sentence speaks of passwords.
        if "n" not in r.groupindex and not (f.get("secret") or re.search(r"密码|口令|password", " ".join(site.texts), re.I)):
            continue
        keys = {"require": items}
        if n < len(items):
            keys["require_at_least"] = n
        return Mined("password", site.full, sentence, _rule("chars", sentence, path=site.path, **keys), scope=site.scope)
    return None


def _password_allowed(pw: Mined) -> Mined | None:
    """The characters a password may hold when its rule lists the special characters: the
    listed classes and those characters."""
    rule = pw.rule
    specials = [c for c in rule["require"] if isinstance(c, dict)]
    if not specials or specials[0]["literal"] == ALL_PUNCT:
        return None
    allowed = ["letter", "digit", specials[0]]
    return Mined("chars", pw.path, pw.quote, _rule("chars", pw.quote, path=rule["path"], allowed=allowed), scope=pw.scope)


# Formats ----------------------------------------------------------------------------------------

_PATTERN = re.compile(r"(?<![A-Za-z])((?:yyyy|YYYY)(?:[-/.: T年月日]*(?:MM|mm|dd|DD|HH|hh|ss|SS|SSS|sss|Z|z|T|月|日))*|(?:HH|hh):(?:mm|MM)(?::(?:ss|SS))?)(?![A-Za-z])")


def normalize_pattern(raw: str) -> str | None:
    """A date/time pattern as the catalog writes it (yyyy MM dd HH mm ss SSS)."""
    p = raw.strip().rstrip(".")
    p = p.replace("YYYY", "yyyy").replace("DD", "dd").replace("hh", "HH").replace("sss", "SSS")
    # Minutes and seconds come after the hour, months before: "HH:MM:SS" means minutes.
    if "HH" in p:
        head, _, tail = p.partition("HH")
        tail = tail.replace("MM", "mm").replace("SS", "ss")
        p = head + "HH" + tail
    p = p.replace("ss.SS", "ss.SSS") if "ss.SS" in p and "ss.SSS" not in p else p
    if "z" in p and "Z" not in p:
        p = p.replace("z", "Z")
    if any(ch in p for ch in "年月日"):
        return None
    if not ("yyyy" in p or "HH" in p):
        return None
    return p


_IS_AN_IP = re.compile(r"^(?:[\w\s]{0,40}?)(?:IPv4|IPv6|IP)s?\s*(?:地址|address(?:es)?)?[。.]?$|^[^。.]{0,30}(?:IPv4|IPv6|IP)\s*(?:地址|address)[。.]?$|^(?:公共|私有|内网|外网|弹性|节点|保留的?)?\s*(?:ip|IP)[。.]?$|IP\s*address\s*(?:of|for)\b", re.I)
_EXAMPLE_TIME = re.compile(r"(?<!\d)(\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d)?Z?|\d{4}-\d\d-\d\d|\d\d:\d\d:\d\d|\d{1,2}:\d\d)(?![\d:])")
_ID_PREFIX = re.compile(r"(?:in the format of|in the form of|format of|form of|such as|similar to|形如|格式形如|格式为|格式如|like|e\.g\.,?|例如|如)\s*[:：]?\s*[\"“'`]?([a-z]{2,12}-)(?:[a-z0-9]{2,}|x{2,}|\*+)", re.I)


def _format_from_example(sentence: str, name: str) -> str | None:
    """A form shown by example: "Format: 2020-07-13 00:00:00", "时间格式为21:00", "形如 img-xxx"."""
    timeish = re.search(r"time|date|Time|Date|_at$|At$|Expire|expire|schedule|begin|end|start|Begin|End|Start", name)
    # "Value range: GMT-12:00 to GMT+12:00": an offset from GMT.
    if re.search(r"GMT-12:00\s*(?:to|~|-|至|到)\s*GMT\+12:00", sentence):
        return "gmt-offset"
    # '"00:00-01:00" indicates …': a quoted window of two times of day.
    if timeish and re.search(r"[\"“'](\d\d:\d\d)-(\d\d:\d\d)[\"”']", sentence):
        return "HH:mm-HH:mm"
    # "Valid values: 00:00 to 23:59": a time of day, whatever introduces it.
    if timeish and re.search(r"(?<![\d:])00:00(?::00)?\s*(?:to|~|-|至|到)\s*23:59(?::59)?(?![\d:])", sentence):
        return "HH:mm:ss" if "23:59:59" in sentence else "HH:mm"
    if re.search(r"格式|format|for example|e\.g\.|例如|如：|形如|such as|in the form", sentence, re.I) is None:
        return None
    m = _ID_PREFIX.search(sentence)
    if m and re.search(r"Ids?$|ID$|_id$|_ids$", name) and not re.search(r"\bor\b|或者|或", sentence[max(0, m.start() - 30):m.start()]):
        return "prefix:" + m.group(1).lower()
    if not re.search(r"time|date|Time|Date|_at$|At$|Expire|expire|schedule|begin|end|start|Begin|End|Start", name):
        return None
    if re.search(r"(?<![\d:])00:00(?::00)?\s*(?:to|~|-|至|到)\s*23:59(?::59)?(?![\d:])", sentence):
        return "HH:mm:ss" if "23:59:59" in sentence else "HH:mm"
    span = re.search(r"(?<![\d:])(\d\d:\d\d)-(\d\d:\d\d)(?![\d:])", sentence)
    if span:
        return "HH:mm-HH:mm"
    m = _EXAMPLE_TIME.search(sentence)
    if not m:
        return None
    text = m.group(1)
    pattern = re.sub(r"\d{4}", "yyyy", text, count=1) if len(text) >= 10 else text
    if len(text) >= 10:
        pattern = "yyyy" + text[4:7].replace(text[5:7], "MM") + text[7:10].replace(text[8:10], "dd") + text[10:]
        rest = text[10:]
        if rest:
            sep = rest[0]
            clock = rest[1:]
            pattern = pattern[:10] + sep + ("HH:mm:ss" if clock.count(":") == 2 else "HH:mm") + ("Z" if clock.endswith("Z") else "")
    else:
        pattern = "HH:mm:ss" if text.count(":") == 2 else "HH:mm"
    return pattern


_ISO = re.compile(r"ISO\s*8601|ISO8601|UTC\s*(?:时间)?格式|RFC\s*3339", re.I)
_IP_TEXT = re.compile(r"IPv4|IPv6|IP\s*地址|IP address|IP地址|\bIP\b", re.I)
_NOT_SINGLE_IP = re.compile(r"网段|CIDR|段|范围|range|多个|逗号|comma|列表|list|or\s+(?:a\s+)?(?:domain|CIDR|segment|hostname)|或(?:域名|网段)|域名|domain|mask|掩码|/\d\d", re.I)


def _format(site: Site, text: str) -> list[Mined]:
    f = site.field
    ty = f["type"]
    item_ty = (f.get("items") or {}).get("type")
    name = f["name"]
    if ty in ("integer", "number"):
        # A Unix time in milliseconds sent as a number.
        for sentence in sentences(text):
            if re.search(r"(?:UNIX |Unix |unix )?timestamp|时间戳", sentence) and re.search(r"millisecond|毫秒", sentence):
                return [Mined("format", site.full, sentence, _rule("format", sentence, path=site.path, format="unix-ms"), scope=site.scope)]
        return []
    if ty != "string" and not (ty == "array" and item_ty == "string"):
        return []
    out: list[Mined] = []
    if re.search(r"多个|逗号|comma|separated by|以,分隔|以英文逗号|id1,\s*id2|,\s*id2", text, re.I):
        return []  # a list written as one text: its parts have the form, not the whole
    for i, sentence in enumerate(sentences(text)):
        fmt = None
        m = _PATTERN.search(sentence)
        if m and re.search(r"格式|format|形如|like|as |in the|written|e\.g|例如|如：|yyyy|YYYY|HH:mm", sentence, re.I):
            fmt = normalize_pattern(m.group(1))
            # A pattern with no time of day next to "time" in an English sentence is still a pattern.
        if fmt is None and _ISO.search(sentence) and not re.search(r"时间戳|timestamp|毫秒|milliseconds", sentence, re.I):
            fmt = "iso8601" if not re.search(r"RFC\s*3339", sentence, re.I) else "date-time"
        if fmt is None and re.search(r"UUID\s*格式|UUID format|format of UUID|in UUID|must be a UUID|is a UUID|格式为UUID|为UUID格式", sentence, re.I):
            fmt = "uuid"
        if fmt is None and re.search(r"base64|Base64", sentence) and re.search(r"编码|encod|格式|format", sentence, re.I) \
                and not re.search(r"(?:before|前的|编码前)\s*\w*", sentence, re.I) and not re.search(r"解码|decode", sentence, re.I):
            fmt = "base64"
        if fmt is None and re.search(r"cidr", name, re.I) and re.search(r"CIDR", sentence) and not re.search(r"多个|逗号|comma|list|或IP|or (?:an )?IP", sentence, re.I):
            fmt = "cidr"
        if fmt is None and re.search(r"ip", name, re.I) and not re.search(r"cidr|range|segment|type|version|count|num|protocol|ipv6_enable|enable|strategy|policy|mode|list|family|id$|ids$", name, re.I) \
                and _IP_TEXT.search(sentence) and not _NOT_SINGLE_IP.search(sentence):
            fmt = "ipv6" if re.search(r"IPv6", sentence) and not re.search(r"IPv4", sentence) else ("ipv4" if re.search(r"IPv4", sentence) else "ip")
        if fmt is None and re.search(r"mail", name, re.I) and re.search(r"邮箱|e-?mail", sentence, re.I):
            fmt = "email"
        if fmt is None and f["type"] == "string" and re.search(r"(?:UNIX |Unix |unix )?timestamp|时间戳", sentence) and re.search(r"millisecond|毫秒", sentence):
            fmt = "unix-ms"
        if fmt is None:
            fmt = _format_from_example(sentence, name)
        if fmt is None and i == 0 and _IS_AN_IP.search(sentence) and not _NOT_SINGLE_IP.search(text) \
                and not re.search(r"type|version|count|num|enable|mode|policy|strategy|family|id$|ids$|name", name, re.I) \
                and not re.search(r"\bID\b|ID of|的ID|的id|名称|name of", sentence):
            fmt = "ipv6" if re.search(r"IPv6", sentence) and not re.search(r"IPv4", sentence) else ("ipv4" if re.search(r"IPv4", sentence) else "ip")
        if fmt:
            out.append(Mined("format", site.full, sentence, _rule("format", sentence, path=site.path, format=fmt), scope=site.scope))
            break
    return out


# --- cross-field detectors ----------------------------------------------------------------------

_REQUIRED_WORDS = r"(?:the request must (?:contain|include)|必填|必选|必传|必须填写|必须指定|必须设置|必须传入|必须传|必须配置|为必填项|必须提供|不能为空|is required|are required|is mandatory|are mandatory|must be specified|must be set|must be provided|must be configured|must be passed|is also required|you must (?:also )?specify|you must (?:also )?set|required\.?$)"
_ABSENT_WORDS = r"(?:不能(?:指定|设置|传入|填写|配置|传)|不可(?:指定|设置|传入|填写)|不需要(?:指定|设置|传入|填写|传)|无需(?:指定|设置|传入|填写|传)|请勿(?:指定|设置|填写|传入)|不支持(?:指定|设置)|不能同时|must not be specified|cannot be specified|can't be specified|do not specify|don't specify|must be left empty|leave (?:it|this parameter) empty|must be empty|is not supported|cannot be set|must not be set|do not set|不填|留空)"
_IGNORED_WORDS = r"(?:不生效|无效|才生效|才有效|生效|仅.{0,10}有效|only valid|is valid only|valid only|takes effect only|only takes effect|effective (?:only )?when|takes effect when|is valid when|applies when|is ignored|does not take effect|is invalid|only applies|applies only|only when|仅在|仅当|只有当|只在)"


def _name_re(name: str) -> re.Pattern:
    flags = re.I if len(name) >= 4 else 0
    # "DataDisk.1.Category" and "DataDisk.N.Category" name the member Category of a list's item.
    return re.compile(r"(?:(?<![A-Za-z0-9_.])|(?<=\.[0-9N]\.))" + re.escape(name) + r"(?![A-Za-z0-9_])", flags)


def _value_for(target: dict, raw: str):
    """A value the text writes (`true`, `prePaid`, `1`) as the target field's JSON value."""
    raw = raw.strip("\"'“”‘’`「」 ").rstrip(".:;,")
    ty = target["type"]
    if ty == "boolean":
        return {"true": True, "false": False}.get(raw.lower(), None)
    if ty in ("integer", "number"):
        try:
            return _num(float(raw))
        except ValueError:
            return None
    if ty == "string_bool":
        return raw.lower() if raw.lower() in ("true", "false") else None
    if ty == "enum":
        for v in target.get("values", []):
            if str(v["value"]) == raw:
                return v["value"]
        for v in target.get("values", []):
            if str(v["value"]).lower() == raw.lower():
                return v["value"]
        return None
    if ty == "string":
        return raw if re.fullmatch(_TOKEN, raw) else None
    return None


_COND_VALUE = r"[\"'“‘`「]?(" + _TOKEN + r")[\"'”’`」]?"


def _condition(sentence: str, other: Site) -> tuple[dict, str] | None:
    """The condition a sentence puts on a sibling: (`when`, how it was read)."""
    name = re.escape(other.field["name"])
    flags = re.I if len(other.field["name"]) >= 4 else 0
    n = r"(?<![A-Za-z0-9_.])" + name + r"(?![A-Za-z0-9_])"
    eq = [
        n + r"\s*(?:参数)?\s*(?:的值|取值|值)?\s*(?:为|是|=|==|等于|设置为|设为|配置为|选择|取)\s*" + _COND_VALUE,
        n + r"\s+(?:parameter\s+)?(?:is set to|is|equals|=|has the value|is configured as|is specified as|set to)\s+" + _COND_VALUE,
        r"(?:set|setting|specify|specifying)\s+(?:the\s+)?" + n + r"\s+(?:parameter\s+)?to\s+" + _COND_VALUE,
    ]
    for pat in eq:
        m = re.search(pat, sentence, flags)
        if m:
            value = _value_for(other.field, m.group(1))
            if value is not None:
                if re.search(r"不为|不是|不等于|is not|isn't|other than", sentence[max(0, m.start() - 4):m.end()], re.I):
                    return {"path": other.path, "not_equals": value}, "not_equals"
                # "is set to A or B", "为A或B".
                more = [value]
                rest = sentence[m.end():]
                while True:
                    alt = re.match(r"\s*(?:,\s*)?(?:or|或者|或|、|/)\s*" + _COND_VALUE, rest)
                    if not alt or _value_for(other.field, alt.group(1)) is None:
                        break
                    more.append(_value_for(other.field, alt.group(1)))
                    rest = rest[alt.end():]
                if len(more) > 1:
                    return {"path": other.path, "in": more}, "in"
                return {"path": other.path, "equals": value}, "equals"
    present = [
        n + r"\s*(?:参数)?\s*(?:不为空|非空|有值|已指定|已设置|存在)",
        r"(?:指定|设置|传入|填写|配置|选择)(?:了)?\s*" + n,
        n + r"\s+(?:parameter\s+)?(?:is|are)\s+(?:specified|set|provided|configured|passed|not empty|not null)(?!\s+(?:to|as)\b)",
        r"(?:specify|set|provide|configure|pass)\s+(?:the\s+)?" + n,
    ]
    absent = [
        n + r"\s*(?:参数)?\s*(?:为空|不填|未指定|未设置|不传|没有值|不存在)",
        r"(?:未|不|没有)(?:指定|设置|传入|填写|配置)\s*" + n,
        n + r"\s+(?:parameter\s+)?(?:is|are)\s+(?:not specified|not set|left empty|empty|not provided|omitted|null)",
        r"(?:do not|don't|you do not)\s+(?:specify|set|provide)\s+(?:the\s+)?" + n,
    ]
    for pat in absent:
        if re.search(pat, sentence, flags):
            return {"path": other.path, "present": False}, "absent"
    for pat in present:
        if re.search(pat, sentence, flags):
            return {"path": other.path, "present": True}, "present"
    return None


_EXCLUSIVE = re.compile(
    r"不能同时|不可同时|不可以同时|不能与.{0,60}?同时|不可以与.{0,60}?同时|不可与.{0,60}?同时|不支持同时|无法同时|二选一|两者选其一|互斥|只能(?:选择|指定|设置|填写|传入)?其中(?:一个|之一|一项|一种)|只能指定一个|"
    r"cannot be (?:specified|set|used|configured|passed|provided|both specified)\s+(?:together|at the same time|simultaneously|with)|"
    r"mutually exclusive|cannot (?:both )?be specified (?:together|at the same time)|(?:can't|cannot|must not) (?:specify|set|use) both|"
    r"cannot be used (?:together )?with|can't be used (?:together )?with|cannot be specified with|cannot be used in combination|conflicts with|"
    r"either .{1,60}? or .{1,60}?, but not both|only one of|specify (?:either|one of)",
    re.I)
_SELF = r"(?:该参数|本参数|此参数|该字段|本字段|此字段|this parameter|the parameter|this field|this value)"
# "X和Y不能同时为空", "该参数和Y必须指定一个", "Specify at least one of X and Y": one of them is needed.
_ANY_OF = re.compile(
    r"不能同时为空|不可同时为空|不能都为空|不能全部为空|至少(?:指定|填写|传入|设置|选择)?(?:其中)?一个|必须(?:指定|填写|传入|设置|选择)(?:其中)?一个|二选一必填|必须二选一|"
    r"cannot both be empty|cannot be empty at the same time|cannot both be left empty|at least one of|must specify (?:either|one of)|either .{1,60}? or .{1,60}? (?:is|must be|needs to be|has to be) (?:required|specified|provided|set)|"
    r"(?:is|are) required.{0,20}(?:either|one of)|you must specify either|(?:must|need to|have to)\s+(?:specify|set|provide|pass)\s+(?:either\s+)?[A-Za-z_][\w.]*\s+or\s+[A-Za-z_][\w.]*", re.I)


def _exclusive_groups(site: Site, others: list[Site], sentence: str, ex: re.Match) -> list[list[str]] | None:
    """The groups of an exclusion: the fields named before the exclusion's words stand
    together ("A and B … are mutually exclusive with C"), those after it are the other side;
    this field joins the first side when the sentence does not name it."""
    def first_at(s: Site) -> int:
        m = _name_re(s.field["name"]).search(sentence)
        return m.start() if m else -1
    named_self = first_at(site) >= 0
    before = [o.path for o in others if first_at(o) < ex.start()]
    after = [o.path for o in others if first_at(o) >= ex.start()]
    if named_self and first_at(site) < ex.start():
        before.append(site.path)
    elif named_self:
        after.append(site.path)
    else:
        before.append(site.path)
    if before and after:
        return [sorted(set(before)), sorted(set(after))]
    names = sorted(set(before) | set(after))
    return [[n] for n in names] if len(names) >= 2 else None


_REQUIRED_ALONE = re.compile(r"^(?:\(Required\)|（必填）|(?:It|This parameter|This field|该参数|该字段|此参数|本参数)?\s*(?:is|为)?\s*(?:required|mandatory|必填|必选|必传)(?:项|参数|字段)?[.。]?$)", re.I)


def _required_alone(site: Site, sentence: str) -> Mined | None:
    """"It is required." on a field the sources mark optional: required, when its object is given."""
    if site.field.get("required") or not _REQUIRED_ALONE.search(sentence.strip()):
        return None
    keys: dict = {"paths": [site.path]}
    if "." in site.path:
        keys["when"] = {"path": site.path.rsplit(".", 1)[0], "present": True}
    return Mined("conditional", site.full, sentence, _rule("required", sentence, **keys), scope=site.scope)


_PAIRS = re.compile(r"(?:must|should|need to) be (?:set|specified|configured|used) (?:in pairs|together)|(?:must|need to|have to)\s+(?:specify|set)\s+both|^specify both|"
                    r"必须成对|需成对|需要成对|成对(?:设置|出现|使用)|需(?:要)?同时(?:设置|指定|配置)|必须同时(?:设置|指定|配置|填写)", re.I)


def _pairs(site: Site, sentence: str) -> list[Mined]:
    """"maintain_begin and maintain_end must be set in pairs": each needs the others."""
    if not _PAIRS.search(sentence):
        return []
    group = [s for s in site.siblings if _name_re(s.field["name"]).search(sentence)]
    if site not in group and group:
        group.append(site)
    if len(group) < 2:
        pair = _pair(site)
        group = list(pair) if pair and site in pair and re.search(r"start|begin|end|开始|结束|起始", sentence, re.I) else []
    out = []
    for a in group:
        for b in group:
            if a is not b:
                rule = _rule("required", sentence, paths=[b.path], when={"path": a.path, "present": True})
                out.append(Mined("conditional", b.full, sentence, rule, scope=site.scope))
    return out


_STOP_WORDS = {"the", "this", "that", "of", "for", "specified", "instance", "instances", "parameter", "value", "when", "with"}


def _labels_inline(other: Site) -> list[tuple[str, str]]:
    """(value, label) for `VALUE: label` segments of a sibling's texts, inline or on lines
    ("PREPAID: prepaid, that is, monthly subscription." → PREPAID, "prepaid"): the first words
    of each explanation `_segments_of` reads."""
    out = []
    for value, explained in _segments_of(other):
        m = re.match(r"([a-z][a-z -]{1,40}?)\s*(?=[,.;，。；(]|$)", explained)
        if m:
            out.append((value, m.group(1).strip()))
    return out


def _required_in_a_case_in_words(site: Site, sentence: str) -> list[Mined]:
    """"This parameter is required if the payment mode of the specified instance is spot
    payment." where a sibling lists "SPOTPAID: spot payment.": required when that sibling has
    that value."""
    if not re.search(_REQUIRED_WORDS, sentence, re.I) or re.search(r"not required|optional|不是必填|非必填", sentence, re.I):
        return []
    m = re.search(r"\b(?:if|when)\s+(?:the\s+)?(?P<subj>[^,.;]{3,80}?)\s+(?:is|is set to)\s+(?:the\s+)?(?P<label>[A-Za-z][A-Za-z -]{1,40}?)(?:\s+mode)?\s*(?=[,.;]|$)", sentence, re.I)
    if not m:
        return []
    label = m.group("label").strip().lower()
    subj = {w for w in re.findall(r"[a-z]{4,}", m.group("subj").lower()) if w not in _STOP_WORDS}
    hits = []
    for other in site.siblings:
        if other is site or other.field["type"] not in ("string", "enum"):
            continue
        lead = " ".join(clean(t) for t in other.texts).lower()
        if not subj or not (subj & set(re.findall(r"[a-z]{4,}", sentences(lead)[0] if lead else ""))):
            continue
        for value, lab in _labels_inline(other):
            if lab == label or lab.split(",")[0] == label:
                hits.append((other, value))
    if len(hits) != 1:
        return []
    holder, value = hits[0]
    when = {"path": holder.path, "equals": value}
    return [Mined("conditional", site.full, sentence, _rule("required", sentence, paths=[site.path], when=when), scope=site.scope)]


def _field_named(site: Site, phrase: str) -> Site | None:
    """The field (this one or a sibling) a phrase names: by its name ("ServiceGroupType",
    "flavor ID" for flavor_id) or as the first words of its text ("the flavor code")."""
    phrase = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.I)
    pool = [site] + [s for s in site.siblings if s is not site]
    squash = lambda x: re.sub(r"[^a-z0-9]", "", x.lower())
    by_name = [s for s in pool if squash(s.field["name"]) == squash(phrase)]
    if len(by_name) == 1:
        return by_name[0]
    by_text = []
    for s in pool:
        firsts = [sentences(clean(t))[0].lower() for t in s.texts if t and clean(t)]
        if any(first.startswith(phrase.lower()) for first in firsts):
            by_text.append(s)
    return by_text[0] if len(by_text) == 1 else None


def _either_in_words(site: Site, sentence: str) -> list[Mined]:
    """"Either the flavor ID or flavor code must be specified.", "Select either the service
    component name or ServiceGroupType in an API call": one of the two fields is required."""
    m = re.search(r"\b(?:[Ee]ither)\s+(?P<a>[A-Za-z][\w ]{1,40}?)\s+or\s+(?P<b>[A-Za-z][\w]*(?:\s+[a-z]\w*){0,3}?)\s+"
                  r"(?:must be (?:specified|set|provided|passed)|is required|in an API call)", sentence)
    if not m:
        return []
    a, b = _field_named(site, m.group("a")), _field_named(site, m.group("b"))
    if a is None or b is None or a is b or site not in (a, b):
        return []
    return [Mined("conditional", site.full, sentence, _rule("required_any", sentence, paths=sorted({a.path, b.path})), scope=site.scope)]


def _required_unless_words(site: Site, sentence: str) -> list[Mined]:
    """"Redis instance ID (mandatory if the source Redis address is not specified)." where one
    sibling is the address: one of the two is needed."""
    m = re.search(r"(?:mandatory|required|必填|必选)\s+(?:if|when|unless)\s+(?:the\s+)?(?P<words>[A-Za-z ]{3,40}?)\s+(?:is|are)\s+not\s+(?:specified|set|provided|given)", sentence, re.I)
    if not m:
        return []
    noun = m.group("words").split()[-1].lower()
    if len(noun) < 4:
        return []
    hits = []
    for other in site.siblings:
        if other is site:
            continue
        lead = next((clean(t) for t in other.texts if t), "")
        first = sentences(lead)[0].lower() if lead else ""
        if re.search(r"\b" + re.escape(noun) + r"(?:es|s)?\b", first):
            hits.append(other)
    if len(hits) != 1:
        return []
    paths = sorted({site.path, hits[0].path})
    return [Mined("conditional", site.full, sentence, _rule("required_any", sentence, paths=paths), scope=site.scope)]


def _cross(site: Site, sentence: str) -> list[Mined]:
    """Rules between this field and the siblings the sentence names."""
    out: list[Mined] = _pairs(site, sentence)
    if out:
        return out
    others = [s for s in site.siblings if s is not site and _name_re(s.field["name"]).search(sentence)]
    if not others:
        return out
    # One of them is needed (and, for "二选一" and "either … but not both", only one).
    anyof = _ANY_OF.search(sentence)
    if anyof:
        names = sorted({site.path} | {o.path for o in others})
        if len(names) >= 2:
            out.append(Mined("conditional", site.full, sentence, _rule("required_any", sentence, paths=names), scope=site.scope))
            if re.search(r"二选一|只能|but not both|only one", sentence, re.I):
                split = re.search(r"\bor\b|或者|或(?!\S*不)", sentence)
                groups = _exclusive_groups(site, others, sentence, split) if split else [[n] for n in names]
                if groups and len(groups) == 2 or not split:
                    out.append(Mined("exclusive", site.full, sentence, _rule("exclusive", sentence, groups=groups), scope=site.scope))
            return out
    # Exclusion.
    ex = _EXCLUSIVE.search(sentence)
    if ex:
        groups = _exclusive_groups(site, others, sentence, ex)
        if groups:
            rule = _rule("exclusive", sentence, groups=groups)
            out.append(Mined("exclusive", site.full, sentence, rule, scope=site.scope))
            return out
    for other in others:
        cond = _condition(sentence, other)
        if cond is None:
            continue
        when, how = cond
        # "当X为Y时，该参数必填" (this field); "当该参数为Y时，X必填" is read on the other side.
        rest = sentence
        if re.search(_REQUIRED_WORDS, rest, re.I) and not re.search(r"非必填|非必选|不必填|可选|optional|not required|不是必填|无需|不需要", rest, re.I):
            out.append(Mined("conditional", site.full, sentence, _rule("required", sentence, paths=[site.path], when=when), scope=site.scope))
        elif re.search(_ABSENT_WORDS, rest, re.I) and how in ("equals", "in", "present", "not_equals"):
            out.append(Mined("conditional", site.full, sentence, _rule("absent", sentence, paths=[site.path], when=when), scope=site.scope))
        elif re.search(_IGNORED_WORDS, rest, re.I) and how in ("equals", "in"):
            # "valid only when X is Y": it has no effect otherwise.
            flipped = {"path": when["path"], "not_equals": when["equals"]} if how == "equals" else {"path": when["path"], "not_in": when["in"]}
            out.append(Mined("conditional", site.full, sentence, _rule("ignored", sentence, paths=[site.path], when=flipped), scope=site.scope))
            # A block of settings that is the one read when X is Y ("Daily repetition rule,
            # effective when RepeatType is DAY") is needed then.
            if site.field["type"] == "object" and re.search(r"rule|settings?|configuration|policy|规则|配置|策略", sentence, re.I):
                out.append(Mined("conditional", site.full, sentence, _rule("required", sentence, paths=[site.path], when=when), scope=site.scope))
    # "When this parameter is Y, X is required": the condition is on this field.
    m = re.search(r"(?:当|若|如果|在)?\s*" + _SELF + r"\s*(?:取值|的值|值)?\s*(?:为|是|设置为|设为|is set to|is|=)\s*" + _COND_VALUE, sentence, re.I) \
        or re.search(r"(?:set|setting)\s+" + _SELF + r"\s+to\s+" + _COND_VALUE, sentence, re.I) \
        or re.search(r"(?:If|When|当|若|如果)\s*(?:the\s+)?" + _name_re(site.field["name"]).pattern + r"\s*(?:parameter\s+)?(?:is set to|is|为|设置为)\s*" + _COND_VALUE, sentence, re.I)
    if m:
        value = _value_for(site.field, m.group(1))
        self_when: dict | None = {"path": site.path, "equals": value} if value is not None else None
        # "is set to false or not set": anything but the other boolean.
        if value is not None and re.match(r"\s*(?:or (?:is )?not (?:set|specified)|or left empty|或不设置|或不填|或未设置)", sentence[m.end():], re.I):
            other_value = {True: False, False: True, "true": "false", "false": "true"}.get(value)
            self_when = {"path": site.path, "not_equals": other_value} if other_value is not None else None
        if self_when is not None:
            tail = sentence[m.end():]
            for other in others:
                if _name_re(other.field["name"]).search(tail) and re.search(_REQUIRED_WORDS, tail, re.I) and not re.search(r"可选|optional|not required", tail, re.I):
                    out.append(Mined("conditional", other.full, sentence,
                                     _rule("required", sentence, paths=[other.path], when=self_when), scope=site.scope))
    return out


_LATER = [
    (re.compile(r"(?:must|should|has to|needs to)\s+be\s+(?:no earlier than|not earlier than|later than or equal to|greater than or equal to|at least|≥|>=)|(?:cannot|can't|must not|may not|should not)\s+be\s+(?:earlier|less|smaller|lower) than|(?:不能|不可|不得|不应)\s*(?:早于|小于|低于)|(?:必须|需|须|应|要)?\s*(?:大于等于|大于或等于|晚于或等于|不早于|不小于|不低于)", re.I), "ge"),
    (re.compile(r"(?:must|should|has to|needs to)\s+be\s+(?:no later than|not later than|earlier than or equal to|less than or equal to|at most|≤|<=)|(?:cannot|can't|must not|may not|should not)\s+(?:be\s+)?(?:later|greater|larger|more|higher) than|(?:cannot|can't|must not|may not)\s+exceed|(?:不能|不可|不得|不应)\s*(?:晚于|大于|超过|高于)|(?:必须|需|须|应|要)?\s*(?:小于等于|小于或等于|早于或等于|不晚于|不大于|不超过|不高于)", re.I), "le"),
    (re.compile(r"(?:must|should|has to|needs to)\s+be\s+(?:later than|after|greater than|larger than|higher than)|(?:必须|需|须|应|要|需要)\s*(?:大于|晚于|高于)", re.I), "gt"),
    (re.compile(r"(?:must|should|has to|needs to)\s+be\s+(?:earlier than|before|less than|smaller than|lower than)|(?:必须|需|须|应|要|需要)\s*(?:小于|早于|低于)", re.I), "lt"),
]
_START_WORDS = re.compile(r"开始时间|起始时间|开始日期|起始日期|start(?:ing)? time|begin(?:ning)? time|start date|the start|起始", re.I)
_END_WORDS = re.compile(r"结束时间|截止时间|终止时间|结束日期|end(?:ing)? time|end date|the end|结束", re.I)
_SPAN = re.compile(
    r"(?:跨度|间隔|时间范围|查询范围|时间区间|区间|相差|之差|时间段|时长)\s*(?:不(?:能|可|得|可以)?(?:超过|大于)|最(?:大|长|多)(?:为|是|支持)?|须?在|小于等于|≤)\s*" + N + r"\s*(天|日|小时|分钟|秒|周|个月)"
    r"|(?:interval|time range|time span|span|period|difference|range)\s+(?:between [^.]{1,80}?\s+)?(?:(?:cannot|can't|must not|may not|should not|can not)\s+(?:exceed|be (?:longer|more|greater) than)|must be (?:no|not) (?:more|longer) than|must be at most|is at most)\s+" + N + r"\s*(days?|hours?|minutes?|seconds?|weeks?)"
    r"|(?:maximum|max) (?:time )?(?:range|span|interval) (?:is|of)\s+" + N + r"\s*(days?|hours?|minutes?|seconds?|weeks?)"
    r"|within\s+(?:the (?:last|past)\s+)?" + N + r"\s*(days?|hours?)\s+(?:of|after|from)",
    re.I)


def _time_like(site: Site) -> bool:
    return site.field["type"] in ("string", "integer", "number") and re.search(r"time|date|Time|Date|_at$|At$|timestamp|begin|start|end", site.field["name"]) is not None


def _pair(site: Site) -> tuple[Site, Site] | None:
    starts = [s for s in site.siblings if _time_like(s) and re.search(r"^(?:start|begin|from)|start|begin", s.field["name"], re.I)]
    ends = [s for s in site.siblings if _time_like(s) and re.search(r"^(?:end|stop|finish|to)|end", s.field["name"], re.I)]
    if len(starts) == 1 and len(ends) == 1 and starts[0] is not ends[0]:
        return starts[0], ends[0]
    return None


def _max_names(name: str) -> set[str]:
    """The names of the maximum that goes with a minimum (`MinSize` → `MaxSize`, `pod_min` →
    `pod_max`, `minimum_count` → `maximum_count`); none for other names."""
    swap = {"min": "max", "Min": "Max", "MIN": "MAX", "minimum": "maximum", "Minimum": "Maximum"}
    m = re.match(r"^(minimum|Minimum|min|Min|MIN)(_?)([A-Za-z0-9]\w*)$", name)
    if m and (m.group(2) or m.group(3)[0].isupper()):
        return {swap[m.group(1)] + m.group(2) + m.group(3)}
    m = re.match(r"^(\w*?[A-Za-z0-9])(_?)(minimum|Minimum|min|Min|MIN)$", name)
    if m and (m.group(2) or m.group(3)[0].isupper()):
        return {m.group(1) + m.group(2) + swap[m.group(3)]}
    return set()



def _implied_pairs(sites: list[Site], found: list[Mined]) -> list[Mined]:
    """Pairs whose names say which is the smaller: `MinSize`/`MaxSize` (the least may not exceed
    the most) and a start/end time pair (an end does not come before its start). Quoted by the
    first sentence of the text of the field the rule is on; skipped where the text already
    compares or spans them."""
    compared = {frozenset((m.rule.get("path"), m.rule.get("other"))) for m in found if m.rule and m.rule["check"] == "compare"}
    compared |= {frozenset((m.rule.get("from"), m.rule.get("to"))) for m in found if m.rule and m.rule["check"] == "span"}
    out: list[Mined] = []
    seen: set = set()
    for site in sites:
        pairs = []
        name = site.field["name"]
        want = _max_names(name)
        if want and site.field["type"] in ("integer", "number"):
            hi = [s for s in site.siblings if s.field["name"] in want and s.field["type"] in ("integer", "number")]
            if len(hi) == 1:
                pairs.append((site, hi[0], "le"))
        pair = _pair(site)
        if pair and site is pair[1] and pair[0].field["type"] == site.field["type"] and site.field["type"] == "string":
            pairs.append((site, pair[0], "ge"))
        for a, b, op in pairs:
            key = frozenset((a.path, b.path))
            if key in compared or key in seen:
                continue
            seen.add(key)
            text = next((clean(t) for t in a.texts if t and clean(t)), "")
            sentence = sentences(text)[0] if text else ""
            if not sentence:
                continue
            rule = _rule("compare", sentence, path=a.path, op=op, other=b.path)
            # The sentence names the field; the order itself is read from the pair's names.
            rule["source"] = f"{SOURCE}, the order implied by the names {b.field['name']} and {a.field['name']}" if op == "ge" \
                else f"{SOURCE}, the order implied by the names {a.field['name']} and {b.field['name']}"
            out.append(Mined("between", a.full, sentence, rule, scope=a.scope))
    return out


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8, "twelve": 12}
_EXACT_SPAN = re.compile(r"(?:the )?end time is (?P<n>\d+|one|two|three|four|five|six|eight|twelve) (?P<unit>hours?|minutes?|days?) later than the start time"
                         r"|结束时间(?:比|较)开始时间晚\s*(?P<n2>\d+)\s*(?P<unit2>小时|分钟|天)", re.I)


def _between(site: Site, sentence: str) -> list[Mined]:
    out: list[Mined] = []
    pair = _pair(site)
    exact = _EXACT_SPAN.search(sentence)
    if exact and pair and site in pair:
        n = exact.group("n") or exact.group("n2")
        n = _NUMBER_WORDS.get(n.lower(), None) if not n.isdigit() else int(n)
        unit = (exact.group("unit") or exact.group("unit2")).lower().rstrip("s")
        seconds = {"hour": 3600, "小时": 3600, "minute": 60, "分钟": 60, "day": 86400, "天": 86400}[unit] * n
        start, end = pair
        rule = _rule("span", sentence, **{"from": start.path, "to": end.path, "min": seconds, "max": seconds})
        return [Mined("between", site.full, sentence, rule, scope=site.scope)]
    m = _SPAN.search(sentence)
    if m and pair and site in pair:
        g = [x for x in m.groups() if x is not None]
        n, unit = _f(g[0]), g[1]
        scale = _unit_scale(unit.rstrip("s") if unit.endswith("s") and unit.lower() not in ("ms",) else unit) or _unit_scale(unit)
        if unit in ("个月",):
            scale = ("time", 31 * 86400)
        if scale and scale[0] == "time":
            start, end = pair
            # In seconds whatever the times are written in (the engine reads Unix times in
            # milliseconds as such).
            seconds = n * scale[1]
            rule = _rule("span", sentence, **{"from": start.path, "to": end.path, "max": _num(seconds)})
            out.append(Mined("between", site.full, sentence, rule, scope=site.scope))
    # Comparisons: "must be later than StartTime", "结束时间必须大于开始时间", "不能大于MaxCount".
    others = [s for s in site.siblings if s is not site and _name_re(s.field["name"]).search(sentence)]
    target = None
    if len(others) == 1:
        target = others[0]
    elif not others and pair and site in pair:
        start, end = pair
        if site is end and _START_WORDS.search(sentence):
            target = start
        elif site is start and _END_WORDS.search(sentence):
            target = end
    if target is not None and target.field["type"] == site.field["type"] and site.field["type"] in ("string", "integer", "number"):
        if site.field["type"] == "string" and not (_time_like(site) and _time_like(target)):
            return out
        for pat, op in _LATER:
            mm = pat.search(sentence)
            if mm:
                # The comparison must come right before the other field's name or its words.
                after = sentence[mm.end():mm.end() + 40]
                if _name_re(target.field["name"]).search(after) or (_START_WORDS.search(after) if target is not site else None) or _END_WORDS.search(after):
                    rule = _rule("compare", sentence, path=site.path, op=op, other=target.path)
                    out.append(Mined("between", site.full, sentence, rule, scope=site.scope))
                break
    return out


# --- limit-looking sentences the miner could not read --------------------------------------------

_LIMITISH = [
    re.compile(r"\d+\s*(?:个)?(?:字符|字节|characters?|bytes)|长度|\blength\b", re.I),
    re.compile(r"取值范围|可选值|枚举值|有效值|\bvalid values\b|\bvalue range\b|\benumerated values\b", re.I),
    re.compile(r"不能同时|不可同时|\btogether\b|mutually exclusive|二选一", re.I),
    re.compile(r"(?:当|若|如果|\bwhen\b|\bif\b).{0,60}(?:必填|必选|必传|\brequired\b|\bmandatory\b)", re.I),
    re.compile(r"(?:只能|仅能|\bcan only\b|\bcan contain only\b|\bmust (?:start|begin)\b|\bcannot (?:start|begin|contain|end)\b|开头|结尾)", re.I),
    re.compile(r"(?:格式|\bformat\b)\s*(?:为|是|:|：|\bis\b)", re.I),
    re.compile(r"(?:上限|最多|最大|最小|不超过|不能超过|至少|\bup to\b|\bat most\b|\bat least\b|\bmaximum\b|\bminimum\b|\bcannot exceed\b)\s*(?:为|是|值|:|：|is|of)?\s*\d", re.I),
]


def _limitish(sentence: str) -> bool:
    return any(p.search(sentence) for p in _LIMITISH)


# --- precision: documented values ---------------------------------------------------------------


def is_mask(value) -> bool:
    """A documented value that hides a secret ("****"): no value at all."""
    return isinstance(value, str) and len(value) >= 3 and set(value) <= {"*"}


def _lists_the_values(rule: dict, value) -> bool:
    """A field "example" that is the list of allowed values itself ("CDC/CHC/STANDARD")."""
    if rule["check"] != "one_of" or not isinstance(value, str):
        return False
    parts = [x for x in re.split(r"\s*[/|,，、]\s*", value) if x]
    return len(parts) >= 2 and all(x in [str(v) for v in rule["values"]] for x in parts)


def _documented(site: Site) -> list:
    f = site.field
    out = []
    import os
    keys = ("default",) if os.environ.get("MINER_FIELD_EXAMPLES") == "0" else ("example", "default")
    for key in keys:
        if key in f:
            out.append(f[key])
    return out


def check_value(rule: dict, value) -> bool:
    """Whether `value` keeps a single-field rule (the Python twin of the engine, for the
    miner's own precision check; the catalog check runs the real engine)."""
    check = rule["check"]
    if isinstance(value, list) and check != "items":
        return all(check_value(rule, v) for v in value)
    if check == "items":
        if not isinstance(value, list):
            return True
        return rule.get("min", 0) <= len(value) <= rule.get("max", 10**9)
    if check == "range":
        # A number written as text counts too (the engine reads it so).
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*", value):
            value = float(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return True
        return rule.get("min", -1e300) <= value <= rule.get("max", 1e300)
    if check == "one_of":
        return value in rule["values"]
    if not isinstance(value, str):
        return True
    if check == "length":
        return rule.get("min", 0) <= len(value) <= rule.get("max", 10**9)
    if check == "chars":
        return _chars_ok(rule, value)
    if check == "forbidden":
        v = value.lower() if rule.get("ignore_case") else value
        fold = (lambda s: s.lower()) if rule.get("ignore_case") else (lambda s: s)
        return not (any(v.startswith(fold(p)) for p in rule.get("prefixes", []))
                    or any(v.endswith(fold(p)) for p in rule.get("suffixes", []))
                    or any(fold(p) in v for p in rule.get("substrings", [])))
    if check == "format":
        return format_ok(rule["format"], value)
    return True


def _in_class(c: str, cls) -> bool:
    if isinstance(cls, dict):
        return c in cls["literal"]
    return {"letter": c.isascii() and c.isalpha(), "upper": c.isascii() and c.isupper(), "lower": c.isascii() and c.islower(),
            "digit": c.isascii() and c.isdigit(), "chinese": "\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"}.get(cls, False)


def _chars_ok(rule: dict, value: str) -> bool:
    if rule.get("first") and value and not any(_in_class(value[0], k) for k in rule["first"]):
        return False
    if rule.get("allowed") and not all(any(_in_class(c, k) for k in rule["allowed"]) for c in value):
        return False
    if rule.get("require"):
        have = sum(1 for k in rule["require"] if any(_in_class(c, k) for c in value))
        if have < rule.get("require_at_least", len(rule["require"])):
            return False
    return True


def format_ok(fmt: str, value: str) -> bool:
    import ipaddress
    try:
        if fmt == "ipv4":
            ipaddress.IPv4Address(value)
            return True
        if fmt == "ipv6":
            ipaddress.IPv6Address(value)
            return True
        if fmt == "ip":
            ipaddress.ip_address(value)
            return True
        if fmt == "cidr":
            ipaddress.ip_network(value, strict=False)
            return "/" in value
    except ValueError:
        return False
    if fmt == "unix-ms":
        return re.fullmatch(r"\d{12,14}", value) is not None
    if fmt == "gmt-offset":
        m = re.fullmatch(r"GMT[+-](\d\d):([0-5]\d)", value)
        return m is not None and (int(m.group(1)) < 12 or m.group(0)[4:] == "12:00")
    if fmt.startswith("prefix:"):
        return value.startswith(fmt[len("prefix:"):]) and len(value) > len(fmt) - len("prefix:")
    if fmt == "uuid":
        return re.fullmatch(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", value) is not None
    if fmt == "base64":
        return len(value) % 4 == 0 and re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", value) is not None and value != ""
    if fmt == "email":
        return re.fullmatch(r"[!-?A-~]+@[!-?A-~]+\.[!-?A-~]+", value) is not None
    if fmt == "date-time":
        return re.fullmatch(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d)", value) is not None
    if fmt == "iso8601":
        return re.fullmatch(r"\d{4}-\d\d-\d\d(?:[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[Zz]|[+-]\d\d:?\d\d)?)?", value) is not None
    # a pattern
    regex = ""
    rest = fmt
    tokens = {"yyyy": r"\d{4}", "SSS": r"\d{3}", "MM": r"(?:0[1-9]|1[0-2])", "dd": r"(?:0[1-9]|[12]\d|3[01])", "HH": r"(?:[01]\d|2[0-3])", "mm": r"[0-5]\d", "ss": r"(?:[0-5]\d|60)"}
    while rest:
        for tok, rx in tokens.items():
            if rest.startswith(tok):
                regex += rx
                rest = rest[len(tok):]
                break
        else:
            regex += re.escape(rest[0])
            rest = rest[1:]
    return re.fullmatch(regex, value) is not None


# --- reviewer decisions -------------------------------------------------------------------------

_decisions: list[dict] | None = None


def decisions() -> list[dict]:
    global _decisions
    if _decisions is None:
        _decisions = json.loads(DECISIONS.read_text(encoding="utf-8"))["decisions"] if DECISIONS.exists() else []
    return _decisions


def _decided(operation: str, m: Mined) -> dict | None:
    for d in decisions():
        if d["operation"] in (operation, "*") and d.get("path", m.path) == m.path and d.get("kind", m.kind) == m.kind \
                and d.get("text", "") in m.quote:
            return d
    return None


# --- the pass over one operation ----------------------------------------------------------------


@dataclass
class Result:
    mined: list[Mined]

    def counts(self) -> dict:
        out: dict = {}
        for m in self.mined:
            out[m.state] = out.get(m.state, 0) + 1
        return out


def mine_operation(op: dict, operation: str, example_values: list[dict] | None = None,
                   stated_elsewhere: frozenset[str] = frozenset()) -> Result:
    """Mines every field of `op` (in place: rules are added to the scopes they belong to) and
    returns what it found, for the ledger. `_also` keys (more texts about a field, e.g. the
    other language) are read and removed. `example_values`: the documented requests' values,
    which no rule may reject. `stated_elsewhere`: field paths whose rules a hand-written overlay
    states; what the text says about them is superseded by the overlay (kept in the ledger as
    checked, with no rule of its own)."""
    scope_top = op.setdefault("rules", [])
    sites: list[Site] = []
    _sites(op.get("fields", []), scope_top, "", "", None, sites)
    found: list[Mined] = []
    for site in sites:
        used: set[str] = set()
        unit = None
        for t in site.texts:
            unit = unit or field_unit(clean(t))
        for text in site.texts:
            plain = clean(text)
            for sentence in sentences(plain):
                got: list[Mined] = []
                for detect in (_length, _items):
                    m = detect(site, sentence)
                    if m:
                        got.append(m)
                m = _range(site, sentence, unit)
                if m:
                    got.append(m)
                pw = _password(site, sentence)
                if pw:
                    got.append(pw)
                    extra = _password_allowed(pw)
                    if extra:
                        got.append(extra)
                    got.extend(m for m in _chars(site, sentence) if m.rule and m.rule["check"] == "forbidden")
                else:
                    got.extend(_chars(site, sentence))
                case_values = _case_values(site, sentence)
                if case_values:
                    got.append(case_values)
                got.extend(_cross(site, sentence) or _required_in_a_case_in_words(site, sentence) or _required_unless_words(site, sentence)
                           or _either_in_words(site, sentence))
                alone = _required_alone(site, sentence)
                if alone:
                    got.append(alone)
                got.extend(_between(site, sentence))
                for g in got:
                    key = json.dumps(g.rule, sort_keys=True, ensure_ascii=False) if g.rule else g.quote
                    key = re.sub(r'"quote": "[^"]*"', "", key)
                    if key not in used:
                        used.add(key)
                        found.append(g)
                if not got and _limitish(sentence):
                    found.append(Mined(_guess_kind(sentence), site.full, sentence, None, "open", "no typed rule read from it"))
            e = _enum(site, plain)
            if e:
                key = json.dumps(e.rule, sort_keys=True, ensure_ascii=False) if e.rule else e.quote
                key = re.sub(r'"quote": "[^"]*"', "", key)
                if key not in used:
                    used.add(key)
                    found.append(e)
            for fm in _format(site, plain):
                key = json.dumps({"f": fm.rule["format"], "p": fm.rule["path"]})
                if key not in used:
                    used.add(key)
                    found.append(fm)
        _dedupe_open(found, site)
        found.extend(_bounds_of_every_case(site, found))
    found.extend(_implied_pairs(sites, found))
    for m in found:
        if m.state in ("checked", "open") and m.path in stated_elsewhere:
            m.state, m.reason, m.rule = "checked", "the curated overlay states this field's rules", None
    _settle(found, sites, op, operation, example_values or [])
    # Rules go into their scopes; scopes left empty disappear.
    for m in found:
        if m.state == "checked" and m.rule is not None and m.scope is not None:
            if not any(_same_rule(m.rule, r) for r in m.scope):
                m.scope.append(m.rule)
    _prune_empty_rules(op)
    return Result(found)


def _bounds_of_every_case(site: Site, found: list[Mined]) -> list[Mined]:
    """Bounds stated per case that no field names ("for Windows instances: 2 to 15 … for other
    types: 2 to 60"): where the cases include "other", the loosest bounds hold in every case and
    are checked."""
    out = []
    for check in ("length", "range"):
        cases = [m for m in found if m.path == site.full and m.state == "rejected" and m.reason == OTHER_CASE_REASON
                 and m.rule and m.rule["check"] == check and "when" not in m.rule]
        if len(cases) < 2 or not any(re.search(r"\bother|其他|其它|其余", m.quote, re.I) for m in cases):
            continue
        los = [m.rule.get("min") for m in cases]
        his = [m.rule.get("max") for m in cases]
        keys = {}
        if all(x is not None for x in los):
            keys["min"] = min(los)
        if all(x is not None for x in his):
            keys["max"] = max(his)
        if keys:
            quote = " ".join(m.quote for m in cases)
            mined = Mined(cases[0].kind, site.full, quote, _rule(check, quote, path=site.path, **keys), scope=site.scope)
            mined.reason = "the loosest of the bounds stated per case, which hold in every case"
            out.append(mined)
    return out


def _guess_kind(sentence: str) -> str:
    for kind, pat in (("length", r"长度|字符|characters|length"), ("enum", r"取值|可选|valid values|value range"),
                      ("format", r"格式|format"), ("exclusive", r"同时|together|exclusive"), ("conditional", r"必填|必选|required|mandatory"),
                      ("chars", r"开头|只能|only|start")):
        if re.search(pat, sentence, re.I):
            return kind
    return "range"


_BARE_LEAD_IN = re.compile(r"[-•*]?\s*(?:取值范围|取值如下|可选值|枚举值|取值|valid values?|value range|options|values|enumerated values?)\s*[:：]?", re.I)


def _dedupe_open(found: list[Mined], site: Site) -> None:
    """An open sentence that another finding on the same field already quotes is not open."""
    quoted = [m.quote for m in found if m.path == site.full and m.state != "open"]
    # A lead-in ("Valid values:", "取值范围：") whose list another finding read is no open limit.
    found[:] = [m for m in found
                if not (m.state == "open" and m.path == site.full and any(m.quote == q or m.quote.strip() in q for q in quoted))]
    # A bare lead-in of the other language's copy of a list already read (or structured).
    listed = bool(site.field.get("values")) or any(m.path == site.full and m.kind == "enum" and m.state != "open" for m in found)
    if listed:
        found[:] = [m for m in found if not (m.state == "open" and m.path == site.full and _BARE_LEAD_IN.fullmatch(m.quote.strip()))]


def _same_rule(a: dict, b: dict) -> bool:
    strip = lambda r: {k: v for k, v in r.items() if k not in ("quote", "source", "severity")}
    return strip(a) == strip(b)


def _settle(found: list[Mined], sites: list[Site], op: dict, operation: str, example_values: list[dict]) -> None:
    """Rejects what a structured limit already states, what a documented value contradicts and
    what a reviewer rejected; makes reviewer-confirmed rules errors."""
    by_path = {s.full: s for s in sites}
    for m in found:
        if m.state != "checked" or m.rule is None:
            continue
        site = by_path.get(m.path)
        rule = m.rule
        check = rule["check"]
        f = site.field if site else {}
        # A structured limit of the field (the metadata, an SDK): the same bounds are checked
        # already; where the text is stricter, its reading is checked too, as a warning, and the
        # field's note says which source said what.
        keys = {"length": ("min_length", "max_length"), "range": ("min", "max"), "items": ("min_items", "max_items")}.get(check)
        if keys and (keys[0] in f or keys[1] in f):
            lo, hi = f.get(keys[0]), f.get(keys[1])
            text_lo, text_hi = rule.get("min"), rule.get("max")
            stricter = (text_lo is not None and (lo is None or text_lo > lo)) or (text_hi is not None and (hi is None or text_hi < hi))
            unit = {"length": " characters", "items": " items", "range": ""}[check]
            if (lo, hi) == (text_lo, text_hi):
                m.state, m.reason, m.rule = "checked", "a structured limit of the field states the same", None
                continue
            structured = _bounds({"min": lo, "max": hi})
            if stricter:
                f["note"] = _join_note(f.get("note"), f"The sources disagree: the description says {_bounds(rule)}{unit}, the structured "
                                       f"limit {structured}{unit}; both are checked, the description's as a warning.")
                m.reason = "stricter than the structured limit, which is checked too"
            else:
                f["note"] = _join_note(f.get("note"), f"The description says {_bounds(rule)}{unit}; the structured limit "
                                       f"({structured}{unit}) is stricter and is checked.")
                m.state, m.reason, m.rule = "checked", "a stricter structured limit of the field is checked", None
                continue
        if check == "one_of" and f.get("type") == "enum":
            continue
        # No rule may reject a documented value.
        if check in ("length", "chars", "forbidden", "format", "one_of", "range", "items") and site is not None:
            if rule.get("when"):
                # A limit under a condition is judged by the example requests in which the
                # condition holds; a documented value on its own says nothing of the condition.
                bad = [v for sc in _example_scopes(example_values, site) if _when_holds(rule["when"], sc)
                       for v in [_scope_get(sc, rule["path"])] if v is not None and not check_value(rule, v) and not is_mask(v)]
            else:
                bad = [v for v in _documented(site) if not check_value(rule, v) and not _lists_the_values(rule, v) and not is_mask(v)]
                bad += [v for v in _example_values(example_values, site) if not check_value(rule, v) and not is_mask(v)]
            if bad:
                shown = json.dumps(bad[0], ensure_ascii=False)[:60]
                m.state, m.reason = "rejected", f"the documented value {shown} breaks it"
                f["note"] = _join_note(f.get("note"), f"The description states a limit ({_rule_words(rule)}) that the documented value {shown} breaks, so it is not checked.")
                continue
        if check in ("exclusive", "required", "absent", "compare") and site is not None:
            scopes = _example_scopes(example_values, site)
            if any(not scope_rule_ok(rule, sc) for sc in scopes):
                m.state, m.reason = "rejected", "a documented example request breaks it"
                continue
        d = _decided(operation, m)
        if d:
            if d["decision"] == "reject":
                m.state, m.reason = "rejected", f"reviewed: {d['reason']}"
            elif d["decision"] == "error":
                rule["severity"] = "error"
                rule["source"] = f"{SOURCE}, reviewed"
                m.reason = f"reviewed: {d['reason']}"


def _rule_words(rule: dict) -> str:
    check = rule["check"]
    if check in ("length", "items", "range"):
        unit = {"length": " characters", "items": " items", "range": ""}[check]
        return _bounds(rule) + unit
    if check == "one_of":
        return "one of " + ", ".join(map(str, rule["values"]))
    if check == "format":
        return f"written {rule['format']}"
    return "its characters"


def _bounds(r: dict) -> str:
    lo, hi = r.get("min"), r.get("max")
    if lo is not None and hi is not None:
        return f"{lo} to {hi}"
    return f"at least {lo}" if lo is not None else f"at most {hi}"


def example_values(examples: list[dict]) -> list[dict]:
    """The values documented example requests send: their JSON body and their query string
    (RPC flattening `Tag.1.Key` read back into lists)."""
    out = []
    for ex in examples:
        values: dict = {}
        query = urllib.parse.urlsplit(ex.get("url", "")).query
        for key, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
            _put_flat(values, key.split("."), value)
        if isinstance(ex.get("body"), dict):
            values.update(ex["body"])
        out.append(values)
    return out


def _put_flat(node, parts: list[str], value) -> None:
    head, rest = parts[0], parts[1:]
    if not isinstance(node, dict):
        return
    if not rest:
        node[head] = value
        return
    if rest[0].isdigit():
        items = node.setdefault(head, [])
        if not isinstance(items, list):
            return
        i = int(rest[0]) - 1
        while len(items) <= i:
            items.append({} if len(rest) > 1 else None)
        if len(rest) == 1:
            items[i] = value
        else:
            if not isinstance(items[i], dict):
                items[i] = {}
            _put_flat(items[i], rest[1:], value) if len(rest) > 2 else items[i].__setitem__(rest[1], value)
    else:
        child = node.setdefault(head, {})
        _put_flat(child, rest, value)


def _coerce(site: Site, value):
    """A query-string text as the field's type (examples' URLs carry numbers as text)."""
    ty = site.field["type"]
    if isinstance(value, str) and ty in ("integer", "number"):
        try:
            return _num(float(value))
        except ValueError:
            return value
    if isinstance(value, str) and ty == "boolean" and value in ("true", "false"):
        return value == "true"
    return value


def _scope_get(scope: dict, path: str):
    node = scope
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _when_holds(when: dict, scope: dict) -> bool:
    """Whether a rule's condition holds for the values of a scope (as the engine reads it)."""
    v = _scope_get(scope, when["path"])
    if "equals" in when and v != when["equals"] and str(v) != str(when["equals"]):
        return False
    if "not_equals" in when and (v == when["not_equals"] or str(v) == str(when["not_equals"])):
        return False
    if "present" in when and (v is not None) != when["present"]:
        return False
    if "in" in when and v not in when["in"]:
        return False
    if "not_in" in when and v in when["not_in"]:
        return False
    return True


def scope_rule_ok(rule: dict, scope: dict) -> bool:
    """Whether the values of a scope (the request, or one list item) keep a rule between
    fields (the Python twin of the engine, for the miner's precision check)."""
    def get(path):
        return _scope_get(scope, path)
    when = rule.get("when")
    if when and not _when_holds(when, scope):
        return True
    check = rule["check"]
    if check == "exclusive":
        used = [g for g in rule["groups"] if any(get(p) is not None for p in g)]
        return len(used) <= 1
    if check == "required":
        return all(get(p) is not None for p in rule["paths"])
    if check == "absent":
        return all(get(p) is None for p in rule["paths"])
    if check == "compare":
        a, b = get(rule["path"]), get(rule["other"])
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
            return {"lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[rule["op"]]
        if isinstance(a, str) and isinstance(b, str) and len(a) == len(b):
            return {"lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[rule["op"]]
    return True


def _example_values(example_values: list[dict], site: Site) -> list:
    """The values documented requests give this field (through objects and list items)."""
    parts = site.full.replace("[]", ".[]").split(".")
    out = []

    def walk(node, i):
        if i == len(parts):
            out.append(node)
            return
        p = parts[i]
        if p == "[]":
            if isinstance(node, list):
                for x in node:
                    walk(x, i + 1)
            return
        if isinstance(node, dict) and p in node:
            walk(node[p], i + 1)

    for values in example_values:
        walk(values, 0)
    return [_coerce(site, v) for v in out if v is not None]


def _example_scopes(example_values: list[dict], site: Site) -> list[dict]:
    """The objects of the examples a rule of this field's scope reads: the request, or each
    item of the list the field sits in."""
    if site.in_list is None:
        return [v for v in example_values if isinstance(v, dict)]
    items = _example_values(example_values, site.in_list)
    return [x for lst in items if isinstance(lst, list) for x in lst if isinstance(x, dict)]


def _prune_empty_rules(op: dict) -> None:
    if not op.get("rules"):
        op.pop("rules", None)

    def walk(fields):
        for f in fields:
            if "rules" in f and not f["rules"]:
                del f["rules"]
            walk(f.get("fields", []))
            if f.get("items"):
                walk(f["items"].get("fields", []))

    walk(op.get("fields", []))


def ledger_entries(result: Result, operation: str) -> list[dict]:
    return [m.ledger(operation) for m in result.mined]


def place_rules(op: dict) -> None:
    """Puts an operation's `rules` right after its `fields` (where the other adapters write them)."""
    if "rules" not in op or "fields" not in op:
        return
    rules = op.pop("rules")
    items = list(op.items())
    op.clear()
    for k, v in items:
        op[k] = v
        if k == "fields":
            op["rules"] = rules


def _rules_by_scope(op: dict) -> dict[str, list[dict]]:
    """An operation's rules keyed by scope: "" for the request, "<list path>[]." for a list's items."""
    out: dict[str, list[dict]] = {"": list(op.get("rules", []))}

    def walk(fields, prefix):
        for f in fields:
            path = prefix + f["name"]
            if f.get("rules"):
                out.setdefault(path + "[].", []).extend(f["rules"])
            walk(f.get("fields", []), path + ".")
            if f.get("items"):
                walk(f["items"].get("fields", []), path + "[].")

    walk(op.get("fields", []), "")
    return out


def confirm(result: Result, other: dict, source: str) -> int:
    """Makes errors of the mined rules that `other` (the same API documented by another cloud)
    also states; returns how many."""
    theirs = _rules_by_scope(other)
    n = 0
    for m in result.mined:
        if m.state != "checked" or m.rule is None:
            continue
        scope = m.path[: m.path.rfind("[].") + 3] if "[]." in m.path else ""
        if any(_same_rule(m.rule, r) for r in theirs.get(scope, [])):
            m.rule["severity"] = "error"
            m.rule["source"] = source
            m.reason = "confirmed: both clouds' documentation states it"
            n += 1
    return n
