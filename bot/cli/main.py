"""The `salesbot` console script: registers each command group's module."""

from __future__ import annotations

import click

from bot.cli.ask_cmd import ask_command
from bot.cli.capture_cmds import extract_command, ocr_command, transcribe_command
from bot.cli.crm_cmds import (
    customer_command,
    customers_command,
    db_group,
    deals_command,
    import_command,
    users_command,
)
from bot.cli.demo_cmd import demo_command
from bot.cli.erp_cmds import erp_group, invoices_command, scheduler_command
from bot.cli.kb_cmds import kb_group
from bot.cli.remind_cmd import digest_command, remind_command
from bot.cli.serve_cmd import serve_command
from bot.cli.worker_cmds import capture_group, worker_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="salesbot")
def cli() -> None:
    """salesbot — a Slack assistant for B2B field sales teams (CRM capture, know-how, pipeline, invoices)."""


for command in (import_command, customers_command, customer_command, deals_command, users_command, db_group,
                ask_command, demo_command, erp_group, invoices_command, scheduler_command,
                transcribe_command, ocr_command, extract_command, kb_group, serve_command,
                worker_command, capture_group,
                remind_command, digest_command):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="salesbot")
