"""The CSV connector: a mapping file names the columns; encodings as in the CSV import."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from core.errors import UserFacingError
from erp.adapters.csv_export import CsvErpConnector, load_mapping

MAPPING = """\
columns:
  invoice_number: 請求書番号
  customer_name: 得意先名
  customer_code: 得意先コード
  issue_date: 請求日
  due_date: 入金期日
  total_amount: 請求金額
  paid_amount: 入金額
  status: 状態
paid_values: [消込済]
"""
HEADER = "請求書番号,得意先名,得意先コード,請求日,入金期日,請求金額,入金額,状態\n"


def _connector(tmp_path: Path, rows: str, encoding: str = "utf-8", mapping: str = MAPPING) -> CsvErpConnector:
    (tmp_path / "map.yaml").write_text(mapping, encoding="utf-8")
    (tmp_path / "export.csv").write_bytes((HEADER + rows).encode(encoding))
    return CsvErpConnector(tmp_path / "export.csv", load_mapping(tmp_path / "map.yaml"), name="yayoi")


def test_reads_a_shift_jis_export_with_japanese_values(tmp_path: Path) -> None:
    rows = (
        'A-1,(株)山田製作所,C0001,2026/09/30,2026年10月31日,"1,100,000","500,000",\n'
        "A-2,三協金型株式会社,,2026/09/30,2026/10/31,110万,,消込済\n"
    )
    connector = _connector(tmp_path, rows, encoding="cp932")
    first, second = connector.list_invoices()
    assert (first.erp_id, first.partner.code, first.partner.name) == ("A-1", "C0001", "(株)山田製作所")
    assert (first.issue_date, first.due_date) == (date(2026, 9, 30), date(2026, 10, 31))
    assert (first.total, first.paid, first.currency) == (Decimal(1_100_000), Decimal(500_000), "JPY")
    assert second.paid == second.total == Decimal(1_100_000)  # 消込済 means fully paid
    assert second.partner.code is None and second.partner.partner_id  # identified by its normalized name
    assert {p.partner_id for p in connector.list_partners()} == {"C0001", second.partner.partner_id}


def test_a_bad_cell_names_its_line_and_column_and_nothing_is_returned(tmp_path: Path) -> None:
    connector = _connector(
        tmp_path, "A-1,山田,C1,2026-09-30,2026-10-31,100,0,\nA-2,三協,C2,2026-09-30,来月末,100,0,\n"
    )
    with pytest.raises(UserFacingError) as error:
        connector.list_invoices()
    text = error.value.message("en")
    assert "line 3" in text and "入金期日" in text and "来月末" in text
    assert "3 行目" in error.value.message("ja")


def test_a_missing_required_cell_and_a_negative_amount_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UserFacingError, match="請求金額"):
        _connector(tmp_path, "A-1,山田,C1,2026-09-30,2026-10-31,,0,\n").list_invoices()
    with pytest.raises(UserFacingError, match="must not be negative"):
        _connector(tmp_path, "A-1,山田,C1,2026-09-30,2026-10-31,-5,0,\n").list_invoices()


def test_a_mapped_column_missing_from_the_export_is_named(tmp_path: Path) -> None:
    mapping = MAPPING.replace("入金額", "入金済額")
    with pytest.raises(UserFacingError) as error:
        _connector(tmp_path, "A-1,山田,C1,2026-09-30,2026-10-31,100,0,\n", mapping=mapping).list_invoices()
    assert "入金済額" in error.value.message("en") and "請求書番号" in error.value.message("en")


@pytest.mark.parametrize(
    ("mapping", "problem"),
    [
        ("columns: [a, b]", "columns"),
        ("columns:\n  invoice_number: No\n  customer_name: 顧客\n  total_amount: 金額\n", "due_date"),
        (
            "columns:\n  invoice_number: No\n  due_date: 期日\n  total_amount: 金額\n",
            "customer_name or customer_code",
        ),
        (
            "columns:\n  invoice_number: No\n  customer_name: c\n  due_date: d\n"
            "  total_amount: t\n  colour: x\n",
            "colour",
        ),
        ("columns: {invoice_number: [", "mapping"),
    ],
)
def test_mapping_mistakes_are_explained(tmp_path: Path, mapping: str, problem: str) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(mapping, encoding="utf-8")
    with pytest.raises(UserFacingError) as error:
        load_mapping(path)
    assert problem in error.value.message("en") and str(path) in error.value.message("en")


def test_a_missing_mapping_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(UserFacingError, match="file not found"):
        load_mapping(tmp_path / "nope.yaml")
