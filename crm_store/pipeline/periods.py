"""Relative periods ("this quarter", "今期") turned into inclusive date ranges.

Quarters and halves (上期/下期) are fiscal: with an April start, Q1 is April–June, so "this
quarter" in November is October–December. Years (今年, "last year") are calendar years; fiscal years
are 今期/今年度.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from crm_store.pipeline.query import PeriodSpec


@dataclass(frozen=True)
class DateRange:
    start: date | None  # None: open-ended
    end: date | None


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def month_range(year: int, month: int, months: int = 1) -> DateRange:
    """``months`` whole calendar months starting at year-month, inclusive."""
    end_year, end_month = _add_months(year, month, months)
    return DateRange(date(year, month, 1), date(end_year, end_month, 1) - timedelta(days=1))


def fiscal_year_start(today: date, start_month: int) -> date:
    year = today.year if today.month >= start_month else today.year - 1
    return date(year, start_month, 1)


def resolve_period(period: PeriodSpec, today: date, fiscal_start_month: int = 4) -> DateRange:
    """The inclusive date range a period means on ``today``."""
    if period.relative is None:
        return DateRange(period.start, period.end)
    rel = period.relative
    if rel.endswith("_year") and "fiscal" not in rel:  # calendar years: 今年, last year
        offset = {"this_year": 0, "next_year": 1, "last_year": -1}[rel]
        return DateRange(date(today.year + offset, 1, 1), date(today.year + offset, 12, 31))
    if rel.endswith("month"):
        offset = {"this_month": 0, "next_month": 1, "last_month": -1}[rel]
        year, month = _add_months(today.year, today.month, offset)
        return month_range(year, month)
    fy = fiscal_year_start(today, fiscal_start_month)
    if rel.endswith("quarter"):
        months_in = (today.year - fy.year) * 12 + today.month - fy.month
        offset = {"this_quarter": 0, "next_quarter": 3, "last_quarter": -3}[rel]
        year, month = _add_months(fy.year, fy.month, months_in // 3 * 3 + offset)
        return month_range(year, month, 3)
    if rel in ("first_half", "second_half"):  # 上期 / 下期 of this fiscal year
        year, month = _add_months(fy.year, fy.month, 0 if rel == "first_half" else 6)
        return month_range(year, month, 6)
    if rel == "until_fiscal_year_end":
        return DateRange(None, month_range(fy.year, fy.month, 12).end)
    offset = {"this_fiscal_year": 0, "next_fiscal_year": 12, "last_fiscal_year": -12}[rel]
    year, month = _add_months(fy.year, fy.month, offset)
    return month_range(year, month, 12)
