"""`salesbot import`, `customers`, `deals`, `users` and `db`: the CRM from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.context import CliContext, as_option, salesbot_command
from bot.cli.tables import render_table
from core.clock import today
from core.money import format_amount
from crm_store.csv_import.columns import IMPORT_KINDS
from crm_store.lookup_answers import customer_answer
from crm_store.stages import STAGES, parse_stage


@click.command("import")
@click.argument("kind", type=click.Choice(IMPORT_KINDS))
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@salesbot_command
def import_command(cli: CliContext, kind: str, file: Path) -> None:
    """Import a CSV (UTF-8, UTF-8 with BOM or Shift_JIS) of users, customers, deals, activities or invoices.

    Good rows are imported, bad rows are reported with their line number; re-importing updates.
    Exits 1 when any row failed.
    """
    report = cli.services.crm.import_csv(kind, file, actor="cli")
    cli.emit(report.to_json_dict(cli.language), lambda: report.summary(cli.language))
    if report.errors:
        raise click.exceptions.Exit(1)


@click.command("customers")
@click.argument("query", required=False)
@as_option
@salesbot_command
def customers_command(cli: CliContext, query: str | None, as_user: str | None) -> None:
    """List customers, or those whose name contains QUERY."""
    customers = cli.services.crm.customers(query, asker=cli.asker(as_user))
    cli.emit([c.model_dump(mode="json") for c in customers], lambda: render_table(
        ["id", "name", "code", "industry", "owner"],
        [[c.id, c.name, c.erp_code or "", c.industry or "", c.owner or ""] for c in customers]))


@click.command("customer")
@click.argument("name")
@as_option
@salesbot_command
def customer_command(cli: CliContext, name: str, as_user: str | None) -> None:
    """Show one customer with deals, open next actions and invoices."""
    overview = cli.services.crm.customer_overview(name, today(), asker=cli.asker(as_user))
    cli.emit(overview.model_dump(mode="json"), lambda: customer_answer(overview, cli.language).answer)


@click.command("deals")
@click.option("--stage", help="A stage code or label (見積, negotiation, …).")
@click.option("--customer", help="A customer name.")
@as_option
@salesbot_command
def deals_command(cli: CliContext, stage: str | None, customer: str | None, as_user: str | None) -> None:
    """List deals, optionally of one stage or one customer."""
    stages = None
    if stage:
        parsed = parse_stage(stage)
        if parsed is None:
            raise click.BadParameter(f"unknown stage {stage!r}; use one of {', '.join(STAGES)}", param_hint="--stage")
        stages = [parsed]
    asker = cli.asker(as_user)
    customer_id = (cli.services.crm.customer_overview(customer, today(), asker=asker).customer.id
                   if customer else None)
    deals = cli.services.crm.deals(customer_id=customer_id, stages=stages, asker=asker)
    lang = cli.language
    cli.emit([d.model_dump(mode="json") for d in deals], lambda: render_table(
        ["id", "deal", "customer", "stage", "amount", "close", "owner"],
        [[d.id, d.name, d.customer, d.stage_label(lang), format_amount(d.amount, d.currency, lang),
          d.expected_close.isoformat() if d.expected_close else "", d.owner or ""] for d in deals]))


@click.command("users")
@salesbot_command
def users_command(cli: CliContext) -> None:
    """List users (import them with `salesbot import users FILE.csv`)."""
    users = cli.services.crm.users()
    cli.emit([u.model_dump(mode="json") for u in users], lambda: render_table(
        ["id", "name", "slack", "role", "language"],
        [[u.id, u.name, u.slack_user_id or "", u.role, u.language] for u in users]))


@click.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
@salesbot_command
def db_upgrade_command(cli: CliContext) -> None:
    """Apply all migrations (also done automatically at start-up)."""
    revisions = cli.services.db.current_revisions()
    cli.emit({"revisions": revisions, "dialect": cli.services.db.dialect},
             f"{cli.services.db.dialect}: schema at {', '.join(revisions)}")
