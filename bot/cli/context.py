"""What every command shares: --data-dir, --json, settings, services, output and errors."""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from bot.logging_setup import configure_logging
from bot.settings import Settings
from bot.wiring import Services, build_services
from core.errors import UserFacingError, new_reference_id
from core.i18n import Language, Message
from core.questions import Asker

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

_UNEXPECTED = Message(
    en="Unexpected error (ref {ref}); the details are in {log}.",
    ja="予期しないエラーが発生しました(ref {ref})。詳細は {log} にあります。",
)


# The CLI is the admin's tool: whoever can run it can read the database and its files anyway.
# So without --as it reads as an admin; `--as <user>` shows exactly what that user would see.
CLI_ADMIN = Asker(role="admin", name="cli")


def as_option(fn: F) -> F:
    """``--as USER``: read as this user (name or Slack id) instead of as the CLI's admin."""
    return click.option("--as", "as_user", help="Read as this user (name or Slack id); default: admin.")(fn)


class CliContext:
    """Per-invocation state: settings with the command-line overrides, and lazily built services."""

    def __init__(self, data_dir: Path | None, as_json: bool) -> None:
        self.explicit_data_dir = data_dir
        overrides: dict[str, Any] = {"data_dir": data_dir} if data_dir is not None else {}
        self.settings = Settings(**overrides)
        self.as_json = as_json
        self._services: Services | None = None

    @property
    def language(self) -> Language:
        return self.settings.ui_language

    @property
    def services(self) -> Services:
        if self._services is None:
            configure_logging(self.settings, log_file=self.log_file)
            self._services = build_services(self.settings)
        return self._services

    def asker(self, as_user: str | None) -> Asker:
        """Who a command reads as: ``--as`` a user (name or Slack id), else `CLI_ADMIN`."""
        return self.services.asker_for(as_user) if as_user else CLI_ADMIN

    @property
    def log_file(self) -> Path:
        return self.settings.data_dir / "logs" / "salesbot.log"

    def emit(self, json_value: Any, human_text: str | Callable[[], str]) -> None:
        """Print for machines (--json) or for people."""
        if self.as_json:
            click.echo(json.dumps(json_value, ensure_ascii=False, indent=2, default=str))
        else:
            click.echo(human_text() if callable(human_text) else human_text)

    def close(self) -> None:
        if self._services is not None:
            self._services.close()


def salesbot_command(fn: F) -> F:
    """Give a click command --data-dir and --json, a `CliContext` as first argument, and the
    house error handling: a one-line translated reason and a non-zero exit, never a traceback
    (unless SALESBOT_DEBUG=1)."""

    @click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False),
                  help="Data directory (default: $SALESBOT_DATA_DIR or ./.salesbot).")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
    @functools.wraps(fn)
    def wrapper(data_dir: Path | None, as_json: bool, **kwargs: Any) -> Any:
        cli = CliContext(data_dir, as_json)
        try:
            return fn(cli, **kwargs)
        except UserFacingError as error:
            _fail(error.message(cli.language), as_json)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception:
            if cli.settings.debug:
                raise
            ref = new_reference_id()
            log.exception("unexpected error ref=%s", ref)
            _fail(_UNEXPECTED.format(cli.language, ref=ref, log=cli.log_file), as_json, code=2)
        finally:
            cli.close()

    return wrapper  # type: ignore[return-value]


def _fail(message: str, as_json: bool, code: int = 1) -> None:
    if as_json:
        click.echo(json.dumps({"error": message}, ensure_ascii=False))
    click.echo(f"error: {message}", err=True)
    sys.exit(code)
