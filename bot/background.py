"""Background work in a process: every job kind with the adapters it posts through, the periodic
tasks, and the threads that run them (`salesbot worker`, plain `salesbot serve`, `salesbot scheduler`).

Adding work: register its kind in `build_registry` (the handler lives in its domain package and
talks to a port; the Slack adapter implements the port) and, when it is periodic, add a
`PeriodicTask` in `periodic_tasks`. See `crm_store.job_runner` and `crm_store.scheduling`.
"""

from __future__ import annotations

import logging
import threading
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any

from bot.settings import Settings
from core.clock import today as local_today
from core.clock import utcnow
from bot.wiring import Services
from core.notifications import ChannelAudience, Notifier
from crm_store.job_runner import Effects, JobContext, JobRegistry, Worker
from crm_store.jobs import JobQueue
from crm_store.scheduling import PeriodicTask, Scheduler
from crm_store.working_days import WorkingCalendar

if TYPE_CHECKING:
    from bot.slack.context import BotContext

log = logging.getLogger(__name__)

ERP_SYNC_JOB = "erp.sync"
INVOICE_DIGEST_JOB = "invoices.digest"
CAPTURE_RECOVERY_AGE = timedelta(minutes=5)
HOUSEKEEPING_JOB = "jobs.housekeeping"
JOB_HISTORY_DAYS = 30


def build_registry(services: Services, *, notifier: Notifier, audience: ChannelAudience,
                   bot: BotContext | None = None) -> JobRegistry:
    """Every job kind this process can run. Without a Slack connection (``bot`` None), the kinds
    that show things in Slack are left to a worker that has one. ``audience`` says who reads the
    channels ``notifier`` posts to."""
    registry = JobRegistry()
    _register_invoice_jobs(registry, services, notifier, audience)
    registry.register(HOUSEKEEPING_JOB, lambda ctx: _housekeeping(ctx, services))
    if bot is not None:
        from bot.slack.draft_presenter import SlackDraftPresenter
        from bot.slack.knowledge_reaction import SlackIngestPresenter
        from capture.jobs import RECOVER_JOB, recover_stored_inputs, register_capture_jobs
        from knowledge.jobs import register_knowledge_jobs

        capture = services.capture
        if capture is not None:
            register_capture_jobs(registry, capture, SlackDraftPresenter(bot))
            registry.register(
                RECOVER_JOB,
                lambda ctx: recover_stored_inputs(capture, ctx.queue, older_than=CAPTURE_RECOVERY_AGE),
            )
        if services.knowledge is not None:
            register_knowledge_jobs(registry, services.knowledge, SlackIngestPresenter(bot))
        if services.rep_day is not None:
            from bot.slack.rep_day import SlackRepDayPoster
            from crm_store.rep_day.jobs import register_rep_day_jobs

            register_rep_day_jobs(registry, services.rep_day, SlackRepDayPoster(bot.client))
    return registry


def _housekeeping(context: JobContext, services: Services) -> None:
    """Finished jobs and Slack event ids are kept for a while (dedupe keys, diagnosis), not forever."""
    purged = context.queue.forget_done_before(utcnow() - timedelta(days=JOB_HISTORY_DAYS))
    forgotten = services.event_log.forget_older_than(days=7) if services.event_log is not None else 0
    log.info("housekeeping: %s finished job(s) and %s event id(s) forgotten", purged, forgotten)


def _register_invoice_jobs(
    registry: JobRegistry, services: Services, notifier: Notifier, audience: ChannelAudience
) -> None:
    """ERP sync (then overdue alerts) and the daily digest; each run is once per slot."""
    erp, invoices = services.erp, services.invoices

    def sync(context: JobContext) -> None:
        today = _today(context)
        if erp is not None and erp.config.connector:
            erp.sync(notifier=notifier, today=today)
        if invoices is not None:
            invoices.send_overdue_alerts(notifier, today, audience)

    def digest(context: JobContext) -> None:
        if invoices is not None:
            invoices.send_digests(notifier, _today(context), audience)
            invoices.send_overdue_alerts(notifier, _today(context), audience)

    registry.register(ERP_SYNC_JOB, sync)
    registry.register(INVOICE_DIGEST_JOB, digest)


