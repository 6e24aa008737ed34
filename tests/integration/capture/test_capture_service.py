"""CaptureService over a real database with the demo data: text → draft → save, and its guarantees."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from PIL import Image
from sqlmodel import select

from bot.wiring import Services
from capture.service import CaptureService
from core.errors import UserFacingError
from crm_store.models import Activity, AuditLog, Contact, Customer, Deal, NextAction
from crm_store.ops_models import StoredInput
from tests.conftest import DEMO_TODAY

MEMO = ("本日、山田製作所を訪問。製造部の木村部長と面談。レーザー加工機の見積を提示、金額は税抜き2,650万円。"
        "Fujimoto Laserも提案している模様。次回:来週金曜までにテストカットの結果を送付する。")


@pytest.fixture
def capture(demo_services: Services) -> CaptureService:
    assert demo_services.capture is not None
    return demo_services.capture


def test_text_memo_drafts_matches_and_saves_once(capture: CaptureService, demo_services: Services) -> None:
    input_id = capture.store_text(MEMO, origin="slack", slack_user_id="U0DEMO003", slack_ts="1.2")
    view = capture.draft(input_id, today=DEMO_TODAY)

    assert view.customer.status == "matched" and view.customer.name == "株式会社山田製作所"
    assert view.deal is not None and view.deal.name == "レーザー加工機 導入"
    assert view.draft.deal.amount.value == Decimal("26500000")
    assert view.draft.deal.stage.value == "quote"
    assert [c.value for c in view.draft.competitors] == ["Fujimoto Laser"]
    assert view.draft.next_actions[0].due.value.isoformat() == "2026-11-27"
    assert view.draft.contacts[0].name.value == "木村"
    amount_span = view.draft.deal.amount.source
    assert amount_span is not None and MEMO[amount_span.start:amount_span.end] == amount_span.text

    assert [(m.name, m.contact_id) for m in view.contact_matches] == [("木村", None)]

    saved = capture.save(input_id, view.draft, approved_by_slack_id="U0DEMO003")
    again = capture.save(input_id, view.draft, approved_by_slack_id="U0DEMO003")
    assert again.already_saved and again.activity_id == saved.activity_id

    with demo_services.db.session(actor="test") as session:
        activities = session.exec(select(Activity).where(Activity.input_id == input_id)).all()
        assert len(activities) == 1
        activity = activities[0]
        assert activity.source_kind == "text" and activity.approved_at is not None
        assert activity.approved_by_id is not None and activity.extracted["deal"]["amount"]["value"] == "26500000"
        deal = session.get(Deal, saved.deal_id)
        assert deal.stage == "quote" and deal.amount == Decimal("26500000")
        actions = session.exec(select(NextAction).where(NextAction.activity_id == activity.id)).all()
        assert [a.due.isoformat() for a in actions] == ["2026-11-27"]
        assert session.exec(select(Contact).where(Contact.name == "木村")).first() is not None
        audit = session.exec(select(AuditLog).where(AuditLog.table_name == "activities")).all()
        assert [(a.actor, a.context) for a in audit if a.row_id == activity.id] == \
            [("slack:U0DEMO003", {"input_id": input_id})]
        assert session.get(StoredInput, input_id).status == "saved"


def test_draft_is_stored_and_idempotent(capture: CaptureService) -> None:
    input_id = capture.store_text(MEMO, origin="cli")
    first = capture.draft(input_id, today=DEMO_TODAY)
    assert capture.get_input(input_id).status == "drafted"
    assert capture.draft(input_id, today=DEMO_TODAY) == first


def test_unknown_customer_needs_confirmation(capture: CaptureService, demo_services: Services) -> None:
    memo = "株式会社さくら精密を初回訪問。購買の田村課長と面談、5軸マシニングセンタに関心。予算は3,000万円。"
    input_id = capture.store_text(memo, origin="cli")
    view = capture.draft(input_id, today=DEMO_TODAY)
    assert view.customer.status == "new" and view.customer.customer_id is None
    assert any(w.key == "new_customer" for w in view.warnings)

    with pytest.raises(UserFacingError) as error:
        capture.save(input_id, view.draft, approved_by_slack_id=None)
    assert "さくら精密" in error.value.message("ja")
    assert capture.get_input(input_id).status == "drafted"  # nothing half-written

    confirmed = view.draft.model_copy(update={"confirm_new_customer": True})
    saved = capture.save(input_id, confirmed, approved_by_slack_id=None)
    assert saved.created_customer and saved.created_deal
    with demo_services.db.session(actor="test") as session:
        customer = session.get(Customer, saved.customer_id)
        assert customer.name == "株式会社さくら精密"
        assert session.get(Deal, saved.deal_id).stage == "initial_contact"


def test_overdue_invoices_warn_before_upselling(capture: CaptureService, demo_services: Services) -> None:
    from crm_store.models import Invoice
    from crm_store.payments import is_overdue

    with demo_services.db.session(actor="test") as session:
        invoices = session.exec(select(Invoice).where(Invoice.customer_id.is_not(None))).all()
        overdue = next(i for i in invoices if is_overdue(i, DEMO_TODAY))
        customer = session.get(Customer, overdue.customer_id)
    input_id = capture.store_text(f"{customer.name}に電話。追加の検査カメラ導入を打診。", origin="cli")
    view = capture.draft(input_id, today=DEMO_TODAY)
    assert overdue.number in [i.number for i in view.overdue_invoices]
    assert any("overdue" in text for text in view.warnings_text("en"))


def test_overdue_yen_and_dollars_are_never_added_up(capture: CaptureService, demo_services: Services) -> None:
    from crm_store.models import Invoice

    with demo_services.db.session(actor="test") as session:
        sankyo = session.exec(select(Customer).where(Customer.name == "三協金型(株)")).one()
        session.add(Invoice(erp_source="csv", erp_id="USD-1", number="USD-1", customer_id=sankyo.id,
                            customer_name=sankyo.name, due_date=DEMO_TODAY.replace(day=1),
                            total=Decimal(45000), paid=Decimal(0), currency="USD", status="unpaid"))
    view = capture.draft(capture.store_text("三協金型に電話。追加提案。", origin="cli"), today=DEMO_TODAY)
    [warning] = [text for text in view.warnings_text("en") if "overdue" in text]
    assert "¥6,600,000 + $45,000" in warning  # INV-2026-0015 and the dollar invoice, side by side
    assert any("6,600,000円 + $45,000" in text for text in view.warnings_text("ja"))


def test_memo_without_customer_warns_and_cannot_be_saved(capture: CaptureService) -> None:
    input_id = capture.store_text("今日は展示会の準備。来週月曜までにパネルを発注する。", origin="cli")
    view = capture.draft(input_id, today=DEMO_TODAY)
    assert view.customer.status == "none"
    assert "顧客名" in view.warnings_text("ja")[0]
    with pytest.raises(UserFacingError) as error:
        capture.save(input_id, view.draft, approved_by_slack_id=None)
    assert "customer" in error.value.message("en")


@pytest.mark.parametrize("text", ["", "   \n "])
def test_empty_memo_is_refused(capture: CaptureService, text: str) -> None:
    with pytest.raises(UserFacingError) as error:
        capture.store_text(text, origin="cli")
    assert error.value.message("en") == "The memo is empty."


def test_memo_over_the_limit_is_refused(capture: CaptureService) -> None:
    with pytest.raises(UserFacingError) as error:
        capture.store_text("あ" * 6000, origin="cli")
    assert "6000" in error.value.message("en") and "5000" in error.value.message("ja")


def test_unsupported_file_type_is_refused_by_content(capture: CaptureService) -> None:
    with pytest.raises(UserFacingError) as error:
        capture.store_file(b"%PDF-1.7\n...", filename="memo.m4a", mime_type="audio/mp4", origin="slack")
    assert "pdf" in error.value.message("en")
    assert capture.pending_inputs() == []


def test_the_same_slack_file_stored_twice_is_one_input(capture: CaptureService) -> None:
    # A retried Slack job downloads and stores the clip again: it must not become a second draft.
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "white").save(buffer, format="PNG")
    photo = buffer.getvalue()
    stored = [capture.store_file(photo, filename="n.png", mime_type="image/png", origin="slack",
                                 slack_channel_id="D1", slack_ts=ts) for ts in ("1.1", "1.1", "2.2")]
    assert stored[0] == stored[1] != stored[2]  # another message with the same photo is another input
    assert capture.pending_inputs() == [stored[0], stored[2]]


def test_discard_and_pending_inputs(capture: CaptureService) -> None:
    first = capture.store_text("山田製作所に電話。", origin="cli")
    second = capture.store_text("三協金型を訪問。", origin="cli")
    assert capture.pending_inputs() == [first, second]
    capture.discard(first, by_slack_id="U0DEMO003")
    assert capture.pending_inputs() == [second]
    with pytest.raises(UserFacingError):
        capture.draft(first)


def test_unknown_input_id(capture: CaptureService) -> None:
    with pytest.raises(UserFacingError) as error:
        capture.draft(999_999)
    assert "999999" in error.value.message("en")


def test_second_memo_matches_the_contact_the_first_one_created(capture: CaptureService) -> None:
    first = capture.store_text(MEMO, origin="cli")
    capture.save(first, capture.draft(first, today=DEMO_TODAY).draft, approved_by_slack_id=None)
    second = capture.store_text("山田製作所の木村部長に電話。テストカットの日程を確認。", origin="cli")
    view = capture.draft(second, today=DEMO_TODAY)
    assert view.contact_matches[0].name == "木村" and view.contact_matches[0].contact_id is not None
    saved = capture.save(second, view.draft, approved_by_slack_id=None)
    assert saved.contact_ids == []  # not created twice


def test_an_input_left_processing_by_a_crash_is_resumed(capture: CaptureService, demo_services: Services) -> None:
    input_id = capture.store_text(MEMO, origin="slack")
    with demo_services.db.session(actor="test") as session:  # the worker died mid-draft
        row = session.get(StoredInput, input_id)
        row.status = "processing"
        session.add(row)
    assert capture.pending_inputs() == [input_id]
    view = capture.draft(input_id, today=DEMO_TODAY)
    assert view.customer.status == "matched" and capture.pending_inputs() == []


def test_the_rep_can_pick_the_customer_and_deal_on_the_card(capture: CaptureService,
                                                            demo_services: Services) -> None:
    input_id = capture.store_text("先方の部長と面談。見積500万円を提示。", origin="slack")
    view = capture.draft(input_id, today=DEMO_TODAY)
    assert view.customer.status == "none"
    with demo_services.db.session(actor="test") as session:
        customer = session.exec(select(Customer).where(Customer.erp_code == "C0003")).one()
        deal = session.exec(select(Deal).where(Deal.customer_id == customer.id, Deal.stage == "quote")).first()
    chosen = view.draft.model_copy(update={"customer_id": customer.id, "deal_id": deal.id})
    saved = capture.save(input_id, chosen, approved_by_slack_id="U0DEMO005")
    assert (saved.customer_id, saved.deal_id, saved.created_deal) == (customer.id, deal.id, False)
    with demo_services.db.session(actor="test") as session:
        assert session.get(Deal, deal.id).amount == Decimal(5_000_000)
