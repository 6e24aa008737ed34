"""`salesbot erp …` (sync, status, review list, freee authorization) and `salesbot invoices`."""

from __future__ import annotations

import sys
import threading
from datetime import date, datetime
from typing import Any

import click

from bot.cli.console_notifier import ConsoleNotifier
from bot.cli.context import CliContext, as_option, salesbot_command
from bot.cli.tables import render_table
from bot.scheduler import run_scheduler
from core.clock import today as local_today
from core.money import format_amount
from crm_store.invoicing.rendering import (
    render_customer_invoices,
    render_manager_digest,
    render_owner_digest,
    status_label,
)
from crm_store.views import InvoiceView

_TODAY = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Act as if today were this date (YYYY-MM-DD); default: the real date.",
)


def _day(value: datetime | None) -> date:
    return value.date() if value else local_today()


def _erp(cli: CliContext):  # noqa: ANN202 - ErpService; bot/ stays free of erp types in signatures
    """The ERP service. `_wire_erp` always builds it; a missing connector setting is reported by
    the ErpService call that needs one (sync), so status, the review list and new-key still work."""
    return cli.services.erp


@click.group("erp")
def erp_group() -> None:
    """ERP → CRM invoice sync (freee or a CSV export): sync, status, review list, authorization."""


@erp_group.command("sync")
@click.option("--full", is_flag=True, help="Read every invoice, not only the recent window.")
@_TODAY
@salesbot_command
def sync_command(cli: CliContext, full: bool, today: datetime | None) -> None:
    """Pull invoices and payments from the ERP now.

    Exits 1 when the sync failed (the reason is printed; the last good data is kept).
    """
    # The admin-channel alert goes to stderr, so --json output stays one document.
    result = _erp(cli).sync(full=full, today=_day(today), notifier=ConsoleNotifier(sys.stderr))
    cli.emit(result.to_json_dict(cli.language), lambda: result.summary(cli.language))
    if not result.ok:
        raise click.exceptions.Exit(1)


@erp_group.command("status")
@salesbot_command
def status_command(cli: CliContext) -> None:
    """The last syncs with their counts and errors, and the review list size."""
    status = _erp(cli).status()
    runs = [
        {
            "id": r.id,
            "connector": r.connector,
            "status": r.status,
            "started_at": r.started_at,
            "finished_at": r.finished_at,
            "counts": r.counts or {},
            "error": r.error,
        }
        for r in status.runs
    ]
    payload = {
        "connector": status.connector,
        "authorized": status.authorized,
        "unmatched": status.unmatched,
        "runs": runs,
    }

    def human() -> str:
        lines = [f"connector: {status.connector or '(none)'}"]
        if status.authorized is not None:
            lines.append(f"authorized: {'yes' if status.authorized else 'no — run `salesbot erp authorize`'}")
        lines.append(f"review list: {status.unmatched} unmatched partner(s)")
        if not runs:
            return "\n".join(lines + ["no sync yet"])
        table = render_table(
            ["run", "connector", "status", "started (UTC)", "counts", "error"],
            [
                [
                    r["id"],
                    r["connector"],
                    r["status"],
                    r["started_at"].strftime("%Y-%m-%d %H:%M"),
                    " ".join(f"{k}={v}" for k, v in r["counts"].items()),
                    (r["error"] or "")[:80],
                ]
                for r in runs
            ],
        )
        return "\n".join(lines + [table])

    cli.emit(payload, human)


@erp_group.command("unmatched")
@click.option("--all", "include_resolved", is_flag=True, help="Include entries already linked.")
@salesbot_command
def unmatched_command(cli: CliContext, include_resolved: bool) -> None:
    """The review list: ERP partners no CRM customer matched (link them with `salesbot erp link`)."""
    entries = _erp(cli).unmatched(include_resolved=include_resolved)
    cli.emit(
        [vars(e) for e in entries],
        lambda: (
            render_table(
                ["id", "connector", "partner", "code", "reason", "candidates"],
                [
                    [
                        e.id,
                        e.connector,
                        e.partner_name,
                        e.partner_code or "",
                        e.reason,
                        ", ".join(e.candidates),
                    ]
                    for e in entries
                ],
            )
            if entries
            else "The review list is empty."
        ),
    )


