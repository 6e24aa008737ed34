"""A console chat over the same services the Slack bot calls.

Interactive on a terminal; without one it plays a short scripted tour and exits, so
`salesbot demo` works in CI and in a README screenshot alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from bot.cli.ask_cmd import render_answer
from bot.cli.capture_cmds import capture_from_console
from bot.wiring import Services
from core.clock import today as local_today
from core.i18n import Language, Message, detect_language
from core.questions import Asker
from crm_store.rep_day.rendering import render_reminder

# The tour: what a new user should see first. Each feature adds its questions here.
TOUR: tuple[str, ...] = (
    "顧客一覧",
    "山田製作所",
    "見積の案件",
    "deals in negotiation",
    "Pacific Precision",
    "値引きを求められたらどうすればいいですか?",
    "How long can we lend a demo unit to a customer?",
    # Pipeline and invoice questions (numbers from SQL, with the conditions used)
    "見積段階の案件はいくら?",
    "今四半期の担当者別の見込み額",
    "how much is overdue?",
    # The rep's day: this morning's follow-up reminder (in Slack: a DM with Done / Snooze buttons)
    "リマインド",
    # Capture: a typed memo (a voice memo or photo path works the same way) → a draft card
    "メモ: 本日、三協金型を訪問し小野課長と面談。高速マシニングセンタの見積を提示、1,980万円。"
    "大和マシナリーと比較中。来週金曜までに納期回答する。",
)

_WELCOME = Message(
    en="salesbot demo — ask about customers and deals in Japanese or English. "
       "Type “help” for examples, “quit” to leave.",
    ja="salesbot デモ — 顧客や案件について日本語か英語で質問してください。"
       "「help」で例を表示、「quit」で終了します。",
)
_HELP = Message(en="Examples:", ja="質問の例:")
_TOUR_START = Message(en="No terminal: playing the scripted tour.", ja="端末ではないため、デモの台本を再生します。")
_QUIT_WORDS = {"quit", "exit", "q", "終了", "おわり", "bye"}
_REMIND_WORDS = {"remind", "reminders", "リマインド", "リマインダー"}


class Console:
    def __init__(self, services: Services, asker: Asker, language: Language,
                 write: Callable[[str], None]) -> None:
        self.services = services
        self.asker = asker
        self.language = language
        self.write = write

    def handle(self, line: str) -> bool:
        """Answer one line; False when the user wants to leave."""
        text = line.strip()
        if not text:
            return True
        if text.lower() in _QUIT_WORDS:
            return False
        if text.lower() in {"help", "?", "ヘルプ"}:
            self.write(_HELP.format(self.language))
            self.write("\n".join(f"  {example}" for example in TOUR))
            return True
        if text.lower() in _REMIND_WORDS and self.services.rep_day is not None and self.asker.slack_user_id:
            [reminder] = self.services.rep_day.reminders(local_today(), who=self.asker.slack_user_id)
            self.write(render_reminder(reminder))
            return True
        language = detect_language(text, default=self.language)
        draft_card = capture_from_console(self.services, text, language, slack_user_id=self.asker.slack_user_id)
        if draft_card is not None:
            self.write(draft_card)
            return True
        answer = self.services.answer_question(text, asker=self.asker, language=language)
        self.write(render_answer(answer))
        return True

    def run_interactive(self, lines: Iterable[str], prompt: Callable[[], None]) -> None:
        self.write(_WELCOME.format(self.language))
        prompt()
        for line in lines:
            if not self.handle(line):
                break
            prompt()

    def run_tour(self, questions: Iterable[str] = TOUR) -> None:
        self.write(_TOUR_START.format(self.language))
        for question in questions:
            self.write(f"\n> {question}")
            self.handle(question)


def stdin_lines(stream: TextIO) -> Iterable[str]:
    for line in stream:
        yield line.rstrip("\n")
