"""Questions through the real bolt app: mentions and DMs answered in threads, /ask, /invoice."""

from __future__ import annotations

import json

from tests.e2e.conftest import SlackSender, dm, mention
from tests.e2e.fake_slack import BOT_ID, BOT_USER_ID, FakeSlack


def test_mention_question_is_answered_in_its_thread_in_the_askers_language(
    bot_http: SlackSender, slack: FakeSlack
) -> None:
    response = bot_http.event(mention("U0DEMO001", "顧客一覧", ts="1763600001.000100"))
    assert response.status_code == 200
    [post] = slack.calls_to("chat.postMessage")
    assert post.params["channel"] == "C0SALES01"
    assert post.params["thread_ts"] == "1763600001.000100"
    blocks = post.json_param("blocks")
    text = blocks[0]["text"]["text"]
    assert (
        text.startswith("顧客 22 社") and "武蔵野ダイカスト株式会社" in text
    )  # Japanese locale → Japanese answer, demo customers


def test_dm_question_in_english_from_an_english_user(bot_http: SlackSender, slack: FakeSlack) -> None:
    bot_http.event(dm("U0DEMO006", "list customers?"))
    [post] = slack.calls_to("chat.postMessage")
    assert post.params["channel"] == "D0DM00001"
    assert "thread_ts" not in post.params  # a DM stays a flat conversation
    assert "customers:" in post.params["text"]


def test_follow_up_in_a_thread_is_read_with_the_threads_question(bot_http: SlackSender, slack: FakeSlack) -> None:
    slack.members["C0SALES01"] = [BOT_USER_ID, "U0DEMO001", "U0DEMO002"]  # a managers' channel: may see all
    slack.add_message("C0SALES01", {"type": "message", "user": "U0DEMO001", "ts": "1763600002.000100",
                                    "text": "<@UBOT00001> 武蔵野ダイカストの状況は?"})
    bot_http.event(mention("U0DEMO001", "担当は?", ts="1763600003.000100", thread_ts="1763600002.000100"))
    [replies] = slack.calls_to("conversations.replies")
    assert replies.params["ts"] == "1763600002.000100"
    [post] = slack.calls_to("chat.postMessage")
    assert post.params["thread_ts"] == "1763600002.000100"
    assert "武蔵野ダイカスト株式会社" in post.params["text"]  # "担当は?" alone names no customer


def test_the_bots_own_messages_and_other_bots_are_ignored(bot_http: SlackSender, slack: FakeSlack) -> None:
    bot_http.event(dm(BOT_USER_ID, "顧客一覧", bot_id=BOT_ID))
    bot_http.event(dm("U0OTHERBOT", "顧客一覧", bot_id="B0OTHER01", subtype="bot_message"))
    bot_http.event(dm("U0DEMO001", "顧客一覧", subtype="message_changed"))
    assert slack.calls_to("chat.postMessage") == []


def test_a_retried_event_is_answered_once(bot_http: SlackSender, slack: FakeSlack) -> None:
    event = mention("U0DEMO003", "顧客一覧")
    first = bot_http.event(event, event_id="Ev0RETRY01")
    retry = bot_http.event(event, event_id="Ev0RETRY01", retry_num=1)
    assert first.status_code == retry.status_code == 200
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_unsigned_or_badly_signed_requests_are_rejected(bot_http: SlackSender, slack: FakeSlack) -> None:
    response = bot_http.event(mention("U0DEMO001", "顧客一覧"), signed=False)
    assert response.status_code == 401
    forged = bot_http.post(
        json.dumps({"type": "event_callback", "event_id": "x", "event": {}}),
        "application/json",
        headers={"X-Slack-Signature": "v0=" + "0" * 64},
    )
    assert forged.status_code == 401
    assert slack.calls_to("chat.postMessage") == []


def test_unknown_slack_user_gets_a_clear_private_message(bot_http: SlackSender, slack: FakeSlack) -> None:
    slack.add_user("U0STRANGER", locale="en-US")
    bot_http.event(mention("U0STRANGER", "list customers?"))
    assert slack.calls_to("chat.postMessage") == []
    [ephemeral] = slack.calls_to("chat.postEphemeral")
    assert ephemeral.params["user"] == "U0STRANGER"
    assert "not registered" in ephemeral.params["text"] and "U0STRANGER" in ephemeral.params["text"]
    assert "ref `" in ephemeral.params["text"]


