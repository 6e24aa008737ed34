"""Slash commands: ``/ask <question>`` and ``/invoice <customer>``; answers are private to the caller."""

from __future__ import annotations

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


def register(app: App, bot: BotContext) -> None:
    def on_ask(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()
        parsed = SlashCommand.model_validate(command)
        language = bot.people.language(parsed.user_id, parsed.text)
        reply = Reply(channel=parsed.channel_id, user=parsed.user_id, language=language, private=True)
        try:
            if not parsed.text.strip():
                raise UserFacingError(messages.EMPTY_QUESTION)
            answer = answer_for(bot, parsed.text.strip(), user=parsed.user_id, reply=reply)
            respond(
                text=chunk_text(answer.answer)[0],
                blocks=build_answer_blocks(answer),
                response_type="ephemeral",
            )
        except Exception as error:  # noqa: BLE001 - reported to the user with a ref, logged
            respond(text=error_text(error, language)[0], response_type="ephemeral")

    def on_invoice(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()
        parsed = SlashCommand.model_validate(command)
        language = bot.people.language(parsed.user_id, parsed.text)
        try:
            name = parsed.text.strip()
            if not name:
                raise UserFacingError(messages.EMPTY_INVOICE)
            bot.people.asker(parsed.user_id, language)  # registered users only
            answer = invoice_answer(bot, name, language)
            respond(
                text=chunk_text(answer.answer)[0],
                blocks=build_answer_blocks(answer),
                response_type="ephemeral",
            )
        except Exception as error:  # noqa: BLE001 - reported to the user with a ref, logged
            respond(text=error_text(error, language)[0], response_type="ephemeral")

    app.command("/ask")(on_ask)
    app.command("/invoice")(on_invoice)
