"""HTTP mode: events, commands and interactivity at ``/slack/events`` on uvicorn (a production ASGI
server); ``/healthz`` answers 200 for load balancers. Put it behind your HTTPS reverse proxy (Slack
only calls https URLs).

Why not bolt's Starlette adapter as is: it calls the synchronous ``App.dispatch`` inside the event
loop, so one slow request (a database write in the dedupe middleware, a listener that is slow to
ack) would stall every other connection. Here each dispatch runs in Starlette's thread pool
(``run_in_threadpool``), the loop only reads and writes sockets, and uvicorn's listen backlog
(2048) absorbs a burst. On SIGTERM/SIGINT uvicorn stops accepting, finishes the requests in flight
(acks included, up to ``graceful_seconds``) and then returns.
"""

from __future__ import annotations

import logging
import socket
import threading

import uvicorn
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
BACKLOG = 2048


def build_asgi_app(app: App) -> Starlette:
    """The ASGI application: Slack's endpoint and the health check."""

    async def slack_events(request: Request) -> Response:
        body = await request.body()
        bolt_response = await run_in_threadpool(app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[
            Route(EVENTS_PATH, slack_events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET", "HEAD"]),
        ]
    )


class HttpServer:
    """uvicorn on a socket bound at construction (so port 0 is resolved before serving).

    ``serve_forever`` blocks (in the main thread it also handles SIGTERM/SIGINT gracefully);
    ``shutdown`` from another thread stops it the same graceful way.
    """

    def __init__(self, app: App, host: str = "0.0.0.0", port: int = 3000, *, graceful_seconds: int = 10) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind((host, port))
        self.socket.listen(BACKLOG)  # connections queue from now on, before the event loop starts
        self.server_address = self.socket.getsockname()
        config = uvicorn.Config(
            build_asgi_app(app),
            backlog=BACKLOG,
            lifespan="off",
            log_config=None,  # our logging setup applies
            access_log=False,
            timeout_graceful_shutdown=graceful_seconds,
        )
        self.server = uvicorn.Server(config)
        self._stopped = threading.Event()

    def serve_forever(self) -> None:
        try:
            self.server.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self, timeout: float = 15.0) -> None:
        self.server.should_exit = True
        self._stopped.wait(timeout)

    def server_close(self) -> None:
        self.socket.close()


def make_http_server(app: App, host: str = "0.0.0.0", port: int = 3000) -> HttpServer:
    """A server ready for ``serve_forever()``; port 0 picks a free port (tests)."""
    return HttpServer(app, host=host, port=port)
