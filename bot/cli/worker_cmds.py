"""`salesbot worker` (run jobs and the scheduler) and `salesbot capture retry INPUT_ID`.

Run as many workers as the load needs, on any machine with the same SALESBOT_DATABASE_URL (and
SALESBOT_CHROMA_URL for the knowledge base); see docs/deploy.md.
"""

from __future__ import annotations

import signal

import click

from bot.cli.context import CliContext, salesbot_command
from bot.logging_setup import configure_logging
from core.errors import UserFacingError
from core.i18n import Message

NO_SLACK = Message(
    en="note: SLACK_BOT_TOKEN is not set: this worker runs the ERP sync, alerts and digests only (printed here); "
    "drafts and knowledge saves wait for a worker with Slack tokens.",
    ja="注意: SLACK_BOT_TOKEN が未設定のため、このワーカーは ERP 同期・アラート・ダイジェストのみ実行し"
    "(ここに表示)、下書きとナレッジ保存は Slack トークンを持つワーカーが実行します。",
)
STARTED = Message(
    en="salesbot worker: {threads} thread(s), jobs: {kinds}{scheduler} (Ctrl+C or SIGTERM to stop)",
    ja="salesbot worker: {threads} スレッド、ジョブ: {kinds}{scheduler}(Ctrl+C か SIGTERM で停止)",
)
RAN = Message(en="ran {count} job(s)", ja="{count} 件のジョブを実行しました")
QUEUED = Message(
    en="Input {input_id} is queued again (job {job_id}); a worker will post the draft in its conversation.",
    ja="入力 {input_id} を再度キューに入れました(ジョブ {job_id})。ワーカーが元の会話に下書きを投稿します。",
)
NOT_FROM_SLACK = Message(
    en="Input {input_id} did not come from Slack; draft it with `salesbot extract`.",
    ja="入力 {input_id} は Slack からのものではありません。`salesbot extract` で下書きしてください。",
)
CAPTURE_OFF = Message(en="Capture is not available in this installation.", ja="この環境ではメモ取り込みが使えません。")


@click.command("worker")
@click.option("--threads", type=click.IntRange(1, 64), help="Jobs run at once (default SALESBOT_WORKER_THREADS).")
@click.option("--no-scheduler", is_flag=True, help="Do not take part in running the periodic work.")
@click.option("--once", is_flag=True, help="Run the jobs that are due, then exit (cron, tests).")
@salesbot_command
def worker_command(cli: CliContext, threads: int | None, no_scheduler: bool, once: bool) -> None:
    """Run background jobs (drafts, knowledge saves, ERP sync, alerts, digests) until stopped."""
    from bot.background import Background, build_worker

    settings, services = cli.settings, cli.services
    configure_logging(settings)
    bot, notifier, audience = None, None, None
    if settings.slack_bot_token is not None:
        from bot.slack.app import build_bot_context, build_web_client

        bot = build_bot_context(settings, services, build_web_client(settings))
    else:
        from bot.cli.console_notifier import ConsoleNotifier, OperatorAudience

        notifier, audience = ConsoleNotifier(), OperatorAudience()  # printed whole for the operator
        click.echo(NO_SLACK.format(cli.language), err=True)
    worker = build_worker(settings, services, bot, notifier=notifier, audience=audience, threads=threads)
    if once:
        click.echo(RAN.format(cli.language, count=worker.run_until_idle()), err=True)
        return
    background = Background(settings, services, worker, scheduler=not no_scheduler)
    # SIGTERM (systemd, Kubernetes) stops claiming and lets the jobs in flight finish.
    signal.signal(signal.SIGTERM, lambda *_: background.stop.set())
    click.echo(
        STARTED.format(
            cli.language,
            threads=worker.threads,
            kinds=", ".join(worker.kinds),
            scheduler="" if no_scheduler else " + scheduler",
        ),
        err=True,
    )
    background.start()
    try:
        background.wait()
    except KeyboardInterrupt:
        pass
    finally:
        background.shutdown()


@click.group("capture")
def capture_group() -> None:
    """Stored inputs (memos, voice memos, photos) and their drafts."""


@capture_group.command("retry")
@click.argument("input_id", type=int)
@salesbot_command
def capture_retry_command(cli: CliContext, input_id: int) -> None:
    """Draft stored input INPUT_ID again (after a failure) and post the card to its Slack conversation."""
    from capture.jobs import requeue_input
    from crm_store.job_runner import Effects

    services = cli.services
    if services.capture is None or services.jobs is None:
        raise UserFacingError(CAPTURE_OFF)
    stored = services.capture.get_input(input_id)
    if not stored.slack_channel_id:
        raise UserFacingError(NOT_FROM_SLACK, input_id=input_id)
    job_id = requeue_input(services.capture, services.jobs, Effects(services.db), input_id)
    cli.emit({"input_id": input_id, "job_id": job_id}, lambda: QUEUED.format(cli.language, input_id=input_id,
                                                                             job_id=job_id))
