"""The weekly manager digest: the week's new, moved, won and lost deals (with loss reasons), forecast
vs actual and quiet deals. Pipeline figures come from the pipeline answers' own queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlmodel import Session

from core.i18n import Language
from core.money import format_amount
from crm_store.models import User
from crm_store.pipeline.compose import answer_forecast
from crm_store.pipeline.query import PeriodSpec, PipelineQuery
from crm_store.pipeline.resolve import resolve_query
from crm_store.rep_day import messages, queries
from crm_store.rep_day.views import DealChange, StageLine, StaleDeal, WeeklyDigest
from crm_store.stages import STAGES, Stage
from crm_store.visibility import RepVisibility, asker_for_user

LIST_LIMIT = 15  # per section; the digest stays one readable message


def build_digest(session: Session, user: User, today: date, zone: tzinfo, *, language: Language,
                 policy: RepVisibility, stale_days: int, fiscal_start_month: int,
                 week_until: date | None = None) -> WeeklyDigest:
    """The seven days before ``week_until`` (default ``today``; in the manager's time zone), as ``user``
    may see them; figures as of ``today``. A digest sent late (after a holiday) keeps its week, so the
    weeks reported neither overlap nor leave a day out."""
    week_until = week_until or today
    start, end = week_until - timedelta(days=7), week_until - timedelta(days=1)
    since = datetime.combine(start, time(), zone).astimezone(UTC)
    until = datetime.combine(week_until, time(), zone).astimezone(UTC)
    changes = queries.deal_changes(session, queries.scope_of(session, user, policy), since, until)
    asker = asker_for_user(user)
    by_stage = resolve_query(session, queries.by_stage_query(), asker, today,
                             fiscal_start_month=fiscal_start_month, visibility=policy)
    forecast_q = PipelineQuery(subject="forecast", period=PeriodSpec(relative="this_quarter"))
    forecast_rq = resolve_query(session, forecast_q, asker, today, fiscal_start_month=fiscal_start_month,
                             visibility=policy)
    return WeeklyDigest(
        user_id=user.id or 0, user=user.name, slack_user_id=user.slack_user_id, language=language,
        today=today, start=start, end=end,
        new_deals=[c for c in changes if c.from_stage is None],
        moves=[c for c in changes if c.from_stage is not None and c.to_stage not in (Stage.WON, Stage.LOST)],
        won=[c for c in changes if c.to_stage == Stage.WON],
        lost=[c for c in changes if c.to_stage == Stage.LOST],
        forecast=answer_forecast(session, forecast_rq, language).answer,
        pipeline_by_stage=queries.stage_lines(session, by_stage, language),
        stale_deals=queries.stale_deals(session, by_stage, today, stale_days, language, limit=LIST_LIMIT),
        stale_days=stale_days,
    )


def render_digest(digest: WeeklyDigest) -> str:
    """The digest as Slack mrkdwn (also what the CLI prints)."""
    lang = digest.language
    none = messages.DIGEST_NONE.format(lang)
    lines = [messages.DIGEST_HEAD.format(lang, start=digest.start, end=digest.end)]
    for title, items in ((messages.DIGEST_NEW, digest.new_deals), (messages.DIGEST_MOVES, digest.moves),
                         (messages.DIGEST_WON, digest.won), (messages.DIGEST_LOST, digest.lost)):
        lines += ["", title.format(lang, count=len(items))]
        lines += [f"• {change_line(c, lang)}" for c in items[:LIST_LIMIT]] or [none]
        if len(items) > LIST_LIMIT:
            lines.append(f"… +{len(items) - LIST_LIMIT}")
    lines += ["", messages.DIGEST_FORECAST.format(lang), digest.forecast]
    lines += ["", messages.DIGEST_PIPELINE.format(lang)]
    lines += [f"• {stage_line(s, lang)}" for s in digest.pipeline_by_stage] or [none]
    lines += ["", messages.DIGEST_STALE.format(lang, days=digest.stale_days, count=len(digest.stale_deals))]
    lines += [f"• {stale_line(d, lang)}" for d in digest.stale_deals] or [none]
    return "\n".join(lines)


def _stage(code: str | None, language: Language) -> str:
    try:
        return STAGES[Stage(code)].label(language)
    except ValueError:
        return code or "?"


def change_line(change: DealChange, language: Language) -> str:
    owner = change.owner or messages.NOBODY.format(language)
    line = messages.CHANGE_LINE.format(language, deal=change.name, customer=change.customer, owner=owner,
                                       amount=format_amount(change.amount, change.currency, language))
    if change.from_stage is not None:
        line += f" {_stage(change.from_stage, language)} → {_stage(change.to_stage, language)}"
    elif change.to_stage not in (Stage.WON, Stage.LOST):
        line += f" ({_stage(change.to_stage, language)})"
    if change.to_stage == Stage.LOST:
        reason = change.loss_reason
        line += " — " + (messages.LOSS_REASON.format(language, reason=reason) if reason
                         else messages.NO_LOSS_REASON.format(language))
    return line


def stage_line(line: StageLine, language: Language) -> str:
    return messages.STAGE_LINE.format(language, label=line.label, count=line.count,
                                      amount=format_amount(line.amount, line.currency, language))


def stale_line(deal: StaleDeal, language: Language) -> str:
    last = deal.last_activity.isoformat() if deal.last_activity else messages.NEVER.format(language)
    return messages.STALE_LINE.format(
        language, deal=deal.name, customer=deal.customer, stage=deal.stage_label,
        amount=format_amount(deal.amount, deal.currency, language),
        owner=deal.owner or messages.NOBODY.format(language), last=last)
