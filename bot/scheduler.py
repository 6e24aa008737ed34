"""The scheduler: periodic ERP sync (then overdue alerts) and the daily invoice digest.

`run_scheduler(services, notifier, stop_event)` is what `salesbot scheduler` runs and what
`salesbot serve` can start in a thread next to the Slack app. Each job is idempotent (sync
upserts; alerts and digests are recorded once), so a restart never double-posts.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from bot.wiring import Services
from core.notifications import Notifier

log = logging.getLogger(__name__)

TICK_SECONDS = 30.0


def _local_now() -> datetime:
    return datetime.now().astimezone()


class Scheduler:
    """Decides what is due at a given moment; `tick` is called by the loop (and by tests)."""

    def __init__(self, services: Services, notifier: Notifier) -> None:
        settings = services.settings
        self.services, self.notifier = services, notifier
        self.sync_every = timedelta(minutes=settings.erp_sync_interval_minutes)
        hours, minutes = (int(part) for part in settings.erp_digest_time.split(":"))
        self.digest_at = time(hours, minutes)
        self.next_sync: datetime | None = None
        self.last_digest: date | None = None

    def tick(self, now: datetime) -> list[str]:
        """Run whatever is due at ``now`` (local time); returns the names of the jobs run."""
        ran: list[str] = []
        erp, invoices = self.services.erp, self.services.invoices
        if (
            erp is not None
            and erp.config.connector
            and self.sync_every
            and (self.next_sync is None or now >= self.next_sync)
        ):
            self.next_sync = now + self.sync_every
            self._run("sync", lambda: erp.sync(notifier=self.notifier, today=now.date()), ran)
            if invoices is not None:
                self._run(
                    "overdue_alerts", lambda: invoices.send_overdue_alerts(self.notifier, now.date()), ran
                )
        if invoices is not None and now.time() >= self.digest_at and self.last_digest != now.date():
            self.last_digest = now.date()
            self._run("digest", lambda: invoices.send_digests(self.notifier, now.date()), ran)
            self._run("overdue_alerts", lambda: invoices.send_overdue_alerts(self.notifier, now.date()), ran)
        return ran

    @staticmethod
    def _run(name: str, job: Callable[[], object], ran: list[str]) -> None:
        try:
            job()
            ran.append(name)
        except Exception:  # noqa: BLE001 - one failing job must not stop the scheduler
            log.exception("scheduled job %s failed", name)


def run_scheduler(
    services: Services,
    notifier: Notifier,
    stop_event: threading.Event,
    *,
    clock: Callable[[], datetime] = _local_now,
    tick_seconds: float = TICK_SECONDS,
) -> None:
    """Run scheduled jobs until ``stop_event`` is set (checked every ``tick_seconds``)."""
    scheduler = Scheduler(services, notifier)
    log.info("scheduler started: sync every %s, digest at %s", scheduler.sync_every, scheduler.digest_at)
    while not stop_event.is_set():
        scheduler.tick(clock())
        stop_event.wait(tick_seconds)
    log.info("scheduler stopped")
