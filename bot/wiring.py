"""The only place adapters are built from settings.

`build_services` returns everything the CLI, the console demo and the Slack bot call. Each
feature area has its own ``_wire_*`` function so that adding an adapter touches one function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from langchain_core.language_models import BaseChatModel

from bot import messages as bot_messages
from bot.settings import Settings
from capture.service import CaptureService
from core.clock import today as local_today
from core.errors import UserFacingError
from core.i18n import Language, detect_language
from core.questions import Answer, Asker, Question, QuestionAnswerer, route_question
from crm_store import messages as crm_messages
from crm_store.db import Database
from crm_store.event_log import EventLog
from crm_store.invoicing.service import InvoiceService
from crm_store.jobs import JobQueue
from crm_store.lookup_answers import CrmLookupAnswerer
from crm_store.rep_day.service import RepDayService
from crm_store.service import CrmService
from erp.config import ErpConfig, FreeeConfig
from erp.service import ErpService
from knowledge.service import KnowledgeService


@dataclass
class Services:
    settings: Settings
    db: Database
    crm: CrmService
    answerers: list[QuestionAnswerer] = field(default_factory=list)
    # ERP invoices (issue 6): sync/status/review list, and invoices per customer, digests, alerts.
    erp: ErpService | None = None
    invoices: InvoiceService | None = None
    # Knowledge base (issue 5): ingestion, listing, search.
    knowledge: KnowledgeService | None = None
    # Slack bot (issue 4): event ids already handled, so Slack's retries are dropped.
    event_log: EventLog | None = None
    # Durable background work (issue 4: file captures survive a crash; usable by any area).
    jobs: JobQueue | None = None
    # Capture (issue 3): voice memo / photo / typed memo → activity draft → save.
    capture: CaptureService | None = None
    # The rep's day (issue 13): reminders, Done / Snooze, the App Home, the weekly manager digest.
    rep_day: RepDayService | None = None

    def answer_question(self, text: str, *, asker: Asker, today: date | None = None,
                        language: Language | None = None) -> Answer:
        """Route a question to the right answering service, in the asker's language; each answerer
        shows only what ``asker`` may see (crm_store.visibility)."""
        question = Question(text=text, asker=asker, today=today or local_today(),
                            language=language or detect_language(text, default=asker.language or "en"))
        return route_question(self.answerers, question)

    def asker_for(self, who: str) -> Asker:
        """The Asker for a user named by Slack id or name; a clear error when unknown."""
        user = self.crm.find_user(who)
        if user is None:
            raise UserFacingError(crm_messages.UNKNOWN_USER, name=who,
                                  names=", ".join(u.name for u in self.crm.users()))
        return self.crm.asker(user)

    def close(self) -> None:
        if self.knowledge is not None:
            self.knowledge.close()
        self.db.dispose()


def build_database(settings: Settings) -> Database:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(settings.resolved_database_url)
    db.migrate()
    return db


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """The one LLM client (SALESBOT_LLM), shared by extraction, pipeline parsing and knowledge answers.

    Built at start-up, so a misconfigured model is an admin's clear error, not every rep's.
    """
    if not settings.llm:
        return None
    from langchain.chat_models import init_chat_model

    try:
        return init_chat_model(settings.llm, temperature=0)
    except Exception as error:  # noqa: BLE001 - missing provider package, missing key, unknown provider
        raise UserFacingError(bot_messages.LLM_UNAVAILABLE, model=settings.llm,
                              problem=type(error).__name__) from error


def build_services(settings: Settings) -> Services:
    db = build_database(settings)
    crm = CrmService(db, visibility=settings.rep_visibility)
    services = Services(settings=settings, db=db, crm=crm)
    chat_model = build_chat_model(settings)
    _wire_pipeline(settings, services, chat_model)
    _wire_crm_lookups(settings, services)
    _wire_knowledge(settings, services, chat_model)
    _wire_erp(settings, services)
    _wire_slack(settings, services)
    _wire_capture(settings, services, chat_model)
    _wire_rep_day(settings, services)
    if services.knowledge is not None and services.capture is not None:
        services.knowledge.ocr = services.capture.ocr  # scanned PDFs are read by capture's OCR engine
    return services


def _wire_rep_day(settings: Settings, services: Services) -> None:
    """Follow-up reminders, the App Home and the weekly digest (issue 13); posting is the caller's."""
    services.rep_day = RepDayService(
        services.db, rep_visibility=settings.rep_visibility, reminder_hour=settings.reminder_hour,
        working_days=settings.reminder_working_days, digest_weekday=settings.weekly_digest_weekday,
        holidays=settings.holidays,
        default_time_zone=settings.default_time_zone, stale_days=settings.stale_deal_days,
        fiscal_start_month=settings.fiscal_year_start_month)


