"""Load prompt files into LangChain prompt templates.

A prompt file has YAML front matter naming its input variables, then ``## system`` and
``## human`` sections. Released versions are never edited in place: a change is a new ``vN``.
Every LLM call logs ``name@version`` (see `Prompt.ref`).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml
from langchain_core.prompts import ChatPromptTemplate

PROMPTS_DIR = Path(__file__).parent
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
_SECTION = re.compile(r"^## (system|human)\s*$", re.M)


@dataclass(frozen=True)
class Prompt:
    name: str
    version: int
    input_variables: tuple[str, ...]
    template: ChatPromptTemplate

    @property
    def ref(self) -> str:
        return f"{self.name}@v{self.version}"


def _variables(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def parse_prompt(name: str, version: int, text: str) -> Prompt:
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ValueError(f"{name}@v{version}: missing front matter")
    meta = yaml.safe_load(match.group(1)) or {}
    declared = tuple(meta.get("input_variables") or ())
    parts = _SECTION.split(match.group(2))
    messages = [(role, body.strip()) for role, body in zip(parts[1::2], parts[2::2], strict=True)]
    if not messages:
        raise ValueError(f"{name}@v{version}: no '## system' or '## human' section")
    used = set().union(*(_variables(body) for _, body in messages))
    if used != set(declared):
        raise ValueError(f"{name}@v{version}: declares {sorted(declared)} but uses {sorted(used)}")
    return Prompt(name, version, declared, ChatPromptTemplate.from_messages(messages))


def available_prompts() -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for path in sorted(PROMPTS_DIR.glob("*/v*.md")):
        found.setdefault(path.parent.name, []).append(int(path.stem[1:]))
    return {name: sorted(versions) for name, versions in found.items()}


@cache
def load_prompt(name: str, version: int | None = None) -> Prompt:
    """The prompt ``name`` at ``version`` (default: the newest)."""
    versions = available_prompts().get(name)
    if not versions:
        raise KeyError(f"no prompt named {name!r} in {PROMPTS_DIR}")
    chosen = version if version is not None else versions[-1]
    path = PROMPTS_DIR / name / f"v{chosen}.md"
    return parse_prompt(name, chosen, path.read_text(encoding="utf-8"))
