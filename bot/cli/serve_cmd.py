"""`salesbot serve [--http PORT]`: run the Slack bot (Socket Mode when SLACK_APP_TOKEN is set)."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import click

from bot.cli.context import CliContext, salesbot_command
from bot.logging_setup import configure_logging
from core.errors import UserFacingError
from core.i18n import Message

log = logging.getLogger(__name__)

JOB_POLL_SECONDS = 30

NO_MODE = Message(
    en="Choose how Slack reaches the bot: set SLACK_APP_TOKEN (Socket Mode) or pass --http PORT (HTTP mode).",
    ja="Slack との接続方法を指定してください: SLACK_APP_TOKEN を設定する(Socket Mode)か --http PORT を指定します(HTTP モード)。",
)


@click.command("serve")
@click.option(
    "--http",
    "http_port",
    type=click.IntRange(0, 65535),
    help="HTTP mode on this port: events, commands and interactivity at /slack/events.",
)
@click.option("--host", default="0.0.0.0", show_default=True, help="Interface to listen on (HTTP mode).")
@click.option("--no-scheduler", is_flag=True, help="Do not run the ERP sync / invoice digest scheduler.")
@salesbot_command
def serve_command(cli: CliContext, http_port: int | None, host: str, no_scheduler: bool) -> None:
    """Run the Slack bot until interrupted."""
    from bot.slack.app import build_bot_context, build_web_client, create_app
    from bot.slack.capture_flow import process_file_jobs, resume_pending

    settings = cli.settings
    socket_mode = http_port is None
    if socket_mode and settings.slack_app_token is None:
        raise UserFacingError(NO_MODE)
    services = cli.services
    configure_logging(settings)  # a server logs to stderr (its supervisor keeps the log)
    client = build_web_client(settings)
    executor = ThreadPoolExecutor(max_workers=settings.slack_listener_threads, thread_name_prefix="slack")
    app = create_app(settings, services, client=client, socket_mode=socket_mode, listener_executor=executor)
    bot = build_bot_context(settings, services, client)
    if services.event_log is not None:
        services.event_log.forget_older_than(days=7)
    stop = threading.Event()

    def background() -> None:
        """Drafts left by a crash, then file captures to retry, every JOB_POLL_SECONDS."""
        log.info("resumed %s pending input(s)", resume_pending(bot))
        while not stop.is_set():
            try:
                process_file_jobs(bot)
            except Exception:  # noqa: BLE001 - keep polling; the next round may succeed
                log.exception("processing file jobs failed")
            stop.wait(JOB_POLL_SECONDS)

    threading.Thread(target=background, name="jobs", daemon=True).start()
    if not no_scheduler and services.invoices is not None:
        from bot.scheduler import run_scheduler
        from bot.slack.notifier import SlackNotifier

        threading.Thread(
            target=run_scheduler, args=(services, SlackNotifier(client), stop), name="scheduler", daemon=True
        ).start()
    try:
        if socket_mode:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            assert settings.slack_app_token is not None
            click.echo("salesbot: connected to Slack over Socket Mode (Ctrl+C to stop)", err=True)
            SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()
        else:
            from bot.slack.http_server import EVENTS_PATH, make_http_server

            server = make_http_server(app, host=host, port=http_port or 0)
            click.echo(
                f"salesbot: listening on http://{host}:{server.server_address[1]}{EVENTS_PATH} "
                "(Ctrl+C to stop)",
                err=True,
            )
            try:
                server.serve_forever()
            finally:
                server.server_close()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        executor.shutdown(wait=False, cancel_futures=True)
