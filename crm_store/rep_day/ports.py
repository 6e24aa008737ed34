"""The `RepDayPoster` port: how reminders and digests reach people (Slack in production, tests' recorders)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from crm_store.rep_day.views import RepReminder, WeeklyDigest


@runtime_checkable
class RepDayPoster(Protocol):
    def time_zone(self, slack_user_id: str) -> str | None:
        """The person's IANA time zone (Slack's users.info ``tz``), or None when unknown."""
        ...

    def post_reminder(self, reminder: RepReminder) -> None:
        """DM the reminder; return only once Slack accepted it (raise otherwise)."""
        ...

    def post_digest(self, digest: WeeklyDigest) -> None:
        """DM the weekly digest to its manager; return only once Slack accepted it (raise otherwise)."""
        ...
