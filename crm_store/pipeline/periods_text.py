"""Periods as people write them — 今月, 今年度, 上期, Q3, 2027年1月, 12月から2月, "last year" — → `PeriodSpec`.

Each expression read leaves a "period" mention (its span), so the coverage check knows which words
the period used. `periods.py` turns the spec into dates.
"""

from __future__ import annotations

import re
from datetime import date
from collections.abc import Callable
from typing import TYPE_CHECKING

from crm_store.pipeline.periods import fiscal_year_start, month_range
from crm_store.pipeline.query import PeriodSpec

if TYPE_CHECKING:
    from crm_store.pipeline.parser import Mention

_RELATIVE = (
    (
        "until_fiscal_year_end",
        re.compile(
            r"(?:今期|年度|期)末まで|by (?:the )?end of (?:the )?(?:fiscal year|fy)"
            r"|until (?:the )?(?:fiscal year|fy) end|by (?:fiscal year|fy) end"
        ),
    ),
    ("next_quarter", re.compile(r"来四半期|次の?四半期|次クォーター|next quarter")),
    ("last_quarter", re.compile(r"前四半期|先四半期|前クォーター|last quarter|previous quarter")),
    ("this_quarter", re.compile(r"今四半期|当四半期|この四半期|今クォーター|this quarter|current quarter")),
    ("first_half", re.compile(r"上期|上半期|first half|\bh1\b")),
    ("second_half", re.compile(r"下期|下半期|second half|\bh2\b")),
    ("next_fiscal_year", re.compile(r"来期|来年度|次年度|next (?:fiscal year|fy)")),
    (
        "last_fiscal_year",
        re.compile(r"前期|昨年度|前年度|last (?:fiscal year|fy)|previous (?:fiscal year|fy)"),
    ),
    (
        "this_fiscal_year",
        re.compile(r"今期|今年度|当期|本年度|this (?:fiscal year|fy)|current (?:fiscal year|fy)"),
    ),
    ("next_year", re.compile(r"来年|next year")),
    ("last_year", re.compile(r"昨年|去年|前年|last year|previous year")),
    ("this_year", re.compile(r"今年|本年|this year|current year|year to date|\bytd\b")),
    ("next_month", re.compile(r"来月|翌月|next month")),
    ("last_month", re.compile(r"先月|前月|last month|previous month")),
    ("this_month", re.compile(r"今月|当月|this month|current month")),
)
# ASCII look-arounds, not \b: in "4Qの" the kana is a word character too.
_QUARTER = re.compile(
    r"第\s*(\d)\s*四半期|(?<![a-z0-9])q(\d)(?![0-9])|(?<![a-z0-9])(\d)q(?![a-z])|(\d)\s*四半期"
)
_NEXT_FY = re.compile(r"来期|来年度|next (?:fiscal year|fy)")
_LAST_FY = re.compile(r"前期|昨年度|前年度|last (?:fiscal year|fy)")
_THIS_FY = re.compile(r"今期|今年度|当期|本年度|this (?:fiscal year|fy)")
_ISO_DATE = re.compile(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?")
_YEAR_MONTH = re.compile(r"(\d{4})[-/年](\d{1,2})月?(?![-/\d日])")
_YEAR = re.compile(r"(\d{4})年(?!度?\s*\d)|\bin (\d{4})\b|(\d{4})年度")
_JA_MONTH = re.compile(r"(?<![\d年/-])(\d{1,2})月")
_EN_MONTHS = tuple(
    "january february march april may june july august september october november december".split()
)
_EN_MONTH = re.compile(r"\b(" + "|".join(_EN_MONTHS) + r")\b(?:\s+(\d{4}))?")
_MONTH_BOUND = re.compile(r"\s*(?:末|の終わり)?\s*(?:(?P<until>まで|以前)|(?P<since>から|以降|以後))")
_FROM = re.compile(r"から|以降|以後|\bsince\b|\bafter\b|\bfrom\b")
_UNTIL = re.compile(r"まで|以前|\buntil\b|\bbefore\b|\bby\b|\bthrough\b|\bthru\b")


Reader = Callable[[re.Match[str]], None]  # records the words a period was read from


class PeriodError(ValueError):
    """A period that cannot exist ("13月", "2026-02-30", an end before its start)."""

    def __init__(self, written: str) -> None:
        super().__init__(written)
        self.written = written


def find_period(
    folded: str, today: date, fiscal_start_month: int, past: bool, found: list[Mention]
) -> PeriodSpec | None:
    """The period the question names, recording the words read; `PeriodError` for impossible ones."""
    from crm_store.pipeline.parser import Mention

    def read(match: re.Match[str]) -> None:
        found.append(Mention("period", match.group(0), match.start(), match.end()))

    quarter = _fiscal_quarter(folded, today, fiscal_start_month, read)
    if quarter is not None:
        return quarter
    for relative, pattern in _RELATIVE:
        match = pattern.search(folded)
        if match:
            read(match)
            if relative in ("first_half", "second_half"):
                return _half(folded, today, fiscal_start_month, relative, read)
            return PeriodSpec(relative=relative)  # type: ignore[arg-type]
    dates = [(m, _safe_date(int(m[1]), int(m[2]), int(m[3]), m[0])) for m in _ISO_DATE.finditer(folded)]
    for match, _ in dates:
        read(match)
    if len(dates) >= 2:
        (_, first), (_, second) = dates[0], dates[1]
        if second < first:
            raise PeriodError(f"{first.isoformat()} – {second.isoformat()}")
        return PeriodSpec(start=first, end=second)
    if len(dates) == 1:
        match, day = dates[0]
        after = folded[match.end() : match.end() + 12]
        before = folded[max(0, match.start() - 10) : match.start()]
        if _FROM.search(after) or _FROM.search(before):
            return PeriodSpec(start=day)
        if _UNTIL.search(after) or _UNTIL.search(before):
            return PeriodSpec(end=day)
        return PeriodSpec(start=day, end=day)
    return _months(folded, today, past, fiscal_start_month, read)


def _months(
    folded: str, today: date, past: bool, fiscal_start_month: int, read: Reader
) -> PeriodSpec | None:
    found = [(int(m[1]), int(m[2]), m) for m in _YEAR_MONTH.finditer(folded)]
    if not found:
        found = [(0, int(m[1]), m) for m in _JA_MONTH.finditer(folded)]
    if not found:
        found = [
            (int(m[2]) if m[2] else 0, _EN_MONTHS.index(m[1]) + 1, m) for m in _EN_MONTH.finditer(folded)
        ]
    if not found:
        return _year(folded, fiscal_start_month, read)
    for *_, match in found[:2]:
        read(match)
    specs = [
        _month_spec(year or _nearest_year(month, today, past), month, match[0])
        for year, month, match in found[:2]
    ]
    if len(specs) == 2:
        if specs[1].start < specs[0].start:  # "11月から2月": the second month is in the next year
            specs[1] = _month_spec(specs[1].start.year + 1, specs[1].start.month, found[1][2][0])
        return PeriodSpec(start=specs[0].start, end=specs[1].end)
    match = found[0][2]
    bound = _MONTH_BOUND.match(folded, match.end())
    if bound:  # "12月末まで", "1月以降": open-ended on one side
        read(bound)
        if bound["until"]:
            return PeriodSpec(end=specs[0].end)
        return PeriodSpec(start=specs[0].start)
    return specs[0]


def _year(folded: str, fiscal_start_month: int, read: Reader) -> PeriodSpec | None:
    """ "2026年" (calendar year) or "2026年度" (the fiscal year starting in 2026)."""
    match = _YEAR.search(folded)
    if not match:
        return None
    read(match)
    if match[3]:
        span = month_range(int(match[3]), fiscal_start_month, 12)
        return PeriodSpec(start=span.start, end=span.end)
    year = int(match[1] or match[2])
    if not 1900 <= year <= 2200:
        raise PeriodError(match[0])
    return PeriodSpec(start=date(year, 1, 1), end=date(year, 12, 31))


def _half(
    folded: str, today: date, fiscal_start_month: int, half: str, read: Reader
) -> PeriodSpec:
    """上期/下期, of this fiscal year unless 来期/前期 (or 今期, read as well) says which."""
    shift = 0
    for offset, pattern in ((1, _NEXT_FY), (-1, _LAST_FY), (0, _THIS_FY)):
        match = pattern.search(folded)
        if match:
            read(match)
            shift = offset
            break
    start = fiscal_year_start(today, fiscal_start_month)
    index = (start.year + shift) * 12 + start.month - 1 + (6 if half == "second_half" else 0)
    span = month_range(index // 12, index % 12 + 1, 6)
    if shift == 0:
        return PeriodSpec(relative=half)  # type: ignore[arg-type]
    return PeriodSpec(start=span.start, end=span.end)


def _safe_date(year: int, month: int, day: int, written: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise PeriodError(written) from error


def _month_spec(year: int, month: int, written: str) -> PeriodSpec:
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        raise PeriodError(written)
    span = month_range(year, month)
    return PeriodSpec(start=span.start, end=span.end)


def _fiscal_quarter(
    folded: str, today: date, fiscal_start_month: int, read: Reader
) -> PeriodSpec | None:
    """ "第3四半期" / "Q3" / "3Q": that fiscal quarter of this fiscal year (of next with 来期)."""
    match = _QUARTER.search(folded)
    if not match:
        return None
    read(match)
    number = int(next(group for group in match.groups() if group))
    if not 1 <= number <= 4:
        raise PeriodError(match.group(0))
    start = fiscal_year_start(today, fiscal_start_month)
    shift = _NEXT_FY.search(folded) or _LAST_FY.search(folded)
    if shift:
        read(shift)
    year = start.year + (1 if _NEXT_FY.search(folded) else -1 if _LAST_FY.search(folded) else 0)
    index = (year * 12 + start.month - 1) + (number - 1) * 3
    quarter = month_range(index // 12, index % 12 + 1, 3)
    return PeriodSpec(start=quarter.start, end=quarter.end)


def _nearest_year(month: int, today: date, past: bool) -> int:
    """A month without a year: the coming one for pipeline, the last one for won/lost deals."""
    if not 1 <= month <= 12:
        return today.year  # _month_spec reports the impossible month
    if past:
        return today.year if month <= today.month else today.year - 1
    return today.year if month >= today.month else today.year + 1
