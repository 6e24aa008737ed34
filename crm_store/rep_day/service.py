"""`RepDayService`: reminders (who, when, once), Done / Snooze, the App Home and the weekly digest.

Sending is idempotent: a delivery is recorded only after Slack accepted the message (outside any
transaction that could roll it back), one row per action and day, so a restarted or repeated run
never sends the same follow-up twice on one day, and a failed send is retried on the next tick.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, tzinfo
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.clock import utcnow
from core.errors import UserFacingError
from core.i18n import Language
from crm_store.db import Database
from crm_store.models import Customer, NextAction, User
from crm_store.ops_models import RepDayDelivery
from crm_store.rep_day import messages, queries
from crm_store.rep_day.digest import build_digest
from crm_store.rep_day.home import build_home
from crm_store.rep_day.ports import RepDayPoster
from crm_store.rep_day.views import ActionItem, CustomerActions, HomeView, RepReminder, WeeklyDigest
from crm_store.repositories.users import find_user_by_name, get_by_slack_id
from crm_store.visibility import RepVisibility
from crm_store.working_days import WorkingCalendar

log = logging.getLogger(__name__)

# The job runner's once-only effects: (key, perform) -> perform's result, None while another run has the key.
Once = Callable[[str, Callable[[], dict[str, Any]]], "dict[str, Any] | None"]

# Two blocks per action plus one per customer stay under Slack's 50 blocks per message.
REMINDER_LIMIT = 15


def language_of(user: User) -> Language:
    return "en" if user.language == "en" else "ja"


class RepDayService:
    def __init__(
        self,
        db: Database,
        *,
        rep_visibility: RepVisibility = "own",
        reminder_hour: int = 9,
        working_days: Iterable[int] = (0, 1, 2, 3, 4),
        digest_weekday: int = 0,
        holidays: str | None = None,
        default_time_zone: str = "Asia/Tokyo",
        stale_days: int = 30,
        fiscal_start_month: int = 4,
    ) -> None:
        self.db = db
        self.policy: RepVisibility = rep_visibility
        self.reminder_hour = reminder_hour
        # Reminders come on working days only; a digest due on a public holiday, the next working day.
        self.calendar = WorkingCalendar(working_days, holidays)
        self.digest_weekday = digest_weekday
        try:
            self.default_zone = ZoneInfo(default_time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise UserFacingError(messages.BAD_TIME_ZONE, zone=default_time_zone) from None
        self.stale_days = stale_days
        self.fiscal_start_month = fiscal_start_month

    # --- reminders ------------------------------------------------------------------------------
    def reminders(
        self, today: date, *, who: str | None = None, limit: int | None = None
    ) -> list[RepReminder]:
        """Each person's due and overdue actions on ``today`` (only their own); everyone who has any,
        plus every rep, so an empty list for a rep is visible too. ``who``: one user (Slack id or name)."""
        with self.db.session("read") as session:
            users = [self._user(session, who)] if who else list(session.exec(select(User).order_by(User.id)))
            result = []
            for user in users:
                reminder = self._reminder(session, user, today, limit=limit)
                if reminder.actions or user.role == "rep" or who:
                    result.append(reminder)
            return result

    def send_reminders(self, poster: RepDayPoster, today: date, *, who: str | None = None) -> int:
        """Send ``today``'s reminders now (the CLI), skipping what was sent today. Returns how many."""
        with self.db.session("read") as session:
            users = [self._user(session, who)] if who else list(session.exec(select(User).order_by(User.id)))
        return sum(self._send_reminder(poster, user, today) for user in users)

    def send_due_reminders(self, poster: RepDayPoster, now: datetime, *, once: Once | None = None) -> int:
        """The scheduler's tick: remind each person whose working morning it is (their Slack time zone,
        ``reminder_hour`` or later; not on a public holiday) and who was not reminded today. Returns the
        reminders sent. What fell due on days off is overdue by the next working morning, so it comes then.

        ``once`` (the job runner's ``effects.once``) keeps two overlapping runs from both sending."""
        with self.db.session("read") as session:
            statement = select(User).where(col(User.slack_user_id).is_not(None)).order_by(User.id)
            users = list(session.exec(statement))
        due: list[tuple[User, date]] = []
        for user in users:
            local = now.astimezone(self._zone(poster, user))
            if self.calendar.is_working_day(local.date()) and local.hour >= self.reminder_hour:
                due.append((user, local.date()))
        with self.db.session("read") as session:  # one query, so an idle tick stays cheap
            reminded = queries.reminded_on(session, {day for _, day in due})
        return sum(self._send_reminder(poster, user, day, once) for user, day in due
                   if (user.id, day) not in reminded)

    def _send_reminder(self, poster: RepDayPoster, user: User, today: date, once: Once | None = None) -> bool:
        if not user.slack_user_id:
            return False
        with self.db.session("read") as session:
            if queries.delivered_today(session, user.id or 0, today):
                return False  # one morning DM a day; what became due later comes tomorrow
            reminder = self._reminder(session, user, today, limit=REMINDER_LIMIT)
        if not reminder.actions:
            return False

        def post() -> dict[str, Any]:
            poster.post_reminder(reminder)
            return {"actions": [a.id for a in reminder.actions]}

        try:
            posted = once(f"rep_day:reminder:{user.id}:{today.isoformat()}", post) if once else post()
        except Exception:  # noqa: BLE001 - one unreachable person must not stop the others
            log.exception("reminder for user %s not sent; retried on the next tick", user.id)
            return False
        if posted is None:
            return False  # another run is sending it right now
        self._record(queries.REMINDER, list(posted.get("actions") or []), user.id or 0, today)
        return True

    def _reminder(self, session: Session, user: User, today: date, *, limit: int | None) -> RepReminder:
        items = queries.due_actions(session, user, today)
        shown = items if limit is None else items[:limit]
        groups = [
            CustomerActions(customer_id=key[0], customer=key[1], actions=list(actions))
            for key, actions in groupby(shown, key=lambda a: (a.customer_id, a.customer))
        ]
        return RepReminder(user_id=user.id or 0, user=user.name, slack_user_id=user.slack_user_id,
                           language=language_of(user), today=today, groups=groups,
                           more=len(items) - len(shown))

    def _record(self, kind: str, subject_ids: list[int], user_id: int, day: date) -> None:
        """After Slack accepted: all rows in one transaction; if a concurrent run recorded some of them,
        one by one, so a duplicate never undoes the rest."""
        rows = [dict(kind=kind, subject_id=subject_id, user_id=user_id, day=day) for subject_id in subject_ids]
        try:
            with self.db.session("rep_day") as session:
                session.add_all([RepDayDelivery(**row) for row in rows])
            return
        except IntegrityError:
            pass
        for row in rows:
            try:
                with self.db.session("rep_day") as session:
                    session.add(RepDayDelivery(**row))
            except IntegrityError:
                pass  # recorded by a concurrent run

    # --- Done / Snooze ----------------------------------------------------------------------------
    def complete_action(self, action_id: int, by_slack_user_id: str) -> ActionItem:
        """Mark the action done: who and when on the row, and in the audit log (actor ``slack:<id>``)."""
        with self.db.session(f"slack:{by_slack_user_id}", reason="reminder_done") as session:
            action, actor = self._editable(session, action_id, by_slack_user_id)
            if action.done:
                when = action.done_at.isoformat(timespec="minutes") if action.done_at else "?"
                raise UserFacingError(messages.ALREADY_DONE, when=when)
            action.done, action.done_at, action.done_by_id = True, utcnow(), actor.id
            session.add(action)
            return self._item(session, action, utcnow().date())

    def snooze_action(self, action_id: int, by_slack_user_id: str, days: int, today: date) -> date:
        """No reminder for this action before ``today + days``, or the first working day after it (the day
        it will be reminded, which the rep is told: "a day" on a Friday is Monday); its due date (the
        promise) is unchanged."""
        with self.db.session(f"slack:{by_slack_user_id}", reason="reminder_snooze") as session:
            action, _ = self._editable(session, action_id, by_slack_user_id)
            until = today + timedelta(days=days)
            action.snoozed_until = self.calendar.next_working_day(until) or until
            session.add(action)
            return action.snoozed_until

    def _editable(self, session: Session, action_id: int, slack_user_id: str) -> tuple[NextAction, User]:
        actor = self._user(session, slack_user_id)
        action = session.get(NextAction, action_id)
        if action is None:
            raise UserFacingError(messages.UNKNOWN_ACTION)
        allowed = session.exec(select(NextAction.id).where(
            NextAction.id == action_id, queries.own_scope(actor).next_action_clause())).first()
        if allowed is None and actor.role not in ("manager", "admin"):
            owner = session.get(User, action.owner_id) if action.owner_id else None
            raise UserFacingError(messages.NOT_YOUR_ACTION, owner=owner.name if owner else "?")
        return action, actor

    def _item(self, session: Session, action: NextAction, today: date) -> ActionItem:
        customer = session.get(Customer, action.customer_id) if action.customer_id else None
        return ActionItem(id=action.id or 0, customer_id=action.customer_id,
                          customer=customer.name if customer else None, description=action.description,
                          due=action.due, overdue=action.due is not None and action.due < today)

    # --- App Home and digest ----------------------------------------------------------------------
    def home(self, slack_user_id: str, today: date, language: Language | None = None) -> HomeView:
        with self.db.session("read") as session:
            user = self._user(session, slack_user_id)
            return build_home(session, user, today, language=language or language_of(user),
                              policy=self.policy, stale_days=self.stale_days,
                              fiscal_start_month=self.fiscal_start_month)

    def local_now(self, poster: RepDayPoster, slack_user_id: str, now: datetime | None = None) -> datetime:
        """The time in the person's own time zone (snoozing "1 day" means their tomorrow)."""
        with self.db.session("read") as session:
            user = self._user(session, slack_user_id)
        return (now or utcnow()).astimezone(self._zone(poster, user))

    def weekly_digest(self, who: str, today: date, zone: tzinfo | None = None, *,
                      week_until: date | None = None) -> WeeklyDigest:
        """``who``'s digest on ``today`` of the seven days before ``week_until`` (default ``today``)."""
        with self.db.session("read") as session:
            user = self._user(session, who)
            if user.role not in ("manager", "admin"):
                raise UserFacingError(messages.NOT_A_MANAGER, who=user.name)
            return build_digest(session, user, today, zone or self.default_zone, language=language_of(user),
                                policy=self.policy, stale_days=self.stale_days,
                                fiscal_start_month=self.fiscal_start_month, week_until=week_until)

    def send_weekly_digests(self, poster: RepDayPoster, now: datetime, *, once: Once | None = None) -> int:
        """The scheduler's tick: each manager's digest on the digest weekday's morning, once; when that
        day is a public holiday, on the next working day's morning, still of the week before the holiday."""
        with self.db.session("read") as session:
            managers = list(session.exec(select(User).where(
                User.role == "manager", col(User.slack_user_id).is_not(None)).order_by(User.id)))
        sent = 0
        for manager in managers:
            zone = self._zone(poster, manager)
            local = now.astimezone(zone)
            scheduled = self._digest_day_sent_on(local.date())
            if scheduled is None or local.hour < self.reminder_hour:
                continue
            sent += self._send_digest(poster, manager, local.date(), zone, once, week_until=scheduled)
        return sent

    def _digest_day_sent_on(self, today: date) -> date | None:
        """The digest weekday whose digest goes out ``today`` (itself, or an earlier holiday's), or None.

        Each scheduled day maps to one sending day, so de-duplicating by the sending day (the delivery
        row and the ``once`` key) still sends one digest a week."""
        for back in range(14):  # a holiday's digest waits at most a few days; two weeks is ample
            scheduled = today - timedelta(days=back)
            if scheduled.weekday() == self.digest_weekday and self.calendar.observed(scheduled) == today:
                return scheduled
        return None

    def send_digest_now(self, poster: RepDayPoster, who: str, today: date) -> bool:
        with self.db.session("read") as session:
            user = self._user(session, who)
        return self._send_digest(poster, user, today, self.default_zone)

    def _send_digest(self, poster: RepDayPoster, manager: User, today: date, zone: tzinfo,
                     once: Once | None = None, *, week_until: date | None = None) -> bool:
        with self.db.session("read") as session:
            if queries.delivered_today(session, manager.id or 0, today, queries.WEEKLY_DIGEST):
                return False

        def post() -> dict[str, Any]:
            who = manager.slack_user_id or manager.name
            poster.post_digest(self.weekly_digest(who, today, zone, week_until=week_until))
            return {}

        try:
            posted = once(f"rep_day:digest:{manager.id}:{today.isoformat()}", post) if once else post()
        except Exception:  # noqa: BLE001 - retried on the next tick; other managers still get theirs
            log.exception("weekly digest for user %s not sent; retried on the next tick", manager.id)
            return False
        if posted is None:
            return False
        self._record(queries.WEEKLY_DIGEST, [manager.id or 0], manager.id or 0, today)
        return True

    # --- people -------------------------------------------------------------------------------------
    def _zone(self, poster: RepDayPoster, user: User) -> tzinfo:
        name = poster.time_zone(user.slack_user_id) if user.slack_user_id else None
        try:
            return ZoneInfo(name) if name else self.default_zone
        except (ZoneInfoNotFoundError, ValueError):
            return self.default_zone

    @staticmethod
    def _user(session: Session, who: str) -> User:
        user = get_by_slack_id(session, who) or find_user_by_name(session, who)
        if user is None:
            raise UserFacingError(messages.UNKNOWN_PERSON, who=who)
        return user
