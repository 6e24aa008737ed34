"""Downloading a shared file with the bot token (Slack Connect files via files.info first)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from slack_sdk import WebClient

from bot.slack import messages
from bot.slack.payloads import SlackFile
from core.errors import UserFacingError

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 100 * 1024 * 1024
# Audio clips recorded in Slack are served as video/mp4 or audio/mp4 or application/octet-stream:
# we pick files by name/type here only to skip obvious non-memos; capture decides by content.
_AUDIO_TYPES = {"m4a", "mp4", "webm", "mp3", "wav", "ogg", "aac", "amr", "mpga", "oga", "opus"}
_IMAGE_TYPES = {"jpg", "jpeg", "png", "heic", "heif", "webp"}


@dataclass(frozen=True)
class DownloadedFile:
    data: bytes
    filename: str
    mime_type: str
    kind_hint: str  # audio | photo (for the "working on it" line only)


def kind_hint(file: SlackFile) -> str | None:
    """audio | photo | None (not something we capture) from Slack's metadata."""
    if file.subtype == "slack_audio":
        return "audio"
    filetype = (file.filetype or "").lower()
    extension = (file.name or "").rsplit(".", 1)[-1].lower() if "." in (file.name or "") else ""
    mimetype = (file.mimetype or "").lower()
    if filetype in _AUDIO_TYPES or extension in _AUDIO_TYPES or mimetype.startswith(("audio/", "video/")):
        return "audio"
    if filetype in _IMAGE_TYPES or extension in _IMAGE_TYPES or mimetype.startswith("image/"):
        return "photo"
    return None


def resolve_file(client: WebClient, file: SlackFile) -> SlackFile:
    """The full file object: Slack Connect (and some other) events carry a stub, files.info the rest."""
    if file.file_access == "check_file_info" or not file.url_private_download:
        return SlackFile.model_validate(client.files_info(file=file.id)["file"])
    return file


def download_file(client: WebClient, file: SlackFile, *, max_bytes: int = MAX_FILE_BYTES) -> DownloadedFile:
    """The file's bytes. Raises UserFacingError when it is too large or Slack will not hand it over."""
    file = resolve_file(client, file)
    if file.size and file.size > max_bytes:
        raise UserFacingError(
            messages.FILE_TOO_LARGE,
            name=file.display_name,
            size_mb=round(file.size / 2**20, 1),
            limit_mb=max_bytes // 2**20,
        )
    url = file.url_private_download or file.url_private
    if not url:
        raise UserFacingError(messages.FILE_NO_ACCESS, name=file.display_name)
    headers = {"Authorization": f"Bearer {client.token}"} if _trusted(url, client.base_url) else {}
    chunks: list[bytes] = []
    size = 0
    with httpx.stream("GET", url, headers=headers, follow_redirects=True, timeout=60) as response:
        if response.status_code >= 500:
            response.raise_for_status()  # Slack is having trouble: the job is retried later
        if response.status_code != 200:
            log.warning("file download failed with HTTP %s", response.status_code)
            raise UserFacingError(messages.FILE_NO_ACCESS, name=file.display_name)
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise UserFacingError(
                    messages.FILE_TOO_LARGE,
                    name=file.display_name,
                    size_mb=round(size / 2**20, 1),
                    limit_mb=max_bytes // 2**20,
                )
            chunks.append(chunk)
    data = b"".join(chunks)
    # Without files:read (or with a bad token) Slack serves its HTML sign-in page with 200.
    if data[:200].lstrip().lower().startswith((b"<!doctype html", b"<html")):
        raise UserFacingError(messages.FILE_NO_ACCESS, name=file.display_name)
    return DownloadedFile(
        data=data,
        filename=file.display_name,
        mime_type=file.mimetype or "application/octet-stream",
        kind_hint=kind_hint(file) or "file",
    )


def _trusted(url: str, api_base_url: str) -> bool:
    """Send the bot token only to Slack's own hosts or the configured API host (a proxy, tests)."""
    host = (urlsplit(url).hostname or "").lower()
    return (
        host == "slack.com" or host.endswith(".slack.com") or host == (urlsplit(api_base_url).hostname or "")
    )
