"""`CsvErpConnector`: invoices from any ERP's CSV export (Money Forward, Yayoi, SAP…).

A small YAML mapping file names the export's columns, e.g.::

    columns:
      invoice_number: 請求書番号     # required
      customer_name: 得意先名        # customer_name and/or customer_code
      customer_code: 得意先コード
      due_date: 入金期日             # required
      total_amount: 請求金額(税込)   # required
      paid_amount: 入金済額          # optional (0 when absent)
      issue_date: 請求日             # optional
      paid_on: 入金日                # optional
      currency: 通貨                 # optional (JPY when absent)
      status: 入金状況               # optional, with paid_values below
    paid_values: [入金済, 消込済]    # a status cell with one of these means fully paid

Encodings as in the CSV import (UTF-8, UTF-8 with BOM, Shift_JIS/CP932). The export is a full
snapshot, so ``since`` is ignored. One unreadable cell fails the whole read with its line and
column: a sync never applies half a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

from core.errors import UserFacingError
from core.i18n import Message
from crm_store.csv_import.reading import read_csv_file
from crm_store.csv_import.values import parse_amount, parse_currency, parse_date
from crm_store.names import normalize_customer_name
from erp import messages
from erp.ports import ErpInvoice, ErpPartner

REQUIRED_FIELDS = ("invoice_number", "due_date", "total_amount")
OPTIONAL_FIELDS = (
    "customer_name",
    "customer_code",
    "paid_amount",
    "issue_date",
    "paid_on",
    "currency",
    "status",
    "invoice_id",
)


@dataclass(frozen=True)
class CsvMapping:
    columns: dict[str, str]
    paid_values: frozenset[str] = field(default_factory=frozenset)


def load_mapping(path: Path) -> CsvMapping:
    """Read and check a mapping file; a clear message for every mistake an admin can make."""

    def bad(problem: str) -> UserFacingError:
        return UserFacingError(messages.BAD_MAPPING, path=str(path), problem=problem)

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise bad("file not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise bad(str(error).splitlines()[0]) from None
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise bad("it needs a “columns:” mapping of field → CSV header")
    columns = {str(k): str(v).strip() for k, v in data["columns"].items() if v is not None and str(v).strip()}
    unknown = sorted(set(columns) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise bad(
            f"unknown field(s) {', '.join(unknown)}; known: {', '.join(REQUIRED_FIELDS + OPTIONAL_FIELDS)}"
        )
    missing = [f for f in REQUIRED_FIELDS if f not in columns]
    if missing:
        raise bad(f"required field(s) not mapped: {', '.join(missing)}")
    if "customer_name" not in columns and "customer_code" not in columns:
        raise bad("map customer_name or customer_code (or both)")
    paid_values = data.get("paid_values") or []
    if not isinstance(paid_values, list):
        raise bad("“paid_values” must be a list")
    return CsvMapping(columns, frozenset(str(v).strip() for v in paid_values))


class CsvErpConnector:
    """An ERP's CSV export as an `ErpConnector`."""

    def __init__(self, path: Path, mapping: CsvMapping, name: str = "csv") -> None:
        self.path, self.mapping, self.name = path, mapping, name

    def list_partners(self) -> list[ErpPartner]:
        partners = {invoice.partner.partner_id: invoice.partner for invoice in self._read()}
        return list(partners.values())

    def list_invoices(self, since: date | None = None) -> list[ErpInvoice]:
        return self._read()

    def _read(self) -> list[ErpInvoice]:
        table = read_csv_file(self.path)
        columns = self.mapping.columns
        for fieldname, header in columns.items():
            if header not in table.headers:
                raise UserFacingError(
                    messages.MAPPING_COLUMN_MISSING,
                    file=table.file,
                    column=header,
                    field=fieldname,
                    mapping="the mapping file",
                    found=", ".join(h for h in table.headers if h),
                )
        invoices: dict[str, ErpInvoice] = {}
        for row in table.rows:
            cell = _CellReader(table.file, row.line, row.values, columns)
            invoice = self._invoice(cell)
            invoices[invoice.erp_id] = invoice  # a later row for the same invoice wins, as in the import
        return list(invoices.values())

    def _invoice(self, cell: _CellReader) -> ErpInvoice:
        number = cell.required_text("invoice_number")
        name, code = cell.text("customer_name"), cell.text("customer_code") or None
        if not name and not code:
            cell.missing("customer_name" if "customer_name" in cell.columns else "customer_code")
        total = cell.required(parse_amount, "total_amount", messages.CSV_BAD_AMOUNT)
        paid = cell.value(parse_amount, "paid_amount", messages.CSV_BAD_AMOUNT) or Decimal(0)
        if self.mapping.paid_values and cell.text("status") in self.mapping.paid_values:
            paid = max(paid, total)
        partner = ErpPartner(
            partner_id=code or normalize_customer_name(name), name=name or code or "", code=code
        )
        return ErpInvoice(
            erp_id=cell.text("invoice_id") or number,
            number=number,
            partner=partner,
            issue_date=cell.value(parse_date, "issue_date", messages.CSV_BAD_DATE),
            due_date=cell.required(parse_date, "due_date", messages.CSV_BAD_DATE),
            total=total,
            paid=paid,
            currency=cell.value(parse_currency, "currency", messages.CSV_BAD_CURRENCY) or "JPY",
            paid_on=cell.value(parse_date, "paid_on", messages.CSV_BAD_DATE),
        )


class _CellReader:
    def __init__(self, file: str, line: int, values: dict[str, str], columns: dict[str, str]) -> None:
        self.file, self.line, self.values, self.columns = file, line, values, columns

    def text(self, fieldname: str) -> str:
        header = self.columns.get(fieldname)
        return self.values.get(header, "").strip() if header else ""

    def missing(self, fieldname: str) -> None:
        raise UserFacingError(
            messages.CSV_MISSING_VALUE, file=self.file, line=self.line, column=self.columns[fieldname]
        )

    def required_text(self, fieldname: str) -> str:
        text = self.text(fieldname)
        if not text:
            self.missing(fieldname)
        return text

    def value(self, parser, fieldname: str, bad: Message):  # noqa: ANN001, ANN201 - parser returns T | None
        text = self.text(fieldname)
        if not text:
            return None
        params = {"file": self.file, "line": self.line, "value": text, "column": self.columns[fieldname]}
        try:
            value = parser(text)
        except ValueError:
            raise UserFacingError(bad, **params) from None
        if isinstance(value, Decimal) and value < 0:
            raise UserFacingError(messages.CSV_NEGATIVE_AMOUNT, **params)
        return value

    def required(self, parser, fieldname: str, bad: Message):  # noqa: ANN001, ANN201
        value = self.value(parser, fieldname, bad)
        if value is None:
            self.missing(fieldname)
        return value
