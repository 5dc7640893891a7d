"""The prose miner: numeric limits that descriptions state in words (Chinese or English).

It only proposes. A proposal becomes an error rule when someone reads it and writes an
overlay; the adapters may also emit it as a *warning* whose source says it comes from the doc
text. Every proposal keeps the sentence it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUM = r"(-?\d+(?:\.\d+)?)"
# A number that may group thousands with commas (86,400); only where a comma cannot be a list
# separator or the middle of a bracketed pair.
NUMK = r"(-?\d{1,3}(?:,\d{3})+(?![\d.])|-?\d+(?:\.\d+)?)"
# Not a bound when multiplied by something ("250*CPU核心数").
NOT_PRODUCT = r"(?!\d|\.\d|\s*[*×])"
KEY = r"(?:取值范围|合法范围|有效范围|范围|取值|长度为|长度|value range|valid range|valid values?|range|length|between)"

_RANGE = [
    # Bracketed pair: 合法范围[1,100] / 长度[1-256] / Value range: [10, 100] / range is (0, 1]
    re.compile(KEY + r"\s*(?:是|为|:|：|is|are)?\s*[\[【(（]\s*" + NUM + r"\s*(?:,|，|~|～|-|–|—)\s*" + NUM + NOT_PRODUCT + r"\s*[\]】)）]", re.I),
    # Written range: 取值范围：1~500 / 范围1-100 / Value range: 1–100 / Valid values: 1 to 500 /
    # between 1 and 100. A comma never separates here: "Valid values: 1, 2, 3" lists values.
    re.compile(KEY + r"s?\s*(?:是|为|:|：|is|are)?\s*(?:(?:positive |non-negative )?integers? (?:from|between) |from |(?:is |are )?(?:both )?in the range of )?" + NUMK + r"\s*(?:~|～|-|–|—|到|至|to|and)\s*" + NUMK + NOT_PRODUCT, re.I),
]
_MAX = re.compile(r"(?:最大值?(?:为|是|:|：)?|不(?:能)?超过|不大于|小于等于|最多(?:为|是|支持|可|返回|查询|显示|可以)?|maximum(?: value)?(?: of this parameter)?(?: is|:)?|at most|up to|no more than|cannot exceed|not exceed|cannot be greater than|can't be greater than|must not be greater than|must be less than or equal to)\s*" + NUMK + NOT_PRODUCT, re.I)
_MIN = re.compile(r"(?:最小值?(?:为|是|:|：)?|不(?:能)?小于|不低于|大于等于|至少|minimum(?: value)?(?: of this parameter)?(?: is|:)?|at least|no less than|cannot be less than|can't be less than|must not be less than|must be greater than or equal to|must be at least)\s*" + NUMK + NOT_PRODUCT, re.I)
# A sentence about a relation between values (a difference, an interval) limits no single field.
_RELATION = re.compile(r"difference|之差|差值|相差|间隔|interval between", re.I)
_LENGTH_HINT = re.compile(r"字符|字节|长度|characters?|length|bytes?", re.I)
_ITEMS_HINT = re.compile(r"个数|最多支持|items|entries|elements", re.I)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Limit:
    minimum: float | None
    maximum: float | None
    about: str  # value | length | items: what the sentence seems to limit
    text: str  # the sentence it came from

    def as_values(self) -> dict:
        out = {}
        if self.minimum is not None:
            out["min"] = _number(self.minimum)
        if self.maximum is not None:
            out["max"] = _number(self.maximum)
        out["about"] = self.about
        return out


def _number(x: float):
    return int(x) if float(x).is_integer() else x


def _float(text: str) -> float:
    return float(text.replace(",", ""))


def _sentences(text: str) -> list[str]:
    plain = _TAG.sub(" ", text or "").replace("&nbsp;", " ")
    parts = re.split(r"(?<=[。；;\n])|(?<=\.)\s+", plain)
    return [" ".join(p.split()) for p in parts if p and p.strip()]


def mine(text: str) -> list[Limit]:
    """Limits stated in `text`, at most one per sentence, in order."""
    found: list[Limit] = []
    for sentence in _sentences(text):
        if _RELATION.search(sentence):
            continue
        lo = hi = None
        m = next((r.search(sentence) for r in _RANGE if r.search(sentence)), None)
        if m:
            lo, hi = _float(m.group(1)), _float(m.group(2))
            if lo > hi:
                continue
        else:
            mx, mn = _MAX.search(sentence), _MIN.search(sentence)
            if not mx and not mn:
                continue
            hi = _float(mx.group(1)) if mx else None
            lo = _float(mn.group(1)) if mn else None
            if lo is not None and hi is not None and lo > hi:
                continue
        if _LENGTH_HINT.search(sentence):
            about = "length"
        elif _ITEMS_HINT.search(sentence):
            about = "items"
        else:
            about = "value"
        excerpt = sentence if len(sentence) <= 200 else sentence[:197] + "…"
        found.append(Limit(lo, hi, about, excerpt))
        break
    return found
