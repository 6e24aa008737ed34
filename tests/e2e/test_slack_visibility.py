"""The one visibility policy through the real bolt app: a channel answer never carries rows some member
may not see, the card's overdue warning stays with the rep, and what users wrote is never Slack markup."""

from __future__ import annotations

import json

from tests.e2e.conftest import SlackSender, dm, mention
from tests.e2e.fake_slack import BOT_USER_ID, FakeSlack

OTHER_REPS_DEALS = ["ファイバーレーザー加工機 導入", "立形マシニングセンタ 更新", "5軸マシニングセンタ 1台 (厚木工場)",
                    "バリ取りロボット 3台導入"]


def _everything_sent(slack: FakeSlack) -> str:
    return json.dumps([c.params for c in slack.calls], ensure_ascii=False)


def test_a_reps_answer_in_a_shared_channel_goes_to_the_rep_alone(bot_http: SlackSender, slack: FakeSlack) -> None:
    bot_http.event(mention("U0DEMO003", "交渉中の案件は?", ts="1763600100.000100"))  # 鈴木, with other reps there
    assert slack.calls_to("chat.postMessage") == []
    [ephemeral] = slack.calls_to("chat.postEphemeral")
    assert ephemeral.params["user"] == "U0DEMO003" and ephemeral.params["thread_ts"] == "1763600100.000100"
    blocks = json.dumps(ephemeral.json_param("blocks"), ensure_ascii=False)
    assert "あなたにだけ" in blocks  # the one-line note why
    assert "保守契約 更新 2027" in blocks  # his own deal
    assert not [name for name in OTHER_REPS_DEALS if name in _everything_sent(slack)]


def test_a_managers_numbers_are_not_posted_where_reps_read(bot_http: SlackSender, slack: FakeSlack) -> None:
    bot_http.event(mention("U0DEMO001", "担当者別の案件金額は?", ts="1763600101.000100"))
    assert slack.calls_to("chat.postMessage") == []
    [ephemeral] = slack.calls_to("chat.postEphemeral")
    assert ephemeral.params["user"] == "U0DEMO001" and "田中 美咲" in ephemeral.params["text"]
    assert slack.calls_to("files.getUploadURLExternal") == []  # the chart would be public: not uploaded


def test_one_unregistered_member_keeps_restricted_rows_out_of_the_channel(
    bot_http: SlackSender, slack: FakeSlack
) -> None:
    slack.add_user("U0GUEST01", locale="en-US")
    slack.members["C0MGMT001"] = [BOT_USER_ID, "U0DEMO001", "U0DEMO002", "U0GUEST01"]
    bot_http.event(mention("U0DEMO001", "交渉中の案件は?", channel="C0MGMT001"))
    assert slack.calls_to("chat.postMessage") == []
    [ephemeral] = slack.calls_to("chat.postEphemeral")
    assert ephemeral.params["user"] == "U0DEMO001"
    slack.members["C0MGMT002"] = [BOT_USER_ID, "U0DEMO001", "U0DEMO002"]  # managers only: posted there
    bot_http.event(mention("U0DEMO001", "交渉中の案件は?", channel="C0MGMT002", ts="1763600102.000100"))
    [post] = [c for c in slack.calls_to("chat.postMessage") if c.params["channel"] == "C0MGMT002"]
    assert "バリ取りロボット 3台導入" in post.params["text"]


def test_an_answer_every_member_may_see_is_posted_in_the_channel(bot_http: SlackSender, slack: FakeSlack) -> None:
    bot_http.event(mention("U0DEMO003", "顧客一覧"))  # the customer master is shared
    [post] = slack.calls_to("chat.postMessage")
    assert post.params["channel"] == "C0SALES01" and slack.calls_to("chat.postEphemeral") == []


def test_the_overdue_warning_of_a_card_in_a_channel_goes_to_the_rep_alone(
    bot_http: SlackSender, slack: FakeSlack
) -> None:
    bot_http.event(mention("U0DEMO004", "丸和工業を訪問。追加の治具を提案、見積 80万円。"))  # 佐藤's customer
    card = json.dumps([c.params.get("blocks") for c in slack.calls
                       if c.method in ("chat.update", "chat.postMessage")], ensure_ascii=False)
    assert "有限会社丸和工業" in card
    assert "INV-2026-0012" not in card and "期限超過" not in card
    [warning] = [c for c in slack.calls_to("chat.postEphemeral") if c.params["user"] == "U0DEMO004"]
    assert "期限超過" in warning.params["text"] and "あなたにだけ" in warning.params["text"]


def test_the_card_in_a_dm_keeps_its_overdue_warning(bot_http: SlackSender, slack: FakeSlack) -> None:
    bot_http.event(dm("U0DEMO004", "丸和工業を訪問。追加の治具を提案、見積 80万円。"))
    assert "INV-2026-0012" in _everything_sent(slack)
    assert slack.calls_to("chat.postEphemeral") == []


def test_what_a_memo_says_is_shown_never_run_as_slack_markup(bot_http: SlackSender, slack: FakeSlack) -> None:
    memo = "山田製作所を訪問。<!channel> 請求書は <https://evil.example/pay|請求書ポータル> から & 来週再訪。"
    bot_http.event(dm("U0DEMO003", memo))
    sent = _everything_sent(slack)
    assert "&lt;!channel&gt;" in sent and "&lt;https://evil.example/pay|請求書ポータル&gt;" in sent
    assert "<!channel>" not in sent and "<https://evil.example" not in sent


def test_a_question_quoting_markup_gets_it_back_as_text(bot_http: SlackSender, slack: FakeSlack) -> None:
    bot_http.event(dm("U0DEMO001", "<!here> 存在しない商事 <@U0DEMO004> の案件は?"))
    sent = json.dumps([c.params for c in slack.calls if c.method.startswith("chat.")], ensure_ascii=False)
    assert "<!here>" not in sent and "<@U0DEMO004>" not in sent