def _wire_capture(settings: Settings, services: Services, chat_model: BaseChatModel | None) -> None:
    """Capture (issue 3): Whisper backend, OCR engine, and the offline or LLM extractor."""
    from capture.extraction.ner import GinzaNer
    from capture.extraction.rules import RuleExtractor
    from capture.inputs import Limits
    from capture.service import CaptureConfig
    from core.glossary import load_glossary

    transcriber: Any
    if settings.whisper_backend == "openai-whisper":
        from capture.adapters.openai_whisper import OpenAIWhisperTranscriber

        transcriber = OpenAIWhisperTranscriber(settings.whisper_model, device=settings.whisper_device)
    else:
        from capture.adapters.faster_whisper import FasterWhisperTranscriber

        transcriber = FasterWhisperTranscriber(settings.whisper_model, device=settings.whisper_device,
                                               compute_type=settings.whisper_compute_type,
                                               cpu_threads=settings.whisper_cpu_threads)
    extractor: Any = RuleExtractor(ner=GinzaNer())
    if chat_model is not None:
        from capture.adapters.llm_extractor import LlmExtractor
        from capture.extraction.fallback import FallbackExtractor

        # A model outage drafts with the offline extractor (and says so on the card).
        extractor = FallbackExtractor(LlmExtractor(chat_model, model_name=settings.llm or "llm"), extractor)
    limits = Limits(max_text_chars=settings.capture_max_text_chars, max_file_mb=settings.capture_max_file_mb,
                    max_audio_minutes=settings.capture_max_audio_minutes,
                    max_megapixels=settings.capture_max_megapixels)
    config = CaptureConfig(data_dir=settings.data_dir, inputs_dir=settings.inputs_dir,
                           glossary=load_glossary(settings.glossary_path), limits=limits,
                           own_company=tuple(settings.capture_own_company),
                           voice_prompt=settings.whisper_domain_prompt, visibility=settings.rep_visibility)
    ocr: Any
    if settings.ocr_engine == "tesseract":
        from capture.adapters.tesseract import TesseractOcrEngine

        ocr = TesseractOcrEngine(settings.ocr_languages, max_megapixels=settings.capture_max_megapixels)
    else:
        from capture.adapters.rapidocr import RapidOcrEngine

        ocr = RapidOcrEngine(max_megapixels=settings.capture_max_megapixels)
    services.capture = CaptureService(services.db, config, transcriber=transcriber, ocr=ocr, extractor=extractor)


def _wire_crm_lookups(settings: Settings, services: Services) -> None:
    services.answerers.append(CrmLookupAnswerer(services.crm))


def _wire_pipeline(settings: Settings, services: Services, chat_model: BaseChatModel | None) -> None:
    """Pipeline and invoice answering (issue: pipeline questions)."""
    from crm_store.pipeline.answerer import PipelineAnswerer

    llm_parser = None
    if chat_model is not None:
        from crm_store.pipeline.llm import LlmQueryParser

        llm_parser = LlmQueryParser(chat_model, settings.fiscal_year_start_month)
    services.answerers.append(PipelineAnswerer(
        services.db, fiscal_start_month=settings.fiscal_year_start_month,
        visibility=settings.rep_visibility, llm_parser=llm_parser,
        due_soon_days=settings.invoice_due_soon_days))


def _wire_slack(settings: Settings, services: Services) -> None:
    """What the Slack bot needs beyond the domain services (issue 4)."""
    services.event_log = EventLog(services.db)
    services.jobs = JobQueue(services.db, lease_seconds=settings.job_lease_seconds)


def _wire_erp(settings: Settings, services: Services) -> None:
    """ERP connectors and the invoice service (issue 6). Notifiers are passed in by their callers."""
    secret = settings.freee_client_secret
    freee = FreeeConfig(
        client_id=settings.freee_client_id, client_secret=secret.get_secret_value() if secret else None,
        company_id=settings.freee_company_id, redirect_uri=settings.freee_redirect_uri,
        api_base_url=settings.freee_api_base_url, invoice_api_base_url=settings.freee_invoice_api_base_url,
        token_url=settings.freee_token_url, authorize_url=settings.freee_authorize_url)
    key = settings.erp_token_key
    config = ErpConfig(
        connector=settings.erp_connector, token_key=key.get_secret_value() if key else None,
        csv_path=settings.erp_csv_path, csv_mapping=settings.erp_csv_mapping, csv_name=settings.erp_csv_name,
        lookback_days=settings.erp_sync_lookback_days, max_attempts=settings.erp_max_attempts,
        admin_channel=settings.erp_admin_channel, freee=freee)
    language = settings.language or "ja"
    services.erp = ErpService(services.db, config, language=language)
    services.invoices = InvoiceService(services.db, manager_channel=settings.erp_manager_channel,
                                       language=language, due_soon_days=settings.invoice_due_soon_days,
                                       visibility=settings.rep_visibility)


def _wire_knowledge(settings: Settings, services: Services, chat_model: BaseChatModel | None) -> None:
    """Know-how search with cited answers (issue 5); chroma and the model open on first use."""
    from knowledge.factory import build_knowledge

    services.knowledge, answerer = build_knowledge(
        services.db, chroma_dir=settings.chroma_dir, chroma_url=settings.chroma_url,
        embedding_model=settings.knowledge_embedding_model, glossary_path=settings.glossary_path,
        chat_model=chat_model, threshold=settings.knowledge_relevance_threshold,
        llm_threshold=settings.knowledge_llm_relevance_threshold)
    services.answerers.append(answerer)
