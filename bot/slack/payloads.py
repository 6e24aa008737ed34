"""Slack payloads parsed once into typed models (only the keys the bot reads; the rest is ignored).

Shapes follow Slack's samples (message ``file_share`` events, ``app_mention``, ``reaction_added``,
``block_actions``, ``view_submission``, slash commands).
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class SlackFile(_Loose):
    id: str
    name: str | None = None
    title: str | None = None
    mimetype: str | None = None
    filetype: str | None = None
    subtype: str | None = None  # "slack_audio" for clips recorded in Slack
    size: int | None = None
    url_private_download: str | None = None
    url_private: str | None = None
    file_access: str | None = None  # "check_file_info" for Slack Connect files: ask files.info
    mode: str | None = None

    @property
    def display_name(self) -> str:
        return self.name or self.title or self.id


class MessageEvent(_Loose):
    """A ``message`` (DM) or ``app_mention`` event."""

    type: str
    subtype: str | None = None
    user: str | None = None
    bot_id: str | None = None
    text: str = ""
    ts: str
    thread_ts: str | None = None
    channel: str
    channel_type: str | None = None  # im | channel | group | mpim (absent on app_mention)
    files: list[SlackFile] = Field(default_factory=list)

    @property
    def clean_text(self) -> str:
        """The text without the bot mention(s), trimmed."""
        return _MENTION.sub("", self.text).strip()

    @property
    def is_dm(self) -> bool:
        return self.channel_type == "im" or self.channel.startswith("D")

    @property
    def reply_thread_ts(self) -> str | None:
        """Where replies go: the message's thread; in channels a new thread under it; DMs stay flat."""
        if self.thread_ts:
            return self.thread_ts
        return None if self.is_dm else self.ts


class ReactionItem(_Loose):
    type: str
    channel: str | None = None
    ts: str | None = None


class ReactionEvent(_Loose):
    type: str
    user: str
    reaction: str
    item: ReactionItem
    item_user: str | None = None


class SlashCommand(_Loose):
    command: str
    text: str = ""
    user_id: str
    channel_id: str
    response_url: str | None = None
    trigger_id: str | None = None


class ActionUser(_Loose):
    id: str


class Container(_Loose):
    type: str | None = None
    channel_id: str | None = None
    message_ts: str | None = None
    thread_ts: str | None = None


class ActionItem(_Loose):
    action_id: str
    value: str | None = None


class BlockAction(_Loose):
    """A button click on one of our cards; the button's value is a small JSON object."""

    user: ActionUser
    trigger_id: str | None = None
    container: Container = Field(default_factory=Container)
    channel: dict[str, Any] | None = None
    actions: list[ActionItem]

    @property
    def action(self) -> ActionItem:
        return self.actions[0]

    def value(self) -> CardRef:
        return CardRef.model_validate_json(self.action.value or "{}")

    @property
    def channel_id(self) -> str | None:
        return self.container.channel_id or (self.channel or {}).get("id")


class CardRef(BaseModel):
    """What a draft card's buttons and the edit modal carry: enough to act without a lookup."""

    input_id: int
    owner: str  # Slack user id of the rep whose memo it is
    language: str = "en"
    channel: str | None = None
    ts: str | None = None  # the card message

    def dump(self) -> str:
        return json.dumps(self.model_dump(exclude_none=True), separators=(",", ":"))


def modal_values(view_state: dict[str, Any]) -> dict[str, Any]:
    """Flatten a modal's ``state.values`` to {block_id: value} for the element types we use."""
    flat: dict[str, Any] = {}
    for block_id, elements in (view_state.get("values") or {}).items():
        for element in elements.values():
            kind = element.get("type")
            if kind == "plain_text_input":
                flat[block_id] = element.get("value")
            elif kind == "datepicker":
                flat[block_id] = element.get("selected_date")
            elif kind in ("static_select", "radio_buttons"):
                selected = element.get("selected_option")
                flat[block_id] = selected.get("value") if selected else None
            elif kind == "checkboxes":
                flat[block_id] = [o.get("value") for o in element.get("selected_options") or []]
    return flat
