"""The typed-memo capture flow through the real bolt app: card → Save / Edit / Discard → CRM rows."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import select

from bot.slack import action_ids
from bot.wiring import Services
from crm_store.models import Activity, Customer, NextAction, User
from crm_store.ops_models import StoredInput
from tests.e2e.conftest import SlackSender, dm, mention
from tests.e2e.fake_slack import FakeSlack

MEMO_JA = (
    "本日、山田製作所を訪問。製造部の佐藤部長と面談し、新型CNC旋盤の見積 450万円を提出。"
    "来週金曜までに再見積を送付する。"
)


def _card(slack: FakeSlack) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The latest draft card (blocks) and its Save button's value."""
    update = slack.calls_to("chat.update")[-1]
    blocks = update.json_param("blocks")
    buttons = {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}
    return blocks, buttons


def _click(
    bot_http: SlackSender,
    slack: FakeSlack,
    action_id: str,
    *,
    user: str,
    channel: str = "D0DM00001",
    value: str | None = None,
) -> None:
    update = slack.calls_to("chat.update")[-1]
    _, buttons = _card(slack)
    bot_http.interaction(
        {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "team_id": "T0TEST001"},
            "trigger_id": "1234.5678.trigger",
            "container": {
                "type": "message",
                "message_ts": update.params["ts"],
                "channel_id": channel,
                "is_ephemeral": False,
            },
            "channel": {"id": channel, "name": "directmessage"},
            "message": {"ts": update.params["ts"], "text": ""},
            "response_url": slack.response_url("action"),
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": "draft_actions",
                    "type": "button",
                    "value": value or buttons[action_id]["value"],
                    "action_ts": "1763600100.000001",
                }
            ],
        }
    )


def _activities(services: Services) -> list[Activity]:
    with services.db.session("test") as session:
        return list(session.exec(select(Activity).where(Activity.input_id.is_not(None))))  # type: ignore[union-attr]


def test_typed_memo_becomes_a_draft_card_with_confidence_and_sources(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services
) -> None:
    bot_http.event(dm("U0DEMO003", MEMO_JA, ts="1763600010.000100"))
    [working] = slack.calls_to("chat.postMessage")
    assert "処理中" in working.params["text"]
    update = slack.calls_to("chat.update")[-1]
    assert update.params["ts"] == working.response["ts"]  # the "working" message turned into the card
    blocks, buttons = _card(slack)
    text = json.dumps(blocks, ensure_ascii=False)
    assert "株式会社山田製作所" in text and "CRM の顧客と一致" in text
    assert "4,500,000円" in text and "%`" in text
    assert "> _“見積 450万円" in text or "450万円" in text  # the source span behind the amount
    assert set(buttons) == {action_ids.SAVE_DRAFT, action_ids.EDIT_DRAFT, action_ids.DISCARD_DRAFT}
    assert json.loads(buttons[action_ids.SAVE_DRAFT]["value"])["owner"] == "U0DEMO003"
    with demo_services.db.session("test") as session:  # stored before processing, nothing saved yet
        stored = session.exec(select(StoredInput)).all()
        assert [s.slack_ts for s in stored] == ["1763600010.000100"]
    assert _activities(demo_services) == []


def test_save_writes_the_activity_with_who_approved_it_and_updates_the_card(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services
) -> None:
    bot_http.event(dm("U0DEMO003", MEMO_JA))
    _click(bot_http, slack, action_ids.SAVE_DRAFT, user="U0DEMO003")
    _click(
        bot_http,
        slack,
        action_ids.SAVE_DRAFT,
        user="U0DEMO003",
        value=json.loads(json.dumps(_first_card_value(slack))),
    )  # a double tap on the old card
    [activity] = _activities(demo_services)
    with demo_services.db.session("test") as session:
        approver = session.get(User, activity.approved_by_id)
        customer = session.get(Customer, activity.customer_id)
        actions = session.exec(select(NextAction).where(NextAction.activity_id == activity.id)).all()
    assert approver is not None and approver.slack_user_id == "U0DEMO003"
    assert customer is not None and customer.name == "株式会社山田製作所"
    assert activity.type == "visit" and activity.approved_at is not None
    assert [a.description for a in actions] == ["来週金曜までに再見積を送付する"]
    saved_card = slack.calls_to("chat.update")[-1]
    assert "保存しました" in saved_card.params["text"] and f"#{activity.id}" in saved_card.params["text"]
    assert all(b["type"] != "actions" for b in saved_card.json_param("blocks"))


def _first_card_value(slack: FakeSlack) -> str:
    for call in slack.calls_to("chat.update"):
        for block in call.json_param("blocks"):
            if block["type"] == "actions":
                return block["elements"][0]["value"]
    raise AssertionError("no card")


def test_discard_writes_nothing_and_says_so(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services
) -> None:
    bot_http.event(dm("U0DEMO003", MEMO_JA))
    _click(bot_http, slack, action_ids.DISCARD_DRAFT, user="U0DEMO003")
    assert "破棄しました" in slack.calls_to("chat.update")[-1].params["text"]
    assert _activities(demo_services) == []
    with demo_services.db.session("test") as session:
        assert session.exec(select(StoredInput.status)).all() == ["discarded"]


