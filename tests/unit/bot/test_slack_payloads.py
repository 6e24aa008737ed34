"""Payload models: mentions stripped, where replies go, modal values flattened."""

from __future__ import annotations

from bot.slack.payloads import BlockAction, CardRef, MessageEvent, modal_values


def test_mention_text_is_cleaned_and_replies_thread_in_channels() -> None:
    event = MessageEvent.model_validate(
        {
            "type": "app_mention",
            "user": "U1",
            "text": "<@UBOT01> 顧客一覧 <@U2|bob>",
            "ts": "1.000001",
            "channel": "C1",
            "unknown_key": 1,
        }
    )
    assert event.clean_text == "顧客一覧"
    assert event.reply_thread_ts == "1.000001"
    assert not event.is_dm


def test_dms_stay_flat_unless_already_in_a_thread() -> None:
    flat = MessageEvent(type="message", user="U1", text="x", ts="2.0", channel="D1", channel_type="im")
    threaded = MessageEvent(
        type="message", user="U1", text="x", ts="3.0", thread_ts="2.0", channel="D1", channel_type="im"
    )
    assert flat.reply_thread_ts is None and threaded.reply_thread_ts == "2.0"


def test_card_ref_round_trips_through_a_button_value() -> None:
    ref = CardRef(input_id=7, owner="U1", language="ja", channel="D1", ts="1.2")
    action = BlockAction.model_validate(
        {
            "user": {"id": "U1"},
            "actions": [{"action_id": "a", "value": ref.dump()}],
            "container": {"channel_id": "D1", "message_ts": "1.2"},
        }
    )
    assert action.value() == ref and action.channel_id == "D1"
    assert len(ref.dump()) < 200


def test_modal_values_flatten_each_element_type() -> None:
    state = {
        "values": {
            "a": {"a": {"type": "plain_text_input", "value": "x"}},
            "b": {"b": {"type": "datepicker", "selected_date": "2026-11-20"}},
            "c": {"c": {"type": "static_select", "selected_option": {"value": "visit"}}},
            "d": {"d": {"type": "static_select", "selected_option": None}},
            "e": {"e": {"type": "checkboxes", "selected_options": [{"value": "yes"}]}},
        }
    }
    assert modal_values(state) == {"a": "x", "b": "2026-11-20", "c": "visit", "d": None, "e": ["yes"]}
