"""Reminders as text: the CLI's output and the notification text of the Slack message."""

from __future__ import annotations

from datetime import date

from core.i18n import Language
from crm_store.rep_day import messages
from crm_store.rep_day.views import ActionItem, RepReminder


def due_label(item: ActionItem, today: date, language: Language) -> str:
    """"due today", "due 2026-11-18, 2 day(s) overdue", "due 2026-12-01" or "no due date"."""
    if item.due is None:
        return messages.NO_DUE.format(language)
    if item.due < today:
        return messages.OVERDUE.format(language, due=item.due.isoformat(), days=(today - item.due).days)
    if item.due == today:
        return messages.DUE_TODAY.format(language)
    return messages.DUE_ON.format(language, due=item.due.isoformat())


def customer_label(name: str | None, language: Language) -> str:
    return name or messages.NO_CUSTOMER.format(language)


def render_reminder(reminder: RepReminder) -> str:
    lang = reminder.language
    lines = [messages.REMINDER_HEAD.format(lang, count=len(reminder.actions) + reminder.more)]
    for group in reminder.groups:
        lines.append(f"*{customer_label(group.customer, lang)}*")
        lines += [f"• {a.description} — {due_label(a, reminder.today, lang)}" for a in group.actions]
    if reminder.more:
        lines.append(messages.MORE.format(lang, count=reminder.more))
    return "\n".join(lines)
