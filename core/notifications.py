"""The `Notifier` port: where alerts and digests go.

A shared-kernel contract because three areas meet on it: the ERP sync (admin alerts), the invoice
digests and overdue alerts (crm_store.invoicing), and the adapters that deliver (Slack, console, tests).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Notifier(Protocol):
    """Where alerts and digests go (Slack in production, the console in the CLI, a recorder in tests)."""

    def post_message(self, channel: str, text: str) -> None:
        """Post ``text`` to ``channel`` (a channel id or name)."""
        ...

    def send_direct_message(self, slack_user_id: str, text: str) -> None:
        """Send ``text`` privately to one person."""
        ...
