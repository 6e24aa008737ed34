"""A console chat over the same services the Slack bot calls.

Interactive on a terminal; without one it plays a short scripted tour and exits, so
`salesbot demo` works in CI and in a README screenshot alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from bot.cli.ask_cmd import render_answer
from bot.wiring import Services
from core.i18n import Language, Message, detect_language
from core.questions import Asker

# The tour: what a new user should see first. Each feature adds its questions here.
TOUR: tuple[str, ...] = (
    "顧客一覧",
    "山田製作所",
    "見積の案件",
    "deals in negotiation",
    "Pacific Precision",
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
        language = detect_language(text, default=self.language)
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
