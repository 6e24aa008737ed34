"""The LLM path fills the same PipelineQuery; the numbers still come from SQL."""

from __future__ import annotations

from collections import deque
from datetime import date

import httpx

from core.questions import Asker, Question
from crm_store.pipeline.answerer import PipelineAnswerer
from crm_store.pipeline.llm import LlmQueryParser
from crm_store.pipeline.query import PipelineQuery
from tests.integration.pipeline.fake_chat import FakeToolCallingChatModel

TODAY = date(2026, 11, 20)


def ask(answerer, text, language="ja"):
    return answerer.answer(Question(text=text, language=language, asker=Asker(role="admin"), today=TODAY))


def llm_answerer(demo_db, *outcomes):
    model = FakeToolCallingChatModel(outcomes=deque(outcomes))
    return model, PipelineAnswerer(demo_db, llm_parser=LlmQueryParser(model), charts=False)


def test_the_model_only_fills_the_query_and_sql_computes(demo_db):
    # A phrasing the offline rules do not know; the model maps it to quote-stage deals.
    model, answerer = llm_answerer(demo_db, {"subject": "deals", "metric": "sum", "stages": ["quote"]})
    answer = ask(answerer, "お見積りを出している商談、トータルでどのくらい?")
    assert answer.data.total == 70_000_000
    assert model.bound_tools == [PipelineQuery]
    prompt = "\n".join(str(m.content) for m in model.calls[0])
    assert (
        "2026-11-20" in prompt
        and "<question>\nお見積りを出している商談、トータルでどのくらい?\n</question>" in prompt
    )
    assert "鈴木 一郎" in prompt  # the known reps are offered, so the model copies real names


def test_a_name_the_model_invents_goes_through_the_same_validation(demo_db):
    _, answerer = llm_answerer(demo_db, {"subject": "deals", "owner": "山本"})
    answer = ask(answerer, "山本さんの案件")
    assert answer.data is None and "「山本」という担当者は登録されていません" in answer.answer


def test_a_failing_model_falls_back_to_the_offline_rules_and_says_so(demo_db):
    _, answerer = llm_answerer(demo_db, httpx.ConnectError("connection refused"))
    answer = ask(answerer, "見積段階の案件はいくら?")
    assert answer.data.total == 70_000_000
    assert "組み込みのルール" in answer.interpretation


def test_an_invalid_tool_call_falls_back_too(demo_db):
    _, answerer = llm_answerer(demo_db, {"subject": "deals", "metric": "median", "stages": ["quote"]})
    answer = ask(answerer, "how much is in quote?", language="en")
    assert answer.data.total == 70_000_000
    assert "built-in rules" in answer.interpretation
