"""Canonical deal stages, their default probabilities and the labels people use for them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from crm_store.names import normalize_text_key


class Stage(StrEnum):
    INITIAL_CONTACT = "initial_contact"
    PROPOSAL = "proposal"
    QUOTE = "quote"
    NEGOTIATION = "negotiation"
    AWAITING_DECISION = "awaiting_decision"
    WON = "won"
    LOST = "lost"


@dataclass(frozen=True)
class StageInfo:
    stage: Stage
    probability: int  # percent, used when a deal has no explicit probability
    label_ja: str
    label_en: str
    aliases: tuple[str, ...]

    @property
    def is_open(self) -> bool:
        return self.stage not in (Stage.WON, Stage.LOST)

    def label(self, language: str) -> str:
        return self.label_ja if language == "ja" else self.label_en


STAGES: dict[Stage, StageInfo] = {
    info.stage: info
    for info in (
        StageInfo(Stage.INITIAL_CONTACT, 10, "初期接触", "Initial contact",
                  ("初回接触", "初回訪問", "リード", "lead", "first contact")),
        StageInfo(Stage.PROPOSAL, 25, "提案", "Proposal", ("提案中", "提案段階", "proposing")),
        StageInfo(Stage.QUOTE, 40, "見積", "Quote",
                  ("見積もり", "見積り", "見積中", "見積段階", "見積提示", "quotation", "quoted", "quoting")),
        StageInfo(Stage.NEGOTIATION, 60, "交渉", "Negotiation",
                  ("交渉中", "価格交渉", "negotiating", "in negotiation")),
        StageInfo(Stage.AWAITING_DECISION, 80, "成約待ち", "Awaiting decision",
                  ("内示", "内示待ち", "成約待ち/内示", "決裁待ち", "decision pending", "verbal")),
        StageInfo(Stage.WON, 100, "受注", "Won", ("成約", "受注済", "closed won", "closed-won")),
        StageInfo(Stage.LOST, 0, "失注", "Lost", ("closed lost", "closed-lost")),
    )
}

OPEN_STAGES: tuple[Stage, ...] = tuple(s for s, info in STAGES.items() if info.is_open)

_BY_LABEL: dict[str, Stage] = {}
for _info in STAGES.values():
    for _label in (_info.stage.value, _info.label_ja, _info.label_en, *_info.aliases):
        _BY_LABEL[normalize_text_key(_label).replace("_", "")] = _info.stage


def stage_words(*, open_only: bool = False) -> list[str]:
    """Every code, label and alias of the stages, longest first: the words that find a stage in free text."""
    words = {
        word
        for info in STAGES.values()
        if info.is_open or not open_only
        for word in (info.stage.value, info.label_ja, info.label_en, *info.aliases)
    }
    return sorted(words, key=len, reverse=True)


def parse_stage(text: str | None) -> Stage | None:
    """A canonical stage from a code or a Japanese/English label; None when unknown."""
    if not text:
        return None
    return _BY_LABEL.get(normalize_text_key(text).replace("_", "").replace("-", ""))


def default_probability(stage: Stage | str) -> int:
    return STAGES[Stage(stage)].probability
