"""``/invoice 顧客名``: that customer's invoices, as far as the asker may see them."""

from __future__ import annotations

from bot.slack import messages
from bot.slack.context import BotContext
from core.clock import today
from core.errors import UserFacingError
from core.i18n import Language
from core.questions import Answer, AnswerData, Asker
from crm_store.invoicing.rendering import render_customer_invoices


def invoice_answer(bot: BotContext, customer: str, asker: Asker, language: Language) -> Answer:
    """An `Answer` listing the customer's invoices (overdue ones flagged), rendered by the invoice
    area's one renderer; a customer whose invoices ``asker`` may not see is a clear refusal."""
    invoices = bot.services.invoices
    if invoices is None:
        raise UserFacingError(messages.FEATURE_NOT_READY, feature=messages.FEATURE_INVOICES.format(language))
    found = invoices.customer_invoices(customer, today(), asker=asker)
    return Answer(
        kind="invoice",
        language=language,
        answer=render_customer_invoices(found, language),
        data=AnswerData(total=len(found), rows=[i.model_dump(mode="json") for i in found.invoices]),
    )
