"""`FreeeErpConnector`: partners, invoices (請求書 API) and what is actually paid (会計 deals API).

The invoice says what was billed and when it is due (``payment_date`` = 入金期日); the
accounting deal behind it (``deal_id``) says what has been received: ``amount - due_amount``,
``status`` settled/unsettled and the dates in ``payments[]``. An invoice without a registered
deal counts as paid only when its own ``payment_status`` is ``settled``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from core.errors import UserFacingError
from erp import messages
from erp.adapters.freee.client import FreeeClient
from erp.ports import ErpInvoice, ErpPartner

INVOICE_PAGE = 100  # the invoice API's maximum
DEAL_PAGE = 100  # the deals API's maximum
PARTNER_PAGE = 3000  # the partners API's maximum

M = TypeVar("M", bound=BaseModel)


class _Partner(BaseModel):
    id: int
    code: str | None = None
    name: str


class _PartnerPage(BaseModel):
    partners: list[_Partner]


class _Invoice(BaseModel):
    id: int
    invoice_number: str
    billing_date: date
    payment_date: date | None = None
    payment_status: str
    cancel_status: Literal["canceled", "uncanceled"]
    deal_id: int | None = None
    total_amount: Decimal
    partner_id: int
    partner_code: str | None = None
    partner_name: str | None = None


class _InvoicePage(BaseModel):
    invoices: list[_Invoice]


class _Payment(BaseModel):
    date: date
    amount: int


class _Deal(BaseModel):
    id: int
    amount: int
    due_amount: int | None = None
    due_date: date | None = None
    status: Literal["unsettled", "settled"]
    payments: list[_Payment] = []


class _Meta(BaseModel):
    total_count: int


class _DealPage(BaseModel):
    deals: list[_Deal]
    meta: _Meta


class _DealResponse(BaseModel):
    deal: _Deal


def _parse(model: type[M], body: Any, what: str) -> M:
    try:
        return model.model_validate(body)
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        raise UserFacingError(
            messages.MALFORMED_RESPONSE, connector="freee", what=f"{what}: {location} {first['msg']}"
        ) from None


class FreeeErpConnector:
    name = "freee"

    def __init__(self, client: FreeeClient, api_base_url: str, invoice_api_base_url: str) -> None:
        self.client = client
        self.api = api_base_url.rstrip("/")
        self.iv = invoice_api_base_url.rstrip("/")

    def close(self) -> None:
        self.client.close()

    def list_partners(self) -> list[ErpPartner]:
        company_id = self.client.company_id()
        partners: list[ErpPartner] = []
        offset = 0
        while True:
            body = self.client.get(
                f"{self.api}/api/1/partners",
                {"company_id": company_id, "offset": offset, "limit": PARTNER_PAGE},
            )
            page = _parse(_PartnerPage, body, "GET /api/1/partners")
            partners += [
                ErpPartner(partner_id=str(p.id), name=p.name, code=p.code or None) for p in page.partners
            ]
            if len(page.partners) < PARTNER_PAGE:
                return partners
            offset += PARTNER_PAGE

    def list_invoices(self, since: date | None = None) -> list[ErpInvoice]:
        invoices = self._invoices(since)
        deals = self._deals(since)
        for invoice in invoices:  # deals issued before the window, still behind a listed invoice
            if invoice.deal_id and invoice.deal_id not in deals and invoice.cancel_status != "canceled":
                deals[invoice.deal_id] = self._deal(invoice.deal_id)
        return [_to_erp_invoice(invoice, deals.get(invoice.deal_id or 0)) for invoice in invoices]

    def _invoices(self, since: date | None) -> list[_Invoice]:
        company_id = self.client.company_id()
        found: list[_Invoice] = []
        offset = 0
        while True:
            params: dict[str, Any] = {"company_id": company_id, "offset": offset, "limit": INVOICE_PAGE}
            if since:
                params["start_billing_date"] = since.isoformat()
            page = _parse(_InvoicePage, self.client.get(f"{self.iv}/invoices", params), "GET /invoices")
            found += page.invoices
            if len(page.invoices) < INVOICE_PAGE:
                return found
            offset += INVOICE_PAGE

    def _deals(self, since: date | None) -> dict[int, _Deal]:
        company_id = self.client.company_id()
        deals: dict[int, _Deal] = {}
        offset = 0
        while True:
            params: dict[str, Any] = {
                "company_id": company_id,
                "type": "income",
                "offset": offset,
                "limit": DEAL_PAGE,
            }
            if since:
                params["start_issue_date"] = since.isoformat()
            page = _parse(_DealPage, self.client.get(f"{self.api}/api/1/deals", params), "GET /api/1/deals")
            deals.update((deal.id, deal) for deal in page.deals)
            offset += DEAL_PAGE
            if not page.deals or offset >= page.meta.total_count:
                return deals

    def _deal(self, deal_id: int) -> _Deal:
        body = self.client.get(f"{self.api}/api/1/deals/{deal_id}", {"company_id": self.client.company_id()})
        return _parse(_DealResponse, body, f"GET /api/1/deals/{deal_id}").deal


def _to_erp_invoice(invoice: _Invoice, deal: _Deal | None) -> ErpInvoice:
    total = invoice.total_amount
    paid_on = None
    if deal is not None:
        received = Decimal(deal.amount - (deal.due_amount if deal.due_amount is not None else deal.amount))
        paid = total if deal.status == "settled" else min(max(received, Decimal(0)), total)
        dates = [p.date for p in deal.payments]
        paid_on = max(dates) if dates and paid > 0 else None
        due_date = invoice.payment_date or deal.due_date
    else:
        paid = total if invoice.payment_status == "settled" else Decimal(0)
        due_date = invoice.payment_date
    partner = ErpPartner(
        partner_id=str(invoice.partner_id), name=invoice.partner_name or "", code=invoice.partner_code or None
    )
    return ErpInvoice(
        erp_id=str(invoice.id),
        number=invoice.invoice_number,
        partner=partner,
        issue_date=invoice.billing_date,
        due_date=due_date,
        total=total,
        paid=paid,
        paid_on=paid_on,
        canceled=invoice.cancel_status == "canceled",
    )
