"""The rep's day as background jobs: the scheduler enqueues them every few minutes and each run
sends whatever is due at that moment, person by person in their own time zone.

Idempotent by construction: a delivery is recorded per action (or digest) and day once Slack
accepted it, so a re-run, a second worker or a late retry sends nothing twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.clock import utcnow
from crm_store.job_runner import JobContext, JobRegistry
from crm_store.rep_day.ports import RepDayPoster
from crm_store.rep_day.service import RepDayService

REMINDERS_JOB = "rep_day.reminders"
WEEKLY_DIGEST_JOB = "rep_day.weekly_digest"
# How often the scheduler looks: a reminder arrives within this of the person's hour.
REMINDERS_EVERY = timedelta(minutes=5)
DIGEST_EVERY = timedelta(minutes=15)


def _now(context: JobContext) -> datetime:
    """The moment to act for: the run's own time, or a ``now`` (ISO, aware) the enqueuer fixed."""
    value = context.payload.get("now")
    return datetime.fromisoformat(value) if value else utcnow()


def register_rep_day_jobs(registry: JobRegistry, service: RepDayService, poster: RepDayPoster) -> None:
    def reminders(context: JobContext) -> None:
        service.send_due_reminders(poster, _now(context), once=context.effects.once)

    def weekly_digest(context: JobContext) -> None:
        service.send_weekly_digests(poster, _now(context), once=context.effects.once)

    registry.register(REMINDERS_JOB, reminders)
    registry.register(WEEKLY_DIGEST_JOB, weekly_digest)
