"""Who is talking to the bot: their language (Slack locale first) and their CRM identity."""

from __future__ import annotations

import logging
import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import messages
from bot.wiring import Services
from core.errors import UserFacingError
from core.i18n import Language, detect_language, language_from_locale
from core.questions import Asker

log = logging.getLogger(__name__)

_CACHE_SECONDS = 3600.0


class SlackPeople:
    """Caches users.info locales and channel privacy for an hour; both rarely change."""

    def __init__(self, client: WebClient, services: Services) -> None:
        self.client = client
        self.services = services
        self._lock = threading.Lock()
        self._locales: dict[str, tuple[float, str | None]] = {}
        self._private: dict[str, tuple[float, bool]] = {}

    def locale(self, slack_user_id: str) -> str | None:
        cached = self._cached(self._locales, slack_user_id)
        if cached is not None:
            return cached[1]
        try:
            user = self.client.users_info(user=slack_user_id, include_locale=True).get("user") or {}
            locale = user.get("locale") or None
        except SlackApiError as error:
            # No locale is not worth failing the user's request over; the message language decides.
            log.warning("users.info failed for a user: %s", error.response.get("error"))
            locale = None
        with self._lock:
            self._locales[slack_user_id] = (time.monotonic(), locale)
        return locale

    def language(self, slack_user_id: str | None, text: str = "") -> Language:
        """The Slack locale's language; else the message's; else the CRM user's; else the default."""
        if slack_user_id:
            from_locale = language_from_locale(self.locale(slack_user_id))
            if from_locale:
                return from_locale
        default = self.services.settings.ui_language
        if slack_user_id:
            user = self.services.crm.find_user(slack_user_id)
            if user is not None and user.language in ("ja", "en"):
                default = user.language  # type: ignore[assignment]
        return detect_language(text, default=default)

    def asker(self, slack_user_id: str, language: Language, channel_id: str | None = None) -> Asker:
        """The CRM user behind a Slack id; unknown people get a clear "ask your admin" message.

        An unregistered Slack user is never treated as an admin (the default `Asker`): they see no
        CRM data until an admin adds them.
        """
        try:
            asker = self.services.asker_for(slack_user_id)
        except UserFacingError:
            raise UserFacingError(messages.UNKNOWN_SLACK_USER, slack_id=slack_user_id) from None
        return asker.model_copy(
            update={
                "language": language,
                "channel_id": channel_id,
                "channel_is_private": self.is_private(channel_id) if channel_id else False,
            }
        )

    def is_private(self, channel_id: str) -> bool:
        """DMs, group DMs and private channels: knowledge answers may only cite what is visible there."""
        if channel_id.startswith(("D", "G")):
            return True
        cached = self._cached(self._private, channel_id)
        if cached is not None:
            return cached[1]
        try:
            info = self.client.conversations_info(channel=channel_id).get("channel") or {}
            private = bool(info.get("is_private") or info.get("is_im") or info.get("is_mpim"))
        except SlackApiError as error:
            log.warning("conversations.info failed: %s", error.response.get("error"))
            private = True  # when unsure, the narrower visibility
        with self._lock:
            self._private[channel_id] = (time.monotonic(), private)
        return private

    def _cached(self, cache: dict, key: str) -> tuple | None:
        with self._lock:
            entry = cache.get(key)
        if entry is not None and time.monotonic() - entry[0] < _CACHE_SECONDS:
            return entry
        return None
