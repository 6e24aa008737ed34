"""`PipelineAnswerer`: the `QuestionAnswerer` for pipeline, invoice and forecast questions."""

from __future__ import annotations

import logging
from datetime import date
from typing import Protocol

from core.errors import UserFacingError
from core.questions import Answer, AnswerKind, Question
from crm_store.db import Database
from crm_store.payments import DEFAULT_DUE_SOON_DAYS
from crm_store.pipeline import messages
from crm_store.pipeline.compose import answer_deals, answer_forecast, answer_invoices, not_understood
from crm_store.pipeline.coverage import check_coverage
from crm_store.pipeline.parser import ParsedQuestion, parse_question
from crm_store.pipeline.query import PeriodSpec, PipelineQuery
from crm_store.pipeline.resolve import resolve_query
from crm_store.pipeline.vocabulary import Vocabulary, load_vocabulary
from crm_store.visibility import RepVisibility

log = logging.getLogger(__name__)

# Scores against the CRM look-up answerer (0.8 customer list, 0.5 a customer, 0.4 "<stage>の案件").
SCORE_CLEAR = 0.9  # a metric, grouping, period, invoice or forecast word: numbers are wanted
SCORE_FILTERED = 0.6  # deals of a rep / status / industry: a filtered listing with totals
SCORE_STAGE_ONLY = 0.35  # "見積の案件": the CRM look-up lists those
SCORE_DEALS_ONLY = 0.38  # "案件は?": totals, and what could be asked (above knowledge's 0.35 default)
_FILTERS = {"owner", "customer", "stage", "industry", "period", "status", "amount"}


class QueryParser(Protocol):
    """Fills a `PipelineQuery` from free text (the LLM path); the offline rules are the fallback."""

    def parse(self, text: str, today: date, vocabulary: Vocabulary) -> PipelineQuery: ...


class PipelineAnswerer:
    kind: AnswerKind = "pipeline"

    def __init__(
        self,
        db: Database,
        *,
        fiscal_start_month: int = 4,
        visibility: RepVisibility = "own",
        llm_parser: QueryParser | None = None,
        charts: bool = True,
        due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
    ) -> None:
        self.db = db
        self.due_soon_days = due_soon_days
        self.fiscal_start_month = fiscal_start_month
        self.visibility = visibility
        self.llm_parser = llm_parser
        self.charts = charts
        self._last: tuple[tuple[str, date], ParsedQuestion, Vocabulary] | None = None

    def _parse(self, question: Question) -> tuple[ParsedQuestion, Vocabulary]:
        key = (question.text, question.today)
        last = self._last  # one read: another thread may replace it meanwhile
        if last is not None and last[0] == key:
            return last[1], last[2]
        with self.db.session("read") as session:
            vocabulary = load_vocabulary(session)
        parsed = parse_question(question.text, vocabulary, question.today, self.fiscal_start_month)
        self._last = (key, parsed, vocabulary)
        return parsed, vocabulary

    def score(self, question: Question) -> float:
        parsed = self._parse(question)[0]
        signals = parsed.signals
        if signals & {"invoice", "forecast"} or parsed.query.metric == "weighted":
            return SCORE_CLEAR
        # A metric needs a subject: "how much … in January" alone may be about prices, not deals.
        if signals & {"metric", "group"} and (signals & (_FILTERS - {"period"} | {"deal", "group"})):
            return SCORE_CLEAR
        if "period" in signals and signals & (_FILTERS - {"period"} | {"deal"}):
            return SCORE_CLEAR  # "先月の受注", "今月の案件"
        if "deal" in signals and signals & {"owner", "status", "industry", "amount"}:
            return SCORE_FILTERED
        # A customer's deals alone are the CRM look-up's overview; with a stage or period they are ours.
        if "deal" in signals and "customer" in signals and signals & {"stage", "period"}:
            return SCORE_FILTERED
        if "deal" in signals and "stage" in signals:
            # "見積の案件" is the CRM look-up's listing, unless it carries a condition the listing would drop.
            parsed, vocabulary = self._parse(question)
            complete = check_coverage(parsed, parsed.query, vocabulary).complete
            return SCORE_STAGE_ONLY if complete else SCORE_FILTERED
        if "deal" in signals:
            return SCORE_DEALS_ONLY
        return 0.0

    def answer(self, question: Question) -> Answer:
        language = question.language
        parsed, vocabulary = self._parse(question)
        query, note = parsed.query, None
        if self.llm_parser is not None:
            try:
                query = self.llm_parser.parse(question.text, question.today, vocabulary)
            except Exception:  # any model failure: the offline rules still answer
                log.exception("LLM query parsing failed; using the offline parser")
                note = messages.LLM_FAILED.format(language)
        elif parsed.period_error is not None:
            return self._refusal(
                query, language, UserFacingError(messages.BAD_PERIOD, period=parsed.period_error.written)
            )
        if query.subject == "invoices" and query.group_by == "stage":
            query = query.model_copy(update={"group_by": None})  # invoices have no stage
        if query.subject == "forecast" and query.period is None:
            query = query.model_copy(update={"period": PeriodSpec(relative="this_quarter")})
        if query.subject != "deals" and query.group_by == "loss_reason":
            query = query.model_copy(update={"group_by": None})
        # Both parsers' queries pass the same check: a condition in the question that the query
        # does not use means no number at all.
        coverage = check_coverage(parsed, query, vocabulary)
        if not coverage.complete:
            return self._refusal(query, language, not_understood(coverage, language))
        if coverage.ignored:
            ignored = messages.IGNORED.format(language, words=", ".join(f"“{w}”" for w in coverage.ignored))
            note = f"{note}; {ignored}" if note else ignored
        try:
            with self.db.session("read") as session:
                rq = resolve_query(
                    session,
                    query,
                    question.asker,
                    question.today,
                    fiscal_start_month=self.fiscal_start_month,
                    visibility=self.visibility,
                    due_soon_days=self.due_soon_days,
                )
                if query.subject == "invoices":
                    answer = answer_invoices(session, rq, language, charts=self.charts)
                elif query.subject == "forecast":
                    answer = answer_forecast(session, rq, language)
                else:
                    hint = self.llm_parser is None and not (parsed.signals - {"deal"})
                    answer = answer_deals(session, rq, language, hint=hint, charts=self.charts)
        except UserFacingError as error:
            return self._refusal(query, language, error)
        if note:
            answer = answer.model_copy(update={"interpretation": f"{answer.interpretation} ({note})"})
        return answer

    def _refusal(self, query: PipelineQuery, language: str, error: UserFacingError | str) -> Answer:
        kind: AnswerKind = "invoice" if query.subject == "invoices" else "pipeline"
        text = error if isinstance(error, str) else error.message(language)
        return Answer(kind=kind, language=language, answer=text)  # type: ignore[arg-type]
