"""Run a resolved query and compose the `Answer`: headline, interpretation, table, chart."""

from __future__ import annotations

import logging
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from core.i18n import Language
from core.questions import Answer, AnswerData
from crm_store.pipeline import messages
from crm_store.pipeline.charts import bar_chart_png
from crm_store.pipeline.coverage import Coverage
from crm_store.pipeline.deal_sql import deal_groups, deal_lines
from crm_store.pipeline.invoice_sql import invoice_groups, invoice_lines, invoiced_in_period
from crm_store.pipeline.render import (
    amounts,
    deal_group_rows,
    deal_line_rows,
    interpretation,
    invoice_group_rows,
    invoice_line_rows,
    number,
    primary,
    span_label,
    text_lines,
)
from crm_store.pipeline.resolve import ResolvedQuery

log = logging.getLogger(__name__)


def _sum(items: list[Any], attribute: str) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for item in items:
        totals[item.currency] += getattr(item, attribute)
    return dict(totals)


def answer_deals(
    session: Session, rq: ResolvedQuery, language: Language, *, hint: bool = False, charts: bool = True
) -> Answer:
    q = rq.query
    groups = deal_groups(session, rq)
    count = sum(g.count for g in groups)
    what = messages.DEALS.format(language)
    if count == 0:
        return Answer(
            kind="pipeline",
            language=language,
            answer=messages.NO_DEALS.format(language),
            interpretation=interpretation(rq, language),
            data=AnswerData(total=0, rows=[]),
        )
    summed, weighted = _sum(groups, "amount"), _sum(groups, "weighted")
    with_amount: dict[str, int] = defaultdict(int)
    for g in groups:
        with_amount[g.currency] += g.with_amount
    averages = {c: (summed[c] / n).quantize(Decimal("0.01")) for c, n in with_amount.items() if n}
    parts = {
        "sum": messages.SUM.format(language, amounts=amounts(summed, language)),
        "weighted": messages.WEIGHTED.format(language, amounts=amounts(weighted, language)),
        "average": messages.AVERAGE.format(language, amounts=amounts(averages, language)),
    }
    order = [q.metric] if q.metric in parts else []
    # A probability-weighted amount only means something for deals still open.
    extra = ("sum", "weighted") if q.status == "open" or q.stages else ("sum",)
    order += [m for m in extra if m not in order]
    head = messages.DEALS_HEAD.format(language, count=count)
    sentence = (
        ", ".join([head, *(parts[m] for m in order)])
        if language == "en"
        else "、".join([head, *(parts[m] for m in order)])
    )
    lines = [sentence]
    missing = count - sum(with_amount.values())
    if missing:
        lines.append(messages.NO_AMOUNT.format(language, count=missing))
    if len(summed) > 1:
        lines.append(messages.NO_CURRENCY_MIX.format(language))
    chart = None
    if q.group_by:
        rows = deal_group_rows(rq, groups, language)
        column = {"count": "count", "weighted": "weighted"}.get(q.metric, "amount")
        if q.group_by in ("owner", "customer", "loss_reason"):  # biggest first, by the number asked for
            rows.sort(key=lambda r: (r["currency"] != "JPY", r["currency"], -(r[column] or 0)))
        columns = ["group", "currency", "count", column] if len(summed) > 1 else ["group", "count", column]
        lines += text_lines(rows, columns, language)
        if q.group_by == "loss_reason":  # the reasons, and the deals behind them
            deals = deal_line_rows(deal_lines(session, rq), language)
            for row in rows:
                row["deals"] = [d for d in deals if (d.get("loss_reason") or "") == (row["key"] or "")]
            columns = ["deal", "customer", "amount", "expected_close", "loss_reason"]
            lines += text_lines(deals, columns, language)
        if charts:
            chart = _chart(rows, column, interpretation(rq, language), language)
    else:
        rows = deal_line_rows(deal_lines(session, rq), language)
        lines += text_lines(
            rows, ["deal", "customer", "stage", "amount", "expected_close", "owner"], language
        )
    if hint:
        lines.append(messages.NO_METRIC.format(language, what=what))
    headline = {
        "count": count,
        "sum": number(primary(summed)),
        "weighted": number(primary(weighted)),
        "average": number(primary(averages)),
    }[q.metric]
    return Answer(
        kind="pipeline",
        language=language,
        answer="\n".join(lines),
        interpretation=interpretation(rq, language),
        data=AnswerData(total=headline, rows=rows),
        chart_png=chart,
        private=not rq.scope.is_everything,
    )


