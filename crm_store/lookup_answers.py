"""Answers to plain CRM look-ups: the customer list, one customer's page, the deals in a stage.

Aggregates ("how much is in quote?") belong to the pipeline answerer; this one lists records.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from core.errors import UserFacingError
from core.i18n import Language, Message
from core.money import format_amount
from core.questions import Answer, AnswerData, Question
from crm_store.names import customer_mentioned_in, normalize_text_key
from crm_store.service import CrmService
from crm_store.stages import STAGES, Stage, parse_stage, stage_words
from crm_store.views import CustomerOverview, CustomerView, DealView

_CUSTOMER_LIST = re.compile(r"顧客一覧|取引先一覧|顧客リスト|お客様一覧|全顧客|customers|customerlist|listcustomers|allcustomers")
_DEAL_WORDS = re.compile(r"案件|商談|deal|opportunit")
_STAGE_WORDS = stage_words()

_CUSTOMERS_HEADING = Message(en="{count} customers:", ja="顧客 {count} 社:")
_DEALS_IN_STAGE = Message(en="{count} deals in {stage}:", ja="{stage}の案件 {count} 件:")
_NO_DEALS_IN_STAGE = Message(en="No deals in {stage}.", ja="{stage}の案件はありません。")
_TOTAL = Message(en="Total: {amounts}", ja="合計: {amounts}")
_DEALS = Message(en="Deals:", ja="案件:")
_NO_DEALS = Message(en="No deals.", ja="案件はありません。")
_ACTIONS = Message(en="Open next actions:", ja="未完了のネクストアクション:")
_INVOICES = Message(en="Invoices: {count}, outstanding {amount}, overdue {overdue}",
                    ja="請求書: {count} 件、未回収 {amount}、期日超過 {overdue} 件")
_CODE = Message(en="code", ja="コード")
_OWNER = Message(en="owner", ja="担当")
_DUE = Message(en="due", ja="期限")
_CLOSE = Message(en="close", ja="受注予定")
_ONLY_VISIBLE = Message(en="(Only the deals, actions and invoices you may see are shown.)",
                        ja="(参照できる案件・アクション・請求書のみ表示しています。)")


class CrmLookupAnswerer:
    kind = "crm"

    def __init__(self, crm: CrmService) -> None:
        self.crm = crm

    def score(self, question: Question) -> float:
        key = normalize_text_key(question.text)
        if _CUSTOMER_LIST.search(key):
            return 0.8
        if self._mentioned_customer(question.text) is not None:
            return 0.5
        if _DEAL_WORDS.search(key) and _mentioned_stage(question.text) is not None:
            return 0.4
        return 0.0

    def answer(self, question: Question) -> Answer:
        language = question.language
        asker = question.asker
        if _CUSTOMER_LIST.search(normalize_text_key(question.text)):
            return self._customer_list(language, self.crm.customers(asker=asker))
        name = self._mentioned_customer(question.text)
        if name is not None:
            try:
                overview = self.crm.customer_overview(name, question.today, asker=asker)
            except UserFacingError as error:
                return Answer(kind="crm", language=language, answer=error.message(language))
            return customer_answer(overview, language)
        stage = _mentioned_stage(question.text)
        assert stage is not None  # score() routes here only with a stage
        return _stage_answer(stage, self.crm.deals(stages=[stage], asker=asker), language,
                             scoped=not self.crm.scope(asker).is_everything)

    def _mentioned_customer(self, text: str) -> str | None:
        """The longest customer name that appears in the text (after normalization)."""
        return customer_mentioned_in(text, ((name, norm) for _, name, norm in self.crm.customer_names()))

    def _customer_list(self, language: Language, customers: list[CustomerView]) -> Answer:
        lines = [_CUSTOMERS_HEADING.format(language, count=len(customers))]
        for c in customers:
            details = ", ".join(x for x in (c.erp_code, c.industry,
                                            f"{_OWNER.format(language)}: {c.owner}" if c.owner else None) if x)
            lines.append(f"• {c.name}" + (f" ({details})" if details else ""))
        rows = [c.model_dump(mode="json") for c in customers]
        return Answer(kind="crm", language=language, answer="\n".join(lines),
                      data=AnswerData(total=len(customers), rows=rows))


def _mentioned_stage(text: str) -> Stage | None:
    folded = normalize_text_key(text)
    for word in _STAGE_WORDS:
        if normalize_text_key(word) in folded:
            return parse_stage(word)
    return None


def _deal_line(deal: DealView, language: Language, with_customer: bool) -> str:
    parts = [deal.name]
    if with_customer:
        parts.append(deal.customer)
    parts.append(deal.stage_label(language))
    parts.append(format_amount(deal.amount, deal.currency, language))
    if deal.expected_close:
        parts.append(f"{_CLOSE.format(language)} {deal.expected_close.isoformat()}")
    if deal.owner:
        parts.append(f"{_OWNER.format(language)}: {deal.owner}")
    return "• " + " / ".join(parts)


def _totals(deals: list[DealView], language: Language) -> str:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for deal in deals:
        if deal.amount is not None:
            sums[deal.currency] += deal.amount
    return ", ".join(format_amount(total, currency, language) for currency, total in sorted(sums.items()))


def _stage_answer(stage: Stage, deals: list[DealView], language: Language, *, scoped: bool) -> Answer:
    label = STAGES[stage].label(language)
    note = [_ONLY_VISIBLE.format(language)] if scoped else []
    if not deals:
        return Answer(kind="crm", language=language,
                      answer="\n".join([_NO_DEALS_IN_STAGE.format(language, stage=label), *note]),
                      data=AnswerData(total=0, rows=[]))
    lines = [_DEALS_IN_STAGE.format(language, count=len(deals), stage=label)]
    lines += [_deal_line(d, language, with_customer=True) for d in deals]
    lines.append(_TOTAL.format(language, amounts=_totals(deals, language)))
    return Answer(kind="crm", language=language, answer="\n".join(lines + note),
                  data=AnswerData(total=len(deals), rows=[d.model_dump(mode="json") for d in deals]))


def customer_answer(overview: CustomerOverview, language: Language) -> Answer:
    c = overview.customer
    head = c.name + "".join(f" / {x}" for x in (
        f"{_CODE.format(language)} {c.erp_code}" if c.erp_code else None, c.industry,
        f"{_OWNER.format(language)}: {c.owner}" if c.owner else None) if x)
    lines = [head]
    if overview.deals:
        lines.append(_DEALS.format(language))
        lines += [_deal_line(d, language, with_customer=False) for d in overview.deals]
    else:
        lines.append(_NO_DEALS.format(language))
    if overview.open_actions:
        lines.append(_ACTIONS.format(language))
        lines += [f"• {a.description}" + (f" ({_DUE.format(language)} {a.due.isoformat()})" if a.due else "")
                  for a in overview.open_actions]
    if overview.invoices:
        owed: dict[str, Decimal] = defaultdict(Decimal)
        for invoice in overview.invoices:
            owed[invoice.currency] += invoice.outstanding
        lines.append(_INVOICES.format(
            language, count=len(overview.invoices),
            amount=", ".join(format_amount(v, k, language) for k, v in sorted(owed.items())),
            overdue=sum(1 for i in overview.invoices if i.overdue)))
    if overview.restricted:
        lines.append(_ONLY_VISIBLE.format(language))
    return Answer(kind="crm", language=language, answer="\n".join(lines),
                  data=AnswerData(total=len(overview.deals), rows=[d.model_dump(mode="json") for d in overview.deals]))
