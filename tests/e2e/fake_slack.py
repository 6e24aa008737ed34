"""A local fake of the Slack Web API: a real HTTP server that records calls and serves files.

Its responses follow the shapes in ../shared/specs/slack/samples/; every recorded call is
checked against Slack's OpenAPI spec by the e2e fixtures (see slack_spec.py).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

BOT_TOKEN = "xoxb-test-bot-token"
APP_TOKEN = "xapp-1-test-app-token"
BOT_USER_ID = "UBOT00001"
BOT_ID = "BBOT00001"
TEAM_ID = "T0TEST001"


@dataclass
class RecordedCall:
    method: str  # Web API method ("chat.postMessage"), or "response_url" / "upload"
    params: dict[str, Any]
    headers: dict[str, str]
    content_type: str
    at: float = field(default_factory=time.monotonic)
    response: dict[str, Any] | None = None

    def json_param(self, name: str) -> Any:
        value = self.params.get(name)
        return json.loads(value) if isinstance(value, str) else value


@dataclass
class FakeFile:
    id: str
    name: str
    data: bytes
    mimetype: str
    filetype: str
    subtype: str | None = None
    served_content_type: str = "application/octet-stream"


class FakeSlack:
    """Start with ``start()``; ``base_url`` is what SLACK_API_BASE_URL points at."""

    def __init__(self) -> None:
        self.calls: list[RecordedCall] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.files: dict[str, FakeFile] = {}
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}  # (channel, ts) -> message
        self.channels: dict[str, dict[str, Any]] = {}
        # channel id -> member ids (conversations.members); a channel not listed: the bot and every added user
        self.members: dict[str, list[str]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}  # user id -> the last published Home tab
        self._rate_limited: dict[str, int] = {}
        self._storms: dict[str, tuple[int, int, int]] = {}  # method -> (status, calls left, Retry-After)
        self.download_delay = 0.0  # seconds each file download takes (a slow network, a long memo)
        self.deny_downloads = False
        self.failing_downloads = 0  # answer this many downloads with HTTP 503 first  # as if the app lacked files:read: Slack's HTML sign-in page
        self._ts = 1_700_000_000
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- set-up -------------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/api/"

    def add_user(self, user_id: str, *, locale: str = "en-US", name: str = "", tz: str | None = "Asia/Tokyo") -> None:
        self.users[user_id] = {
            "tz": tz,
            "id": user_id,
            "team_id": TEAM_ID,
            "name": name or user_id.lower(),
            "real_name": name,
            "locale": locale,
            "is_bot": False,
            "deleted": False,
            "profile": {"real_name": name, "display_name": name},
        }

    def connect_stub(self, file_id: str) -> dict[str, Any]:
        """How a Slack Connect message carries a file: an id and "ask files.info"."""
        return {"id": file_id, "mode": "file_access", "file_access": "check_file_info"}

    def add_file(self, file: FakeFile) -> dict[str, Any]:
        """Register a file; returns its Slack file object (as in a message's ``files``)."""
        self.files[file.id] = file
        return self.file_object(file.id)

    def file_object(self, file_id: str) -> dict[str, Any]:
        file = self.files[file_id]
        url = f"{self.url}/files-pri/{TEAM_ID}-{file.id}/download/{file.name}"
        obj = {
            "id": file.id,
            "name": file.name,
            "title": file.name,
            "mimetype": file.mimetype,
            "filetype": file.filetype,
            "size": len(file.data),
            "mode": "hosted",
            "file_access": "visible",
            "url_private": url,
            "url_private_download": url,
            "is_external": False,
        }
        if file.subtype:
            obj["subtype"] = file.subtype
        return obj

    def add_message(self, channel: str, message: dict[str, Any]) -> None:
        self.messages[(channel, message["ts"])] = message

    def rate_limit_once(self, method: str, retry_after: int = 1) -> None:
        """The next call of ``method`` answers HTTP 429 with Retry-After."""
        self._rate_limited[method] = retry_after

    def rate_limit(self, method: str, *, times: int, retry_after: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer HTTP 429 with Retry-After (a longer storm)."""
        self._storms[method] = (429, times, retry_after)

    def server_error(self, method: str, *, times: int = 1, status: int = 500) -> None:
        """The next ``times`` calls of ``method`` answer HTTP ``status`` (Slack having trouble)."""
        self._storms[method] = (status, times, 0)

    # --- queries ------------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[RecordedCall]:
        return [c for c in self.calls if c.method == method]

    def posted_texts(self) -> list[str]:
        return [
            str(c.params.get("text", ""))
            for c in self.calls
            if c.method in ("chat.postMessage", "chat.update", "chat.postEphemeral", "response_url")
        ]

    # --- the API ------------------------------------------------------------------------------
    def _next_ts(self) -> str:
        with self._lock:
            self._ts += 1
            return f"{self._ts}.000100"

    def _take_storm(self, method: str) -> tuple[int, int] | None:
        with self._lock:
            storm = self._storms.get(method)
            if storm is None:
                return None
            status, left, after = storm
            if left <= 1:
                del self._storms[method]
            else:
                self._storms[method] = (status, left - 1, after)
            return status, after

    def _authorized(self, headers: dict[str, str], params: dict[str, Any]) -> bool:
        return (
            headers.get("authorization") in (f"Bearer {BOT_TOKEN}", f"Bearer {APP_TOKEN}")
            or params.get("token") == BOT_TOKEN
        )

    def handle_api(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://test.slack.com/",
                "team": "test",
                "user": "salesbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method in ("chat.postMessage", "chat.update"):
            channel = params["channel"]
            if channel[:1] in ("U", "W"):  # posting to a user id lands in the DM with them, as in Slack
                channel = "D" + channel[1:].ljust(8, "0")
            ts = params.get("ts") or self._next_ts()
            message = {
                "type": "message",
                "user": BOT_USER_ID,
                "bot_id": BOT_ID,
                "text": params.get("text", ""),
                "ts": ts,
            }
            if params.get("thread_ts"):
                message["thread_ts"] = params["thread_ts"]
            self.add_message(channel, message)
            if method == "chat.update":
                return {"ok": True, "channel": channel, "ts": ts, "text": message["text"], "message": message}
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method in ("views.open", "views.update"):
            view = json.loads(params["view"]) if isinstance(params.get("view"), str) else params.get("view")
            return {"ok": True, "view": {**(view or {}), "id": "V0TEST001", "team_id": TEAM_ID}}
        if method == "conversations.open":
            # The DM with one user: a stable D… id per user, as Slack returns for an existing IM.
            user = str(params.get("users", "")).split(",")[0]
            return {"ok": True, "channel": {"id": "D" + user[1:].ljust(8, "0")}}
        if method == "views.publish":
            view = json.loads(params["view"]) if isinstance(params.get("view"), str) else params.get("view")
            self.home_views[str(params.get("user_id"))] = view or {}
            return {"ok": True, "view": {**(view or {}), "id": "V0HOME0001", "team_id": TEAM_ID}}
        if method == "users.info":
            user = self.users.get(params.get("user", ""))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "files.info":
            file_id = params.get("file", "")
            return (
                {"ok": True, "file": self.file_object(file_id), "comments": []}
                if file_id in self.files
                else {"ok": False, "error": "file_not_found"}
            )
        if method == "conversations.info":
            channel = params.get("channel", "")
            info = self.channels.get(
                channel, {"id": channel, "is_private": False, "is_im": channel.startswith("D")}
            )
            return {"ok": True, "channel": info}
        if method == "conversations.members":
            channel = params.get("channel", "")
            members = self.members.get(channel, [BOT_USER_ID, *self.users])
            return {"ok": True, "members": list(members), "response_metadata": {"next_cursor": ""}}
        if method == "conversations.replies":
            channel, ts = params.get("channel", ""), params.get("ts", "")
            thread = sorted(
                (
                    m
                    for (c, _), m in self.messages.items()
                    if c == channel and (m["ts"] == ts or m.get("thread_ts") == ts)
                ),
                key=lambda m: m["ts"],
            )
            limit = int(params.get("limit") or 1000)
            return {"ok": True, "messages": thread[:limit], "has_more": len(thread) > limit}
        if method == "chat.getPermalink":
            return {
                "ok": True,
                "channel": params["channel"],
                "permalink": f"https://test.slack.com/archives/{params['channel']}/p{params['message_ts'].replace('.', '')}",
            }
        if method == "apps.connections.open":
            # Socket Mode: where the WebSocket would be. Nothing listens there; tests stop at this call.
            return {"ok": True, "url": "ws://127.0.0.1:9/link/?ticket=test"}
        if method == "reactions.add":
            return {"ok": True}
        if method == "files.getUploadURLExternal":
            file_id = f"F{int(time.time() * 1000) % 10**9:09d}"
            return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = (
                json.loads(params["files"]) if isinstance(params.get("files"), str) else params.get("files")
            )
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")} for f in files or []]}
        return {"ok": False, "error": "unknown_method"}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                pass

            def _reply(
                self,
                status: int,
                body: bytes,
                content_type: str = "application/json",
                extra: dict[str, str] | None = None,
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def _read(self) -> tuple[dict[str, Any], str, bytes]:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
                params: dict[str, Any] = dict(parse_qsl(urlsplit(self.path).query))
                if content_type == "application/json" and raw:
                    params.update(json.loads(raw))
                elif content_type == "application/x-www-form-urlencoded":
                    params.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
                return params, content_type, raw

            def do_GET(self) -> None:  # noqa: N802 - stdlib name
                path = urlsplit(self.path).path
                if path.startswith("/files-pri/"):
                    self._download(path)
                    return
                self._api(path)

            def do_POST(self) -> None:  # noqa: N802 - stdlib name
                path = urlsplit(self.path).path
                if path.startswith("/upload/"):
                    length = int(self.headers.get("Content-Length") or 0)
                    data = self.rfile.read(length)
                    fake.calls.append(
                        RecordedCall(
                            "upload",
                            {"size": len(data)},
                            dict(self.headers.items()),
                            self.headers.get("Content-Type") or "",
                        )
                    )
                    self._reply(200, b"OK - " + str(len(data)).encode(), "text/plain")
                    return
                if path.startswith("/response/"):
                    params, content_type, _ = self._read()
                    fake.calls.append(
                        RecordedCall("response_url", params, dict(self.headers.items()), content_type)
                    )
                    self._reply(200, b"ok", "text/plain")
                    return
                self._api(path)

            def _api(self, path: str) -> None:
                if not path.startswith("/api/"):
                    self._reply(404, b"not found", "text/plain")
                    return
                method = path[len("/api/") :]
                params, content_type, _ = self._read()
                headers = {k.lower(): v for k, v in self.headers.items()}
                call = RecordedCall(method, params, headers, content_type)
                fake.calls.append(call)
                storm = fake._take_storm(method)
                if storm is not None:
                    status, after = storm
                    if status == 429:
                        body = json.dumps({"ok": False, "error": "ratelimited"}).encode()
                        self._reply(429, body, extra={"Retry-After": str(after)})
                    else:
                        self._reply(status, b"internal error", "text/plain")
                    return
                retry_after = fake._rate_limited.pop(method, None)
                if retry_after is not None:
                    body = json.dumps({"ok": False, "error": "ratelimited"}).encode()
                    self._reply(429, body, extra={"Retry-After": str(retry_after)})
                    return
                if not fake._authorized(headers, params):
                    self._reply(200, json.dumps({"ok": False, "error": "not_authed"}).encode())
                    return
                call.response = fake.handle_api(method, params)
                self._reply(200, json.dumps(call.response).encode())

            def _download(self, path: str) -> None:
                if fake.download_delay:
                    time.sleep(fake.download_delay)
                if self.headers.get("Authorization") != f"Bearer {BOT_TOKEN}" or fake.deny_downloads:
                    # Real Slack answers an unauthenticated download with its HTML login page.
                    self._reply(200, b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html")
                    return
                if fake.failing_downloads > 0:
                    fake.failing_downloads -= 1
                    self._reply(503, b"temporarily unavailable", "text/plain")
                    return
                file_id = path.split("/")[2].split("-", 1)[1]
                file = fake.files.get(file_id)
                if file is None:
                    self._reply(404, b"not found", "text/plain")
                    return
                fake.calls.append(RecordedCall("download", {"file": file_id}, dict(self.headers.items()), ""))
                self._reply(200, file.data, file.served_content_type)

        return Handler

    def response_url(self, name: str = "cmd") -> str:
        return f"{self.url}/response/{name}"
