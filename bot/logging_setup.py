"""Logging, configured in one place: text or JSON lines, to a file (CLI) or stderr (server)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from bot.settings import Settings

# The handlers we installed, so a second call (a test, another data dir) replaces them.
_installed: list[logging.Handler] = []


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name,
                 "message": record.getMessage()}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(settings: Settings, log_file: Path | None = None) -> None:
    """Send our logs to ``log_file``, or to stderr when there is none (a server's log)."""
    formatter: logging.Formatter = (JsonFormatter() if settings.log_format == "json"
                                    else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(log_file, encoding="utf-8")
    else:
        handler = logging.StreamHandler()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in _installed:
        root.removeHandler(old)
        old.close()
    _installed[:] = [handler]
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    # Chatty libraries: their INFO lines are noise in our log.
    for name in ("httpx", "chromadb", "urllib3", "alembic.runtime.migration"):
        logging.getLogger(name).setLevel(logging.WARNING)
