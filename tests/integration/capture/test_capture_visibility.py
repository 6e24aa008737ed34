"""Capture under the visibility policy: a rep logs visits to any customer, but another rep's deal is
changed only by a proposal to its owner, and the upsell warning shows only invoices the rep may see."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from sqlmodel import select

from bot.wiring import Services
from capture.service import CaptureService
from core.money import format_amount
from crm_store.models import Activity, Customer, Deal, Invoice, NextAction, User
from crm_store.payments import is_overdue
from tests.conftest import DEMO_TODAY

# 山田製作所 and its open deal 「レーザー加工機 導入」 (proposal, 2,650万円) belong to 鈴木 (U0DEMO003).
MEMO = "本日、山田製作所を訪問。レーザー加工機の見積を提示、金額は税抜き2,400万円。来週金曜までに回答をもらう。"


def _capture(services: Services, visibility: str) -> CaptureService:
    base = services.capture
    assert base is not None
    return CaptureService(services.db, dataclasses.replace(base.config, visibility=visibility),
                          transcriber=base.transcriber, ocr=base.ocr, extractor=base.extractor)


def _laser_deal(services: Services) -> Deal:
    with services.db.session("test") as session:
        customer = session.exec(select(Customer).where(Customer.name == "株式会社山田製作所")).one()
        deal = session.exec(select(Deal).where(Deal.customer_id == customer.id, Deal.name == "レーザー加工機 導入")).one()
        session.expunge(deal)
        return deal


def test_another_reps_deal_is_proposed_to_its_owner_not_changed(demo_services: Services) -> None:
    capture = _capture(demo_services, "own")
    before = _laser_deal(demo_services)
    input_id = capture.store_text(MEMO, origin="slack", slack_user_id="U0DEMO004", slack_ts="9.1")  # 佐藤
    view = capture.draft(input_id, today=DEMO_TODAY)
    assert view.deal is not None and view.deal.id == before.id
    [warning] = [w for w in view.warnings_text("ja") if "変更提案" in w]
    assert "鈴木 一郎" in warning  # the card says whose deal it is and what will happen
    saved = capture.save(input_id, view.draft, approved_by_slack_id="U0DEMO004")

    after = _laser_deal(demo_services)
    assert (after.stage, after.amount) == (before.stage, before.amount)  # not written
    with demo_services.db.session("test") as session:
        suzuki = session.exec(select(User).where(User.slack_user_id == "U0DEMO003")).one()
        [proposal] = session.exec(select(NextAction).where(NextAction.deal_id == before.id,
                                                            NextAction.owner_id == suzuki.id,
                                                            NextAction.activity_id.is_(None))).all()  # type: ignore[union-attr]
        assert "佐藤 健太" in proposal.description and "見積" in proposal.description
        assert format_amount(Decimal(24_000_000), "JPY", "ja") in proposal.description
        activity = session.get(Activity, saved.activity_id)
        assert activity is not None and activity.customer_id == before.customer_id  # the visit is logged


def test_the_owner_and_an_open_policy_change_the_deal(demo_services: Services) -> None:
    for visibility, author in (("own", "U0DEMO003"), ("all", "U0DEMO004")):
        capture = _capture(demo_services, visibility)
        input_id = capture.store_text(MEMO, origin="slack", slack_user_id=author, slack_ts=f"9.{author}")
        view = capture.draft(input_id, today=DEMO_TODAY)
        assert not [w for w in view.warnings_text("ja") if "変更提案" in w]
        capture.save(input_id, view.draft, approved_by_slack_id=author)
        assert _laser_deal(demo_services).amount == Decimal("24000000")


def test_the_upsell_warning_shows_only_invoices_the_author_may_see(demo_services: Services) -> None:
    with demo_services.db.session("test") as session:
        customer = session.exec(select(Customer).where(Customer.name == "有限会社丸和工業")).one()  # 佐藤's
        overdue = [i.number for i in session.exec(select(Invoice).where(Invoice.customer_id == customer.id))
                   if is_overdue(i, DEMO_TODAY)]
    assert overdue
    memo = "丸和工業を訪問。追加の治具を提案、見積 80万円。"
    for author, visibility, warned in (("U0DEMO004", "own", True), ("U0DEMO003", "own", False),
                                       ("U0DEMO003", "all", True), ("U0DEMO001", "own", True)):
        capture = _capture(demo_services, visibility)
        view = capture.draft(capture.store_text(memo, origin="slack", slack_user_id=author), today=DEMO_TODAY)
        numbers = [i.number for i in view.overdue_invoices]
        assert (numbers == overdue if warned else numbers == []), (author, visibility)
        assert any("期限超過" in w for w in view.warnings_text("ja")) == warned, (author, visibility)
