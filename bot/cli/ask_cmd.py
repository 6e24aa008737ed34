"""`salesbot ask "question"`: the same answers the Slack bot gives."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from bot.cli.context import CliContext, as_option, salesbot_command
from core.i18n import detect_language
from core.questions import Answer


@click.command("ask")
@click.argument("question")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Answer as if today were this date (YYYY-MM-DD), for reproducible numbers.")
@as_option
@click.option("--chart", "chart_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the answer's chart (PNG) here, when it has one.")
@salesbot_command
def ask_command(cli: CliContext, question: str, today: datetime | None, as_user: str | None,
                chart_path: Path | None) -> None:
    """Ask about customers, deals, invoices or know-how, in Japanese or English."""
    asker = cli.asker(as_user)
    answer = cli.services.answer_question(question, asker=asker, today=today.date() if today else None,
                                          language=detect_language(question, default=cli.language))
    if chart_path is not None and answer.chart_png:
        chart_path.write_bytes(answer.chart_png)
    cli.emit(answer.to_json_dict(), lambda: render_answer(answer))


def render_answer(answer: Answer) -> str:
    """An answer for a terminal: text, the interpretation used, then numbered sources."""
    parts = [answer.answer]
    if answer.interpretation:
        parts.append(f"({answer.interpretation})")
    for index, citation in enumerate(answer.citations, start=1):
        parts.append(f"[{index}] {citation.title} — {citation.source}")
    return "\n".join(parts)
