"""The rep's-day working calendar: weekdays minus Japan's public holidays, checked against the calendar
as published by the Cabinet Office (内閣府「国民の祝日について」) for 2025 and 2026."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import UserFacingError
from crm_store.working_days import WorkingCalendar

JP = WorkingCalendar(holidays="JP")


@pytest.mark.parametrize(("day", "name"), [
    (date(2026, 1, 1), "元日"),
    (date(2026, 1, 12), "成人の日"),  # second Monday of January
    (date(2026, 2, 23), "天皇誕生日"),
    (date(2026, 4, 29), "昭和の日"),
    (date(2026, 5, 4), "みどりの日"),  # Golden Week: 5/3 (Sun) 憲法記念日, 5/4, 5/5, and 5/6 in lieu of 5/3
    (date(2026, 5, 5), "こどもの日"),
    (date(2026, 5, 6), "振替休日"),
    (date(2026, 9, 22), "国民の休日"),  # between 敬老の日 (9/21) and 秋分の日 (9/23)
    (date(2025, 11, 24), "振替休日"),  # 勤労感謝の日 fell on Sunday 11/23
    (date(2025, 2, 24), "振替休日"),  # 天皇誕生日 fell on Sunday 2/23
])
def test_japanese_holidays_including_substitute_days_are_not_working_days(day: date, name: str) -> None:
    assert day.weekday() < 5  # each is a weekday a plain Monday–Friday calendar would remind on
    assert name in (JP.holiday(day) or "")
    assert not JP.is_working_day(day)


@pytest.mark.parametrize("day", [
    date(2026, 5, 1),   # Friday inside Golden Week: a working day
    date(2026, 5, 7),   # the Thursday after it
    date(2026, 8, 14),  # お盆 is company leave, not a national holiday
    date(2026, 12, 28),  # 仕事納め: year-end days off are each company's own
    date(2026, 11, 20),
])
def test_ordinary_weekdays_are_working_days(day: date) -> None:
    assert JP.holiday(day) is None and JP.is_working_day(day)


def test_the_next_working_day_skips_weekends_and_holidays() -> None:
    assert JP.next_working_day(date(2026, 5, 2)) == date(2026, 5, 7)  # Sat → after Golden Week
    assert JP.next_working_day(date(2026, 5, 7)) == date(2026, 5, 7)
    assert JP.next_working_day(date(2026, 9, 19)) == date(2026, 9, 24)  # Silver Week 2026
    assert WorkingCalendar(weekdays=()).next_working_day(date(2026, 5, 7)) is None


def test_a_scheduled_day_moves_only_when_it_is_a_holiday() -> None:
    assert JP.observed(date(2026, 1, 12)) == date(2026, 1, 13)  # 成人の日 (Mon) → Tuesday
    assert JP.observed(date(2026, 5, 4)) == date(2026, 5, 7)
    assert JP.observed(date(2026, 1, 19)) == date(2026, 1, 19)
    assert JP.observed(date(2026, 1, 18)) == date(2026, 1, 18)  # a chosen Sunday stays a Sunday


@pytest.mark.parametrize("off", [None, "", "none", "None", " off "])
def test_without_holidays_only_the_weekdays_count(off: str | None) -> None:
    calendar = WorkingCalendar(holidays=off)
    assert calendar.holidays is None
    assert calendar.is_working_day(date(2026, 5, 4)) and not calendar.is_working_day(date(2026, 5, 2))


def test_the_country_code_is_case_insensitive_and_an_unknown_one_is_a_clear_error() -> None:
    assert WorkingCalendar(holidays=" jp ").holidays == "JP"
    with pytest.raises(UserFacingError) as error:
        WorkingCalendar(holidays="XX")
    assert "SALESBOT_HOLIDAYS=XX" in error.value.message("en") and "JP" in error.value.message("ja")
