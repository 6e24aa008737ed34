"""Which days a team works: its working weekdays minus its country's public holidays.

The one notion of a working day: the rep's day (reminders, the weekly digest) and the scheduler's daily
tasks (the invoice digest). Holidays are computed offline by `jpholiday` (the law's fixed days,
equinoxes, 振替休日 and 国民の休日), so nothing is downloaded at run time and no yearly list needs
updating.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

import jpholiday

from core.errors import UserFacingError
from crm_store import messages

# Country code -> the holiday's name on a day, or None. Japan first: the product's customers are there.
HOLIDAY_CALENDARS: dict[str, Callable[[date], str | None]] = {"JP": jpholiday.is_holiday_name}
_NO_HOLIDAYS = ("", "none", "off")
# Longer than any run of days off the calendars produce (Golden Week with a weekend is five).
_LOOKAHEAD_DAYS = 31


class WorkingCalendar:
    """A team's working days: ``weekdays`` (0 = Monday) that are not public holidays of ``holidays``
    (a country code such as ``JP``; None, empty or ``none``: weekdays only)."""

    def __init__(self, weekdays: Iterable[int] = (0, 1, 2, 3, 4), holidays: str | None = None) -> None:
        self.weekdays = frozenset(weekdays)
        code = (holidays or "").strip().upper()
        if code.lower() in _NO_HOLIDAYS:
            self._holiday_name: Callable[[date], str | None] | None = None
        elif code in HOLIDAY_CALENDARS:
            self._holiday_name = HOLIDAY_CALENDARS[code]
        else:
            raise UserFacingError(messages.UNKNOWN_HOLIDAYS, code=holidays,
                                  known=", ".join(sorted(HOLIDAY_CALENDARS)))
        self.holidays = code if self._holiday_name else None

    def holiday(self, day: date) -> str | None:
        """The public holiday's name (e.g. "こどもの日", "振替休日") on ``day``, or None."""
        return self._holiday_name(day) if self._holiday_name else None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.weekdays and self.holiday(day) is None

    def next_working_day(self, day: date) -> date | None:
        """``day`` if it is a working day, else the first one after it (None: no working weekdays)."""
        for ahead in range(_LOOKAHEAD_DAYS):
            candidate = day + timedelta(days=ahead)
            if self.is_working_day(candidate):
                return candidate
        return None

    def observed(self, day: date) -> date | None:
        """When something scheduled for ``day`` happens: that day, unless it is a public holiday; then
        the next working day (a Monday digest after a Monday holiday comes on Tuesday). A scheduled day
        that is merely not a working weekday is kept: someone chose it."""
        return day if self.holiday(day) is None else self.next_working_day(day)