def test_ask_command_answers_privately_through_the_response_url(
    bot_http: SlackSender, slack: FakeSlack
) -> None:
    response = bot_http.command(
        "/ask", "deals in negotiation?", user="U0DEMO006", response_url=slack.response_url()
    )
    assert response.status_code == 200
    [answer] = slack.calls_to("response_url")
    assert answer.params["response_type"] == "ephemeral"
    assert "negotiation" in answer.params["text"].lower()


def test_ask_command_without_a_question_explains_how_to_use_it(
    bot_http: SlackSender, slack: FakeSlack
) -> None:
    bot_http.command("/ask", "  ", user="U0DEMO001", response_url=slack.response_url())
    [answer] = slack.calls_to("response_url")
    assert "/ask" in answer.params["text"] and "例" in answer.params["text"]


def test_invoice_command_lists_the_customers_invoices(bot_http: SlackSender, slack: FakeSlack) -> None:
    bot_http.command("/invoice", "丸和工業", user="U0DEMO001", response_url=slack.response_url())
    [answer] = slack.calls_to("response_url")
    assert answer.params["response_type"] == "ephemeral"
    text = answer.params["blocks"][0]["text"]["text"]
    assert text.startswith("有限会社丸和工業: 請求書")
    assert "INV-2026-0012" in text and "期日超過" in text  # unpaid since 2026-09-30


def test_invoice_command_for_an_unknown_customer_says_so(bot_http: SlackSender, slack: FakeSlack) -> None:
    bot_http.command("/invoice", "存在しない商事", user="U0DEMO001", response_url=slack.response_url())
    [answer] = slack.calls_to("response_url")
    assert "存在しない商事" in answer.params["text"] and "ref `" in answer.params["text"]


def test_a_grouped_pipeline_answer_comes_with_its_chart_in_the_thread(
    bot_http: SlackSender, slack: FakeSlack
) -> None:
    slack.members["C0SALES01"] = [BOT_USER_ID, "U0DEMO001", "U0DEMO002"]  # a managers' channel: may see all
    bot_http.event(mention("U0DEMO001", "担当者別の案件金額は?", ts="1763600020.000100"))
    [post] = slack.calls_to("chat.postMessage")
    assert post.params["thread_ts"] == "1763600020.000100"
    [get_url] = slack.calls_to("files.getUploadURLExternal")
    assert get_url.params["filename"] == "chart.png" and int(get_url.params["length"]) > 1000
    [upload] = slack.calls_to("upload")
    assert upload.params["size"] == int(get_url.params["length"])
    [complete] = slack.calls_to("files.completeUploadExternal")
    assert (
        complete.params["channel_id"] == "C0SALES01" and complete.params["thread_ts"] == "1763600020.000100"
    )


def test_an_answer_the_bot_cannot_place_offers_to_save_the_text_as_a_memo(
    bot_http: SlackSender, slack: FakeSlack
) -> None:
    bot_http.event(dm("U0DEMO003", "what about the weather?"))
    [post] = slack.calls_to("chat.postMessage")
    blocks = post.json_param("blocks")
    assert blocks[-1]["elements"][0]["action_id"] == "answer_save_as_memo"
    assert blocks[-1]["elements"][0]["value"] == "what about the weather?"


def test_without_a_slack_locale_the_message_language_decides(bot_http: SlackSender, slack: FakeSlack) -> None:
    slack.users["U0DEMO001"]["locale"] = ""  # 高橋 (ja in the CRM) asking in English
    bot_http.event(dm("U0DEMO001", "list customers?"))
    [post] = slack.calls_to("chat.postMessage")
    assert post.params["text"].startswith("22 customers:")


def test_the_request_url_passes_slacks_url_verification(bot_http: SlackSender) -> None:
    response = bot_http.post(json.dumps({"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                                         "type": "url_verification"}), "application/json")
    assert response.status_code == 200
    assert response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
