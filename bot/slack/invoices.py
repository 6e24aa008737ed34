"""``/invoice 顧客名``: that customer's invoices, from the invoice service when wired, else the CRM copy."""

from __future__ import annotations

from bot.slack.context import BotContext  # noqa: I001 - after the kernel imports
from core.clock import today
from core.i18n import Language, Message
from core.money import format_amount
from core.questions import Answer, AnswerData
from crm_store.views import InvoiceView

_HEADING = Message(en="Invoices of {customer} ({count}):", ja="{customer} の請求書({count} 件):")
_NONE = Message(en="{customer} has no invoices.", ja="{customer} の請求書はありません。")
_LINE = Message(
    en="• {number}: {total}, due {due}, outstanding {outstanding}{flag}",
    ja="• {number}: {total}、支払期日 {due}、未回収 {outstanding}{flag}",
)
_OVERDUE = Message(en=" — *overdue*", ja=" — *期日超過*")
_PAID = Message(en=" — paid", ja=" — 入金済")


def invoice_answer(bot: BotContext, customer: str, language: Language) -> Answer:
    """An `Answer` listing the customer's invoices (overdue ones flagged).

    Rendered here rather than by the ERP area: bot/ talks to services, never to ERP code.
    """
    if bot.services.invoices is not None:
        found = bot.services.invoices.customer_invoices(customer, today())
        return _answer(found.customer.name, list(found.invoices), language)
    overview = bot.services.crm.customer_overview(customer, today())
    return _answer(overview.customer.name, overview.invoices, language)


def _answer(customer: str, invoices: list[InvoiceView], language: Language) -> Answer:
    if not invoices:
        return Answer(kind="invoice", language=language, answer=_NONE.format(language, customer=customer))
    lines = [_HEADING.format(language, customer=customer, count=len(invoices))]
    for invoice in invoices:
        flag = (
            _OVERDUE.format(language)
            if invoice.overdue
            else (_PAID.format(language) if invoice.outstanding == 0 else "")
        )
        lines.append(
            _LINE.format(
                language,
                number=invoice.number,
                total=format_amount(invoice.total, invoice.currency, language),
                due=invoice.due_date.isoformat() if invoice.due_date else "—",
                outstanding=format_amount(invoice.outstanding, invoice.currency, language),
                flag=flag,
            )
        )
    return Answer(
        kind="invoice",
        language=language,
        answer="\n".join(lines),
        data=AnswerData(total=len(invoices), rows=[i.model_dump(mode="json") for i in invoices]),
    )
