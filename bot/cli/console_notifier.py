"""`ConsoleNotifier`: the `Notifier` port for the CLI — alerts and digests printed, not posted.

Slack's notifier lives in bot/slack/notifier.py; both satisfy `core.notifications.Notifier`.
"""

from __future__ import annotations

import sys
from typing import TextIO


class ConsoleNotifier:
    """Prints each message under a heading naming where Slack would have put it."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    def _write(self, heading: str, text: str) -> None:
        # sys.stdout is looked up per write, so click's CliRunner (which swaps it) captures the output.
        stream = self.stream or sys.stdout
        stream.write(f"--- {heading}\n{text}\n")
        stream.flush()

    def post_message(self, channel: str, text: str) -> None:
        """Print a channel post under ``#channel``."""
        self._write(f"#{channel.lstrip('#')}", text)

    def send_direct_message(self, slack_user_id: str, text: str) -> None:
        """Print a DM under ``DM <user id>``."""
        self._write(f"DM {slack_user_id}", text)
