"""One schema and one validation step for answers built from sources, offline or by an LLM.

Both paths produce a `GroundedAnswer` whose ``cited`` numbers refer to the numbered sources
they were given; `validate_grounded` rejects an answer that cites nothing or a source that
does not exist, so an unsupported claim never reaches the user.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

_MARKER = re.compile(r"\[(\d+)\]")


class GroundedAnswer(BaseModel):
    found: bool = Field(description="False when the sources do not answer the question.")
    answer: str = Field(default="", description="The answer, with [n] markers after each claim.")
    cited: list[int] = Field(default_factory=list, description="Numbers of the sources used (1-based).")


class UngroundedAnswer(ValueError):
    """The answer is not supported by the numbered sources it was given."""


def validate_grounded(answer: GroundedAnswer, source_count: int) -> GroundedAnswer:
    """The answer with ``cited`` completed from its [n] markers; raises `UngroundedAnswer` if unsupported."""
    if not answer.found:
        return GroundedAnswer(found=False)
    markers = [int(n) for n in _MARKER.findall(answer.answer)]
    cited = list(dict.fromkeys([*answer.cited, *markers]))
    if not answer.answer.strip():
        raise UngroundedAnswer("empty answer")
    if not cited:
        raise UngroundedAnswer("no source cited")
    if any(n < 1 or n > source_count for n in cited):
        raise UngroundedAnswer("cites a source that was not given")
    return GroundedAnswer(found=True, answer=answer.answer.strip(), cited=sorted(cited))