def answer_invoices(
    session: Session, rq: ResolvedQuery, language: Language, *, charts: bool = True
) -> Answer:
    q = rq.query
    groups = invoice_groups(session, rq)
    count = sum(g.count for g in groups)
    what = messages.INVOICE_WHAT[q.invoice_status].format(language)
    if count == 0:
        return Answer(
            kind="invoice",
            language=language,
            answer=messages.NO_INVOICES.format(language),
            interpretation=interpretation(rq, language),
            data=AnswerData(total=0, rows=[]),
        )
    measure = {"all": "total", "paid": "paid"}.get(q.invoice_status, "outstanding")
    per_currency = _sum(groups, measure)
    lines = [
        messages.INVOICE_HEAD.format(
            language, what=what, count=count, amounts=amounts(per_currency, language)
        )
    ]
    if len(per_currency) > 1:
        lines.append(messages.NO_CURRENCY_MIX.format(language))
    chart = None
    if q.group_by:
        rows = invoice_group_rows(rq, groups, language)
        lines += text_lines(rows, ["group", "count", measure], language)
        if charts:
            chart = _chart(rows, measure, interpretation(rq, language), language)
    else:
        rows = invoice_line_rows(invoice_lines(session, rq))
        lines += text_lines(rows, ["number", "customer", "due_date", measure], language)
    headline = count if q.metric == "count" else number(primary(per_currency))
    return Answer(
        kind="invoice",
        language=language,
        answer="\n".join(lines),
        interpretation=interpretation(rq, language),
        data=AnswerData(total=headline, rows=rows),
        chart_png=chart,
        private=not rq.scope.is_everything,
    )


def answer_forecast(session: Session, rq: ResolvedQuery, language: Language) -> Answer:
    """Weighted open pipeline closing in the period against invoices issued in it (and paid)."""
    deals_rq = ResolvedQuery(
        **{**rq.__dict__, "query": rq.query.model_copy(update={"status": "open", "group_by": None})}
    )
    groups = deal_groups(session, deals_rq)
    actual = invoiced_in_period(session, rq)
    weighted = _sum(groups, "weighted")
    invoiced = {c: total for c, _, total, _ in actual}
    paid = {c: p for c, _, _, p in actual}
    currencies = sorted(set(weighted) | set(invoiced), key=lambda c: (c != "JPY", c))
    rows = [
        {
            "currency": c,
            "open_deals": sum(g.count for g in groups if g.currency == c),
            "pipeline": number(sum((g.amount for g in groups if g.currency == c), Decimal(0))),
            "weighted_pipeline": number(weighted.get(c, Decimal(0))),
            "invoices": sum(n for cur, n, _, _ in actual if cur == c),
            "invoiced": number(invoiced.get(c, Decimal(0))),
            "paid": number(paid.get(c, Decimal(0))),
        }
        for c in currencies
    ]
    period = span_label(rq, language) if rq.span is not None else ""
    text = messages.FORECAST_HEAD.format(
        language,
        period=period,
        weighted=amounts(weighted, language),
        count=sum(g.count for g in groups),
        invoiced=amounts(invoiced, language),
        paid=amounts(paid, language),
    )
    return Answer(
        kind="pipeline",
        language=language,
        answer=text,
        interpretation=interpretation(rq, language),
        data=AnswerData(total=number(primary(weighted)) or 0, rows=rows),
        private=not rq.scope.is_everything,
    )


def not_understood(coverage: Coverage, language: Language) -> str:
    """ "I understood “quote”, but not “Sato” — did you mean 佐藤 健太?" (no number)."""
    quote = (lambda w: f"“{w}”") if language == "en" else (lambda w: f"「{w}」")
    understood = (", " if language == "en" else "").join(quote(w) for w in coverage.understood)
    words = (", " if language == "en" else "").join(quote(u.written) for u in coverage.unused)
    names = list(dict.fromkeys(name for u in coverage.unused for name in u.suggestions))
    suggestions = messages.DID_YOU_MEAN.format(language, names=", ".join(names)) if names else ""
    return messages.NOT_UNDERSTOOD.format(
        language,
        understood=understood or messages.NOTHING_UNDERSTOOD.format(language),
        words=words,
        suggestions=suggestions,
    )


def _chart(rows: list[dict[str, Any]], column: str, title: str, language: Language) -> bytes | None:
    """A chart of the headline measure in the main currency; None (logged) if drawing fails."""
    main = (
        "JPY"
        if any(r.get("currency") == "JPY" for r in rows)
        else (rows[0].get("currency") if rows else None)
    )
    shown = [r for r in rows if r.get("currency") == main]
    if not shown:
        return None
    try:
        label = messages.CHART_AXIS[column].format(language, currency=main)
        return bar_chart_png(
            title,
            [str(r["group"]) for r in shown],
            [float(r.get(column) or 0) for r in shown],
            label,
            language,
        )
    except Exception:  # a chart is a bonus: the numbers must still reach the user
        log.exception("chart failed")
        return None
