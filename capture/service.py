"""`CaptureService`: store an input, draft an activity from it, save what the rep approved.

Inputs are persisted before any processing; drafting is idempotent; saving writes everything in
one audited transaction and never twice.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlmodel import Session, col, select

from capture import messages
from capture.inputs import Limits, SourceText, check_text, ocr_file, transcribe_file, write_file
from capture.matching import (
    known_customers,
    match_contacts,
    match_draft_customer,
    match_open_deal,
    note_sound_match,
    overdue_invoices,
)
from capture.media import sniff
from capture.ports import ExtractionContext, Extractor, OcrEngine, OcrResult, Transcriber, VoicePrompt
from capture.saving import claim_for_saving, existing_result, write_activity
from capture.schema import ActivityDraft, DraftWarning
from capture.validation import DraftValidator
from capture.views import DraftView, SavedActivity
from capture.voice_prompt import VoicePromptCache
from core.clock import utcnow
from core.errors import UserFacingError
from core.glossary import Glossary
from core.i18n import detect_language
from crm_store.db import Database
from crm_store.models import Customer, Deal, User
from crm_store.repositories.users import get_by_slack_id
from crm_store.visibility import RepVisibility, Scope, asker_for_user, scope_for
from crm_store.ops_models import StoredInput

log = logging.getLogger(__name__)
PENDING_STATUSES = ("received", "processing")


@dataclass
class CaptureConfig:
    data_dir: Path
    inputs_dir: Path
    glossary: Glossary
    limits: Limits = field(default_factory=Limits)
    own_company: tuple[str, ...] = ()
    # Who may see and change what (SALESBOT_REP_VISIBILITY, crm_store.visibility).
    visibility: RepVisibility = "own"
    # Prompt Whisper with the workspace's customer names, glossary and sales words (capture.voice_prompt).
    voice_prompt: bool = True


class CaptureService:
    """The capture use cases the Slack bot, the CLI and the console demo share."""

    def __init__(self, db: Database, config: CaptureConfig, *, transcriber: Transcriber, ocr: OcrEngine,
                 extractor: Extractor) -> None:
        self.db = db
        self.config = config
        self.transcriber = transcriber
        self.ocr = ocr
        self.extractor = extractor
        self._voice_prompts = VoicePromptCache(config.glossary)

    # -- storing ------------------------------------------------------------------------------
    def store_text(self, text: str, *, origin: str, slack_user_id: str | None = None,
                   slack_channel_id: str | None = None, slack_ts: str | None = None) -> int:
        """Persist a typed memo; returns the stored input id. Empty or over-long memos are refused."""
        memo = check_text(text, self.config.limits)
        row = StoredInput(kind="text", origin=origin, text=memo, size_bytes=len(memo.encode("utf-8")),
                          slack_user_id=slack_user_id, slack_channel_id=slack_channel_id, slack_ts=slack_ts)
        return self._insert(row)

    def store_file(self, data: bytes, *, filename: str | None, mime_type: str | None, origin: str,
                   slack_user_id: str | None = None, slack_channel_id: str | None = None,
                   slack_ts: str | None = None) -> int:
        """Persist an audio clip or photo under the inputs directory; its kind comes from its bytes.

        The same file of the same Slack message (a retried job) is the same input, not a second one.
        """
        if slack_ts is not None:
            earlier = self._same_slack_file(hashlib.sha256(data).hexdigest(), slack_channel_id, slack_ts)
            if earlier is not None:
                return earlier
        written = write_file(data, self.config.inputs_dir, self.config.data_dir, self.config.limits)
        row = StoredInput(kind=written.kind, origin=origin, path=written.relative_path,
                          filename=(filename or "")[:300] or None, mime_type=(mime_type or "")[:100] or None,
                          size_bytes=written.size, sha256=written.sha256, slack_user_id=slack_user_id,
                          slack_channel_id=slack_channel_id, slack_ts=slack_ts)
        return self._insert(row)

    def _same_slack_file(self, sha256: str, channel_id: str | None, ts: str) -> int | None:
        with self.db.session(actor="read") as session:
            return session.exec(select(StoredInput.id).where(
                StoredInput.sha256 == sha256, StoredInput.slack_channel_id == channel_id,
                StoredInput.slack_ts == ts)).first()

    def _insert(self, row: StoredInput) -> int:
        with self.db.session(actor="capture") as session:
            session.add(row)
            session.flush()
            return row.id or 0

    def store_any(self, data: bytes, *, filename: str | None, origin: str) -> int:
        """Text, audio or photo, routed by content (the CLI's ``extract FILE|-``)."""
        if sniff(data).kind == "text":
            return self.store_text(data.decode("utf-8"), origin=origin)
        return self.store_file(data, filename=filename, mime_type=None, origin=origin)

    # -- reading without storing (CLI `transcribe` / `ocr`) -----------------------------------
    def transcribe(self, path: Path) -> SourceText:
        """The transcript of an audio file (nothing stored)."""
        _require_kind(path, "audio")
        return transcribe_file(path, self.transcriber, self.config.limits, self.voice_prompt())

    def voice_prompt(self) -> VoicePrompt | None:
        """This workspace's words for Whisper (cached; rebuilt when customers change), or None when off."""
        if not self.config.voice_prompt:
            return None
        with self.db.session(actor="read") as session:
            return self._voice_prompts.get(session)

    def read_image(self, path: Path) -> OcrResult:
        """The OCR lines of a photo with their confidences (nothing stored)."""
        _require_kind(path, "photo")
        result = self.ocr.read(path)
        if not any(line.text.strip() for line in result.lines):
            raise UserFacingError(messages.NO_TEXT_IN_IMAGE)
        return result

    # -- drafting -----------------------------------------------------------------------------
    def draft(self, input_id: int, *, today: date | None = None) -> DraftView:
        """Transcribe/OCR, extract, validate and match; the draft is stored on the input.

        Calling it again for a drafted (or saved) input returns the stored draft.
        """
        stored = self._get(input_id)
        if stored.status == "discarded":
            raise UserFacingError(messages.INPUT_DISCARDED, input_id=input_id)
        if stored.status in ("drafted", "saved") and stored.draft:
            return DraftView.model_validate(stored.draft)
        self._set_status(input_id, "processing")
        try:
            view = self._make_draft(stored, today or stored.received_at.astimezone().date())
        except UserFacingError as error:
            self._set_status(input_id, "failed", error=error.template.en.format(**error.params))
            raise
        except Exception as error:
            self._set_status(input_id, "failed", error=f"unexpected: {type(error).__name__}")
            raise
        with self.db.session(actor="capture") as session:
            row = session.get(StoredInput, input_id)
            assert row is not None
            row.draft = view.model_dump(mode="json")
            row.status, row.error, row.updated_at = "drafted", None, utcnow()
            session.add(row)
        return view

    def _source_text(self, stored: StoredInput) -> SourceText:
        if stored.kind == "text":
            return SourceText(stored.text or "")
        path = Path(stored.path or "")
        path = path if path.is_absolute() else self.config.data_dir / path
        if stored.kind == "audio":
            return transcribe_file(path, self.transcriber, self.config.limits, self.voice_prompt())
        return ocr_file(path, self.ocr, self.config.limits)

    def _make_draft(self, stored: StoredInput, today: date) -> DraftView:
        source = self._source_text(stored)
        text = source.text
        with self.db.session(actor="capture") as session:
            known = known_customers(session)
        context = ExtractionContext(today=today, glossary=self.config.glossary, customers=known,
                                    own_company=self.config.own_company)
        raw = self.extractor.extract(text, context)
        validator = DraftValidator(self.config.glossary, [k.name for k in known])
        draft = validator.validate(raw, text)
        warnings = list(draft.warnings)
        warnings += [DraftWarning(key="ocr_low_confidence", params={"line": line})
                     for line in source.low_confidence_lines]
        with self.db.session(actor="capture") as session:
            customer = match_draft_customer(session, draft, known)
            deal, deals = (None, [])
            overdue, contacts = [], []
            if customer.customer_id is not None:
                deal, deals = match_open_deal(session, customer.customer_id, text, self.config.glossary)
                scope = self._author_scope(session, stored)
                row = session.get(Customer, customer.customer_id)
                if row is not None and scope.sees_invoices_of(row):  # the upsell warning: only if they may see it
                    overdue = overdue_invoices(session, customer.customer_id, today)
                contacts = match_contacts(session, customer.customer_id, draft)
                deal_row = session.get(Deal, deal.id) if deal is not None else None
                if (deal_row is not None and row is not None and not scope.sees_deal(deal_row, row.owner_id)
                        and (draft.deal.stage.value or draft.deal.amount.value is not None)):
                    owner = session.get(User, deal_row.owner_id) if deal_row.owner_id else None
                    warnings.append(DraftWarning(key="proposed_to_owner", params={
                        "deal": deal_row.name, "owner": owner.name if owner else "—"}))
        if customer.status == "none":
            warnings.append(DraftWarning(key="no_customer"))
        elif customer.status == "new":
            warnings.append(DraftWarning(key="new_customer", params={"name": customer.name}))
        elif customer.status == "ambiguous" and customer.by_sound:
            warnings.append(DraftWarning(key="ambiguous_reading", params={
                "heard": customer.heard, "candidates": ", ".join(c.name for c in customer.candidates)}))
        elif customer.status == "ambiguous":
            warnings.append(DraftWarning(key="ambiguous_customer", params={
                "name": customer.name, "candidates": ", ".join(c.name for c in customer.candidates)}))
        elif customer.by_sound:
            warnings.append(note_sound_match(draft, customer))
        warnings += [DraftWarning(key="contact_by_reading", params={"heard": c.name, "name": c.matched_name})
                     for c in contacts if c.matched_name]
        if overdue:
            totals: dict[str, Decimal] = {}
            for invoice in overdue:  # one figure per currency: yen and dollars never add up
                totals[invoice.currency] = totals.get(invoice.currency, Decimal(0)) + invoice.outstanding
            warnings.append(DraftWarning(key="overdue_invoices", params={
                "customer": customer.name, "count": len(overdue),
                "oldest": min(i.due_date for i in overdue).isoformat(),
                "totals": {currency: str(total) for currency, total in sorted(totals.items())}}))
        draft.warnings = warnings
        language = detect_language(text, default="en")
        return DraftView(input_id=stored.id or 0, kind=stored.kind, source_text=text, language=language,
                         draft=draft, customer=customer, deal=deal, open_deals=deals, overdue_invoices=overdue,
                         contact_matches=contacts,
                         transcription_language=source.language)

    def _author_scope(self, session: Session, stored: StoredInput) -> Scope:
        """What the memo's author may see (crm_store.visibility). An input without a Slack author
        came from the CLI, the admin's tool; a Slack id the CRM does not know sees nothing."""
        if stored.slack_user_id is None:
            return Scope.everything()
        author = get_by_slack_id(session, stored.slack_user_id)
        if author is None:
            return Scope.nothing()
        return scope_for(session, asker_for_user(author), self.config.visibility)

    # -- deciding -----------------------------------------------------------------------------
    def save(self, input_id: int, draft: ActivityDraft, *, approved_by_slack_id: str | None,
             approved_by_name: str | None = None) -> SavedActivity:
        """Write the approved draft in one audited transaction; a second save returns the first result."""
        stored = self._get(input_id)
        if stored.status == "discarded":
            raise UserFacingError(messages.INPUT_DISCARDED, input_id=input_id)
        source_text = (stored.draft or {}).get("source_text") or stored.text or ""
        actor = f"slack:{approved_by_slack_id}" if approved_by_slack_id else "cli"
        context = {"input_id": input_id}
        if approved_by_name:
            context["approved_by_name"] = approved_by_name  # type: ignore[assignment]
        with self.db.session(actor=actor, **context) as session:
            if not claim_for_saving(session, input_id):
                previous = existing_result(session, input_id)
                if previous is not None:
                    return previous
            row = session.get(StoredInput, input_id)
            assert row is not None
            return write_activity(session, row, draft, source_text=source_text, glossary=self.config.glossary,
                                  approved_by_slack_id=approved_by_slack_id,
                                  today=stored.received_at.astimezone().date(),
                                  visibility=self.config.visibility)

    def discard(self, input_id: int, *, by_slack_id: str | None) -> None:
        """The rep threw the draft away; the raw input stays for the record."""
        stored = self._get(input_id)
        if stored.status == "saved":
            return
        self._set_status(input_id, "discarded", error=f"discarded by {by_slack_id or 'cli'}")

    def pending_inputs(self) -> list[int]:
        """Inputs received or mid-processing (e.g. the worker died): to be drafted again."""
        with self.db.session(actor="capture") as session:
            rows = session.exec(select(StoredInput.id).where(col(StoredInput.status).in_(PENDING_STATUSES))
                                .order_by(col(StoredInput.id))).all()
        return [r for r in rows if r is not None]

    def get_input(self, input_id: int) -> StoredInput:
        return self._get(input_id)

    # -- helpers --------------------------------------------------------------------------------
    def _get(self, input_id: int) -> StoredInput:
        with self.db.session(actor="capture") as session:
            row = session.get(StoredInput, input_id)
        if row is None:
            raise UserFacingError(messages.UNKNOWN_INPUT, input_id=input_id)
        return row

    def _set_status(self, input_id: int, status: str, *, error: str | None = None) -> None:
        with self.db.session(actor="capture") as session:
            row = session.get(StoredInput, input_id)
            if row is not None:
                row.status, row.error, row.updated_at = status, error, utcnow()
                session.add(row)


def _require_kind(path: Path, kind: str) -> None:
    with path.open("rb") as handle:
        head = handle.read(8192)
    found = sniff(head)
    if found.kind != kind:
        raise UserFacingError(messages.UNSUPPORTED_FILE, what=found.format)
