"""`ConsoleNotifier`: the `Notifier` port for the CLI — alerts and digests printed, not posted.
`OperatorAudience`: the `ChannelAudience` that goes with it.

Slack's notifier lives in bot/slack/notifier.py; both satisfy `core.notifications.Notifier`.
"""

from __future__ import annotations

import sys
from typing import TextIO

from bot.cli.context import CLI_ADMIN
from core.questions import Asker


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


class OperatorAudience:
    """The `core.notifications.ChannelAudience` where there is no Slack: a "channel" post is printed
    for the operator, who may see everything, so the managers' digest is printed whole, as it always was."""

    def channel_members(self, channel: str) -> list[Asker | None]:
        # Whoever runs the CLI or a worker without Slack reads its output, as an admin like every
        # CLI command without `--as`.
        return [CLI_ADMIN]