def test_only_the_memos_author_can_save_it(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services
) -> None:
    bot_http.event(mention("U0DEMO003", MEMO_JA))
    _click(bot_http, slack, action_ids.SAVE_DRAFT, user="U0DEMO004", channel="C0SALES01")
    [ephemeral] = [c for c in slack.calls_to("chat.postEphemeral") if c.params["user"] == "U0DEMO004"]
    assert ephemeral.params["user"] == "U0DEMO004" and "<@U0DEMO003>" in ephemeral.params["text"]
    assert _activities(demo_services) == []


def test_card_warns_before_upselling_to_a_customer_with_overdue_invoices(
    bot_http: SlackSender, slack: FakeSlack
) -> None:
    bot_http.event(dm("U0DEMO004", "丸和工業を訪問。追加の治具を提案、見積 80万円。"))
    blocks, _ = _card(slack)
    text = json.dumps(blocks, ensure_ascii=False)
    assert "未入金の請求書があります" in text and "INV-2026-0012" in text


def test_new_customer_save_asks_for_confirmation_first(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services
) -> None:
    bot_http.event(dm("U0DEMO003", "新規の青空工業を訪問。来月デモ予定。"))
    blocks, buttons = _card(slack)
    assert "新規顧客" in json.dumps(blocks, ensure_ascii=False)
    assert "confirm" in buttons[action_ids.SAVE_DRAFT]  # Slack shows the dialog before the click arrives
    _click(bot_http, slack, action_ids.SAVE_DRAFT, user="U0DEMO003")
    with demo_services.db.session("test") as session:
        assert session.exec(select(Customer).where(Customer.name == "青空工業")).first() is not None


def test_edit_opens_a_prefilled_modal_validates_and_saves(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services
) -> None:
    bot_http.event(dm("U0DEMO003", MEMO_JA))
    _click(bot_http, slack, action_ids.EDIT_DRAFT, user="U0DEMO003")
    [opened] = slack.calls_to("views.open")
    view = opened.json_param("view")
    assert opened.params["trigger_id"] == "1234.5678.trigger"
    by_block = {b["block_id"]: b for b in view["blocks"]}
    assert by_block[action_ids.FIELD_CUSTOMER]["element"]["initial_value"] == "株式会社山田製作所"
    assert by_block[action_ids.FIELD_DEAL_AMOUNT]["element"]["initial_value"] == "4500000"

    def submit(amount: str) -> Any:
        state = {
            "values": {
                action_ids.FIELD_CUSTOMER: {
                    action_ids.FIELD_CUSTOMER: {"type": "plain_text_input", "value": "株式会社山田製作所"}
                },
                action_ids.FIELD_ACTIVITY_TYPE: {
                    action_ids.FIELD_ACTIVITY_TYPE: {
                        "type": "static_select",
                        "selected_option": {"value": "meeting"},
                    }
                },
                action_ids.FIELD_OCCURRED_ON: {
                    action_ids.FIELD_OCCURRED_ON: {"type": "datepicker", "selected_date": "2026-11-19"}
                },
                action_ids.FIELD_DEAL_AMOUNT: {
                    action_ids.FIELD_DEAL_AMOUNT: {"type": "plain_text_input", "value": amount}
                },
                action_ids.FIELD_NEXT_ACTION: {
                    action_ids.FIELD_NEXT_ACTION: {
                        "type": "plain_text_input",
                        "value": "再見積を送付 | 2026-11-27",
                    }
                },
            }
        }
        return bot_http.interaction(
            {
                "type": "view_submission",
                "user": {"id": "U0DEMO003", "team_id": "T0TEST001"},
                "view": {**view, "id": "V0TEST001", "state": state},
            }
        )

    rejected = submit("four million")
    assert rejected.status_code == 200
    assert rejected.json() == {
        "response_action": "errors",
        "errors": {action_ids.FIELD_DEAL_AMOUNT: "1200000 のような数値で入力してください。"},
    }
    assert _activities(demo_services) == []
    accepted = submit("480万")
    assert accepted.status_code == 200 and accepted.text == ""
    [activity] = _activities(demo_services)
    assert activity.type == "meeting" and activity.occurred_on.isoformat() == "2026-11-19"
    assert activity.extracted is not None
    assert "保存しました" in slack.calls_to("chat.update")[-1].params["text"]


def test_save_as_memo_on_an_answer_turns_the_text_into_a_draft(
    bot_http: SlackSender, slack: FakeSlack
) -> None:
    bot_http.event(
        dm("U0DEMO003", "新規の青空工業を訪問、反応は上々?")
    )  # a memo the rules read as a question
    [answer] = slack.calls_to("chat.postMessage")
    button = answer.json_param("blocks")[-1]["elements"][0]
    assert button["action_id"] == action_ids.SAVE_ANSWER_AS_MEMO
    bot_http.interaction(
        {
            "type": "block_actions",
            "user": {"id": "U0DEMO003"},
            "trigger_id": "1.2.3",
            "container": {"type": "message", "message_ts": answer.response["ts"], "channel_id": "D0DM00001"},
            "channel": {"id": "D0DM00001"},
            "actions": [
                {
                    "action_id": button["action_id"],
                    "value": button["value"],
                    "type": "button",
                    "block_id": "b",
                }
            ],
        }
    )
    blocks, buttons = _card(slack)
    assert "青空工業" in json.dumps(blocks, ensure_ascii=False)
    assert action_ids.SAVE_DRAFT in buttons
