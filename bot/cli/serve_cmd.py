"""`salesbot serve [--http PORT] [--no-worker]`: run the Slack bot (Socket Mode when SLACK_APP_TOKEN is set).

Plain ``serve`` is a whole installation in one process: it acks Slack, runs jobs on an in-process
worker and takes part in the one scheduler. ``--no-worker`` only verifies, acks, stores inputs
and enqueues; `salesbot worker` processes (any number, any machine on the same database) run
the jobs and the scheduler. See docs/deploy.md.
"""

from __future__ import annotations

import logging
import signal
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import click

from bot.cli.context import CliContext, salesbot_command
from bot.logging_setup import configure_logging
from core.errors import UserFacingError
from core.i18n import Message

log = logging.getLogger(__name__)

NO_MODE = Message(
    en="Choose how Slack reaches the bot: set SLACK_APP_TOKEN (Socket Mode) or pass --http PORT (HTTP mode).",
    ja="Slack との接続方法を指定してください: SLACK_APP_TOKEN を設定する(Socket Mode)か --http PORT を指定します(HTTP モード)。",
)
EMBEDDED_CHROMA = Message(
    en="note: the knowledge base is in embedded Chroma under this machine's data directory; workers on other "
    "machines cannot reach it. Set SALESBOT_CHROMA_URL to a Chroma server for workers on several machines.",
    ja="注意: ナレッジベースはこのマシンのデータディレクトリ内の組み込み Chroma です。他のマシンのワーカーからは"
    "使えません。複数マシンでワーカーを動かす場合は SALESBOT_CHROMA_URL に Chroma サーバーを設定してください。",
)


@click.command("serve")
@click.option(
    "--http",
    "http_port",
    type=click.IntRange(0, 65535),
    help="HTTP mode on this port: events, commands and interactivity at /slack/events.",
)
@click.option("--host", default="0.0.0.0", show_default=True, help="Interface to listen on (HTTP mode).")
@click.option("--no-scheduler", is_flag=True, help="Do not take part in running the periodic work.")
@click.option(
    "--no-worker",
    is_flag=True,
    help="Only ack, store and enqueue; `salesbot worker` processes run the jobs and the scheduler.",
)
@salesbot_command
def serve_command(cli: CliContext, http_port: int | None, host: str, no_scheduler: bool, no_worker: bool) -> None:
    """Run the Slack bot until interrupted."""
    from bot.background import Background, build_worker
    from bot.slack.app import build_bot_context, build_web_client, create_app

    settings = cli.settings
    socket_mode = http_port is None
    if socket_mode and settings.slack_app_token is None:
        raise UserFacingError(NO_MODE)
    services = cli.services
    configure_logging(settings)  # a server logs to stderr (its supervisor keeps the log)
    client = build_web_client(settings)
    worker = None if no_worker else build_worker(settings, services, build_bot_context(settings, services, client))
    executor = ThreadPoolExecutor(max_workers=settings.slack_listener_threads, thread_name_prefix="slack")
    app = create_app(
        settings,
        services,
        client=client,
        socket_mode=socket_mode,
        listener_executor=executor,
        worker=worker,
        inline_jobs=not no_worker,
    )
    if services.event_log is not None:
        services.event_log.forget_older_than(days=7)
    if no_worker and not settings.chroma_url:
        click.echo(EMBEDDED_CHROMA.format(cli.language), err=True)
    # Plain serve: the worker loop picks up retries, recovered inputs and periodic work.
    background = Background(settings, services, worker, scheduler=not (no_scheduler or no_worker)).start()
    # SIGTERM (systemd, Kubernetes) stops like Ctrl+C. In HTTP mode uvicorn first finishes the
    # requests in flight, then hands the signal on to this handler.
    signal.signal(signal.SIGTERM, _stop_like_ctrl_c)
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
                server.serve_forever()  # returns after a graceful shutdown on SIGTERM/SIGINT
            finally:
                server.server_close()
    except KeyboardInterrupt:
        pass
    finally:
        executor.shutdown(wait=True, cancel_futures=False)  # listeners that acked finish their work
        background.shutdown()
        click.echo("salesbot: stopped", err=True)


def _stop_like_ctrl_c(*_: Any) -> None:
    raise KeyboardInterrupt
