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
_MEMBERS_SECONDS = 300.0


class SlackPeople:
    """Caches users.info locales and channel privacy for an hour; both rarely change."""

    def __init__(self, client: WebClient, services: Services) -> None:
        self.client = client
        self.services = services
        self._lock = threading.Lock()
        self._locales: dict[str, tuple[float, str | None]] = {}
        self._private: dict[str, tuple[float, bool]] = {}
        self._members: dict[str, tuple[float, list[str] | None]] = {}
        self._bots: dict[str, tuple[float, bool]] = {}
        self._own_id: str | None = None

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

    def members(self, channel_id: str) -> list[str] | None:
        """Who is in a conversation (conversations.members, cached a few minutes: people join and
        leave); None when Slack would not say (callers then assume someone who may see nothing)."""
        cached = self._cached(self._members, channel_id, _MEMBERS_SECONDS)
        if cached is not None:
            return cached[1]
        found: list[str] | None = []
        cursor = None
        try:
            while True:
                response = self.client.conversations_members(channel=channel_id, limit=1000, cursor=cursor)
                found += response.get("members") or []  # type: ignore[operator]
                cursor = (response.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        except SlackApiError as error:
            log.warning("conversations.members failed: %s", error.response.get("error"))
            found = None
        with self._lock:
            self._members[channel_id] = (time.monotonic(), found)
        return found

    def is_bot(self, slack_user_id: str) -> bool:
        """This app or another bot (they read nothing they could pass on to a person)."""
        if self._own_id is None:
            try:
                self._own_id = str(self.client.auth_test().get("user_id") or "")
            except SlackApiError as error:
                log.warning("auth.test failed: %s", error.response.get("error"))
        if slack_user_id == self._own_id:
            return True
        cached = self._cached(self._bots, slack_user_id)
        if cached is not None:
            return cached[1]
        try:
            user = self.client.users_info(user=slack_user_id).get("user") or {}
            bot = bool(user.get("is_bot")) or user.get("id") == "USLACKBOT"
        except SlackApiError:
            bot = False  # unknown: counted as a person the CRM does not know
        with self._lock:
            self._bots[slack_user_id] = (time.monotonic(), bot)
        return bot

    def _cached(self, cache: dict, key: str, seconds: float = _CACHE_SECONDS) -> tuple | None:
        with self._lock:
            entry = cache.get(key)
        if entry is not None and time.monotonic() - entry[0] < seconds:
            return entry
        return None
