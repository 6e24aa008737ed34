"""The App Home's contents for one person: their actions, deals, unpaid customers and drafts;
for managers also the pipeline by stage and the deals nobody has worked on lately."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from core.i18n import Language
from crm_store.models import User
from crm_store.pipeline.resolve import ResolvedQuery, resolve_query
from crm_store.rep_day import queries
from crm_store.rep_day.views import HomeView
from crm_store.visibility import RepVisibility, asker_for_user

HOME_ACTIONS = 15
HOME_DRAFTS = 5


def build_home(session: Session, user: User, today: date, *, language: Language, policy: RepVisibility,
               stale_days: int, fiscal_start_month: int) -> HomeView:
    actions, total = queries.open_actions(session, user, today, HOME_ACTIONS)
    # "My deals": the pipeline answer's own query, under the person's own scope.
    mine = ResolvedQuery(query=queries.by_stage_query(), today=today, scope=queries.own_scope(user))
    is_manager = user.role in ("manager", "admin")
    pipeline, stale = [], []
    if is_manager:
        # The same resolution as a manager's pipeline question, so the same visibility applies.
        everything = resolve_query(session, queries.by_stage_query(), asker_for_user(user), today,
                                   fiscal_start_month=fiscal_start_month, visibility=policy)
        pipeline = queries.stage_lines(session, everything, language)
        stale = queries.stale_deals(session, everything, today, stale_days, language, limit=10)
    return HomeView(
        user_id=user.id or 0, user=user.name, slack_user_id=user.slack_user_id, role=user.role,
        language=language, today=today, actions=actions, actions_total=total,
        deals_by_stage=queries.stage_lines(session, mine, language),
        overdue_customers=queries.overdue_customers(session, user, today),
        drafts=queries.drafts_of(session, user.slack_user_id, HOME_DRAFTS),
        is_manager=is_manager, pipeline_by_stage=pipeline, stale_deals=stale, stale_days=stale_days,
    )
