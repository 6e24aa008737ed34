"""What capture returns to the Slack bot, the CLI and the demo: drafts with their matches, saved results."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from capture.messages import WARNINGS
from capture.schema import ActivityDraft, DraftWarning
from core.i18n import Language
from core.money import format_amount
from crm_store.stages import STAGES, Stage

InputKind = Literal["text", "audio", "photo"]
_ACTIVITY_LABELS = {"visit": ("訪問", "Visit"), "call": ("電話", "Call"), "email": ("メール", "Email"),
                    "meeting": ("打合せ", "Meeting"), "other": ("その他", "Other")}


class CandidateView(BaseModel):
    id: int
    name: str


MatchMethod = Literal["code", "name", "reading", "short", "similar"]


class CustomerMatchView(BaseModel):
    status: Literal["matched", "new", "ambiguous", "none"]
    customer_id: int | None = None
    name: str | None = None
    candidates: list[CandidateView] = Field(default_factory=list)
    # How it was matched; for "reading"/"short"/"similar", ``heard`` is the name as the memo had it.
    method: MatchMethod | None = None
    heard: str | None = None

    @property
    def by_sound(self) -> bool:
        """Matched, or made ambiguous, by reading, short name or close spelling, not by the name itself."""
        return self.method in ("reading", "short", "similar") and self.heard is not None


class ContactMatchView(BaseModel):
    name: str
    contact_id: int | None = None  # None: not in the CRM yet (created on save)
    # Set when matched by reading (「斉藤」 heard, 「斎藤」 in the CRM): the CRM's spelling.
    matched_name: str | None = None


class DealMatchView(BaseModel):
    id: int
    name: str
    stage: str
    amount: Decimal | None = None
    currency: str = "JPY"


class OverdueInvoiceView(BaseModel):
    number: str
    due_date: date
    outstanding: Decimal
    currency: str


class DraftView(BaseModel):
    input_id: int
    kind: InputKind
    source_text: str
    language: Language
    draft: ActivityDraft
    customer: CustomerMatchView
    deal: DealMatchView | None = None
    open_deals: list[DealMatchView] = Field(default_factory=list)
    overdue_invoices: list[OverdueInvoiceView] = Field(default_factory=list)
    contact_matches: list[ContactMatchView] = Field(default_factory=list)
    transcription_language: str | None = None

    @property
    def transcript(self) -> str:
        return self.source_text

    @property
    def customer_match(self) -> CustomerMatchView:
        return self.customer

    @property
    def deal_match(self) -> DealMatchView | None:
        return self.deal

    @property
    def warnings(self) -> list[DraftWarning]:
        return self.draft.warnings

    def warnings_text(self, language: Language) -> list[str]:
        """The warnings as sentences in ``language``."""
        texts = []
        for warning in self.draft.warnings:
            message = WARNINGS.get(warning.key)
            if message is not None:
                params = dict(warning.params)
                if "totals" in params:  # money in the reader's language, one figure per currency
                    params["amount"] = " + ".join(format_amount(Decimal(total), currency, language)
                                                  for currency, total in params.pop("totals").items())
                texts.append(message.format(language, **params))
        return texts

    def to_json_dict(self, language: Language = "en") -> dict[str, Any]:
        """The CLI's JSON shape (`salesbot extract --json`)."""
        d = self.draft
        fields: dict[str, Any] = {}
        for name, field in d.named_fields().items():
            if field.value is not None:
                fields[name] = {"confidence": round(field.confidence, 2),
                                "source": field.source.model_dump() if field.source else None}
        deal_amount = d.deal.amount.value
        return {
            "input_id": self.input_id,
            "kind": self.kind,
            "source_text": self.source_text,
            "customer": {"name": d.customer.value, "id": self.customer.customer_id, "match": self.customer.status,
                         "candidates": [c.model_dump() for c in self.customer.candidates],
                         "method": self.customer.method, "heard": self.customer.heard,
                         "matched_name": self.customer.name if self.customer.customer_id else None},
            "contacts": [{"name": c.name.value, "title": c.title.value, "id": self._contact_id(c.name.value)}
                         for c in d.contacts],
            "activity_type": d.activity_type.value,
            "occurred_on": d.occurred_on.value.isoformat() if d.occurred_on.value else None,
            "summary": d.summary.value,
            "deal": {"id": self.deal.id if self.deal else None, "name": self.deal.name if self.deal else None,
                     "amount": str(deal_amount) if deal_amount is not None else None,
                     "currency": d.deal.currency.value, "stage": d.deal.stage.value},
            "next_actions": [{"description": a.description.value,
                              "due": a.due.value.isoformat() if a.due.value else None} for a in d.next_actions],
            "competitors": [c.value for c in d.competitors],
            "fields": fields,
            "overdue_invoices": [{"number": i.number, "due_date": i.due_date.isoformat(),
                                  "outstanding": str(i.outstanding), "currency": i.currency}
                                 for i in self.overdue_invoices],
            "warnings": self.warnings_text(language),
            "extractor": d.extractor,
        }

    def heard_note(self, language: Language) -> str:
        """「山田政策書」→ 株式会社山田製作所 (読みが同じ) / heard “…” → matched to … (by reading)."""
        how = {"reading": ("読みが同じ", "by reading"), "short": ("略称", "short name"),
               "similar": ("表記が近い", "close spelling")}
        ja_how, en_how = how.get(self.customer.method or "", ("", ""))
        if language == "ja":
            return f"「{self.customer.heard}」→ {self.customer.name}({ja_how})"
        return f"heard “{self.customer.heard}” → matched to {self.customer.name} ({en_how})"

    def _contact_id(self, name: str | None) -> int | None:
        return next((m.contact_id for m in self.contact_matches if m.name == name), None)

    def render_text(self, language: Language) -> str:
        """A plain-text draft card for the terminal."""
        ja = language == "ja"
        d = self.draft
        dash = "—"
        labels = (("顧客", "Customer"), ("種別", "Type"), ("日付", "Date"), ("担当者", "Contacts"), ("案件", "Deal"),
                  ("金額", "Amount"), ("段階", "Stage"), ("競合", "Competitors"), ("要約", "Summary"),
                  ("次のアクション", "Next actions"), ("注意", "Warnings"))
        label = {en: ja_label if ja else en for ja_label, en in labels}
        match_note = {"matched": "", "new": " (新規)" if ja else " (new)",
                      "ambiguous": " (候補複数)" if ja else " (ambiguous)", "none": ""}[self.customer.status]
        if self.customer.by_sound and self.customer.status == "matched":
            match_note = f" ({self.heard_note(language)})"
        amount = format_amount(d.deal.amount.value, d.deal.currency.value or "JPY", language) \
            if d.deal.amount.value is not None else dash
        contacts = ", ".join(f"{c.name.value}{' ' + c.title.value if c.title.value else ''}" for c in d.contacts)
        lines = [
            f"{label['Customer']}: {self.customer.name or d.customer.value or dash}{match_note}",
            f"{label['Type']}: {_ACTIVITY_LABELS.get(d.activity_type.value or '', (dash, dash))[0 if ja else 1]}",
            f"{label['Date']}: {d.occurred_on.value or dash}",
            f"{label['Contacts']}: {contacts or dash}",
            f"{label['Deal']}: {self.deal.name if self.deal else dash}",
            f"{label['Amount']}: {amount}",
            f"{label['Stage']}: {STAGES[Stage(d.deal.stage.value)].label(language) if d.deal.stage.value else dash}",
            f"{label['Competitors']}: {', '.join(c.value for c in d.competitors if c.value) or dash}",
            f"{label['Summary']}: {d.summary.value or dash}",
        ]
        if d.next_actions:
            lines.append(f"{label['Next actions']}:")
            lines += [f"  - {a.description.value} ({a.due.value or dash})" for a in d.next_actions]
        warnings = self.warnings_text(language)
        if warnings:
            lines.append(f"{label['Warnings']}:")
            lines += [f"  ! {w}" for w in warnings]
        return "\n".join(lines)


class SavedActivity(BaseModel):
    input_id: int
    activity_id: int
    customer_id: int
    customer_name: str
    deal_id: int | None = None
    deal_name: str | None = None
    next_action_ids: list[int] = Field(default_factory=list)
    contact_ids: list[int] = Field(default_factory=list)
    created_customer: bool = False
    created_deal: bool = False
    already_saved: bool = False
