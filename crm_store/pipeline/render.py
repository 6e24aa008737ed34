"""Turn query results into the answer people read: headline, interpretation, table rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.i18n import Language
from core.money import format_amount, format_amount_short
from crm_store.pipeline import messages
from crm_store.pipeline.deal_sql import DealGroup, DealLine
from crm_store.pipeline.invoice_sql import InvoiceGroup, InvoiceLine
from crm_store.pipeline.query import AmountFilter
from crm_store.pipeline.resolve import ResolvedQuery
from crm_store.stages import STAGES, Stage

# Lines shown in the text; the JSON rows and the chart carry everything.
MAX_TEXT_LINES = 10


def number(value: Decimal | None) -> int | float | None:
    """A JSON number: an int for whole amounts (yen), else a float of the exact 2-decimal value."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def amounts(per_currency: dict[str, Decimal], language: Language, short: bool = True) -> str:
    fmt = format_amount_short if short else format_amount
    ordered = sorted(per_currency.items(), key=lambda item: (item[0] != "JPY", item[0]))
    return " / ".join(fmt(value, currency, language) for currency, value in ordered) or fmt(
        0, "JPY", language
    )


def primary(per_currency: dict[str, Decimal]) -> Decimal | None:
    """The headline amount: yen when present (never yen plus dollars), else the only currency."""
    if "JPY" in per_currency:
        return per_currency["JPY"]
    return next(iter(per_currency.values()), None)


def interpretation(rq: ResolvedQuery, language: Language) -> str:
    """ "条件: 見積 / 進行中 / 今月 (2026-11-01〜2026-11-30) / 全担当 / 指標: 金額合計"."""
    q = rq.query
    parts: list[str] = []
    if q.subject == "invoices":
        status = messages.INVOICE_STATUS[q.invoice_status]
        parts.append(
            status.format(language, today=rq.today.isoformat(), until=rq.due_soon_until.isoformat())
        )
    else:
        if q.stages:
            parts.append("・".join(STAGES[s].label(language) for s in q.stages))
        elif q.subject == "deals" and q.status == "open":
            parts.append(messages.ALL_STAGES.format(language))
        parts.append(messages.STATUS["open" if q.subject == "forecast" else q.status].format(language))
    if rq.span is not None:
        label = span_label(rq, language)
        template = {
            "deals": messages.CLOSE_PERIOD if q.status == "open" else messages.CLOSED_PERIOD,
            "invoices": messages.ISSUE_PERIOD if q.invoice_status == "all" else messages.DUE_PERIOD,
            "forecast": messages.CLOSE_PERIOD,
        }[q.subject]
        parts.append(template.format(language, range=label))
        if q.subject == "forecast":
            parts.append(messages.ISSUE_PERIOD.format(language, range=label))
    if rq.customer_names:
        parts.append(messages.OR.format(language).join(rq.customer_names))
    if q.amount is not None:
        parts.append(amount_label(q.amount, language))
    if q.industry:
        parts.append(messages.INDUSTRY.format(language, name=q.industry))
    if not rq.scope.is_everything:
        only = messages.ONLY_YOURS if len(rq.scope.owners or ()) <= 1 else messages.ONLY_TEAM
        parts.append(only.format(language))
    else:
        owners = messages.OR.format(language).join(rq.owner_names)
        parts.append(owners or messages.ALL_OWNERS.format(language))
    if q.group_by:
        parts.append(messages.GROUP[q.group_by].format(language))
    if q.subject == "deals":
        parts.append(messages.METRIC[q.metric].format(language))
    return messages.CONDITIONS.format(language, parts=" / ".join(parts))


def amount_label(amount: AmountFilter, language: Language) -> str:
    """ "金額 ≥ ¥20,000,000" / "amount > $50,000.00" (the bounds as the SQL applies them)."""
    bounds = []
    if amount.minimum is not None:
        sign = ">" if amount.min_exclusive else "≥"
        bounds.append(f"{sign} {format_amount(amount.minimum, amount.currency, language)}")
    if amount.maximum is not None:
        sign = "<" if amount.max_exclusive else "≤"
        bounds.append(f"{sign} {format_amount(amount.maximum, amount.currency, language)}")
    return messages.AMOUNT.format(language, bounds=", ".join(bounds))


