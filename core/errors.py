"""Errors that carry a safe, translated message for the person who caused them."""

from __future__ import annotations

import secrets

from core.i18n import Language, Message


class UserFacingError(Exception):
    """A failure the user can understand and act on.

    The message is built from a `Message` constant, never from another exception's text, so no
    internal detail (paths, SQL, tokens) can leak into Slack or the terminal.
    """

    def __init__(self, message: Message, /, **params: object) -> None:
        self.template = message
        self.params = params
        super().__init__(message.en.format(**params))

    def message(self, language: Language) -> str:
        return self.template.format(language, **self.params)


def new_reference_id() -> str:
    """A short id shown to the user and written to the log, to find one failure among many."""
    return secrets.token_hex(4)