@erp_group.command("link")
@click.argument("entry_id", type=int)
@click.argument("customer")
@salesbot_command
def link_command(cli: CliContext, entry_id: int, customer: str) -> None:
    """Link review-list entry ENTRY_ID to the CRM customer CUSTOMER (name or ERP code)."""
    linked = _erp(cli).link(entry_id, customer)
    cli.emit(
        {
            "entry_id": entry_id,
            "partner": linked.partner,
            "customer": linked.customer,
            "invoices": linked.invoices,
        },
        linked.summary(cli.language),
    )


@erp_group.command("authorize")
@click.option("--code", help="The authorization code freee showed (skips the prompt).")
@salesbot_command
def authorize_command(cli: CliContext, code: str | None) -> None:
    """Let salesbot read freee: open the URL, approve, paste the code. Tokens are stored encrypted."""
    erp = _erp(cli)
    if code is None:
        url, _state = erp.authorization_url()
        click.echo(f"Open this URL, choose the company and approve:\n\n  {url}\n", err=True)
        code = click.prompt("Authorization code", err=True).strip()
    company = erp.complete_authorization(code)
    cli.emit({"authorized": True, "company_id": company}, f"Authorized: freee company {company}.")


@erp_group.command("new-key")
@salesbot_command
def new_key_command(cli: CliContext) -> None:
    """Print a new SALESBOT_ERP_TOKEN_KEY (keep it secret; losing it means authorizing again)."""
    key = _erp(cli).new_token_key()
    cli.emit({"key": key}, key)


@erp_group.command("digest")
@_TODAY
@salesbot_command
def digest_command(cli: CliContext, today: datetime | None) -> None:
    """Show today's invoice digest (the managers' summary and each rep's part) without sending it."""
    digest = cli.services.invoices.digest(_day(today), asker=cli.asker(None))
    lang = cli.language
    parts = [render_manager_digest(digest, lang)]
    parts += [f"[{o.owner or '-'}]\n{render_owner_digest(o, digest, lang)}" for o in digest.owners]
    cli.emit(digest.model_dump(mode="json"), "\n\n".join(parts))


@click.command("scheduler")
@salesbot_command
def scheduler_command(cli: CliContext) -> None:
    """Run the periodic ERP sync and the daily digest in the foreground, printing what would be posted."""
    stop = threading.Event()
    try:
        run_scheduler(cli.services, ConsoleNotifier(), stop)
    except KeyboardInterrupt:
        stop.set()


@click.command("invoices")
@click.argument("customer", required=False)
@_TODAY
@as_option
@salesbot_command
def invoices_command(cli: CliContext, customer: str | None, today: datetime | None, as_user: str | None) -> None:
    """A customer's invoices (status, due date, outstanding).

    Without CUSTOMER: every overdue and due-soon invoice.
    """
    day, lang, service = _day(today), cli.language, cli.services.invoices
    if customer:
        view = service.customer_invoices(customer, day, asker=cli.asker(as_user))
        cli.emit(view.model_dump(mode="json"), lambda: render_customer_invoices(view, lang))
        return
    digest = service.digest(day, asker=cli.asker(as_user))
    rows = sorted(digest.overdue + digest.due_soon, key=lambda i: (i.due_date or day, i.number))
    payload: dict[str, Any] = {
        "today": day.isoformat(),
        "overdue": [i.model_dump(mode="json") for i in digest.overdue],
        "due_soon": [i.model_dump(mode="json") for i in digest.due_soon],
        "unmatched_open": digest.unmatched_open,
    }
    cli.emit(payload, lambda: _table(rows, lang) if rows else render_manager_digest(digest, lang))


def _table(rows: list[InvoiceView], lang: str) -> str:
    return render_table(
        ["number", "customer", "due", "total", "outstanding", "status"],
        [
            [
                i.number,
                i.customer,
                i.due_date.isoformat() if i.due_date else "",
                format_amount(i.total, i.currency, lang),
                format_amount(i.outstanding, i.currency, lang),  # type: ignore[arg-type]
                status_label(i, lang),
            ]
            for i in rows
        ],
    )  # type: ignore[arg-type]