def periodic_tasks(settings: Settings, services: Services) -> list[PeriodicTask]:
    """What the one scheduler enqueues, and when (local time)."""
    from capture.jobs import RECOVER_JOB

    tasks = []
    if services.erp is not None and services.erp.config.connector and settings.erp_sync_interval_minutes:
        tasks.append(PeriodicTask("erp_sync", ERP_SYNC_JOB, every=timedelta(minutes=settings.erp_sync_interval_minutes)))
    if services.invoices is not None:
        hours, minutes = (int(part) for part in settings.erp_digest_time.split(":"))
        # On the team's working days: no digest DMs on a Saturday or on New Year's Day (what falls due
        # meanwhile is in the next one).
        tasks.append(PeriodicTask("invoice_digest", INVOICE_DIGEST_JOB, daily_at=time(hours, minutes),
                                  days=WorkingCalendar(settings.reminder_working_days, settings.holidays)))
    if services.capture is not None:
        tasks.append(PeriodicTask("capture_recovery", RECOVER_JOB, every=timedelta(minutes=2), max_attempts=1))
    tasks.append(PeriodicTask("housekeeping", HOUSEKEEPING_JOB, daily_at=time(3, 0), max_attempts=1))
    if services.rep_day is not None and settings.slack_bot_token:
        # Each run sends what is due for each person in their own time zone (crm_store.rep_day.jobs).
        from crm_store.rep_day import jobs as rep_day_jobs

        tasks.append(PeriodicTask("rep_day_reminders", rep_day_jobs.REMINDERS_JOB,
                                  every=rep_day_jobs.REMINDERS_EVERY, max_attempts=1))
        tasks.append(PeriodicTask("rep_day_weekly_digest", rep_day_jobs.WEEKLY_DIGEST_JOB,
                                  every=rep_day_jobs.DIGEST_EVERY, max_attempts=1))
    return tasks


def _today(context: JobContext) -> date:
    value = context.payload.get("today")
    return date.fromisoformat(value) if value else local_today()


def build_queue(settings: Settings, services: Services) -> JobQueue:
    """This process's handle on the queue, with the configured lease."""
    return JobQueue(services.db, lease_seconds=settings.job_lease_seconds)


def build_worker(
    settings: Settings,
    services: Services,
    bot: BotContext | None,
    *,
    notifier: Notifier | None = None,
    audience: ChannelAudience | None = None,
    threads: int | None = None,
) -> Worker:
    """A worker for every kind this process can run; alerts go through ``notifier`` to channels
    whose readers ``audience`` names (default for both: Slack's)."""
    if notifier is None:
        if bot is None:
            raise ValueError("a worker without Slack needs a notifier")
        from bot.slack.notifier import SlackNotifier

        notifier = SlackNotifier(bot.client)
    if audience is None:
        # Never guessed: a console, a test or Slack without a bot context each say who reads
        # the channel posts (bot.cli.console_notifier.OperatorAudience, bot.scheduler).
        if bot is None:
            raise ValueError("a worker without Slack needs to be told who reads its channel posts")
        from bot.slack.audience import SlackChannelAudience

        audience = SlackChannelAudience(bot.people, services.crm)
    registry = build_registry(services, notifier=notifier, audience=audience, bot=bot)
    return Worker(
        build_queue(settings, services),
        registry,
        Effects(services.db),
        threads=threads or settings.worker_threads,
        poll_seconds=settings.worker_poll_seconds,
    )


class Background:
    """A worker loop and (optionally) the scheduler, on daemon threads, until `shutdown`."""

    def __init__(
        self, settings: Settings, services: Services, worker: Worker | None, *, scheduler: bool = True
    ) -> None:
        self.stop = threading.Event()
        self.worker = worker
        self.scheduler = (
            Scheduler(
                services.db,
                build_queue(settings, services),
                periodic_tasks(settings, services),
                lease_seconds=settings.job_lease_seconds,
            )
            if scheduler
            else None
        )
        self._threads: list[threading.Thread] = []

    def start(self) -> Background:
        if self.worker is not None:
            self._spawn(self.worker.run, "jobs")
        if self.scheduler is not None:
            scheduler, worker = self.scheduler, self.worker
            self._spawn(
                lambda stop: scheduler.run(stop, on_tick=lambda _: worker.wake() if worker else None), "scheduler"
            )
        return self

    def _spawn(self, target: Any, name: str) -> None:
        thread = threading.Thread(target=target, args=(self.stop,), name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def wait(self) -> None:
        """Block until `shutdown` (the worker command's foreground)."""
        while not self.stop.wait(0.5):
            pass

    def shutdown(self, timeout: float = 30.0) -> None:
        """Stop claiming, let jobs in flight finish (up to ``timeout``), give the scheduler lease up."""
        self.stop.set()
        if self.worker is not None:
            self.worker.wake()
        for thread in self._threads:
            thread.join(timeout)
