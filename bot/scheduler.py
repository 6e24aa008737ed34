"""`salesbot scheduler`: the periodic ERP sync, overdue alerts and daily digest, in the foreground.

It takes part in the one scheduler (a lease shared with every `serve` and `worker`, see
`crm_store.scheduling`) and runs the ERP and invoice jobs itself. Alerts go to Slack when
SLACK_BOT_TOKEN is set — so they are delivered, and recorded as sent only once Slack took them —
and are printed otherwise (the ``fallback`` notifier).
"""

from __future__ import annotations

import logging
import threading

from bot.background import Background, build_worker
from bot.wiring import Services
from core.notifications import ChannelAudience, Notifier

log = logging.getLogger(__name__)


def scheduler_notifier(services: Services, fallback: Notifier) -> Notifier:
    """Slack when a bot token is configured, else ``fallback`` (the console)."""
    settings = services.settings
    if settings.slack_bot_token is None:
        return fallback
    from bot.slack.app import build_web_client
    from bot.slack.notifier import SlackNotifier

    return SlackNotifier(build_web_client(settings))


def scheduler_audience(services: Services) -> ChannelAudience:
    """Who reads the manager channel: its Slack members when a bot token is configured; else the
    operator, for whom the ``fallback`` notifier prints everything, as before."""
    settings = services.settings
    if settings.slack_bot_token is None:
        from bot.cli.console_notifier import OperatorAudience

        return OperatorAudience()
    from bot.slack.app import build_web_client
    from bot.slack.audience import SlackChannelAudience
    from bot.slack.people import SlackPeople

    return SlackChannelAudience(SlackPeople(build_web_client(settings), services), services.crm)


def run_scheduler(services: Services, fallback: Notifier, stop: threading.Event) -> None:
    """Schedule and run the periodic ERP and invoice work until ``stop`` is set."""
    notifier = scheduler_notifier(services, fallback)
    audience = scheduler_audience(services)
    worker = build_worker(services.settings, services, None, notifier=notifier, audience=audience)
    background = Background(services.settings, services, worker, scheduler=True).start()
    log.info("scheduler running; notifications via %s", type(notifier).__name__)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        background.shutdown()
