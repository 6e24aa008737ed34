"""`salesbot remind` (follow-up reminders) and `salesbot digest` (the weekly manager digest)."""

from __future__ import annotations

from datetime import date, datetime

import click

from bot.cli.context import CliContext, salesbot_command
from core.clock import today as local_today
from crm_store.rep_day import messages
from crm_store.rep_day.digest import render_digest
from crm_store.rep_day.rendering import render_reminder
from crm_store.rep_day.service import RepDayService

_TODAY = click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
                      help="Act as if today were this date (YYYY-MM-DD); default: the real date.")
_DRY_RUN = click.option("--dry-run", is_flag=True,
                        help="Show what would be sent; send nothing, record nothing.")
_USER = click.option("--user", "who", help="Only this person (Slack id or name).")
_FORCE = click.option("--force", is_flag=True, help="Send even on a day off (a weekend or public holiday).")


def _service(cli: CliContext) -> RepDayService:
    service = cli.services.rep_day
    assert service is not None  # always wired
    return service


def _poster(cli: CliContext):  # noqa: ANN202 - SlackRepDayPoster; Slack is imported only when sending
    from bot.slack.app import build_web_client
    from bot.slack.rep_day import SlackRepDayPoster

    return SlackRepDayPoster(build_web_client(cli.settings))


def _day(value: datetime | None) -> date:
    return value.date() if value else local_today()


@click.command("remind")
@_TODAY
@_DRY_RUN
@_USER
@_FORCE
@salesbot_command
def remind_command(cli: CliContext, today: datetime | None, dry_run: bool, who: str | None, force: bool) -> None:
    """Each person's follow-ups due today or overdue, as a DM from the bot (only their own).

    Without --dry-run the DMs are sent now through Slack (SLACK_BOT_TOKEN), once per action and day, on
    the team's working days (a cron line may run it daily); `salesbot serve` sends them by itself each
    working morning.
    """
    day = _day(today)
    service = _service(cli)
    if dry_run:
        reminders = service.reminders(day, who=who)

        def human() -> str:
            shown = [r for r in reminders if r.actions]
            if not shown:
                return messages.CLI_NONE.format(cli.language, day=day.isoformat())
            return "\n\n".join(
                messages.CLI_REP.format(cli.language, user=r.user, slack=r.slack_user_id or "-",
                                        count=len(r.actions)) + "\n" + render_reminder(r)
                for r in shown)

        cli.emit([r.to_json_dict() for r in reminders], human)
        return
    calendar = service.calendar
    if not force and not calendar.is_working_day(day):
        name = calendar.holiday(day)
        cli.emit({"sent": 0, "today": day.isoformat(), "day_off": name or day.strftime("%A")},
                 messages.CLI_DAY_OFF.format(cli.language, day=day.isoformat(),
                                             holiday=f" ({name})" if name else ""))
        return
    sent = service.send_reminders(_poster(cli), day, who=who)
    cli.emit({"sent": sent, "today": day.isoformat()},
             messages.CLI_SENT.format(cli.language, count=sent, day=day.isoformat()))


@click.command("digest")
@click.argument("who")
@_TODAY
@_DRY_RUN
@salesbot_command
def digest_command(cli: CliContext, who: str, today: datetime | None, dry_run: bool) -> None:
    """The weekly pipeline digest for manager WHO (Slack id or name): the 7 days before --today.

    Without --dry-run it is sent now as a DM (once per day); `salesbot serve` sends it each week.
    """
    day = _day(today)
    service = _service(cli)
    if dry_run:
        digest = service.weekly_digest(who, day)
        cli.emit(digest.model_dump(mode="json"), lambda: render_digest(digest))
        return
    sent = service.send_digest_now(_poster(cli), who, day)
    cli.emit({"sent": int(sent), "today": day.isoformat()},
             messages.CLI_SENT.format(cli.language, count=int(sent), day=day.isoformat()))
