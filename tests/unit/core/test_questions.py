from datetime import date

from core.i18n import detect_language, language_from_locale
from core.questions import Answer, Asker, Question, route_question


class ScriptedAnswerer:
    def __init__(self, kind: str, score: float) -> None:
        self.kind = kind
        self._score = score
        self.asked: list[str] = []

    def score(self, question: Question) -> float:
        return self._score

    def answer(self, question: Question) -> Answer:
        self.asked.append(question.text)
        return Answer(kind=self.kind, language=question.language, answer=f"{self.kind} answer")


def question(text: str) -> Question:
    asker = Asker(role="rep", user_id=1)
    return Question(text=text, language=detect_language(text), asker=asker, today=date(2026, 11, 20))


def test_the_most_confident_answerer_answers_and_only_it() -> None:
    crm, pipeline = ScriptedAnswerer("crm", 0.5), ScriptedAnswerer("pipeline", 0.9)
    assert route_question([crm, pipeline], question("見積の合計は?")).kind == "pipeline"
    assert crm.asked == [] and pipeline.asked == ["見積の合計は?"]


def test_ties_go_to_the_first_registered() -> None:
    first, second = ScriptedAnswerer("pipeline", 0.6), ScriptedAnswerer("crm", 0.6)
    assert route_question([first, second], question("x")).kind == "pipeline"


def test_nobody_confident_enough_means_an_honest_not_understood_in_the_question_language() -> None:
    low = ScriptedAnswerer("crm", 0.1)
    answer = route_question([low], question("今日の天気は?"))
    assert answer.kind == "unknown" and answer.language == "ja" and "判断できません" in answer.answer
    assert route_question([], question("weather?")).language == "en"


def test_language_detection_and_locales() -> None:
    assert detect_language("見積の合計は?") == "ja"
    assert detect_language("ｱﾝｹｰﾄ") == "ja"
    assert detect_language("deals in negotiation?") == "en"
    assert detect_language("", default="ja") == "ja"
    assert language_from_locale("ja-JP") == "ja" and language_from_locale("en_US.UTF-8") == "en"
    assert language_from_locale("fr-FR") is None and language_from_locale(None) is None


def test_who_asks_is_always_said() -> None:
    """No permissive default: a question without an asker, or an asker without a role, is refused."""
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Question(text="顧客一覧", language="ja", today=date(2026, 11, 20))  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Asker()  # type: ignore[call-arg]
    assert Asker.nobody().role == "rep" and Asker.nobody().user_id is None  # sees nothing, by the policy
