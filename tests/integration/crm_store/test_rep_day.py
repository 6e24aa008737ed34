"""The rep's day on SQLite and PostgreSQL: who is reminded of what and when, once; Done / Snooze;
the weekly digest's deal changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from core.errors import UserFacingError
from crm_store.db import Database
from crm_store.job_runner import Effects
from crm_store.models import AuditLog, Customer, Deal, NextAction, User
from crm_store.ops_models import JobEffect
from crm_store.rep_day.digest import render_digest
from crm_store.rep_day.service import RepDayService
from crm_store.rep_day.views import RepReminder, WeeklyDigest

TODAY = date(2026, 11, 20)  # a Friday


class RecordingPoster:
    """The RepDayPoster port as tests need it: time zones per person, sends recorded or refused."""

    def __init__(self, zones: dict[str, str] | None = None, fail_for: set[str] | None = None) -> None:
        self.zones = zones or {}
        self.fail_for = fail_for or set()
        self.reminders: list[RepReminder] = []
        self.digests: list[WeeklyDigest] = []

    def time_zone(self, slack_user_id: str) -> str | None:
        return self.zones.get(slack_user_id)

    def post_reminder(self, reminder: RepReminder) -> None:
        if reminder.slack_user_id in self.fail_for:
            raise ConnectionError("slack is down")
        self.reminders.append(reminder)

    def post_digest(self, digest: WeeklyDigest) -> None:
        self.digests.append(digest)


@pytest.fixture
def crm(db: Database) -> dict[str, int]:
    """Two reps, a manager, two customers and next actions around TODAY."""
    with db.session("test") as s:
        users = {
            "suzuki": User(name="鈴木 一郎", normalized_name="鈴木一郎", slack_user_id="U0SUZUKI1", role="rep"),
            "emily": User(name="Emily Carter", normalized_name="emily carter", slack_user_id="U0EMILY01",
                          role="rep", language="en"),
            "boss": User(name="高橋 誠", normalized_name="高橋誠", slack_user_id="U0BOSS001", role="manager"),
        }
        for u in users.values():
            s.add(u)
        s.flush()
        yamada = Customer(name="株式会社山田製作所", normalized_name="山田製作所", owner_id=users["suzuki"].id)
        pacific = Customer(name="Pacific Precision Inc.", normalized_name="pacific precision",
                           owner_id=users["emily"].id)
        s.add(yamada)
        s.add(pacific)
        s.flush()
        ids = {k: u.id or 0 for k, u in users.items()}
        ids |= {"yamada": yamada.id or 0, "pacific": pacific.id or 0}

        def action(key: str, owner: str, customer: int, due: date | None, **extra: object) -> None:
            row = NextAction(owner_id=ids[owner], customer_id=customer, description=key, due=due, **extra)
            s.add(row)
            s.flush()
            ids[key] = row.id or 0

        action("today", "suzuki", ids["yamada"], TODAY)
        action("overdue", "suzuki", ids["yamada"], TODAY - timedelta(days=3))
        action("later", "suzuki", ids["yamada"], TODAY + timedelta(days=1))
        action("undated", "suzuki", ids["yamada"], None)
        action("closed", "suzuki", ids["yamada"], TODAY, done=True)
        action("snoozed", "suzuki", ids["yamada"], TODAY - timedelta(days=1),
               snoozed_until=TODAY + timedelta(days=2))
        action("emily_quote", "emily", ids["pacific"], TODAY - timedelta(days=10))
    return ids


def test_each_rep_sees_exactly_their_own_due_and_overdue_actions(db: Database, crm: dict[str, int]) -> None:
    reminders = {r.user: r for r in RepDayService(db).reminders(TODAY)}
    suzuki = reminders["鈴木 一郎"]
    assert [(a.description, a.overdue) for a in suzuki.actions] == [("overdue", True), ("today", False)]
    assert [g.customer for g in suzuki.groups] == ["株式会社山田製作所"]
    assert [a.description for a in reminders["Emily Carter"].actions] == ["emily_quote"]
    assert "高橋 誠" not in reminders  # a manager without due actions gets no entry
    # The snoozed action is back on the day its snooze ends.
    later = {r.user: r for r in RepDayService(db).reminders(TODAY + timedelta(days=2))}
    assert "snoozed" in [a.description for a in later["鈴木 一郎"].actions]


def test_reminders_go_out_on_working_mornings_in_each_persons_time_zone_once(
    db: Database, crm: dict[str, int]
) -> None:
    service = RepDayService(db, reminder_hour=9, default_time_zone="Asia/Tokyo")
    poster = RecordingPoster(zones={"U0EMILY01": "America/Los_Angeles"})
    # 08:30 in Tokyo: too early for Suzuki; 15:30 the day before in Los Angeles (Thursday): Emily is
    # already past 9:00 on her Thursday, whose due actions are her own.
    early = datetime(2026, 11, 19, 23, 30, tzinfo=UTC)
    assert service.send_due_reminders(poster, early) == 1
    assert [r.user for r in poster.reminders] == ["Emily Carter"]
    assert poster.reminders[0].today == date(2026, 11, 19)
    morning = datetime(2026, 11, 20, 0, 30, tzinfo=UTC)  # 09:30 in Tokyo
    assert service.send_due_reminders(poster, morning) == 1
    assert poster.reminders[-1].user == "鈴木 一郎"
    assert service.send_due_reminders(poster, morning + timedelta(hours=3)) == 0  # never twice a day
    saturday_tokyo = datetime(2026, 11, 21, 0, 30, tzinfo=UTC)  # still Friday afternoon for Emily
    assert service.send_due_reminders(poster, saturday_tokyo) == 1
    assert (poster.reminders[-1].user, poster.reminders[-1].today) == ("Emily Carter", TODAY)
    saturday_la = datetime(2026, 11, 21, 18, 0, tzinfo=UTC)  # Saturday 10:00 there, Sunday in Tokyo
    assert service.send_due_reminders(poster, saturday_la) == 0
    assert len(poster.reminders) == 3


def test_a_refused_send_records_nothing_and_is_retried(db: Database, crm: dict[str, int]) -> None:
    service = RepDayService(db)
    failing = RecordingPoster(fail_for={"U0SUZUKI1"})
    morning = datetime(2026, 11, 20, 0, 30, tzinfo=UTC)
    service.send_due_reminders(failing, morning)
    assert [r.user for r in failing.reminders] == ["Emily Carter"]
    working = RecordingPoster()
    assert service.send_due_reminders(working, morning + timedelta(minutes=1)) == 1
    assert [r.user for r in working.reminders] == ["鈴木 一郎"]


def test_done_is_audited_with_who_and_when_and_only_the_owner_or_a_manager_may(
    db: Database, crm: dict[str, int]
) -> None:
    service = RepDayService(db)
    with pytest.raises(UserFacingError) as refused:
        service.complete_action(crm["today"], "U0EMILY01")
    assert "鈴木 一郎" in refused.value.message("en")
    item = service.complete_action(crm["today"], "U0SUZUKI1")
    assert item.description == "today"
    with db.session("read") as s:
        action = s.get(NextAction, crm["today"])
        assert action is not None and action.done and action.done_by_id == crm["suzuki"] and action.done_at
        audit = s.exec(select(AuditLog).where(AuditLog.table_name == "next_actions",
                                              AuditLog.row_id == crm["today"],
                                              AuditLog.action == "update")).one()
    assert audit.actor == "slack:U0SUZUKI1" and audit.changes and audit.changes["done"] == [False, True]
    with pytest.raises(UserFacingError):
        service.complete_action(crm["today"], "U0SUZUKI1")  # already done: said so, not redone
    service.complete_action(crm["emily_quote"], "U0BOSS001")  # a manager may close anyone's
    assert [r.actions for r in service.reminders(TODAY) if r.user == "Emily Carter"] == [[]]


def test_snooze_hides_an_action_until_the_day_without_moving_its_due_date(
    db: Database, crm: dict[str, int]
) -> None:
    service = RepDayService(db)
    until = service.snooze_action(crm["overdue"], "U0SUZUKI1", 7, TODAY)
    assert until == TODAY + timedelta(days=7)  # a Friday again
    due = [a.description for r in service.reminders(TODAY + timedelta(days=6)) for a in r.actions]
    assert "overdue" not in due
    again = [a for r in service.reminders(until) for a in r.actions if a.description == "overdue"]
    assert again and again[0].due == TODAY - timedelta(days=3)


def test_snoozing_to_a_day_off_snoozes_to_the_next_working_day(db: Database, crm: dict[str, int]) -> None:
    # Friday 2026-11-20 + 1 day is a Saturday; Monday the 23rd is 勤労感謝の日: reminded on Tuesday, and told so.
    japan = RepDayService(db, holidays="JP")
    assert japan.snooze_action(crm["overdue"], "U0SUZUKI1", 1, TODAY) == date(2026, 11, 24)
    assert RepDayService(db).snooze_action(crm["today"], "U0SUZUKI1", 1, TODAY) == date(2026, 11, 23)  # weekdays only


def _deal(s, crm: dict[str, int], name: str, owner: str, stage: str) -> Deal:  # noqa: ANN001
    deal = Deal(customer_id=crm["yamada"], name=name, normalized_name=name, owner_id=crm[owner], stage=stage,
                amount=26_500_000, expected_close=TODAY)
    s.add(deal)
    s.flush()
    return deal


def test_the_weekly_digest_lists_new_moved_won_and_lost_deals_with_reasons(
    db: Database, crm: dict[str, int]
) -> None:
    service = RepDayService(db)
    with db.session("test") as s:
        old = [_deal(s, crm, name, "suzuki", stage) for name, stage in
               (("moved", "proposal"), ("won", "awaiting_decision"), ("quiet", "quote"))]
    with db.session("test") as s:  # created a month ago: not news this week
        for row in s.exec(select(AuditLog).where(AuditLog.table_name == "deals")):
            row.at = datetime.now(UTC) - timedelta(days=30)
            s.add(row)
    with db.session("test") as s:
        moved, won, _quiet = (s.get(Deal, d.id) for d in old)
        assert moved is not None and won is not None
        moved.stage, won.stage = "negotiation", "won"
        s.add(moved)
        s.add(won)
        new = _deal(s, crm, "new", "emily", "initial_contact")
        lost = _deal(s, crm, "lost", "emily", "negotiation")
    with db.session("test") as s:
        lost.stage, lost.loss_reason = "lost", "price"
        s.add(lost)
    monday = datetime.now(UTC).date() + timedelta(days=1)  # the week before it includes today's writes
    # Weeks in UTC, like `monday`: in the default zone (Tokyo) tomorrow has begun at 15:00 UTC, and the
    # week before it would end before these writes.
    digest = service.weekly_digest("U0BOSS001", monday, zone=UTC)
    moves = [(d.name, d.from_stage, d.to_stage) for d in digest.moves]
    assert moves == [("moved", "proposal", "negotiation")]
    assert [(d.name, d.from_stage) for d in digest.won] == [("won", "awaiting_decision")]
    assert [d.name for d in digest.new_deals] == [new.name, "lost"]
    assert [(d.name, d.loss_reason) for d in digest.lost] == [("lost", "price")]
    assert "確度加重" in digest.forecast  # the pipeline's own forecast answer
    text = render_digest(digest)
    assert "proposal" not in text and "提案 → 交渉" in text and "理由: price" in text
    with pytest.raises(UserFacingError):
        service.weekly_digest("U0SUZUKI1", monday)  # for managers only
    last_week = service.weekly_digest("U0BOSS001", monday - timedelta(days=7))
    assert not (last_week.new_deals or last_week.moves or last_week.won or last_week.lost)


def test_overlapping_job_runs_send_once_through_the_runners_effects(
    db: Database, crm: dict[str, int]
) -> None:
    service, poster, effects = RepDayService(db), RecordingPoster(), Effects(db)
    morning = datetime(2026, 11, 20, 0, 30, tzinfo=UTC)
    # Another run holds Suzuki's key: it is posting his reminder right now, so this run leaves him alone.
    with db.session("test") as s:
        s.add(JobEffect(key=f"rep_day:reminder:{crm['suzuki']}:2026-11-20", state="pending"))
    assert service.send_due_reminders(poster, morning, once=effects.once) == 1
    assert [r.user for r in poster.reminders] == ["Emily Carter"]
    assert service.send_due_reminders(poster, morning, once=effects.once) == 0


def test_a_bad_default_time_zone_is_a_clear_error(db: Database) -> None:
    with pytest.raises(UserFacingError) as error:
        RepDayService(db, default_time_zone="Tokyo/Osaka")
    assert "Asia/Tokyo" in error.value.message("en")


def test_recording_deliveries_twice_keeps_one_row_each(db: Database, crm: dict[str, int]) -> None:
    from crm_store.ops_models import RepDayDelivery

    service = RepDayService(db)
    service._record("reminder", [crm["today"]], crm["suzuki"], TODAY)
    service._record("reminder", [crm["today"], crm["overdue"]], crm["suzuki"], TODAY)  # a concurrent run's
    with db.session("read") as s:
        rows = s.exec(select(RepDayDelivery.subject_id).where(RepDayDelivery.user_id == crm["suzuki"])).all()
    assert sorted(rows) == sorted([crm["today"], crm["overdue"]])
