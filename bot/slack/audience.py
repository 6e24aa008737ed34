"""Who reads what the bot posts in a conversation, as one `Asker` (see crm_store.visibility).

A channel answer may carry only what every member may see: the members are looked up in the CRM
(bots apart), and `CrmService.audience_asker` gives the asker whose view is their common part.
Someone the CRM does not know, or a member list Slack will not give, leaves nothing.
`SlackChannelAudience` gives the same members to domain services that post on their own (the
invoice digest and alerts in the managers' channel) through the `core.notifications.ChannelAudience` port.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.slack.context import BotContext
from capture.views import DraftView
from core.i18n import Language
from core.questions import Asker

if TYPE_CHECKING:
    from bot.slack.people import SlackPeople
    from crm_store.service import CrmService


def is_shared(channel_id: str) -> bool:
    """Whether a conversation may have readers besides the asker (a DM with the bot has none)."""
    return not channel_id.startswith("D")


def member_askers(people: SlackPeople, crm: CrmService, channel_id: str) -> list[Asker | None]:
    """The people in ``channel_id`` as CRM askers, bots left out; None for a person the CRM does not
    know; ``[None]`` when Slack will not say who is there."""
    members = people.members(channel_id)
    if members is None:
        return [None]
    by_slack_id = {u.slack_user_id: u for u in crm.users() if u.slack_user_id}
    askers: list[Asker | None] = []
    for member in members:
        user = by_slack_id.get(member)
        if user is not None:
            askers.append(crm.asker(user))
        elif not people.is_bot(member):
            askers.append(None)  # a person the CRM does not know may see nothing
    return askers


def audience_asker(bot: BotContext, channel_id: str) -> Asker:
    """An asker who sees exactly what every member of ``channel_id`` may see."""
    askers = member_askers(bot.people, bot.services.crm, channel_id)
    if None in askers:
        return Asker.nobody()
    return bot.services.crm.audience_asker(askers).model_copy(update={"channel_id": channel_id})


class SlackChannelAudience:
    """The `core.notifications.ChannelAudience` port over conversations.members and the CRM's users."""

    def __init__(self, people: SlackPeople, crm: CrmService) -> None:
        self.people = people
        self.crm = crm

    def channel_members(self, channel: str) -> list[Asker | None]:
        return member_askers(self.people, self.crm, channel)


def card_for_audience(
    bot: BotContext, channel_id: str, view: DraftView, language: Language
) -> tuple[DraftView, str | None]:
    """A draft card as a conversation may see it: the overdue-invoice warning stays only when every
    member may see that customer's invoices; otherwise it is taken off the card and returned, as
    text for the rep alone."""
    if not view.overdue_invoices or not is_shared(channel_id) or view.customer.customer_id is None:
        return view, None
    if bot.services.crm.sees_invoices_of(audience_asker(bot, channel_id), view.customer.customer_id):
        return view, None
    overdue = [w for w in view.draft.warnings if w.key == "overdue_invoices"]
    rest = [w for w in view.draft.warnings if w.key != "overdue_invoices"]
    withheld = view.model_copy(update={"draft": view.draft.model_copy(update={"warnings": overdue})})
    shown = view.model_copy(update={"overdue_invoices": [],
                                    "draft": view.draft.model_copy(update={"warnings": rest})})
    return shown, "\n".join(withheld.warnings_text(language)) or None
