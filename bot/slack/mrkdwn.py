"""Slack-safe text: what users and documents wrote is shown, never interpreted as Slack markup.

`escape` goes around every user- or document-derived string rendered as mrkdwn (answers, draft
cards, citations, invoices, errors): a memo saying ``<!channel>`` must not ping the channel when
quoted back, and ``<https://evil|invoice>`` must not pass for a link. `plain_text` turns a Slack
message into plain text before it is saved to the knowledge base, so mentions and disguised links
become harmless words (and the real address stays visible).
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"<(![a-z]+(?:\^[A-Z0-9]+)?|@[UW][A-Z0-9]+|#C[A-Z0-9]+)(?:\|([^>]*))?>")
_LINK = re.compile(r"<((?:https?|mailto|tel):[^|>\s]*)(?:\|([^>]*))?>")


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as Slack's entities: the text shows as written, with no markup effect."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_text(message: str) -> str:
    """A Slack message's text as plain words: ``<!here>`` → ``@here``, ``<@U1|sato>`` → ``@sato``,
    ``<#C1|sales>`` → ``#sales``, ``<https://x|label>`` → ``label (https://x)``; entities decoded."""

    def special(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("!"):
            name = label or target[1:].split("^")[0]
            return name if name.startswith("@") else f"@{name}"
        if label:
            return ("@" if target.startswith("@") else "#") + label.lstrip("@#")
        return target

    def link(match: re.Match[str]) -> str:
        url, label = match.group(1), match.group(2)
        shown = url.removeprefix("mailto:").removeprefix("tel:")
        if not label or label == shown or label == url:
            return shown
        return f"{label} ({shown})"

    text = _SPECIAL.sub(special, message)
    text = _LINK.sub(link, text)
    # Whatever else is left between angle brackets is no markup any more once decoded and re-escaped.
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
