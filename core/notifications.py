"""The `Notifier` port: where alerts and digests go; the `ChannelAudience` port: who reads a channel.

A shared-kernel contract because three areas meet on it: the ERP sync (admin alerts), the invoice
digests and overdue alerts (crm_store.invoicing), and the adapters that deliver (Slack, console, tests).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from core.questions import Asker


@runtime_checkable
class Notifier(Protocol):
    """Where alerts and digests go (Slack in production, the console in the CLI, a recorder in tests)."""

    def post_message(self, channel: str, text: str) -> None:
        """Post ``text`` to ``channel`` (a channel id or name)."""
        ...

    def send_direct_message(self, slack_user_id: str, text: str) -> None:
        """Send ``text`` privately to one person."""
        ...


@runtime_checkable
class ChannelAudience(Protocol):
    """Who reads a channel a service posts to, so that it posts only what every reader may see
    (one visibility policy: crm_store.visibility `audience_scope`). Slack in production, the
    operator at the console where there is no Slack, a list in tests."""

    def channel_members(self, channel: str) -> list[Asker | None]:
        """The readers of ``channel`` as CRM askers; None for a person the CRM does not know (who may
        see nothing). A member list that cannot be had is ``[None]``: assume such a reader."""
        ...
