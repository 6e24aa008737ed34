"""HTTP mode: events, commands and interactivity at ``/slack/events`` (signing secret verified by bolt).

A threaded stdlib WSGI server, so it needs nothing beyond bolt; put it behind your HTTPS reverse
proxy (Slack only calls https URLs). ``/healthz`` answers 200 for load balancers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.debug("http: " + format, *args)


def build_wsgi_app(app: App) -> Callable[..., Iterable[bytes]]:
    slack_handler = SlackRequestHandler(app, path=EVENTS_PATH)

    def wsgi_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        return slack_handler(environ, start_response)

    return wsgi_app


def make_http_server(app: App, host: str = "0.0.0.0", port: int = 3000) -> WSGIServer:
    """A server ready for ``serve_forever()``; port 0 picks a free port (tests)."""
    return make_server(
        host, port, build_wsgi_app(app), server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
    )
