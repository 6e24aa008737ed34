"""Matching a heard or misspelled name to the CRM by reading and by shape, on SQLite and PostgreSQL:
never silent (heard → matched, lower confidence), never a guess between two customers, changeable in Edit."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from bot.slack import action_ids
from bot.slack.draft_blocks import build_draft_blocks
from bot.slack.edit_modal import apply_edits
from bot.slack.payloads import CardRef
from bot.wiring import Services
from capture.matching import match_by_sound, match_contacts, match_draft_customer
from capture.ports import KnownCustomer
from capture.schema import ActivityDraft, ContactDraft, FieldValue
from capture.service import CaptureService
from core.errors import UserFacingError
from crm_store.db import Database
from crm_store.models import Contact, Customer
from crm_store.names import normalize_customer_name, normalize_person_name
from tests.conftest import DEMO_TODAY


def _customer(session, name: str, kana: str | None = None) -> Customer:  # type: ignore[no-untyped-def]
    row = Customer(name=name, normalized_name=normalize_customer_name(name), kana=kana)
    session.add(row)
    session.flush()
    return row


def _draft(customer: str, *contacts: str) -> ActivityDraft:
    return ActivityDraft(customer=FieldValue[str](value=customer, confidence=0.7),
                         contacts=[ContactDraft(name=FieldValue[str](value=c, confidence=0.85)) for c in contacts])


def test_a_homophone_matches_the_customer_with_that_reading_and_says_so(db: Database) -> None:
    with db.session(actor="test") as session:
        yamada = _customer(session, "株式会社山田製作所", "ヤマダセイサクショ")
        _customer(session, "株式会社山本製作所", "ヤマモトセイサクショ")
        takamori = _customer(session, "有限会社高森精工")  # no kana column: the name's own reading
        match = match_draft_customer(session, _draft("山田政策書"))
        assert (match.status, match.customer_id, match.method, match.heard) == \
            ("matched", yamada.id, "reading", "山田政策書")
        assert match_draft_customer(session, _draft("高森成功")).customer_id == takamori.id
        # The exact name still matches by name, and says nothing was heard differently.
        exact = match_draft_customer(session, _draft("山田製作所"))
        assert (exact.method, exact.heard, exact.by_sound) == ("name", None, False)


def test_two_customers_with_one_reading_propose_neither(db: Database) -> None:
    with db.session(actor="test") as session:
        _customer(session, "株式会社大洋化学", "タイヨウカガク")
        _customer(session, "太陽化学株式会社", "タイヨウカガク")
        match = match_draft_customer(session, _draft("タイヨー化学"))
        assert match.status == "ambiguous" and match.customer_id is None and match.by_sound
        assert sorted(c.name for c in match.candidates) == ["太陽化学株式会社", "株式会社大洋化学"]
        # The rep may still say it is a new customer: then it is one, by their word.
        confirmed = _draft("タイヨー化学").model_copy(update={"confirm_new_customer": True})
        assert match_draft_customer(session, confirmed).status == "new"


def test_a_close_spelling_matches_only_when_clearly_closest(db: Database) -> None:
    with db.session(actor="test") as session:
        mikawa = _customer(session, "株式会社三河ギヤテック", "ミカワギヤテック")
        match = match_draft_customer(session, _draft("三河ギアテック"))
        assert (match.status, match.customer_id, match.method) == ("matched", mikawa.id, "similar")
        # Different names that merely share a suffix are no match: a new customer, to be confirmed.
        assert match_draft_customer(session, _draft("株式会社オカモト精工")).status == "new"


def test_a_short_name_is_the_one_customer_it_shortens_never_a_guess(db: Database) -> None:
    with db.session(actor="test") as session:
        taiyo = _customer(session, "大洋化学工業(株)", "タイヨウカガクコウギョウ")
        yamada = _customer(session, "株式会社山田製作所", "ヤマダセイサクショ")
        match = match_draft_customer(session, _draft("大洋化学さん"))
        assert (match.status, match.customer_id, match.method, match.heard) == \
            ("matched", taiyo.id, "short", "大洋化学さん")
        # Read, not only written: a voice memo's kana, a romanized memo.
        assert match_draft_customer(session, _draft("taiyo kagaku")).customer_id == taiyo.id
        # Two characters are a family name as often as a company: 「山田さん」 is no customer.
        assert match_draft_customer(session, _draft("山田")).customer_id != yamada.id
        # Another company with the same start is not this one.
        assert match_draft_customer(session, _draft("大洋化学電装")).status == "new"
        # Two customers of one short name: neither is proposed, both are offered.
        _customer(session, "大洋化学産業株式会社")
        both = match_draft_customer(session, _draft("大洋化学さん"))
        assert both.status == "ambiguous" and both.customer_id is None and not both.by_sound
        assert sorted(c.name for c in both.candidates) == ["大洋化学工業(株)", "大洋化学産業株式会社"]


def test_a_contact_heard_in_another_spelling_is_the_crm_contact(db: Database) -> None:
    with db.session(actor="test") as session:
        customer = _customer(session, "北斗電子工業株式会社", "ホクトデンシコウギョウ")
        row = Contact(customer_id=customer.id, name="斎藤 健", normalized_name=normalize_person_name("斎藤 健"))
        session.add(row)
        session.flush()
        matches = match_contacts(session, customer.id, _draft("北斗電子工業", "斉藤", "木村"))
        assert [(m.name, m.contact_id, m.matched_name) for m in matches] == \
            [("斉藤", row.id, "斎藤 健"), ("木村", None, None)]


def test_short_readings_never_match_by_sound() -> None:
    customers = [KnownCustomer(1, "佐藤商事", "サトウショウジ"), KnownCustomer(2, "加藤", "カトウ")]
    assert match_by_sound("かとう", customers).method == "none"


# -- through the capture service and onto the card ------------------------------------------------------

@pytest.fixture
def capture(demo_services: Services) -> CaptureService:
    assert demo_services.capture is not None
    return demo_services.capture


def test_a_heard_customer_name_is_matched_on_the_card_and_edit_can_change_it(
        capture: CaptureService, demo_services: Services) -> None:
    memo = "本日、山田政策書様を訪問。品質保証部の井上課長と面談し、検査カメラの見つもりを提示。金額は480万円。"
    view = capture.draft(capture.store_text(memo, origin="cli"), today=DEMO_TODAY)

    assert view.customer.status == "matched" and view.customer.name == "株式会社山田製作所"
    assert (view.customer.heard, view.customer.method) == ("山田政策書", "reading")
    assert view.draft.customer.value == "山田政策書" and view.draft.customer.confidence <= 0.7
    assert [w.key for w in view.warnings if w.key.startswith("customer_by")] == ["customer_by_reading"]
    assert view.draft.deal.stage.value == "quote"

    card = json.dumps([b.to_dict() for b in build_draft_blocks(view, CardRef(input_id=view.input_id, owner="U1",
                                                                             language="en"), "en")],
                      ensure_ascii=False)
    assert "heard “山田政策書” → matched to 株式会社山田製作所 (by reading)" in card
    assert "「山田政策書」→ 株式会社山田製作所(読みが同じ)" in view.render_text("ja")
    assert view.to_json_dict()["customer"]["heard"] == "山田政策書"

    # Edit: the rep says it was another customer; the save follows the rep, not the sound.
    edited, errors = apply_edits(view.draft, {action_ids.FIELD_CUSTOMER: "三協金型",
                                              action_ids.FIELD_OCCURRED_ON: DEMO_TODAY.isoformat()}, "en")
    assert not errors
    saved = capture.save(view.input_id, edited, approved_by_slack_id=None)
    assert saved.customer_name == "三協金型(株)"


def test_an_ambiguous_reading_on_the_card_proposes_nothing(capture: CaptureService,
                                                           demo_services: Services) -> None:
    with demo_services.db.session(actor="test") as session:
        _customer(session, "株式会社ヤマダ精作所", "ヤマダセイサクショ")  # a second company that sounds the same
    memo = "山田政策書さんに電話。来週金曜に再訪。"
    view = capture.draft(capture.store_text(memo, origin="cli"), today=DEMO_TODAY)

    assert view.customer.status == "ambiguous" and view.customer.customer_id is None
    assert view.deal is None and view.overdue_invoices == []
    assert [w.key for w in view.warnings if "ambiguous" in w.key] == ["ambiguous_reading"]
    card = json.dumps([b.to_dict() for b in build_draft_blocks(view, CardRef(input_id=view.input_id, owner="U1",
                                                                             language="en"), "en")],
                      ensure_ascii=False)
    assert "sounds like several customers" in card and "none was chosen" in card
    with pytest.raises(UserFacingError):
        capture.save(view.input_id, view.draft, approved_by_slack_id=None)
    with demo_services.db.session(actor="test") as session:
        assert len(session.exec(select(Customer).where(Customer.kana == "ヤマダセイサクショ")).all()) == 2
