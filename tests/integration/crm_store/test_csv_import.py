"""CSV import against real databases (each test runs on SQLite and on PostgreSQL)."""

from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import select

from crm_store.csv_import.importer import import_csv
from crm_store.db import Database
from crm_store.models import AuditLog, Customer, Deal, Invoice, User
from crm_store.ops_models import ErpUnmatchedPartner


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


USERS = "slack_user_id,name,role,language\nU1,鈴木 一郎,rep,ja\nU2,高橋 誠,manager,ja\nU3,Emily Carter,rep,en\n"


@pytest.fixture
def with_users(db: Database, tmp_path: Path) -> Database:
    report = import_csv(db, "users", write(tmp_path, "users.csv", USERS), actor="test")
    assert (report.created, report.errors) == (3, [])
    return db


def rows(db: Database, model: type) -> list:
    with db.session("test") as session:
        return list(session.exec(select(model)))


def test_cp932_file_with_a_broken_row_imports_the_rest_and_names_the_line(with_users: Database, tmp_path: Path) -> None:
    text = ("案件名,顧客名,担当者,ステージ,金額,通貨,受注予定日\n"
            "MC 2台更新,株式会社山田製作所,鈴木,見積,1800万,JPY,2026/12/10\n"
            "検査カメラ,北斗電子(株),高橋さん,交渉,\"2,400,000\",,2026-12-20\n"
            "壊れた行,三協金型,鈴木,見積,たくさん,,2026-12-01\n"
            "レーザー,Pacific Precision Inc.,Emily Carter,内示,$45k,USD,2027-01-15\n")
    report = import_csv(with_users, "deals", write(tmp_path, "deals.csv", text, "cp932"), actor="admin")

    assert report.encoding == "cp932"
    assert (report.rows, report.created, len(report.errors)) == (4, 3, 1)
    assert report.errors[0].line == 4
    assert "金額" in report.errors[0].render("ja") and "たくさん" in report.errors[0].render("ja")
    assert "line 4" in report.summary("en") and "4 行目" in report.summary("ja")
    deals = {d.name: d for d in rows(with_users, Deal)}
    assert set(deals) == {"MC 2台更新", "検査カメラ", "レーザー"}
    assert deals["MC 2台更新"].amount == Decimal(18_000_000) and deals["MC 2台更新"].stage == "quote"
    assert deals["レーザー"].currency == "USD" and deals["レーザー"].stage == "awaiting_decision"
    owners = {u.id: u.name for u in rows(with_users, User)}
    assert owners[deals["検査カメラ"].owner_id] == "高橋 誠"  # "高橋さん" → the one 高橋
    # The broken row created nothing: no deal, and no customer either.
    assert sorted(c.normalized_name for c in rows(with_users, Customer)) == ["pacificprecision", "北斗電子", "山田製作所"]


def test_reimport_updates_instead_of_duplicating(db: Database, tmp_path: Path) -> None:
    first = "deal_name,customer_name,stage,amount\nMC更新,山田製作所,提案,1000000\n"
    second = "deal_name,customer_name,stage,amount\nMC更新,(株)山田製作所,見積,1200000\nMC更新,山田製作所,見積,1200000\n"
    import_csv(db, "deals", write(tmp_path, "a.csv", first), actor="t")
    report = import_csv(db, "deals", write(tmp_path, "b.csv", second), actor="t")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert report.warnings and "line 2" in report.warnings[0].render("en")  # same deal twice in one file
    [deal] = rows(db, Deal)
    assert (deal.stage, deal.amount) == ("quote", Decimal(1_200_000))
    assert len(rows(db, Customer)) == 1


