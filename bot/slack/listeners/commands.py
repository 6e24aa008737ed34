"""Slash commands: ``/ask <question>`` and ``/invoice <customer>``; answers are private to the caller."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.slack import messages
from bot.slack.answer_blocks import build_answer_blocks, chunk_text
from bot.slack.context import BotContext
from bot.slack.errors import Reply, error_text
from bot.slack.invoices import invoice_answer
from bot.slack.payloads import SlashCommand
from bot.slack.questions import answer_for
from core.errors import UserFacingError
from core.i18n import Language
from core.questions import Answer


def _respond_privately(respond: Respond, language: Language, produce: Callable[[], Answer]) -> None:
    """Post ``produce()``'s answer to the caller only; any failure becomes a private error with a ref."""
    try:
        answer = produce()
        respond(text=chunk_text(answer.answer)[0], blocks=build_answer_blocks(answer), response_type="ephemeral")
    except Exception as error:  # noqa: BLE001 - reported to the user with a ref, logged
        respond(text=error_text(error, language)[0], response_type="ephemeral")


def register(app: App, bot: BotContext) -> None:
    def on_ask(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()
        parsed = SlashCommand.model_validate(command)
        language = bot.people.language(parsed.user_id, parsed.text)
        reply = Reply(channel=parsed.channel_id, user=parsed.user_id, language=language, private=True)

        def produce() -> Answer:
            if not parsed.text.strip():
                raise UserFacingError(messages.EMPTY_QUESTION)
            return answer_for(bot, parsed.text.strip(), user=parsed.user_id, reply=reply)

        _respond_privately(respond, language, produce)

    def on_invoice(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()
        parsed = SlashCommand.model_validate(command)
        language = bot.people.language(parsed.user_id, parsed.text)

        def produce() -> Answer:
            name = parsed.text.strip()
            if not name:
                raise UserFacingError(messages.EMPTY_INVOICE)
            asker = bot.people.asker(parsed.user_id, language)  # registered users only
            return invoice_answer(bot, name, asker, language)

        _respond_privately(respond, language, produce)

    app.command("/ask")(on_ask)
    app.command("/invoice")(on_invoice)
