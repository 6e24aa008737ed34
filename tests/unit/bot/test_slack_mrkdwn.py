"""Slack-safe text: escaping for mrkdwn, plain text for the knowledge base, citations without paths."""

from __future__ import annotations

import json

import pytest

from bot.slack.answer_blocks import build_answer_blocks
from bot.slack.mrkdwn import escape, plain_text
from core.questions import Answer, Citation


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<!channel> please", "&lt;!channel&gt; please"),
        ("<https://evil.example|請求書>", "&lt;https://evil.example|請求書&gt;"),
        ("A&B <@U0DEMO004>", "A&amp;B &lt;@U0DEMO004&gt;"),
        ("&lt; already", "&amp;lt; already"),  # shown as typed, not decoded into markup
        ("*bold* _it_ 100%", "*bold* _it_ 100%"),  # formatting characters are not Slack markup hazards
    ],
)
def test_escape_leaves_no_markup(text: str, escaped: str) -> None:
    assert escape(text) == escaped


@pytest.mark.parametrize(
    ("message", "plain"),
    [
        ("<!here> 値引きの件", "@here 値引きの件"),
        ("<!channel|@channel> と <!everyone>", "@channel と @everyone"),
        ("<@U0DEMO004> さんへ <@U0DEMO003|suzuki>", "@U0DEMO004 さんへ @suzuki"),
        ("詳細は <https://evil.example/pay|社内規程> を参照", "詳細は 社内規程 (https://evil.example/pay) を参照"),
        ("<https://example.com/a> と <mailto:a@example.com|a@example.com>", "https://example.com/a と a@example.com"),
        ("<#C0SALES01|sales> で共有 <!subteam^S123|@eigyo>", "#sales で共有 @eigyo"),
        ("1 &lt; 2 &amp;&amp; 3 &gt; 2", "1 < 2 && 3 > 2"),
    ],
)
def test_plain_text_neutralises_slack_markup_before_saving(message: str, plain: str) -> None:
    assert plain_text(message) == plain
    assert "<" not in escape(plain_text(message))


def _rendered(answer: Answer) -> str:
    return json.dumps([b.to_dict() for b in build_answer_blocks(answer)], ensure_ascii=False)


def test_answer_text_and_citations_are_escaped_and_never_show_server_paths() -> None:
    answer = Answer(
        kind="knowledge", language="ja", answer="<!channel> 値引きは <https://evil.example|承認> が必要 [1][2]",
        interpretation="<@U1> が質問",
        citations=[
            Citation(source="/srv/salesbot/docs/値引き規程.md", title="値引き規程 <v2>", snippet="…", score=0.9),
            Citation(source="https://test.slack.com/archives/C0SALES01/p1763600000000100",
                     title="Re: 値引き|承認 > 部長", snippet="…", score=0.8),
        ],
    )
    text = _rendered(answer)
    assert "<!channel>" not in text and "<https://evil.example|" not in text and "<@U1>" not in text
    assert "&lt;!channel&gt;" in text
    assert "/srv/salesbot" not in text and "値引き規程 &lt;v2&gt;" in text  # a file: its title, no path
    # A Slack permalink is a link, its title escaped and unable to close the link early.
    assert "<https://test.slack.com/archives/C0SALES01/p1763600000000100|Re: 値引き/承認 &gt; 部長>" in text


def test_a_private_note_comes_first() -> None:
    answer = Answer(kind="pipeline", language="en", answer="3 deals")
    blocks = [b.to_dict() for b in build_answer_blocks(answer, note="Only you can see this answer.")]
    assert blocks[0]["type"] == "context" and "Only you" in blocks[0]["elements"][0]["text"]
