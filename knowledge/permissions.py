"""Who may read which document, and who will see an answer.

A document's visibility is ``everyone``, ``channel:<Slack channel id>`` (what was said in that
channel) or ``group:<name>`` (managers and admins belong to ``group:managers``). An answer may use
what the asker may read; if it used anything the channel's audience may not, it is sent privately.
"""

from __future__ import annotations

import re

from core.errors import UserFacingError
from core.questions import Asker
from knowledge import messages as m

EVERYONE = "everyone"
_VISIBILITY = re.compile(r"^(everyone|channel:[A-Za-z0-9_\-]+|group:[\w\-]+)$")


def parse_visibility(value: str | None) -> str:
    """A valid visibility string (default everyone); a clear error otherwise."""
    text = (value or EVERYONE).strip()
    if not _VISIBILITY.match(text):
        raise UserFacingError(m.BAD_VISIBILITY, value=text)
    return text


def asker_groups(asker: Asker) -> set[str]:
    groups = set(asker.groups)
    if asker.role in ("manager", "admin"):
        groups.add("managers")
    return groups


def readable_by(asker: Asker) -> list[str]:
    """Every visibility the asker may read (the search filter)."""
    allowed = {EVERYONE} | {f"group:{g}" for g in asker_groups(asker)}
    if asker.channel_id:
        allowed.add(f"channel:{asker.channel_id}")
    return sorted(allowed)


def visible_to_audience(visibility: str, asker: Asker) -> bool:
    """Whether everyone who will see the answer (the channel's members) may read this document."""
    if visibility == EVERYONE:
        return True
    return asker.channel_id is not None and visibility == f"channel:{asker.channel_id}"
