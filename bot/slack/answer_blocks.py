"""Block Kit for answers and short notices: pure functions, no I/O."""

from __future__ import annotations

import re

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.slack import action_ids
from bot.slack.mrkdwn import escape
from core.i18n import Language, Message
from core.questions import Answer, Citation

SECTION_LIMIT = 3000  # characters in one section's text
MAX_BLOCKS = 50  # in one message
CONTEXT_LIMIT = 2000  # per context element text (a safe margin under Slack's limit)

_SOURCES = Message(en="Sources", ja="出典")
_SAVE_AS_MEMO = Message(en="Save as memo instead", ja="メモとして保存する")
_UNTITLED = Message(en="(untitled)", ja="(無題)")
_WEB = re.compile(r"https?://[^\s<>]+$")


def chunk_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split text into pieces under ``limit``, at line breaks where possible."""
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) > limit:
            pieces.append(current)
            current = ""
        current += line
    if current.strip() or not pieces:
        pieces.append(current)
    return [p.rstrip("\n") or " " for p in pieces]


def build_text_blocks(text: str) -> list[Block]:
    """A notice as one or more sections (Slack rejects a section over 3,000 characters).

    ``text`` is mrkdwn: whatever users or documents wrote in it must already be `escape`d.
    """
    return [SectionBlock(text=MarkdownTextObject(text=piece)) for piece in chunk_text(text)][:MAX_BLOCKS]


def build_answer_blocks(
    answer: Answer, *, save_as_memo_value: str | None = None, note: str | None = None
) -> list[Block]:
    """An answer: its text, how the question was read, numbered sources, and an escape hatch to
    capture the message as a memo when the bot could not place it as a question.

    The answer's text carries customer names, memo and document text: it is escaped, so nothing in
    it pings, links or formats. ``note`` (e.g. why the answer came privately) goes first.
    """
    blocks: list[Block] = []
    if note:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_clip(escape(note)))]))
    blocks += build_text_blocks(escape(answer.answer))
    if answer.interpretation:
        interpretation = f"_{escape(answer.interpretation)}_"
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_clip(interpretation))]))
    if answer.citations:
        blocks.append(DividerBlock())
        lines = [f"*{_SOURCES.format(answer.language)}*"]
        for index, citation in enumerate(answer.citations, start=1):
            lines.append(f"[{index}] {citation_text(citation, answer.language)}")
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_clip("\n".join(lines)))]))
    if save_as_memo_value is not None:
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text=_SAVE_AS_MEMO.format(answer.language),
                        action_id=action_ids.SAVE_ANSWER_AS_MEMO,
                        value=save_as_memo_value,
                    )
                ]
            )
        )
    return blocks[:MAX_BLOCKS]


def citation_text(citation: Citation, language: Language) -> str:
    """A source by its title; a link only when the source is a web address (a Slack permalink, a
    page), never a path on the server."""
    title = escape(citation.title.strip() or _UNTITLED.format(language))
    if _WEB.match(citation.source):
        return f"<{citation.source.replace('|', '%7C').replace('>', '%3E')}|{title.replace('|', '/')}>"
    return title


def _clip(text: str, limit: int = CONTEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