def test_customers_match_by_code_first_and_never_merge_on_conflict(db: Database, tmp_path: Path) -> None:
    import_csv(db, "customers", write(tmp_path, "a.csv", "顧客名,取引先コード\n山田製作所,C1\n北斗電子,C2\n"), actor="t")
    text = ("顧客名,取引先コード,業種\n"
            "株式会社ヤマダ製作所,C1,精密加工\n"  # renamed company: the code wins
            "北斗電子,C9,電子部品\n")  # same name, different code: refuse rather than merge
    report = import_csv(db, "customers", write(tmp_path, "b.csv", text), actor="t")
    assert report.updated == 1 and [p.line for p in report.errors] == [3]
    assert "C2" in report.errors[0].render("en") and "C9" in report.errors[0].render("en")
    by_code = {c.erp_code: c for c in rows(db, Customer)}
    assert by_code["C1"].name == "株式会社ヤマダ製作所" and by_code["C1"].industry == "精密加工"
    assert by_code["C2"].industry is None


def test_ambiguous_customer_name_is_reported_not_guessed(db: Database, tmp_path: Path) -> None:
    with db.session("t") as session:
        session.add(Customer(name="山田製作所 東京", normalized_name="山田製作所", erp_code="T"))
        session.add(Customer(name="山田製作所 大阪", normalized_name="山田製作所", erp_code="O"))
    report = import_csv(db, "deals", write(tmp_path, "d.csv", "deal_name,customer_name,stage\nX,山田製作所,提案\n"),
                        actor="t")
    assert report.created == 0 and "several customers" in report.errors[0].render("en")


def test_invoices_never_create_customers_unmatched_go_to_the_review_list(db: Database, tmp_path: Path) -> None:
    import_csv(db, "customers", write(tmp_path, "c.csv", "name,customer_code\n山田製作所,C1\n"), actor="t")
    text = ("invoice_number,customer_name,customer_code,issue_date,due_date,total_amount,paid_amount,currency\n"
            "INV-1,(株)山田製作所,,2026-10-01,2026-10-31,1100000,1100000,JPY\n"
            "INV-2,別名義,C1,2026-10-01,2026-11-30,550000,200000,JPY\n"
            "INV-3,未登録工業,,2026-10-01,2026-11-30,330000,,JPY\n"
            "INV-4,山田製作所,,2026-10-01,,330000,,JPY\n")
    report = import_csv(db, "invoices", write(tmp_path, "i.csv", text), actor="t")
    assert (report.created, [p.line for p in report.errors]) == (3, [5])
    invoices = {i.number: i for i in rows(db, Invoice)}
    assert invoices["INV-1"].status == "paid" and invoices["INV-1"].customer_id is not None
    assert invoices["INV-2"].status == "partially_paid" and invoices["INV-2"].customer_id is not None  # by code
    assert invoices["INV-3"].customer_id is None and invoices["INV-3"].status == "unpaid"
    assert [p.partner_name for p in rows(db, ErpUnmatchedPartner)] == ["未登録工業"]
    assert len(rows(db, Customer)) == 1


def test_every_write_is_in_the_audit_log_with_its_source(with_users: Database, tmp_path: Path) -> None:
    import_csv(with_users, "customers", write(tmp_path, "c.csv", "name,industry\n山田製作所,金型\n"), actor="admin")
    import_csv(with_users, "customers", write(tmp_path, "c2.csv", "name,industry\n山田製作所,精密加工\n"), actor="admin")
    entries = [e for e in rows(with_users, AuditLog) if e.table_name == "customers"]
    assert [e.action for e in entries] == ["insert", "update"]
    assert entries[1].changes == {"industry": ["金型", "精密加工"], "updated_at": entries[1].changes["updated_at"]}
    assert entries[1].actor == "import:c2.csv"
    assert entries[1].context == {"import_kind": "customers", "import_file": "c2.csv", "imported_by": "admin"}


def test_missing_required_columns_fail_the_file_with_the_names(db: Database, tmp_path: Path) -> None:
    from core.errors import UserFacingError

    with pytest.raises(UserFacingError) as raised:
        import_csv(db, "deals", write(tmp_path, "d.csv", "案件名,金額\nX,1\n"), actor="t")
    assert "customer_name" in raised.value.message("en") and "stage" in raised.value.message("en")
