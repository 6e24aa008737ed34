"""A memo that moves a deal to lost: the card shows the loss reason and the edit modal sets it."""

from __future__ import annotations

import json

from bot.slack import action_ids
from bot.slack.draft_blocks import build_draft_blocks
from bot.slack.edit_modal import apply_edits, build_edit_modal
from capture.schema import FieldValue
from tests.unit.bot.test_slack_blocks import REF, _view


def _lost_view():
    view = _view()
    view.draft.deal.stage = FieldValue[str](value="lost", confidence=0.9)
    return view


def test_the_rep_types_the_reason_in_the_edit_modal_and_the_card_shows_it():
    view = _lost_view()
    modal = build_edit_modal(view, REF, "ja").to_dict()
    assert action_ids.FIELD_DEAL_LOSS_REASON in {b["block_id"] for b in modal["blocks"]}
    edited, errors = apply_edits(
        view.draft,
        {
            action_ids.FIELD_CUSTOMER: "三協金型",
            action_ids.FIELD_OCCURRED_ON: "2026-11-19",
            action_ids.FIELD_DEAL_STAGE: "lost",
            action_ids.FIELD_DEAL_LOSS_REASON: " 価格(競合が15%安い) ",
        },
        "ja",
    )
    assert errors == {} and edited.deal.loss_reason.value == "価格(競合が15%安い)"
    view.draft = edited
    card = json.dumps([b.to_dict() for b in build_draft_blocks(view, REF, "ja")], ensure_ascii=False)
    assert "失注理由" in card and "価格(競合が15%安い)" in card


def test_no_reason_line_while_none_is_known():
    card = json.dumps([b.to_dict() for b in build_draft_blocks(_lost_view(), REF, "en")])
    assert "Loss reason" not in card
