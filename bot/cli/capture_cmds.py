"""`salesbot transcribe`, `salesbot ocr`, `salesbot extract`: capture from the terminal."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from bot.cli.context import CliContext, salesbot_command
from bot.wiring import Services
from core.errors import UserFacingError
from core.i18n import Language, Message

_NO_CAPTURE = Message(en="Capture is not configured.", ja="キャプチャ機能が設定されていません。")


def _capture(cli: CliContext):  # noqa: ANN202 - CaptureService, imported lazily by wiring
    capture = cli.services.capture
    if capture is None:
        raise UserFacingError(_NO_CAPTURE)
    return capture


@click.command("transcribe")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@salesbot_command
def transcribe_command(cli: CliContext, file: Path) -> None:
    """Transcribe a voice memo (m4a, mp4, aac, webm, ogg, mp3, wav, flac)."""
    result = _capture(cli).transcribe(file)
    cli.emit({"text": result.text, "language": result.language}, result.text)


@click.command("ocr")
@click.argument("image", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@salesbot_command
def ocr_command(cli: CliContext, image: Path) -> None:
    """Read the text in a photo of notes (JPEG, PNG, HEIC), line by line with confidence."""
    result = _capture(cli).read_image(image)
    lines = [{"text": line.text, "confidence": line.confidence} for line in result.lines]
    cli.emit({"text": result.text, "confidence": round(result.confidence, 3), "lines": lines}, result.text)


@click.command("extract")
@click.argument("file", type=click.Path(path_type=Path, allow_dash=True, dir_okay=False))
@click.option("--date", "memo_date", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The memo's date (YYYY-MM-DD) that 明日 / next Tuesday are resolved against; default today.")
@salesbot_command
def extract_command(cli: CliContext, file: Path, memo_date: datetime | None) -> None:
    """Draft a CRM activity from a typed memo, a voice memo or a photo (routed by content); FILE - is stdin.

    The input is stored (traceable) but nothing is written to the CRM.
    """
    capture = _capture(cli)
    if str(file) == "-":
        data, name = sys.stdin.buffer.read(), None
    else:
        if not file.exists():
            raise click.BadParameter(f"{file} does not exist", param_hint="FILE")
        data, name = file.read_bytes(), file.name
    input_id = capture.store_any(data, filename=name, origin="cli")
    view = capture.draft(input_id, today=memo_date.date() if memo_date else None)
    cli.emit(view.to_json_dict(cli.language), lambda: view.render_text(cli.language))


_MEMO_PREFIXES = ("memo:", "メモ:", "メモ：")


def capture_from_console(services: Services, line: str, language: Language, *, slack_user_id: str | None) -> str | None:
    """The console demo's capture: "memo: …" / "メモ: …" or a path to an audio file or photo → a draft card.

    None when the line is not for capture (it is then a question). Errors come back as their
    translated message, as in Slack.
    """
    capture = services.capture
    if capture is None:
        return None
    text = line.strip()
    prefix = next((p for p in _MEMO_PREFIXES if text.lower().startswith(p)), None)
    path = Path(text).expanduser()
    try:
        if prefix is not None:
            input_id = capture.store_text(text[len(prefix):], origin="demo", slack_user_id=slack_user_id)
        elif len(text) < 500 and path.is_file():
            input_id = capture.store_file(path.read_bytes(), filename=path.name, mime_type=None, origin="demo",
                                          slack_user_id=slack_user_id)
        else:
            return None
        return capture.draft(input_id).render_text(language)
    except UserFacingError as error:
        return f"! {error.message(language)}"
