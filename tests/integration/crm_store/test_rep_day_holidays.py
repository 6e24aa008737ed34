"""The rep's day around Japanese public holidays, on SQLite and PostgreSQL: no reminder on a holiday,
what fell due over it comes on the next working morning, and a digest due on a holiday comes the next
working day, once, still of the week before it.

Times are UTC instants chosen for Tokyo (UTC+9): 00:30 UTC is 09:30 there, 23:30 UTC the next day's 08:30.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.settings import Settings
from bot.wiring import build_services
from core.errors import UserFacingError
from crm_store.db import Database
from crm_store.job_runner import Effects
from crm_store.models import Customer, NextAction, User
from crm_store.rep_day.service import RepDayService
from tests.integration.crm_store.test_rep_day import RecordingPoster


def _tokyo_morning(day: date, hour: int = 9) -> datetime:
    """``hour``:30 in Tokyo on ``day``, as a UTC instant."""
    return datetime(day.year, day.month, day.day, hour, 30, tzinfo=UTC) - timedelta(hours=9)


@pytest.fixture
def team(db: Database) -> dict[str, int]:
    """A rep with follow-ups due before, on and after Golden Week 2026, and a manager."""
    with db.session("test") as s:
        rep = User(name="鈴木 一郎", normalized_name="鈴木一郎", slack_user_id="U0SUZUKI1", role="rep")
        boss = User(name="高橋 誠", normalized_name="高橋誠", slack_user_id="U0BOSS001", role="manager")
        s.add(rep)
        s.add(boss)
        s.flush()
        customer = Customer(name="株式会社山田製作所", normalized_name="山田製作所", owner_id=rep.id)
        s.add(customer)
        s.flush()
        ids = {"rep": rep.id or 0, "boss": boss.id or 0}
        for key, due in (("friday", date(2026, 5, 1)), ("kodomo_no_hi", date(2026, 5, 5)),
                         ("thursday", date(2026, 5, 7)), ("next_week", date(2026, 5, 11))):
            row = NextAction(owner_id=rep.id, customer_id=customer.id, description=key, due=due)
            s.add(row)
            s.flush()
            ids[key] = row.id or 0
    return ids


def test_no_reminder_on_golden_week_and_its_follow_ups_come_on_the_next_working_morning(
    db: Database, team: dict[str, int]
) -> None:
    service, poster = RepDayService(db, holidays="JP"), RecordingPoster()
    assert service.send_due_reminders(poster, _tokyo_morning(date(2026, 5, 1))) == 1  # Friday: a working day
    assert [a.description for a in poster.reminders[-1].actions] == ["friday"]
    # Monday to Wednesday: みどりの日, こどもの日, 振替休日 (憲法記念日 fell on Sunday).
    for day in (date(2026, 5, 4), date(2026, 5, 5), date(2026, 5, 6)):
        assert service.send_due_reminders(poster, _tokyo_morning(day)) == 0, day
    # 08:30 in Tokyo on Thursday (still Wednesday in UTC): not yet.
    assert service.send_due_reminders(poster, _tokyo_morning(date(2026, 5, 7), hour=8)) == 0
    assert service.send_due_reminders(poster, _tokyo_morning(date(2026, 5, 7))) == 1
    reminder = poster.reminders[-1]
    assert reminder.today == date(2026, 5, 7)
    assert [(a.description, a.due, a.overdue) for a in reminder.actions] == [
        ("friday", date(2026, 5, 1), True),
        ("kodomo_no_hi", date(2026, 5, 5), True),  # due on the holiday: here, overdue, on Thursday
        ("thursday", date(2026, 5, 7), False),
    ]
    assert len(poster.reminders) == 2


def test_without_a_holiday_calendar_a_holiday_monday_is_a_working_day(
    db: Database, team: dict[str, int]
) -> None:
    service, poster = RepDayService(db, holidays="none"), RecordingPoster()
    assert service.send_due_reminders(poster, _tokyo_morning(date(2026, 5, 5))) == 1
    assert poster.reminders[-1].today == date(2026, 5, 5)


def test_a_digest_due_on_a_holiday_monday_comes_on_tuesday_once_and_keeps_its_week(
    db: Database, team: dict[str, int]
) -> None:
    service = RepDayService(db, holidays="JP", digest_weekday=0)
    poster, effects = RecordingPoster(), Effects(db)

    def tick(when: datetime) -> int:
        return service.send_weekly_digests(poster, when, once=effects.once)

    seijin_no_hi = date(2026, 1, 12)  # 成人の日, the second Monday of January
    assert tick(_tokyo_morning(seijin_no_hi)) == 0
    assert tick(_tokyo_morning(date(2026, 1, 13), hour=8)) == 0  # Tuesday 08:30 in Tokyo: not yet
    assert tick(_tokyo_morning(date(2026, 1, 13))) == 1
    assert tick(_tokyo_morning(date(2026, 1, 13), hour=15)) == 0  # once
    assert tick(_tokyo_morning(date(2026, 1, 14))) == 0  # Wednesday: not again
    [late] = poster.digests
    assert (late.today, late.start, late.end) == (date(2026, 1, 13), date(2026, 1, 5), date(2026, 1, 11))
    assert tick(_tokyo_morning(date(2026, 1, 19))) == 1  # an ordinary Monday: the next week, no gap
    assert (poster.digests[-1].today, poster.digests[-1].start, poster.digests[-1].end) == (
        date(2026, 1, 19), date(2026, 1, 12), date(2026, 1, 18))


def test_a_golden_week_digest_waits_for_the_first_working_day_after_it(
    db: Database, team: dict[str, int]
) -> None:
    service, poster = RepDayService(db, holidays="JP", digest_weekday=0), RecordingPoster()
    sent = {day: service.send_weekly_digests(poster, _tokyo_morning(day))
            for day in (date(2026, 5, 4) + timedelta(days=n) for n in range(7))}
    assert [day for day, count in sent.items() if count] == [date(2026, 5, 7)]
    assert (poster.digests[0].start, poster.digests[0].end) == (date(2026, 4, 27), date(2026, 5, 3))


def test_salesbot_holidays_reaches_the_service_and_defaults_to_japan(settings: Settings) -> None:
    assert Settings.model_fields["holidays"].default == "JP"
    for value, expected in (("JP", "JP"), ("none", None), ("", None)):
        services = build_services(settings.model_copy(update={"holidays": value}))
        try:
            assert services.rep_day is not None and services.rep_day.calendar.holidays == expected
        finally:
            services.close()
    with pytest.raises(UserFacingError):
        build_services(settings.model_copy(update={"holidays": "Japan"}))
