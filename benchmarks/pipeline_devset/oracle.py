"""Expected numbers for the pipeline dev set, computed straight from the demo CSV files.

Deliberately independent of salesbot: plain `csv` loops, its own stage table, its own company-name
folding, literal dates in the dev set. If this and the application agree, both read the data the
same way; neither copies the other's output.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "bot" / "demo" / "data"

# Every stage label used in deals.csv, mapped by hand.
STAGE_OF = {
    "initial_contact": "initial_contact",
    "初期接触": "initial_contact",
    "proposal": "proposal",
    "提案": "proposal",
    "quote": "quote",
    "見積": "quote",
    "negotiation": "negotiation",
    "交渉": "negotiation",
    "awaiting_decision": "awaiting_decision",
    "成約待ち": "awaiting_decision",
    "内示": "awaiting_decision",
    "won": "won",
    "受注": "won",
    "lost": "lost",
    "失注": "lost",
}
PERCENT = {
    "initial_contact": 10,
    "proposal": 25,
    "quote": 40,
    "negotiation": 60,
    "awaiting_decision": 80,
    "won": 100,
    "lost": 0,
}
OPEN = {"initial_contact", "proposal", "quote", "negotiation", "awaiting_decision"}


def company_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    for form in ("株式会社", "有限会社", "(株)"):
        text = text.replace(form, "")
    text = re.sub(r",? (Co\., Ltd\.|Inc\.)$", "", text)
    return re.sub(r"\s+", "", text).lower()


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _customers() -> dict[str, dict[str, str]]:
    """company key → {name, owner, industry}."""
    return {
        company_key(r["顧客名"]): {"name": r["顧客名"], "owner": r["担当者"], "industry": r["業種"]}
        for r in _rows("customers")
    }


def deals() -> list[dict[str, Any]]:
    customers = _customers()
    result = []
    for r in _rows("deals"):
        stage = STAGE_OF[r["stage"]]
        customer = customers[company_key(r["customer_name"])]
        result.append(
            {
                "stage": stage,
                "owner": r["owner"],
                "customer": customer["name"],
                "industry": customer["industry"],
                "amount": Decimal(r["amount"]),
                "currency": r["currency"],
                "close": date.fromisoformat(r["expected_close"]),
                "percent": int(r["probability"]) if r["probability"] else PERCENT[stage],
            }
        )
    return result


def invoices() -> list[dict[str, Any]]:
    customers = _customers()
    result = []
    for r in _rows("invoices"):
        customer = customers.get(company_key(r["customer_name"]), {})
        result.append(
            {
                "customer": customer.get("name"),
                "owner": customer.get("owner"),
                "issue": date.fromisoformat(r["issue_date"]),
                "due": date.fromisoformat(r["due_date"]),
                "total": Decimal(r["total_amount"]),
                "paid": Decimal(r["paid_amount"]),
                "currency": r["currency"],
            }
        )
    return result


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _in_range(day: date, start: date | str | None, end: date | str | None) -> bool:
    return (start is None or day >= _day(start)) and (end is None or day <= _day(end))


def _names(spec: dict[str, Any], one: str, many: str) -> list[str] | None:
    """A spec names one (``owner: X``) or several (``owners: [X, Y]``, any of them)."""
    if one in spec:
        return [spec[one]]
    return spec.get(many)


def _amount_ok(amount: Decimal, currency: str, spec: dict[str, Any]) -> bool:
    """Amount bounds (amount_min / amount_max, *_exclusive) in the spec's currency only."""
    if "amount_min" not in spec and "amount_max" not in spec:
        return True
    if currency != spec.get("currency", "JPY"):
        return False
    if "amount_min" in spec:
        low = Decimal(str(spec["amount_min"]))
        if amount < low or (spec.get("min_exclusive") and amount == low):
            return False
    if "amount_max" in spec:
        high = Decimal(str(spec["amount_max"]))
        if amount > high or (spec.get("max_exclusive") and amount == high):
            return False
    return True


def expected_deals(spec: dict[str, Any]) -> int | Decimal:
    picked = []
    owners, customers = _names(spec, "owner", "owners"), _names(spec, "customer", "customers")
    for d in deals():
        if spec.get("stages"):
            if d["stage"] not in spec["stages"]:
                continue
        elif spec.get("status", "open") == "open" and d["stage"] not in OPEN:
            continue
        elif spec.get("status") in ("won", "lost") and d["stage"] != spec["status"]:
            continue
        elif spec.get("status") == "closed" and d["stage"] not in ("won", "lost"):
            continue
        if owners is not None and d["owner"] not in owners:
            continue
        if customers is not None and d["customer"] not in customers:
            continue
        if not _amount_ok(d["amount"], d["currency"], spec):
            continue
        if "industry" in spec and d["industry"] != spec["industry"]:
            continue
        if not _in_range(d["close"], spec.get("close_from"), spec.get("close_to")):
            continue
        picked.append(d)
    if spec["measure"] == "count":
        return len(picked)
    money = [d for d in picked if d["currency"] == spec.get("currency", "JPY")]
    if spec["measure"] == "sum":
        return sum((d["amount"] for d in money), Decimal(0))
    if spec["measure"] == "weighted":
        return sum((d["amount"] * d["percent"] / 100 for d in money), Decimal(0))
    if spec["measure"] == "average":
        return (sum((d["amount"] for d in money), Decimal(0)) / len(money)).quantize(Decimal("0.01"))
    raise ValueError(spec["measure"])


def expected_invoices(spec: dict[str, Any], today: date) -> int | Decimal:
    picked = []
    owners, customers = _names(spec, "owner", "owners"), _names(spec, "customer", "customers")
    for inv in invoices():
        owed = inv["total"] - inv["paid"]
        status = spec.get("status", "outstanding")
        if status == "paid":
            if inv["paid"] <= 0:
                continue
        elif status != "all" and owed <= 0:
            continue
        if status == "overdue" and not inv["due"] < today:
            continue
        if status == "due_soon" and not _in_range(inv["due"], today, spec["due_soon_until"]):
            continue
        if customers is not None and inv["customer"] not in customers:
            continue
        if owners is not None and inv["owner"] not in owners:
            continue
        if not _in_range(inv["due"], spec.get("due_from"), spec.get("due_to")):
            continue
        picked.append(inv)
    if spec["measure"] == "count":
        return len(picked)
    money = [i for i in picked if i["currency"] == spec.get("currency", "JPY")]
    field = {"all": "total", "paid": "paid"}.get(spec.get("status", ""))
    return sum(((i[field] if field else i["total"] - i["paid"]) for i in money), Decimal(0))


def expected(case: dict[str, Any], today: date) -> int | Decimal | None:
    """The headline number a case expects; None for a refusal case."""
    spec = case.get("expect")
    if spec is None:
        return None
    if spec["table"] == "deals":
        return expected_deals(spec)
    if spec["table"] == "invoices":
        return expected_invoices(spec, today)
    raise ValueError(spec["table"])
