from datetime import date

import pytest

from crm_store.pipeline.periods import resolve_period
from crm_store.pipeline.query import PeriodSpec

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("relative", "start", "end"),
    [
        ("this_month", date(2026, 11, 1), date(2026, 11, 30)),
        ("next_month", date(2026, 12, 1), date(2026, 12, 31)),
        ("last_month", date(2026, 10, 1), date(2026, 10, 31)),
        ("this_quarter", date(2026, 10, 1), date(2026, 12, 31)),
        ("next_quarter", date(2027, 1, 1), date(2027, 3, 31)),
        ("last_quarter", date(2026, 7, 1), date(2026, 9, 30)),
        ("this_fiscal_year", date(2026, 4, 1), date(2027, 3, 31)),
        ("next_fiscal_year", date(2027, 4, 1), date(2028, 3, 31)),
        ("last_fiscal_year", date(2025, 4, 1), date(2026, 3, 31)),
        ("until_fiscal_year_end", None, date(2027, 3, 31)),
    ],
)
def test_relative_periods_with_an_april_fiscal_year(relative, start, end):
    span = resolve_period(PeriodSpec(relative=relative), TODAY, fiscal_start_month=4)
    assert (span.start, span.end) == (start, end)


def test_fiscal_quarters_follow_the_configured_start_month():
    # A fiscal year starting in February: quarters are Feb–Apr, May–Jul, Aug–Oct, Nov–Jan.
    span = resolve_period(PeriodSpec(relative="this_quarter"), TODAY, fiscal_start_month=2)
    assert (span.start, span.end) == (date(2026, 11, 1), date(2027, 1, 31))
    fy = resolve_period(PeriodSpec(relative="this_fiscal_year"), date(2026, 1, 15), fiscal_start_month=2)
    assert (fy.start, fy.end) == (date(2025, 2, 1), date(2026, 1, 31))


def test_months_roll_over_the_year_end():
    span = resolve_period(PeriodSpec(relative="next_month"), date(2026, 12, 31))
    assert (span.start, span.end) == (date(2027, 1, 1), date(2027, 1, 31))
    leap = resolve_period(PeriodSpec(relative="last_month"), date(2028, 3, 5))
    assert leap.end == date(2028, 2, 29)


def test_a_period_needs_something():
    with pytest.raises(ValueError):
        PeriodSpec()
