"""The workspace's Whisper prompt from the real CRM (SQLite and PostgreSQL): contents, order, cache."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from bot.wiring import Services
from capture.service import CaptureService
from capture.voice_prompt import VoicePromptCache, customers_by_recent_activity
from core.glossary import Glossary
from crm_store.db import Database
from crm_store.models import Activity, Customer


@pytest.fixture
def capture(demo_services: Services) -> CaptureService:
    assert demo_services.capture is not None
    return demo_services.capture


def test_prompt_holds_customers_glossary_and_sales_words(capture: CaptureService) -> None:
    prompt = capture.voice_prompt()
    assert prompt is not None
    assert "大和マシナリー" in prompt.ja and "5軸マシニングセンタ" in prompt.ja and "見積" in prompt.ja
    assert "Yamato Machinery" in prompt.en and "quote" in prompt.en
    assert "株式会社" not in prompt.ja  # legal forms cost tokens and say nothing about the sound
    assert len(prompt.ja) <= 170 and len(prompt.en) <= 500


def test_most_recently_visited_customers_come_first(capture: CaptureService, demo_services: Services) -> None:
    with demo_services.db.session(actor="test") as session:
        customer = session.exec(select(Customer).order_by(Customer.id)).first()
        assert customer is not None
        session.add(Activity(customer_id=customer.id, occurred_on=date(2030, 1, 1), summary="visit"))
    with demo_services.db.session(actor="test") as session:
        first_name, _ = customers_by_recent_activity(session)[0]
    assert first_name == "山田製作所" and capture.voice_prompt().ja.startswith("山田製作所、")


def test_prompt_is_cached_until_the_customers_change(capture: CaptureService, demo_services: Services) -> None:
    first = capture.voice_prompt()
    assert capture.voice_prompt() is first  # nothing changed: the same object, not rebuilt
    with demo_services.db.session(actor="test") as session:
        session.add(Customer(name="株式会社霧島精機", normalized_name="霧島精機", kana="キリシマセイキ"))
    with demo_services.db.session(actor="test") as session:
        new = session.exec(select(Customer).where(Customer.name == "株式会社霧島精機")).one()
        session.add(Activity(customer_id=new.id, occurred_on=date(2031, 1, 1), summary="visit"))
    assert capture.voice_prompt().ja.startswith("霧島精機、")


def test_prompting_can_be_switched_off(capture: CaptureService) -> None:
    capture.config.voice_prompt = False
    assert capture.voice_prompt() is None


def test_recent_customers_query_on_both_databases(db: Database) -> None:
    with db.session(actor="test") as session:
        session.add(Customer(name="Pacific Precision Inc.", normalized_name="pacificprecision"))
        session.add(Customer(name="株式会社山田製作所", normalized_name="山田製作所", kana="ヤマダセイサクショ"))
    with db.session(actor="test") as session:
        yamada = session.exec(select(Customer).where(Customer.normalized_name == "山田製作所")).one()
        session.add(Activity(customer_id=yamada.id, occurred_on=date(2026, 11, 19), summary="visit"))
    with db.session(actor="test") as session:
        assert customers_by_recent_activity(session) == [("山田製作所", "ヤマダセイサクショ"), ("Pacific Precision", None)]
        prompt = VoicePromptCache(Glossary()).get(session)
    assert prompt.ja.startswith("山田製作所、Pacific Precision、") and prompt.en.startswith("Pacific Precision,")