def span_label(rq: ResolvedQuery, language: Language) -> str:
    span = rq.span
    assert span is not None
    name = ""
    if rq.query.period is not None and rq.query.period.relative:
        name = _RELATIVE_LABELS[rq.query.period.relative][0 if language == "ja" else 1] + " "
    start = span.start.isoformat() if span.start else ""
    end = span.end.isoformat() if span.end else ""
    return f"{name}({start}〜{end})" if name else f"{start}〜{end}"


_RELATIVE_LABELS = {
    "this_month": ("今月", "this month"),
    "next_month": ("来月", "next month"),
    "last_month": ("先月", "last month"),
    "this_quarter": ("今四半期", "this quarter"),
    "next_quarter": ("来四半期", "next quarter"),
    "last_quarter": ("前四半期", "last quarter"),
    "this_fiscal_year": ("今期", "this fiscal year"),
    "next_fiscal_year": ("来期", "next fiscal year"),
    "last_fiscal_year": ("前期", "last fiscal year"),
    "until_fiscal_year_end": ("今期末まで", "until fiscal year end"),
    "this_year": ("今年", "this year"),
    "next_year": ("来年", "next year"),
    "last_year": ("昨年", "last year"),
    "first_half": ("上期", "first half of the fiscal year"),
    "second_half": ("下期", "second half of the fiscal year"),
}


def group_label(group_by: str | None, key: str | None, label: str | None, language: Language) -> str:
    if group_by == "stage" and key:
        return STAGES[Stage(key)].label(language)
    if group_by == "loss_reason" and not key:
        return messages.NO_LOSS_REASON.format(language)
    return label or "—"


def deal_group_rows(rq: ResolvedQuery, groups: list[DealGroup], language: Language) -> list[dict[str, Any]]:
    return [
        {
            "group": group_label(rq.query.group_by, g.key, g.label, language),
            "key": g.key,
            "currency": g.currency,
            "count": g.count,
            "amount": number(g.amount),
            "weighted": number(g.weighted),
            "average": number(g.average),
        }
        for g in groups
    ]


def deal_line_rows(lines: list[DealLine], language: Language) -> list[dict[str, Any]]:
    return [
        {
            "id": d.id,
            "deal": d.name,
            "customer": d.customer,
            "owner": d.owner,
            "stage": STAGES[Stage(d.stage)].label(language),
            "amount": number(d.amount),
            "currency": d.currency,
            "expected_close": d.expected_close.isoformat() if d.expected_close else None,
            "probability": d.probability,
            **({"loss_reason": d.loss_reason} if d.loss_reason else {}),
        }
        for d in lines
    ]


def invoice_group_rows(
    rq: ResolvedQuery, groups: list[InvoiceGroup], language: Language
) -> list[dict[str, Any]]:
    return [
        {
            "group": group_label(rq.query.group_by, g.key, g.label, language),
            "key": g.key,
            "currency": g.currency,
            "count": g.count,
            "total": number(g.total),
            "paid": number(g.paid),
            "outstanding": number(g.outstanding),
        }
        for g in groups
    ]


def invoice_line_rows(lines: list[InvoiceLine]) -> list[dict[str, Any]]:
    return [
        {
            "number": i.number,
            "customer": i.customer,
            "due_date": i.due_date.isoformat() if i.due_date else None,
            "total": number(i.total),
            "paid": number(i.total - i.outstanding),
            "outstanding": number(i.outstanding),
            "currency": i.currency,
        }
        for i in lines
    ]


def text_lines(rows: list[dict[str, Any]], columns: list[str], language: Language) -> list[str]:
    """Bullet lines for the first rows; amounts formatted in the row's currency."""
    shown = []
    for row in rows[:MAX_TEXT_LINES]:
        cells = []
        for column in columns:
            value = row.get(column)
            if value is None:
                continue
            if column in ("amount", "weighted", "outstanding", "total"):
                value = format_amount(value, row.get("currency", "JPY"), language)
            elif column == "count":
                value = (
                    f"{value} 件" if language == "ja" else f"{value} deals" if "amount" in row else f"{value}"
                )
            cells.append(str(value))
        shown.append("• " + " / ".join(cells))
    if len(rows) > MAX_TEXT_LINES:
        shown.append(messages.MORE_ROWS.format(language, count=len(rows) - MAX_TEXT_LINES))
    return shown
