"""A scripted chat model: a queue of outcomes (tool-call arguments or exceptions), calls recorded.

It answers `with_structured_output(Schema)` the way a tool-calling provider does: one AI message
whose tool call carries the arguments.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field


class FakeToolCallingChatModel(BaseChatModel):
    outcomes: deque[Any] = Field(default_factory=deque)
    calls: list[list[BaseMessage]] = Field(default_factory=list)
    bound_tools: list[Any] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "fake-tool-calling"

    def bind_tools(self, tools: Any, **kwargs: Any) -> FakeToolCallingChatModel:
        self.bound_tools.extend(tools)
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.calls.append(messages)
        if not self.outcomes:
            raise AssertionError("the fake model was called more often than scripted")
        outcome = self.outcomes.popleft()
        if isinstance(outcome, BaseException):
            raise outcome
        name = self.bound_tools[-1].__name__ if self.bound_tools else "tool"
        message = AIMessage(
            content="", tool_calls=[{"name": name, "args": outcome, "id": f"call_{len(self.calls)}"}]
        )
        return ChatResult(generations=[ChatGeneration(message=message)])
