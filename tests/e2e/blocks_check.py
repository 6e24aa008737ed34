"""Block Kit checks: every block parses with slack_sdk's models and stays within Slack's limits."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

LIMITS = {
    "message_blocks": 50,
    "modal_blocks": 100,
    "section_text": 3000,
    "context_elements": 10,
    "actions_elements": 25,
    "button_value": 2000,
    "fallback_text": 40000,
}


def block_problems(blocks: list[dict[str, Any]] | str | None, *, surface: str = "message") -> list[str]:
    if blocks is None:
        return []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    limit = LIMITS["modal_blocks"] if surface == "modal" else LIMITS["message_blocks"]
    problems = [f"{len(blocks)} blocks > {limit}"] if len(blocks) > limit else []
    for index, raw in enumerate(blocks):
        try:
            block = Block.parse(raw)
            if block is None:
                problems.append(f"block {index}: unknown type {raw.get('type')}")
                continue
            block.validate_json()
        except Exception as error:  # noqa: BLE001 - collected as a problem
            problems.append(f"block {index} ({raw.get('type')}): {error}")
            continue
        text = (raw.get("text") or {}).get("text", "") if raw.get("type") == "section" else ""
        if len(text) > LIMITS["section_text"]:
            problems.append(f"block {index}: section text {len(text)} > {LIMITS['section_text']}")
        for field in raw.get("fields") or []:
            if len(field.get("text", "")) > 2000:
                problems.append(f"block {index}: section field over 2000 characters")
        if raw.get("type") == "context" and len(raw.get("elements", [])) > LIMITS["context_elements"]:
            problems.append(f"block {index}: too many context elements")
        for element in raw.get("elements") or []:
            if element.get("type") == "button" and len(element.get("value") or "") > LIMITS["button_value"]:
                problems.append(f"block {index}: button value too long")
    return problems


def view_problems(view: dict[str, Any] | str) -> list[str]:
    if isinstance(view, str):
        view = json.loads(view)
    problems = []
    try:
        View(**view).validate_json()
    except Exception as error:  # noqa: BLE001
        problems.append(f"view: {error}")
    if len(view.get("private_metadata") or "") > 3000:
        problems.append("view: private_metadata over 3000 characters")
    return problems + block_problems(view.get("blocks"), surface="modal")
