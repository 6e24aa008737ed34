"""The rep's day through the real bolt app and the spec-checked fake Slack: morning reminder DMs,
Done / Snooze / Open customer on them, the App Home (views.publish) and its buttons, the digest."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.settings import Settings
from bot.slack import action_ids
from bot.slack.app import build_web_client
from bot.slack.rep_day import SlackRepDayPoster
from bot.wiring import Services
from crm_store.models import AuditLog, Deal, NextAction
from crm_store.rep_day.service import RepDayService
from crm_store.working_days import WorkingCalendar
from tests.conftest import DEMO_TODAY
from tests.e2e.conftest import SlackSender
from tests.e2e.fake_slack import FakeSlack, RecordedCall

MORNING = datetime(2026, 11, 20, 0, 30, tzinfo=UTC)  # Friday 09:30 in Tokyo (the fake's users' tz)


@pytest.fixture
def poster(slack_settings: Settings) -> SlackRepDayPoster:
    return SlackRepDayPoster(build_web_client(slack_settings))


def _rep_day(services: Services) -> RepDayService:
    assert services.rep_day is not None
    return services.rep_day


def _dm_to(slack: FakeSlack, user: str) -> RecordedCall:
    [post] = [c for c in slack.calls_to("chat.postMessage") if c.params["channel"] == "D" + user[1:]]
    return post


def _buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for block in blocks:
        found += [e for e in block.get("elements") or [] if e.get("type") == "button"]
        if (block.get("accessory") or {}).get("type") == "button":
            found.append(block["accessory"])
    return found


def _click(sender: SlackSender, user: str, button: dict[str, Any], *, message: RecordedCall | None = None,
           home: dict[str, Any] | None = None) -> None:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "team_id": "T0TEST001"},
        "trigger_id": "1234.5678.trigger",
        "actions": [{"action_id": button["action_id"], "block_id": "b", "type": "button",
                     "value": button["value"], "action_ts": "1763600100.000001"}],
    }
    if message is not None:
        channel, ts = message.params["channel"], message.response["ts"]  # type: ignore[index]
        payload |= {
            "container": {"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": False},
            "channel": {"id": channel, "name": "directmessage"},
            "message": {"ts": ts, "text": message.params["text"], "blocks": message.json_param("blocks")},
        }
    else:
        payload |= {"container": {"type": "view", "view_id": "V0HOME0001"},
                    "view": {"id": "V0HOME0001", "type": "home", **(home or {})}}
    assert sender.interaction(payload).status_code == 200


def test_each_rep_gets_one_morning_dm_with_exactly_their_due_actions(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services, poster: SlackRepDayPoster
) -> None:
    service = _rep_day(demo_services)
    expected = {r.slack_user_id: r for r in service.reminders(DEMO_TODAY) if r.actions}
    assert service.send_due_reminders(poster, MORNING - timedelta(hours=1)) == 0  # 08:30: not yet
    sent = service.send_due_reminders(poster, MORNING)
    assert sent == len(expected) >= 4
    for user, reminder in expected.items():
        post = _dm_to(slack, user or "")
        blocks = post.json_param("blocks")
        done = [b for b in _buttons(blocks) if b["action_id"] == action_ids.REMINDER_DONE]
        shown = sorted(json.loads(b["value"])["action"] for b in done)
        assert shown == sorted(a.id for a in reminder.actions)
        text = json.dumps(blocks, ensure_ascii=False)
        for other in expected.values():  # nobody sees another rep's follow-ups
            if other is not reminder:
                assert all(a.description not in text for a in other.actions if a.description)
    assert _dm_to(slack, "U0DEMO006").params["text"].startswith("Good morning")  # users.language = en
    assert _dm_to(slack, "U0DEMO003").params["text"].startswith("おはようございます")
    assert {c.params["users"] for c in slack.calls_to("conversations.open")} == set(expected)
    assert service.send_due_reminders(poster, MORNING + timedelta(hours=2)) == 0  # once a day
    assert len(slack.calls_to("chat.postMessage")) == len(expected)


def test_done_on_a_reminder_closes_the_action_and_updates_the_message(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services, poster: SlackRepDayPoster
) -> None:
    _rep_day(demo_services).send_due_reminders(poster, MORNING)
    post = _dm_to(slack, "U0DEMO003")
    done = next(b for b in _buttons(post.json_param("blocks")) if b["action_id"] == action_ids.REMINDER_DONE)
    action_id = json.loads(done["value"])["action"]

    _click(bot_http, "U0DEMO004", done, message=post)  # another rep (a forged click): refused, in their DM
    refusal = slack.calls_to("chat.postMessage")[-1]
    assert refusal.params["channel"] == "D0DEMO004" and "鈴木 一郎" in refusal.params["text"]

    _click(bot_http, "U0DEMO003", done, message=post)
    [update] = slack.calls_to("chat.update")
    blocks = update.json_param("blocks")
    block_id = f"{action_ids.ACTION_CONTROLS_PREFIX}{action_id}"
    controls = next(b for b in blocks if b.get("block_id") == block_id)
    assert controls["type"] == "context" and "完了" in controls["elements"][0]["text"]
    assert len([b for b in blocks if b["type"] == "actions"]) == len(
        [b for b in post.json_param("blocks") if b["type"] == "actions"]) - 1
    with demo_services.db.session("read") as s:
        action = s.get(NextAction, action_id)
        assert action is not None and action.done and action.done_at is not None
        audit = s.exec(select(AuditLog).where(
            AuditLog.table_name == "next_actions", AuditLog.row_id == action_id, AuditLog.action == "update"
        )).one()
    assert audit.actor == "slack:U0DEMO003"
    remaining = _rep_day(demo_services).reminders(DEMO_TODAY, who="U0DEMO003")[0]
    assert action_id not in [a.id for a in remaining.actions]


def test_snooze_a_week_and_open_customer_from_a_reminder(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services, poster: SlackRepDayPoster
) -> None:
    _rep_day(demo_services).send_due_reminders(poster, MORNING)
    post = _dm_to(slack, "U0DEMO006")
    buttons = {b["action_id"]: b for b in _buttons(post.json_param("blocks"))}
    _click(bot_http, "U0DEMO006", buttons[action_ids.REMINDER_SNOOZE_WEEK], message=post)
    action_id = json.loads(buttons[action_ids.REMINDER_SNOOZE_WEEK]["value"])["action"]
    with demo_services.db.session("read") as s:
        action = s.get(NextAction, action_id)
        assert action is not None and not action.done
        # A week from the rep's own today (Tokyo), or the first working day after it.
        calendar = WorkingCalendar(holidays="JP")
        assert action.snoozed_until in {calendar.next_working_day(date.today() + timedelta(days=days))
                                        for days in (7, 8)}
    [update] = slack.calls_to("chat.update")
    assert "Snoozed until" in json.dumps(update.json_param("blocks"))

    _click(bot_http, "U0DEMO006", buttons[action_ids.OPEN_CUSTOMER], message=post)
    [modal] = slack.calls_to("views.open")
    view = modal.json_param("view")
    assert view["type"] == "modal" and "Pacific Precision" in json.dumps(view)


def test_app_home_shows_a_reps_own_day_and_done_works_from_there(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services
) -> None:
    bot_http.event({"type": "app_home_opened", "user": "U0DEMO003", "channel": "D0DEMO003", "tab": "home",
                    "event_ts": "1763600000.000100"})
    [publish] = slack.calls_to("views.publish")
    assert publish.params["user_id"] == "U0DEMO003"
    view = publish.json_param("view")
    text = json.dumps(view, ensure_ascii=False)
    assert view["type"] == "home" and "私のネクストアクション" in text and "私の進行中の案件" in text
    assert "ステージ別パイプライン" not in text  # the manager's section is for managers
    own = {r.slack_user_id: r for r in _rep_day(demo_services).reminders(DEMO_TODAY)}
    assert all(a.description in text for a in own["U0DEMO003"].actions)
    assert not any(a.description in text for a in own["U0DEMO004"].actions)

    done = next(b for b in _buttons(view["blocks"]) if b["action_id"] == action_ids.REMINDER_DONE)
    _click(bot_http, "U0DEMO003", done, home=view)
    assert len(slack.calls_to("views.publish")) == 2  # the tab is republished without it
    action_id = json.loads(done["value"])["action"]
    republished = json.dumps(slack.home_views["U0DEMO003"])
    assert f"{action_ids.ACTION_CONTROLS_PREFIX}{action_id}\"" not in republished


def test_app_home_for_a_manager_has_the_pipeline_chart_and_quiet_deals(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services
) -> None:
    bot_http.event({"type": "app_home_opened", "user": "U0DEMO001", "tab": "home", "event_ts": "1.2"})
    text = json.dumps(slack.home_views["U0DEMO001"], ensure_ascii=False)
    assert "ステージ別パイプライン" in text and "█" in text
    assert "30日以上活動のない案件" in text and "レーザー加工機 導入" in text  # last visit 2026-09-04


def test_an_unsaved_draft_opens_again_from_the_home_tab(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services
) -> None:
    capture = demo_services.capture
    assert capture is not None
    input_id = capture.store_text("山田製作所を訪問。来週金曜に見積提出。", origin="slack", slack_user_id="U0DEMO003",
                                  slack_channel_id="D0DEMO003", slack_ts="1763600000.000900")
    capture.draft(input_id)
    bot_http.event({"type": "app_home_opened", "user": "U0DEMO003", "tab": "home", "event_ts": "1.3"})
    view = slack.home_views["U0DEMO003"]
    [open_draft] = [b for b in _buttons(view["blocks"]) if b["action_id"] == action_ids.OPEN_DRAFT]
    _click(bot_http, "U0DEMO004", open_draft, home=view)  # not theirs: nothing shown
    assert slack.calls_to("chat.postMessage")[-1].params["channel"] == "D0DEMO004"
    _click(bot_http, "U0DEMO003", open_draft, home=view)
    card = slack.calls_to("chat.postMessage")[-1]
    assert card.params["channel"] == "D0DEMO003"
    assert action_ids.SAVE_DRAFT in json.dumps(card.json_param("blocks"))


def test_the_weekly_digest_goes_to_managers_on_monday_morning_once(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services, poster: SlackRepDayPoster
) -> None:
    with demo_services.db.session("slack:U0DEMO003") as s:
        deal = s.exec(select(Deal).where(Deal.name == "レーザー加工機 導入", Deal.stage == "proposal")).one()
        deal.stage, deal.loss_reason = "lost", "価格"
        s.add(deal)
    # Today in Tokyo (the fake's users' zone), whose weeks the digest reports: from 15:00 UTC on a Sunday,
    # a UTC "coming Monday" is Tokyo's today, and its week would end before these writes.
    today = datetime.now(ZoneInfo("Asia/Tokyo")).date()
    monday = today + timedelta(days=7 - today.weekday())  # the coming Monday; this week is in its digest
    service = _rep_day(demo_services)
    day = service.calendar.observed(monday) or monday  # a holiday Monday's (成人の日, 海の日…): Tuesday
    nine_thirty = datetime(day.year, day.month, day.day, 0, 30, tzinfo=UTC)  # 09:30 in Tokyo
    assert service.send_weekly_digests(poster, nine_thirty - timedelta(days=1)) == 0  # Sunday, or the holiday
    assert service.send_weekly_digests(poster, nine_thirty) == 1
    assert service.send_weekly_digests(poster, nine_thirty + timedelta(hours=1)) == 0
    [post] = slack.calls_to("chat.postMessage")
    assert post.params["channel"] == "D0DEMO001"  # the manager only
    text = "\n".join(b["text"]["text"] for b in post.json_param("blocks"))
    lost = text.split("*失注*")[1].split("*見込みと実績*")[0]  # the demo import itself is this week's news
    assert any("レーザー加工機 導入" in line and "理由: 価格" in line for line in lost.splitlines())
    assert "確度加重" in text.split("*見込みと実績*")[1]  # the pipeline's forecast answer


def test_reminders_and_digest_are_scheduled_jobs_run_by_a_worker_once(
    slack_settings: Settings, slack: FakeSlack, demo_services: Services
) -> None:
    from bot.background import build_queue, build_worker, periodic_tasks
    from bot.slack.app import build_bot_context
    from crm_store.rep_day.jobs import REMINDERS_JOB, WEEKLY_DIGEST_JOB

    names = {t.kind for t in periodic_tasks(slack_settings, demo_services)}
    assert {REMINDERS_JOB, WEEKLY_DIGEST_JOB} <= names
    without_slack = periodic_tasks(demo_services.settings, demo_services)
    assert REMINDERS_JOB not in {t.kind for t in without_slack}

    bot = build_bot_context(slack_settings, demo_services, build_web_client(slack_settings))
    worker = build_worker(slack_settings, demo_services, bot)
    queue = build_queue(slack_settings, demo_services)
    expected = [r for r in _rep_day(demo_services).reminders(DEMO_TODAY) if r.actions]
    for minutes in (0, 5):  # two scheduler slots on the same morning
        queue.enqueue(REMINDERS_JOB, {"now": (MORNING + timedelta(minutes=minutes)).isoformat()})
        worker.run_until_idle()
    assert len(slack.calls_to("chat.postMessage")) == len(expected)


def test_someone_not_in_the_crm_gets_a_home_tab_saying_whom_to_ask(
    bot_http: SlackSender, slack: FakeSlack, demo_services: Services
) -> None:
    slack.add_user("U0STRANGER", locale="en-US")
    bot_http.event({"type": "app_home_opened", "user": "U0STRANGER", "tab": "home", "event_ts": "1.4"})
    text = json.dumps(slack.home_views["U0STRANGER"])
    assert "not registered" in text and "U0STRANGER" in text
    bot_http.event({"type": "app_home_opened", "user": "U0DEMO003", "tab": "messages", "event_ts": "1.5"})
    assert "U0DEMO003" not in slack.home_views  # the Messages tab needs nothing
