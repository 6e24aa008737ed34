"""Failing out loud, payloads shaped like Slack's samples, and the knowledge-base reaction."""

from __future__ import annotations

import json
import logging
import re
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.wiring import Services
from core.questions import Answer, Question
from crm_store.ops_models import KnowledgeDocument
from tests.e2e.conftest import SAMPLES_DIR, SlackSender, dm, mention
from tests.e2e.fake_slack import FakeFile, FakeSlack


class ExplodingAnswerer:
    """An answering service with a bug: its exception text must never reach Slack."""

    kind = "pipeline"

    def score(self, question: Question) -> float:
        return 1.0 if "boom" in question.text else 0.0

    def answer(self, question: Question) -> Answer:
        raise RuntimeError("database password is hunter2")


def test_an_unexpected_error_becomes_a_reference_id_for_the_user_and_a_traceback_in_the_log(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    demo_services.answerers.append(ExplodingAnswerer())
    with caplog.at_level(logging.ERROR):
        bot_http.event(mention("U0DEMO006", "boom?"))
    [message] = slack.calls_to("chat.postEphemeral")  # privately, in the channel
    text = message.params["text"]
    assert "hunter2" not in text and "RuntimeError" not in text
    assert "Something went wrong" in text
    ref = re.search(r"ref `([0-9a-f]{8})`", text)
    assert ref is not None
    [record] = [r for r in caplog.records if ref.group(1) in r.getMessage()]
    assert record.exc_info is not None and "hunter2" in str(record.exc_info[1])


def test_a_japanese_user_gets_the_error_in_japanese(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services
) -> None:
    demo_services.answerers.append(ExplodingAnswerer())
    bot_http.event(dm("U0DEMO001", "boom?"))
    [message] = slack.calls_to("chat.postMessage")  # a DM is private already
    assert "システム側でエラーが発生しました" in message.params["text"]


def test_the_sample_file_share_payload_from_slack_is_handled(bot_http: SlackSender, slack: FakeSlack) -> None:
    """Slack's own sample of a message/file_share event (every key real traffic has), filled in."""
    sample = json.loads((SAMPLES_DIR / "events_MessageFileSharePayload.json").read_text(encoding="utf-8"))
    event = sample["event"]
    pdf = slack.add_file(
        FakeFile(
            id="F0SAMPLE1", name="spec.pdf", data=b"%PDF-1.4", mimetype="application/pdf", filetype="pdf"
        )
    )
    event.update(
        {
            "user": "U0DEMO006",
            "channel": "D0DM00001",
            "channel_type": "im",
            "ts": "1763600500.000100",
            "event_ts": "1763600500.000100",
            "thread_ts": None,
            "text": "",
            "files": [{**event["files"][0], **pdf}],
        }
    )
    event.pop("bot_id", None)
    bot_http.event(event)
    [reply] = slack.calls_to("chat.postMessage")
    assert "spec.pdf" in reply.params["text"]


@pytest.mark.slow
def test_bulb_reaction_saves_the_thread_to_the_knowledge_base_once(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services
) -> None:
    slack.add_message(
        "C0SALES01",
        {
            "type": "message",
            "user": "U0DEMO001",
            "ts": "1763600600.000100",
            "text": "金型メーカーへの提案は、試作リードタイム短縮の実績を先に示すと通りやすい。",
            "thread_ts": "1763600600.000100",
            "reply_count": 1,
        },
    )
    slack.add_message(
        "C0SALES01",
        {
            "type": "message",
            "user": "U0DEMO003",
            "ts": "1763600601.000100",
            "text": "三協金型さんでもその順番で説明して受注できました。",
            "thread_ts": "1763600600.000100",
        },
    )
    reaction = {
        "type": "reaction_added",
        "user": "U0DEMO003",
        "reaction": "bulb",
        "item_user": "U0DEMO001",
        "item": {"type": "message", "channel": "C0SALES01", "ts": "1763600600.000100"},
        "event_ts": "1763600700.000100",
    }
    bot_http.event(reaction)
    bot_http.event({**reaction, "reaction": "thumbsup"})  # other reactions are not a request
    with demo_services.db.session("test") as session:
        [doc] = session.exec(select(KnowledgeDocument).where(KnowledgeDocument.kind == "slack")).all()
    assert doc.source == "https://test.slack.com/archives/C0SALES01/p1763600600000100"
    assert doc.visibility == "everyone" and doc.author == "高橋 誠"
    [added] = slack.calls_to("reactions.add")
    assert added.params["name"] == "white_check_mark" and added.params["timestamp"] == "1763600600.000100"


def test_a_memo_stored_before_a_crash_is_drafted_once_by_the_recovery_sweep(
    slack: FakeSlack,
    slack_settings,  # noqa: ANN001
    demo_services: Services,
) -> None:
    from bot.background import build_worker
    from bot.slack.app import build_bot_context, build_web_client
    from capture.jobs import recover_stored_inputs

    capture, jobs = demo_services.capture, demo_services.jobs
    assert capture is not None and jobs is not None
    capture.store_text(  # stored, then the process died before queuing its draft
        "本日、山田製作所を訪問。見積 450万円を提出。",
        origin="slack",
        slack_user_id="U0DEMO003",
        slack_channel_id="D0DM00009",
        slack_ts="1763600800.000100",
    )
    bot = build_bot_context(slack_settings, demo_services, build_web_client(slack_settings))
    worker = build_worker(slack_settings, demo_services, bot)
    assert recover_stored_inputs(capture, jobs, older_than=timedelta(minutes=5)) == 0  # too fresh to judge
    assert recover_stored_inputs(capture, jobs, older_than=timedelta(0)) == 1
    assert recover_stored_inputs(capture, jobs, older_than=timedelta(0)) == 0  # already queued
    assert worker.run_until_idle() == 1
    [card] = slack.calls_to("chat.postMessage")
    assert card.params["channel"] == "D0DM00009"
    assert "株式会社山田製作所" in json.dumps(card.json_param("blocks"), ensure_ascii=False)
    assert recover_stored_inputs(capture, jobs, older_than=timedelta(0)) == 0  # drafted: no longer pending


def test_a_payload_the_bot_cannot_parse_still_gets_a_reference_id(bot_http: SlackSender, slack: FakeSlack,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    broken = mention("U0DEMO006", "list customers?")
    del broken["ts"]  # not a shape Slack sends, but the bot must not fail silently
    with caplog.at_level(logging.ERROR):
        response = bot_http.event(broken)
    assert response.status_code == 200
    [message] = slack.calls_to("chat.postEphemeral")
    assert message.params["user"] == "U0DEMO006" and message.params["channel"] == "C0SALES01"
    ref = re.search(r"ref `([0-9a-f]{8})`", message.params["text"])
    assert ref is not None and any(ref.group(1) in r.getMessage() for r in caplog.records)


class _BrokenExtractor:
    """An extractor that cannot read this memo (a problem the rep is told about)."""

    name = "broken"

    def extract(self, text: str, context: object) -> object:
        from capture import messages as capture_messages
        from core.errors import UserFacingError

        raise UserFacingError(capture_messages.LLM_FAILED, model="test-model")


def test_a_failed_memo_offers_retry_and_the_retry_drafts_it_in_the_same_message(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services
) -> None:
    capture = demo_services.capture
    assert capture is not None
    working = capture.extractor
    capture.extractor = _BrokenExtractor()  # type: ignore[assignment]
    bot_http.event(dm("U0DEMO006", "Visited Yamada Seisakusho today; quote of 4.5M yen submitted."))
    [placeholder] = slack.calls_to("chat.postMessage")
    [failure] = slack.calls_to("chat.update")
    assert failure.params["ts"] == placeholder.response["ts"]
    blocks = failure.json_param("blocks")
    [button] = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert button["action_id"] == "capture_retry" and "salesbot capture retry" in json.dumps(blocks)

    capture.extractor = working  # the cause is fixed; the rep presses Retry
    bot_http.interaction(
        {
            "type": "block_actions",
            "user": {"id": "U0DEMO006", "username": "u0demo006", "team_id": "T0TEST001"},
            "trigger_id": "1234.5678.trigger",
            "container": {"type": "message", "message_ts": failure.params["ts"], "channel_id": "D0DM00001",
                          "is_ephemeral": False},
            "channel": {"id": "D0DM00001", "name": "directmessage"},
            "message": {"ts": failure.params["ts"], "text": ""},
            "response_url": slack.response_url("action"),
            "actions": [{"action_id": "capture_retry", "block_id": blocks[-1].get("block_id", "b"),
                         "type": "button", "value": button["value"], "action_ts": "1763600100.000001"}],
        }
    )
    updates = slack.calls_to("chat.update")
    assert [u.params["ts"] for u in updates] == [failure.params["ts"]] * 3  # failure, working, card
    assert '"draft_save"' in json.dumps(updates[-1].json_param("blocks"))
    assert len(slack.calls_to("chat.postMessage")) == 1  # nothing new was posted


def test_capture_retry_queues_a_stored_input_for_a_worker(
    slack: FakeSlack, slack_settings, demo_services: Services  # noqa: ANN001
) -> None:
    from click.testing import CliRunner

    from bot.background import build_worker
    from bot.cli.main import cli
    from bot.slack.app import build_bot_context, build_web_client

    capture = demo_services.capture
    assert capture is not None
    input_id = capture.store_text(MEMO_JA, origin="slack", slack_user_id="U0DEMO003",
                                  slack_channel_id="D0DM00003", slack_ts="1763600900.000100")
    env = {"SALESBOT_DATA_DIR": str(demo_services.settings.data_dir), "SALESBOT_LANGUAGE": "en"}
    result = CliRunner().invoke(cli, ["capture", "retry", str(input_id)], env=env)
    assert result.exit_code == 0 and f"Input {input_id} is queued again" in result.output
    worker = build_worker(slack_settings, demo_services, build_bot_context(
        slack_settings, demo_services, build_web_client(slack_settings)))
    assert worker.run_until_idle() == 1
    [card] = slack.calls_to("chat.postMessage")
    assert card.params["channel"] == "D0DM00003" and '"draft_save"' in json.dumps(card.json_param("blocks"))
    missing = CliRunner().invoke(cli, ["capture", "retry", "999"], env=env)
    assert missing.exit_code == 1 and "999" in missing.output


MEMO_JA = "本日、山田製作所を訪問。見積 450万円を提出。"
