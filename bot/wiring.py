"""The only place adapters are built from settings.

`build_services` returns everything the CLI, the console demo and the Slack bot call. Each
feature area has its own ``_wire_*`` function so that adding an adapter touches one function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.settings import Settings
from core.clock import today as local_today
from core.errors import UserFacingError
from core.i18n import Language, detect_language
from core.questions import Answer, Asker, Question, QuestionAnswerer, route_question
from crm_store import messages as crm_messages
from crm_store.db import Database
from crm_store.lookup_answers import CrmLookupAnswerer
from crm_store.service import CrmService


@dataclass
class Services:
    settings: Settings
    db: Database
    crm: CrmService
    answerers: list[QuestionAnswerer] = field(default_factory=list)

    def answer_question(self, text: str, *, asker: Asker | None = None, today: date | None = None,
                        language: Language | None = None) -> Answer:
        """Route a question to the right answering service, in the asker's language."""
        asker = asker or Asker()
        question = Question(text=text, asker=asker, today=today or local_today(),
                            language=language or detect_language(text, default=asker.language or "en"))
        return route_question(self.answerers, question)

    def asker_for(self, who: str) -> Asker:
        """The Asker for a user named by Slack id or name; a clear error when unknown."""
        user = self.crm.find_user(who)
        if user is None:
            raise UserFacingError(crm_messages.UNKNOWN_USER, name=who,
                                  names=", ".join(u.name for u in self.crm.users()))
        return Asker(user_id=user.id, slack_user_id=user.slack_user_id, name=user.name,
                     role=user.role, language=user.language if user.language in ("ja", "en") else None)

    def close(self) -> None:
        self.db.dispose()


def build_database(settings: Settings) -> Database:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(settings.resolved_database_url)
    db.migrate()
    return db


def build_services(settings: Settings) -> Services:
    db = build_database(settings)
    crm = CrmService(db)
    services = Services(settings=settings, db=db, crm=crm)
    _wire_pipeline(settings, services)
    _wire_crm_lookups(settings, services)
    return services


def _wire_crm_lookups(settings: Settings, services: Services) -> None:
    services.answerers.append(CrmLookupAnswerer(services.crm))


def _wire_pipeline(settings: Settings, services: Services) -> None:
    """Pipeline and invoice answering (issue: pipeline questions)."""
