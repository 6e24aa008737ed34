"""`ConsoleNotifier`: alerts and digests printed for the CLI (Slack's notifier lives in bot/slack)."""

from __future__ import annotations

import sys
from typing import TextIO


class ConsoleNotifier:
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    def _write(self, heading: str, text: str) -> None:
        stream = self.stream or sys.stdout
        stream.write(f"--- {heading}\n{text}\n")
        stream.flush()

    def post_message(self, channel: str, text: str) -> None:
        self._write(f"#{channel.lstrip('#')}", text)

    def send_direct_message(self, slack_user_id: str, text: str) -> None:
        self._write(f"DM {slack_user_id}", text)
