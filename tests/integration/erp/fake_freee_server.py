"""A local freee: the OAuth token endpoint, 会計 (partners, deals, companies) and 請求書 (invoices).

Every request it receives and every response it sends is validated with openapi-core against
freee's published specs in ../shared/specs/freee/; violations are collected in ``violations``
and tests assert there are none. The token endpoint is not in those specs; it follows
RFC 6749 (§4.1.3 code grant, §6 refresh, §5.2 errors) and is checked by hand.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

FREEE_HOST = "https://api.freee.co.jp/"
CLIENT_ID, CLIENT_SECRET = "test-client", "test-secret"


class _AsFreee(WerkzeugOpenAPIRequest):
    """The local request as if it had been sent to api.freee.co.jp, so the spec's server URLs match."""

    @property
    def host_url(self) -> str:
        return FREEE_HOST


def load_specs(shared_dir: Path) -> tuple[OpenAPI, OpenAPI]:
    specs = shared_dir / "specs" / "freee"
    accounting = OpenAPI.from_dict(
        json.loads((specs / "accounting-api-schema.json").read_text(encoding="utf-8"))
    )
    invoicing = OpenAPI.from_dict(
        yaml.safe_load((specs / "invoice-api-schema.yml").read_text(encoding="utf-8"))
    )
    return accounting, invoicing


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False), status=status, headers=headers, content_type="application/json"
    )


@dataclass
class FreeeData:
    company_id: int = 1001
    companies: list[dict[str, Any]] = field(default_factory=list)
    partners: list[dict[str, Any]] = field(default_factory=list)
    invoices: list[dict[str, Any]] = field(default_factory=list)
    deals: list[dict[str, Any]] = field(default_factory=list)


class FakeFreee:
    def __init__(self, specs: tuple[OpenAPI, OpenAPI], data: FreeeData) -> None:
        self.accounting, self.invoicing = specs
        self.data = data
        self.violations: list[str] = []
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # method, path, query
        # Statuses to answer with before serving normally (429 gets a Retry-After).
        self.faults: deque[int] = deque()
        # When set, the next API response body is replaced by this (a malformed answer on purpose).
        self.broken_body: Any = None
        self.codes: set[str] = set()
        self.access_tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.token_lifetime_s = 21600
        self.grants: list[str] = []  # grant_type of every successful token request
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self.base_url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FakeFreee:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._thread.join(5)

    # Helpers for tests
    def issue_code(self) -> str:
        code = secrets.token_hex(8)
        self.codes.add(code)
        return code

    def revoke_all(self) -> None:
        self.access_tokens.clear()
        self.refresh_tokens.clear()

    def expire_access_tokens(self) -> None:
        self.access_tokens.clear()

    def api_calls(self, path: str) -> list[dict[str, str]]:
        return [query for method, p, query in self.requests if p == path]

    # The server
    def _wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        try:
            response = self._handle(request)
        except Exception as error:  # noqa: BLE001 - a bug in the fake must show up as a violation
            self.violations.append(f"fake crashed on {request.path}: {error!r}")
            response = _json({"message": "fake crashed"}, 500)
        return response(environ, start_response)

    def _handle(self, request: Request) -> Response:
        if request.path == "/public_api/token":
            return self._token(request)
        self.requests.append((request.method, request.path, dict(request.args)))
        spec = self.invoicing if request.path.startswith("/iv/") else self.accounting
        openapi_request = _AsFreee(request)
        try:
            spec.validate_request(openapi_request)
        except Exception as error:  # noqa: BLE001 - any validation failure is a client bug
            self.violations.append(
                f"request {request.method} {request.full_path}: {error!r}: "
                f"{getattr(error, '__cause__', None)!r}"
            )
            return _json(
                {"status_code": 400, "errors": [{"type": "validation", "messages": ["bad request"]}]}, 400
            )
        if self.faults:
            status = self.faults.popleft()
            headers = {"Retry-After": "2"} if status == 429 else None
            # Rate-limit and outage answers are not in freee's specs; they are not validated.
            return _json({"message": "unavailable"}, status, headers)
        response = self._api(request)
        if self.broken_body is not None and response.status_code == 200:
            body, self.broken_body = self.broken_body, None
            if isinstance(body, bytes):  # e.g. a connection cut mid-body
                return Response(body, content_type="application/json")
            return _json(body)  # deliberately off-spec
        try:
            spec.validate_response(openapi_request, WerkzeugOpenAPIResponse(response))
        except Exception as error:  # noqa: BLE001
            self.violations.append(
                f"response to {request.full_path}: {error!r}: {getattr(error, '__cause__', None)!r}"
            )
        return response

    def _api(self, request: Request) -> Response:
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth.removeprefix("Bearer ") not in self.access_tokens:
            return _json({"message": "アクセストークンが無効です"}, 401)
        args = request.args
        if request.path == "/api/1/companies":
            return _json({"companies": self.data.companies})
        if args.get("company_id") != str(self.data.company_id):
            return _json({"message": "指定した事業所の権限がありません"}, 403)
        offset, limit = int(args.get("offset", 0)), int(args.get("limit", 20))
        if request.path == "/api/1/partners":
            return _json({"partners": self.data.partners[offset : offset + limit]})
        if request.path == "/iv/invoices":
            rows = [i for i in self.data.invoices if i["billing_date"] >= args.get("start_billing_date", "")]
            return _json({"invoices": rows[offset : offset + limit]})
        if request.path == "/api/1/deals":
            rows = [
                d
                for d in self.data.deals
                if d["issue_date"] >= args.get("start_issue_date", "")
                and d.get("type") == args.get("type", d.get("type"))
            ]
            return _json({"deals": rows[offset : offset + limit], "meta": {"total_count": len(rows)}})
        if request.path.startswith("/api/1/deals/"):
            wanted = int(request.path.rsplit("/", 1)[1])
            for deal in self.data.deals:
                if deal["id"] == wanted:
                    return _json({"deal": deal})
            return _json({"errors": [{"type": "status", "messages": ["not found"]}]}, 404)
        return _json({"message": "no such path in the fake"}, 404)

    def _token(self, request: Request) -> Response:
        form = request.form
        problems = []
        if request.method != "POST":
            problems.append("the token endpoint takes POST")
        if request.mimetype != "application/x-www-form-urlencoded":
            problems.append(f"token request must be form-encoded, not {request.mimetype}")
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return _json({"error": "invalid_client"}, 401)
        grant = form.get("grant_type")
        if grant == "authorization_code":
            for name in ("code", "redirect_uri"):
                if not form.get(name):
                    problems.append(f"authorization_code grant lacks {name} (RFC 6749 §4.1.3)")
            if form.get("code") not in self.codes:
                return _json({"error": "invalid_grant", "error_description": "code is invalid"}, 400)
            self.codes.discard(form["code"])
        elif grant == "refresh_token":
            if form.get("refresh_token") not in self.refresh_tokens:
                return _json({"error": "invalid_grant", "error_description": "refresh token revoked"}, 400)
            self.refresh_tokens.discard(form["refresh_token"])  # freee rotates refresh tokens
        else:
            problems.append(f"unknown grant_type {grant!r}")
        if problems:
            self.violations += problems
            return _json({"error": "invalid_request"}, 400)
        self.grants.append(grant)
        access, refresh = secrets.token_hex(16), secrets.token_hex(16)
        self.access_tokens.add(access)
        self.refresh_tokens.add(refresh)
        return _json(
            {
                "access_token": access,
                "token_type": "bearer",
                "expires_in": self.token_lifetime_s,
                "refresh_token": refresh,
                "scope": "read write",
                "created_at": 1763700000,
            }
        )


