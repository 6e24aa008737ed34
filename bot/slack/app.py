"""`create_app(settings, services) -> App`: the bolt app with every listener, built per call."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.error import BoltUnhandledRequestError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler, ServerErrorRetryHandler

from bot.settings import Settings
from bot.slack import messages
from bot.slack.context import BotContext
from bot.slack.errors import error_text
from bot.slack.listeners import register_listeners
from bot.slack.people import SlackPeople
from bot.wiring import Services
from core.errors import UserFacingError
from crm_store.job_runner import Worker

log = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://slack.com/api/"


def build_web_client(settings: Settings) -> WebClient:
    """The Web API client: the configured base URL (proxy, tests), Retry-After honoured on 429, and a
    couple of retries on Slack's 5xx."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    if not token:
        raise UserFacingError(messages.MISSING_SETTING, name="SLACK_BOT_TOKEN")
    base_url = settings.slack_api_base_url or DEFAULT_API_BASE_URL
    client = WebClient(token=token, base_url=base_url if base_url.endswith("/") else base_url + "/")
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    client.retry_handlers.append(ServerErrorRetryHandler(max_retry_count=2))  # Slack's 500/503
    return client


def create_app(
    settings: Settings,
    services: Services,
    *,
    client: WebClient | None = None,
    process_before_response: bool = False,
    listener_executor: Executor | None = None,
    socket_mode: bool = False,
    worker: Worker | None = None,
    inline_jobs: bool = True,
) -> App:
    """The bolt app. HTTP mode verifies the signing secret; Socket Mode needs none.

    ``process_before_response=True`` (tests, FaaS) runs each listener to the end before the HTTP
    response; by default bolt answers Slack as soon as a listener calls ``ack()``.
    A listener's job (a draft, an ingestion) runs at once on ``worker`` (default: one built here);
    ``inline_jobs=False`` (``serve --no-worker``) only enqueues it for `salesbot worker`.
    """
    client = client or build_web_client(settings)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    if not secret and not socket_mode:
        raise UserFacingError(messages.MISSING_SETTING, name="SLACK_SIGNING_SECRET")
    app = App(
        client=client,
        signing_secret=secret,
        process_before_response=process_before_response,
        request_verification_enabled=not socket_mode,
        listener_executor=listener_executor,
        raise_error_for_unhandled_request=False,
        logger=logging.getLogger("slack_bolt"),
    )
    bot = build_bot_context(settings, services, client)
    if worker is None and inline_jobs:
        from bot.background import build_worker

        worker = build_worker(settings, services, bot)
    bot.worker = worker
    app.use(_deduplicate_events(services))
    register_listeners(app, bot)
    app.error(_make_error_handler(bot))
    return app


def build_bot_context(settings: Settings, services: Services, client: WebClient) -> BotContext:
    """What listeners share; `serve` builds one too, to resume inputs left by a crash."""
    return BotContext(
        settings=settings, client=client, services=services, people=SlackPeople(client, services)
    )


def _deduplicate_events(services: Services) -> Callable[..., Any]:
    """Drop an event whose id was already handled (Slack retries when we are slow or down)."""

    def middleware(body: dict[str, Any], next: Callable[[], Any]) -> Any:  # noqa: A002 - bolt's name
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and services.event_log is not None and not services.event_log.first_time(event_id):
            log.info("dropping a retried delivery of event %s", event_id)
            return BoltResponse(status=200, body="")
        return next()

    return middleware


def _make_error_handler(bot: BotContext) -> Callable[..., Any]:
    """Last resort for errors outside our listeners' own handling: a ref for the user, a traceback in the log."""

    def handle_error(error: Exception, body: dict[str, Any]) -> Any:
        if isinstance(error, BoltUnhandledRequestError):
            return BoltResponse(status=200, body="")
        user, channel = _who_and_where(body)
        language = bot.people.language(user) if user else bot.settings.ui_language
        text, _ref = error_text(error, language)
        if user and channel:
            try:
                bot.client.chat_postEphemeral(channel=channel, user=user, text=text)
            except Exception:  # noqa: BLE001 - already logged with its ref
                log.exception("could not tell the user about an error")
        if body.get("type") == "event_callback":
            # A retry would fail the same way (and is de-duplicated anyway): acknowledge it.
            return BoltResponse(status=200, body="")
        return None

    return handle_error


def _who_and_where(body: dict[str, Any]) -> tuple[str | None, str | None]:
    """The user and channel of any payload: events, interactions or slash commands."""
    event = body.get("event") if isinstance(body.get("event"), dict) else {}
    user = body.get("user")
    user = user.get("id") if isinstance(user, dict) else user or body.get("user_id") or event.get("user")
    channel = body.get("channel")
    channel = channel.get("id") if isinstance(channel, dict) else channel or body.get("channel_id")
    channel = channel or event.get("channel") or (event.get("item") or {}).get("channel")
    return user, channel
