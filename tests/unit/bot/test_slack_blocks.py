"""Block builders: pure, within Slack's limits, showing what the rep must check."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from bot.slack import action_ids
from bot.slack.answer_blocks import build_answer_blocks, chunk_text
from bot.slack.draft_blocks import build_draft_blocks, build_saved_blocks
from bot.slack.edit_modal import apply_edits, build_edit_modal, parse_amount
from bot.slack.payloads import CardRef
from capture.schema import ActivityDraft, ContactDraft, DealDraft, FieldValue, NextActionDraft, SourceSpan
from capture.views import CustomerMatchView, DraftView, OverdueInvoiceView, SavedActivity
from core.questions import Answer, Citation
from tests.e2e.blocks_check import block_problems, view_problems

MEMO = "三協金型を訪問。小野課長と面談、見積 1,980万円を提示。12/5までに納期回答。"
REF = CardRef(input_id=3, owner="U0DEMO003", language="ja", channel="D1", ts="1.2")


def _span(text: str) -> SourceSpan:
    start = MEMO.index(text)
    return SourceSpan(start=start, end=start + len(text), text=text)


def _view(status: str = "matched", overdue: bool = False) -> DraftView:
    draft = ActivityDraft(
        customer=FieldValue[str](value="三協金型", confidence=0.95, source=_span("三協金型")),
        activity_type=FieldValue(value="visit", confidence=0.9, source=_span("訪問")),
        occurred_on=FieldValue[date](value=date(2026, 11, 19), confidence=0.7),
        summary=FieldValue[str](value=MEMO, confidence=0.8),
        contacts=[
            ContactDraft(
                name=FieldValue[str](value="小野", confidence=0.85, source=_span("小野課長")),
                title=FieldValue[str](value="課長", confidence=0.85),
            )
        ],
        deal=DealDraft(
            amount=FieldValue[Decimal](value=Decimal("19800000"), confidence=0.9, source=_span("1,980万円")),
            currency=FieldValue[str](value="JPY", confidence=0.9),
            stage=FieldValue[str](value="quote", confidence=0.8, source=_span("見積")),
        ),
        next_actions=[
            NextActionDraft(
                description=FieldValue[str](
                    value="納期回答", confidence=0.8, source=_span("12/5までに納期回答")
                ),
                due=FieldValue[date](value=date(2026, 12, 5), confidence=0.8),
            )
        ],
    )
    return DraftView(
        input_id=3,
        kind="text",
        source_text=MEMO,
        language="ja",
        draft=draft,
        customer=CustomerMatchView(
            status=status,
            customer_id=2 if status == "matched" else None,
            name="三協金型(株)" if status == "matched" else "三協金型",
        ),
        overdue_invoices=[
            OverdueInvoiceView(
                number="INV-2026-0015",
                due_date=date(2026, 10, 31),
                outstanding=Decimal("6600000"),
                currency="JPY",
            )
        ]
        if overdue
        else [],
    )


def _dicts(blocks: list) -> list[dict]:
    return [b.to_dict() for b in blocks]


def test_long_answers_are_split_under_the_section_limit() -> None:
    text = "\n".join(f"• 案件 {i}: " + "あ" * 80 for i in range(200))
    blocks = _dicts(build_answer_blocks(Answer(kind="crm", language="ja", answer=text)))
    assert block_problems(blocks) == []
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    assert "".join(chunk_text(text)).replace("\n", "") == text.replace("\n", "")


def test_answer_shows_sources_and_offers_save_as_memo_only_when_asked() -> None:
    answer = Answer(
        kind="knowledge",
        language="en",
        answer="Lend demo units for two weeks.",
        citations=[
            Citation(
                source="https://x.slack.com/archives/C1/p1", title="Demo | units", snippet="…", score=0.9
            )
        ],
    )
    blocks = _dicts(build_answer_blocks(answer))
    assert "<https://x.slack.com/archives/C1/p1|Demo / units>" in json.dumps(blocks)
    assert all(b["type"] != "actions" for b in blocks)
    with_memo = _dicts(build_answer_blocks(answer, save_as_memo_value="visited X"))
    assert with_memo[-1]["elements"][0]["action_id"] == action_ids.SAVE_ANSWER_AS_MEMO


def test_draft_card_shows_each_field_with_confidence_and_source() -> None:
    blocks = _dicts(build_draft_blocks(_view(), REF, "ja"))
    assert block_problems(blocks) == []
    text = json.dumps(blocks, ensure_ascii=False)
    assert "*顧客*: 三協金型(株) — CRM の顧客と一致  `95%`\\n> _“三協金型”_" in text
    assert "*金額*: 19,800,000円  `90%`\\n> _“1,980万円”_" in text
    assert "*次のアクション*: 納期回答 — 2026-12-05" in text
    assert "未入金" not in text
    buttons = blocks[-1]["elements"]
    assert [b["action_id"] for b in buttons] == [
        action_ids.SAVE_DRAFT,
        action_ids.EDIT_DRAFT,
        action_ids.DISCARD_DRAFT,
    ]
    assert "confirm" not in buttons[0] and "confirm" in buttons[2]
    assert CardRef.model_validate_json(buttons[0]["value"]) == REF


def test_draft_card_warns_about_overdue_invoices_and_new_customers() -> None:
    overdue = json.dumps(_dicts(build_draft_blocks(_view(overdue=True), REF, "en")), ensure_ascii=False)
    assert "Unpaid invoices" in overdue and "INV-2026-0015: ¥6,600,000 outstanding, due 2026-10-31" in overdue
    new = _dicts(build_draft_blocks(_view(status="new"), REF, "en"))
    assert "new customer" in json.dumps(new)
    assert new[-1]["elements"][0]["confirm"]["title"]["text"] == "New customer"


def test_saved_card_has_no_buttons_left() -> None:
    saved = SavedActivity(input_id=3, activity_id=41, customer_id=2, customer_name="三協金型(株)")
    blocks = _dicts(build_saved_blocks(_view(), saved, "U0DEMO003", "ja"))
    assert block_problems(blocks) == [] and all(b["type"] != "actions" for b in blocks)
    assert "活動 #41" in json.dumps(blocks, ensure_ascii=False)


def test_edit_modal_is_prefilled_and_valid() -> None:
    view = build_edit_modal(_view(), REF, "ja").to_dict()
    assert view_problems(view) == []
    blocks = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert blocks[action_ids.FIELD_DEAL_AMOUNT]["initial_value"] == "19800000"
    assert blocks[action_ids.FIELD_OCCURRED_ON]["initial_date"] == "2026-11-19"
    assert blocks[action_ids.FIELD_NEXT_ACTION]["initial_value"] == "納期回答 | 2026-12-05"
    assert action_ids.FIELD_CONFIRM_NEW not in blocks
    assert CardRef.model_validate_json(view["private_metadata"]) == REF


def test_unchanged_fields_keep_their_source_changed_ones_count_as_typed() -> None:
    original = _view().draft
    values = {
        action_ids.FIELD_CUSTOMER: "三協金型",
        action_ids.FIELD_ACTIVITY_TYPE: "visit",
        action_ids.FIELD_OCCURRED_ON: "2026-11-19",
        action_ids.FIELD_SUMMARY: MEMO,
        action_ids.FIELD_DEAL_AMOUNT: "2,000万",
        action_ids.FIELD_DEAL_STAGE: "quote",
        "contacts": "小野, 課長",
        action_ids.FIELD_NEXT_ACTION: "納期回答 | 2026-12-05\n再訪問",
    }
    edited, errors = apply_edits(original, values, "en")
    assert errors == {}
    assert edited.customer == original.customer  # same value: source span kept
    assert edited.deal.amount.value == Decimal("20000000") and edited.deal.amount.confidence == 1.0
    assert edited.deal.amount.source is None
    assert [a.description.value for a in edited.next_actions] == ["納期回答", "再訪問"]
    assert edited.next_actions[0] == original.next_actions[0]


def test_invalid_edits_are_reported_per_field() -> None:
    _, errors = apply_edits(
        _view().draft,
        {
            action_ids.FIELD_CUSTOMER: " ",
            action_ids.FIELD_DEAL_AMOUNT: "abc",
            action_ids.FIELD_OCCURRED_ON: None,
            action_ids.FIELD_NEXT_ACTION: "call | next week",
        },
        "en",
    )
    assert set(errors) == {
        action_ids.FIELD_CUSTOMER,
        action_ids.FIELD_DEAL_AMOUNT,
        action_ids.FIELD_OCCURRED_ON,
        action_ids.FIELD_NEXT_ACTION,
    }
    assert "“next week”" in errors[action_ids.FIELD_NEXT_ACTION]


def test_parse_amount() -> None:
    assert parse_amount("1,200,000") == Decimal("1200000")
    assert parse_amount("¥480万") == Decimal("4800000")
    assert parse_amount("1.5M") == Decimal("1500000")
    assert parse_amount("-5") is None and parse_amount("abc") is None


def test_warnings_shown_elsewhere_on_the_card_are_not_repeated() -> None:
    from capture.schema import DraftWarning

    view = _view(overdue=True)
    view.draft.warnings = [
        DraftWarning(key="overdue_invoices", params={"customer": "三協金型(株)", "count": 1, "amount": "¥6,600,000"}),
        DraftWarning(key="low_confidence", params={"field": "occurred_on"}),
    ]
    text = json.dumps(_dicts(build_draft_blocks(view, REF, "en")), ensure_ascii=False)
    assert text.count("6,600,000") == 1  # only in the overdue block
    assert "“occurred_on” was unclear" in text
