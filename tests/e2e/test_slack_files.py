"""Voice memos and photos through the real bolt app: downloaded with the bot token, read for real."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.demo.dataset import DATA_DIR
from bot.settings import Settings
from bot.slack.capture_flow import process_file_jobs
from bot.wiring import Services
from capture.jobs import FILE_JOB
from core.clock import utcnow
from tests.e2e.conftest import SlackSender, dm
from tests.e2e.fake_slack import BOT_TOKEN, FakeFile, FakeSlack
from tests.integration.capture.capture_media import ffmpeg, offline_whisper_model


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The demo glossary and the offline Whisper tiny.en (English only) for real transcription."""
    return settings.model_copy(
        update={
            "glossary_path": DATA_DIR / "glossary.yaml",
            "whisper_model": offline_whisper_model() or "tiny.en",
            "capture_own_company": ["東邦精機"],
        }
    )


@pytest.fixture(scope="session")
def jfk_m4a(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from tests.conftest import SHARED_DIR

    source = SHARED_DIR / "audio" / "jfk.flac"
    if not source.exists():
        pytest.skip(f"test audio {source} is absent (see /work/shared/audio/README.md)")
    target = tmp_path_factory.mktemp("audio") / "clip.m4a"
    ffmpeg("-i", str(source), "-c:a", "aac", "-b:a", "64k", str(target))
    return target.read_bytes()


def _card_text(slack: FakeSlack) -> str:
    return json.dumps(slack.calls_to("chat.update")[-1].json_param("blocks"), ensure_ascii=False)


@pytest.mark.slow
def test_slack_audio_clip_is_transcribed_into_a_draft_card(
    bot_http: SlackSender, slack: FakeSlack, jfk_m4a: bytes
) -> None:
    # Slack's own clips: subtype slack_audio, served with a content type that says nothing useful.
    clip = slack.add_file(
        FakeFile(
            id="F0AUDIO01",
            name="audio_message.m4a",
            data=jfk_m4a,
            mimetype="audio/mp4",
            filetype="m4a",
            subtype="slack_audio",
            served_content_type="binary/octet-stream",
        )
    )
    bot_http.event(dm("U0DEMO006", "", subtype="file_share", files=[clip]))
    [working] = slack.calls_to("chat.postMessage")
    assert "voice memo" in working.params["text"]
    [download] = slack.calls_to("download")
    assert download.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    card = _card_text(slack)
    assert "ask not what your country" in card.lower() and "Transcript" in card


def test_photo_of_notes_is_read_into_a_draft_card(
    bot_http: SlackSender, slack: FakeSlack, note_png: bytes
) -> None:
    photo = slack.add_file(
        FakeFile(id="F0PHOTO01", name="IMG_0001.png", data=note_png, mimetype="image/png", filetype="png")
    )
    bot_http.event(dm("U0DEMO003", "", subtype="file_share", files=[photo]))
    card = _card_text(slack)
    assert "三協金型(株)" in card and "19,800,000円" in card and "写真から読み取った文字" in card


def test_slack_connect_file_is_looked_up_with_files_info(
    bot_http: SlackSender, slack: FakeSlack, note_png: bytes
) -> None:
    slack.add_file(
        FakeFile(id="F0CONNECT", name="note.png", data=note_png, mimetype="image/png", filetype="png")
    )
    bot_http.event(dm("U0DEMO003", "", subtype="file_share", files=[slack.connect_stub("F0CONNECT")]))
    [info] = slack.calls_to("files.info")
    assert info.params["file"] == "F0CONNECT"
    assert len(slack.calls_to("download")) == 1
    assert "三協金型(株)" in _card_text(slack)


def test_a_file_the_bot_may_not_download_gets_a_specific_message(
    bot_http: SlackSender, slack: FakeSlack, note_png: bytes
) -> None:
    slack.deny_downloads = True
    photo = slack.add_file(
        FakeFile(id="F0DENIED1", name="IMG_0002.png", data=note_png, mimetype="image/png", filetype="png")
    )
    bot_http.event(dm("U0DEMO006", "", subtype="file_share", files=[photo]))
    text = slack.calls_to("chat.update")[-1].params["text"]
    assert "files:read" in text and "IMG_0002.png" in text and "ref `" in text


def test_a_file_that_is_neither_audio_nor_photo_is_refused_clearly(
    bot_http: SlackSender, slack: FakeSlack
) -> None:
    pdf = slack.add_file(
        FakeFile(
            id="F0PDF0001", name="quote.pdf", data=b"%PDF-1.4", mimetype="application/pdf", filetype="pdf"
        )
    )
    bot_http.event(dm("U0DEMO006", "", subtype="file_share", files=[pdf]))
    [reply] = slack.calls_to("chat.postMessage")
    assert "quote.pdf" in reply.params["text"] and "voice memos" in reply.params["text"]
    assert slack.calls_to("download") == []


def test_a_rate_limited_call_is_retried_after_retry_after(bot_http: SlackSender, slack: FakeSlack) -> None:
    slack.rate_limit_once("chat.postMessage", retry_after=1)
    bot_http.event(dm("U0DEMO006", "list customers?"))
    first, second = slack.calls_to("chat.postMessage")
    assert second.at - first.at >= 1.0
    assert second.response is not None and second.response["ok"] is True


def _bot(slack_settings: Settings, services: Services):  # noqa: ANN202
    """A restarted process: its own Slack client and worker."""
    from bot.background import build_worker
    from bot.slack.app import build_bot_context, build_web_client

    bot = build_bot_context(slack_settings, services, build_web_client(slack_settings))
    bot.worker = build_worker(slack_settings, services, bot)
    return bot


def test_a_download_that_fails_transiently_is_retried_after_a_backoff(
    bot_http: SlackSender,
    slack: FakeSlack,
    note_png: bytes,
    slack_settings: Settings,
    demo_services: Services,
) -> None:
    slack.failing_downloads = 1
    photo = slack.add_file(
        FakeFile(id="F0RETRY01", name="IMG_0003.png", data=note_png, mimetype="image/png", filetype="png")
    )
    bot_http.event(dm("U0DEMO003", "", subtype="file_share", files=[photo]))
    assert demo_services.jobs is not None and demo_services.jobs.counts() == {"queued": 1}
    assert slack.calls_to("chat.update") == []  # still "working on it"
    assert process_file_jobs(_bot(slack_settings, demo_services)) == 0  # not due yet (backoff)
    assert process_file_jobs(_bot(slack_settings, demo_services), now=utcnow() + timedelta(minutes=5)) == 1
    assert demo_services.jobs.counts() == {"done": 1}
    [card] = slack.calls_to("chat.update")
    assert card.params["ts"] == slack.calls_to("chat.postMessage")[0].response["ts"]  # the same message
    assert "三協金型(株)" in json.dumps(card.json_param("blocks"), ensure_ascii=False)


def test_a_file_job_left_running_by_a_crashed_process_is_finished_after_restart(
    slack: FakeSlack, note_png: bytes, slack_settings: Settings, demo_services: Services
) -> None:
    photo = slack.add_file(
        FakeFile(id="F0CRASH01", name="IMG_0004.png", data=note_png, mimetype="image/png", filetype="png")
    )
    jobs = demo_services.jobs
    assert jobs is not None
    crashed_at = utcnow() - timedelta(hours=1)
    job_id = jobs.enqueue(
        FILE_JOB,
        {
            "file": photo,
            "user": "U0DEMO003",
            "channel": "D0DM00001",
            "ts": "1.000001",
            "thread_ts": None,
            "language": "ja",
            "placeholder_ts": None,
        },
        run_after=crashed_at,
    )
    assert jobs.claim(job_id=job_id, now=crashed_at) is not None  # claimed, then the process died
    assert process_file_jobs(_bot(slack_settings, demo_services)) == 1
    [card] = slack.calls_to("chat.postMessage")
    assert "三協金型(株)" in json.dumps(card.json_param("blocks"), ensure_ascii=False)