def company(company_id: int, name: str) -> dict[str, Any]:
    return {
        "id": company_id,
        "name": name,
        "name_kana": None,
        "display_name": name,
        "company_number": "97e576421b",
        "role": "admin",
    }


def partner(partner_id: int, name: str, code: str | None, company_id: int = 1001) -> dict[str, Any]:
    return {
        "id": partner_id,
        "code": code,
        "company_id": company_id,
        "name": name,
        "update_date": "2026-10-01",
        "available": True,
        "shortcut1": None,
        "shortcut2": None,
        "org_code": 1,
        "country_code": "JP",
        "long_name": None,
        "name_kana": None,
        "default_title": "御中",
        "phone": None,
        "contact_name": None,
        "email": None,
        "payer_walletable_id": None,
        "transfer_fee_handling_side": "payer",
        "qualified_invoice_issuer": False,
        "invoice_registration_number": None,
    }


def freee_invoice(
    invoice_id: int,
    partner_row: dict[str, Any],
    *,
    total: int,
    billing: str,
    due: str | None,
    deal_id: int | None,
    payment_status: str = "unsettled",
    canceled: bool = False,
    company_id: int = 1001,
) -> dict[str, Any]:
    return {
        "id": invoice_id,
        "company_id": company_id,
        "invoice_number": f"INV-{invoice_id:05d}",
        "subject": "ご請求書",
        "template_id": 1,
        "billing_date": billing,
        "issue_date": billing,
        "payment_date": due,
        "payment_type": "transfer",
        "memo": "",
        "sending_status": "sent",
        "payment_status": payment_status,
        "cancel_status": "canceled" if canceled else "uncanceled",
        "deal_status": "registered" if deal_id else "unregistered",
        "deal_id": deal_id,
        "total_amount": total,
        "amount_withholding_tax": 0,
        "amount_including_tax": total,
        "amount_excluding_tax": round(total / 1.1),
        "amount_tax": total - round(total / 1.1),
        "amount_brought_forward": 0,
        "partner_id": partner_row["id"],
        "partner_code": partner_row["code"],
        "partner_name": partner_row["name"],
        "partner_display_name": partner_row["name"],
        "company_contact_name": "経理部",
        "report_url": f"https://invoice.secure.freee.co.jp/reports/{invoice_id}",
        "sales_management_origin": False,
    }


def deal(
    deal_id: int,
    partner_row: dict[str, Any],
    *,
    amount: int,
    due_amount: int,
    issue: str,
    due: str,
    payments: list[tuple[str, int]] = (),
    company_id: int = 1001,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": deal_id,
        "company_id": company_id,
        "issue_date": issue,
        "due_date": due,
        "amount": amount,
        "due_amount": due_amount,
        "type": "income",
        "partner_id": partner_row["id"],
        "partner_code": partner_row["code"],
        "ref_number": None,
        "status": "settled" if due_amount == 0 else "unsettled",
    }
    if payments:
        row["payments"] = [
            {
                "id": deal_id * 10 + n,
                "date": day,
                "from_walletable_type": "bank_account",
                "from_walletable_id": 1,
                "amount": paid,
            }
            for n, (day, paid) in enumerate(payments)
        ]
    return row
