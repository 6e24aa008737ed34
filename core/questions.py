"""The contract between whoever asks (CLI, console demo, Slack) and whoever answers.

Each answering service (CRM lookups, pipeline, invoices, knowledge) implements
`QuestionAnswerer`; `route_question` sends a question to the one most confident it can answer,
and says so plainly when none can.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, Field

from core.i18n import Language, Message

AnswerKind = Literal["crm", "pipeline", "invoice", "knowledge", "unknown"]
Role = Literal["rep", "manager", "admin"]

# A router needs at least this much confidence before it hands a question to an answerer.
MIN_ROUTING_SCORE = 0.3

NOT_UNDERSTOOD = Message(
    en=(
        "I could not tell what you are asking. Try for example “deals in negotiation”, "
        "“customers”, or a customer's name."
    ),
    ja="ご質問の意図を判断できませんでした。例:「交渉中の案件」「顧客一覧」、または顧客名でお試しください。",
)


class Asker(BaseModel):
    """Who is asking, as far as permissions and language are concerned.

    The role is required: no path gets data because it forgot to say who asks. A ``rep`` without a
    ``user_id`` is someone the CRM does not know and sees no CRM data (crm_store.visibility).
    """

    user_id: int | None = None
    slack_user_id: str | None = None
    name: str | None = None
    role: Role
    # The user's team (users CSV), for SALESBOT_REP_VISIBILITY=team.
    team: str | None = None
    language: Language | None = None
    # Where the answer will be posted; knowledge answers restrict sources to what is visible there.
    channel_id: str | None = None
    channel_is_private: bool = False
    # Groups whose documents the asker may read (users CSV; role manager/admin implies "managers").
    groups: list[str] = Field(default_factory=list)

    @classmethod
    def nobody(cls) -> Asker:
        """Someone unknown: sees no CRM data (e.g. for scoring a question before knowing who asks)."""
        return cls(role="rep")


class Question(BaseModel):
    text: str
    language: Language
    asker: Asker
    today: date


class Citation(BaseModel):
    source: str
    title: str
    snippet: str
    score: float


class AnswerData(BaseModel):
    """The numbers behind an answer: ``total`` is the headline number, ``rows`` the table."""

    total: float | int | None = None
    rows: list[dict[str, Any]] = Field(default_factory=list)


class Answer(BaseModel):
    kind: AnswerKind
    language: Language
    answer: str
    interpretation: str | None = None
    data: AnswerData | None = None
    citations: list[Citation] = Field(default_factory=list)
    # PNG bytes of a chart, when the answer is grouped and a chart helps.
    chart_png: bytes | None = Field(default=None, exclude=True, repr=False)
    # True when the answer used data not everyone in the channel may see: post it privately.
    private: bool = False

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


@runtime_checkable
class QuestionAnswerer(Protocol):
    """One kind of answering (CRM lookups, pipeline, invoices, knowledge)."""

    kind: AnswerKind

    def score(self, question: Question) -> float:
        """How sure this answerer is that the question is for it, from 0 to 1. Cheap: no model calls."""
        ...

    def answer(self, question: Question) -> Answer: ...


def route_question(answerers: list[QuestionAnswerer], question: Question) -> Answer:
    """Send the question to the most confident answerer; an honest "not understood" otherwise."""
    scored = [(answerer.score(question), index, answerer) for index, answerer in enumerate(answerers)]
    scored.sort(key=lambda item: (-item[0], item[1]))
    if not scored or scored[0][0] < MIN_ROUTING_SCORE:
        return Answer(
            kind="unknown",
            language=question.language,
            answer=NOT_UNDERSTOOD.format(question.language),
        )
    return scored[0][2].answer(question)
