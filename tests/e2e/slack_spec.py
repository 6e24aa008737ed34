"""Checks recorded Web API calls (and the fake's answers) against Slack's published OpenAPI spec.

The spec (slackapi/slack-api-specs, Swagger 2.0) dates from 2021, so a short allowlist covers what
Slack added since; each entry says why.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Any

import jsonschema

# Methods newer than the spec: the parameters slack_sdk sends for them (files_upload_v2).
NEWER_METHODS: dict[str, dict[str, set[str]]] = {
    "files.getUploadURLExternal": {
        "required": {"filename", "length"},
        "optional": {"alt_txt", "snippet_type", "channel_id"},
    },
    # Socket Mode (2021 spec predates it): called with the app-level token, no parameters.
    "apps.connections.open": {"required": set(), "optional": set()},
    "files.completeUploadExternal": {
        "required": {"files"},
        "optional": {"channel_id", "channels", "thread_ts", "initial_comment", "blocks"},
    },
}
# Parameters newer than the spec, on any method: bolt adds team_id to calls.
NEWER_PARAMS_ANY_METHOD = {"team_id"}
# Parameters newer than the spec on one method.
NEWER_PARAMS: dict[str, set[str]] = {
    "chat.postMessage": {"metadata"},
    "chat.update": {"metadata", "file_ids", "reply_broadcast"},
}


class SlackSpec:
    def __init__(self, path: Path, samples_dir: Path | None = None) -> None:
        self.path = path
        self.document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        self.samples_dir = samples_dir

    def sample_keys(self, method: str) -> set[str]:
        """Every key Slack's newer response samples (samples/api_<method>.json) show for a method."""
        if self.samples_dir is None or not (self.samples_dir / f"api_{method}.json").exists():
            return set()
        keys: set[str] = set()

        def walk(value: Any) -> None:
            if isinstance(value, dict):
                keys.update(value)
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        walk(json.loads((self.samples_dir / f"api_{method}.json").read_text(encoding="utf-8")))
        return keys

    @cached_property
    def methods(self) -> dict[str, dict[str, Any]]:
        """method name -> {"params": {name: param}, "op": operation}"""
        found: dict[str, dict[str, Any]] = {}
        for path, operations in self.document["paths"].items():
            for operation in operations.values():
                found[path.lstrip("/")] = {
                    "params": {p["name"]: p for p in operation.get("parameters", [])},
                    "op": operation,
                }
        return found

    def check_call(self, method: str, params: dict[str, Any], headers: dict[str, str]) -> list[str]:
        """Problems with one call: unknown method, missing required or unknown parameters, bad types."""
        if method in NEWER_METHODS:
            allowed = NEWER_METHODS[method]
            problems = [
                f"{method}: missing required {name}" for name in allowed["required"] if name not in params
            ]
            problems += [
                f"{method}: unknown parameter {name}"
                for name in params
                if name not in allowed["required"] | allowed["optional"] | NEWER_PARAMS_ANY_METHOD
            ]
            return problems
        spec = self.methods.get(method)
        if spec is None:
            return [f"{method}: not a Slack Web API method"]
        declared = spec["params"]
        problems = []
        for name, param in declared.items():
            if not param.get("required"):
                continue
            if name == "token":
                if "token" not in params and not headers.get("authorization", "").startswith("Bearer "):
                    problems.append(f"{method}: no token (header or parameter)")
            elif name not in params:
                problems.append(f"{method}: missing required {name}")
        extra_ok = NEWER_PARAMS_ANY_METHOD | NEWER_PARAMS.get(method, set())
        for name, value in params.items():
            if name not in declared:
                if name not in extra_ok:
                    problems.append(f"{method}: unknown parameter {name}")
                continue
            problem = _type_problem(declared[name].get("type"), value)
            if problem:
                problems.append(f"{method}: {name} {problem}")
        return problems

    def check_response(self, method: str, response: dict[str, Any]) -> list[str]:
        """Does a (fake) response match the spec's success or error schema?"""
        spec = self.methods.get(method)
        if spec is None:
            return []
        responses = spec["op"].get("responses", {})
        key = "200" if response.get("ok") else "default"
        schema = (responses.get(key) or {}).get("schema")
        if not schema:
            return []
        resolver_schema = {**schema, "definitions": self.document.get("definitions", {})}
        validator = jsonschema.Draft4Validator(resolver_schema)
        newer = self.sample_keys(method)
        problems = []
        for error in validator.iter_errors(response):
            # A field Slack added after 2021 is fine when its newer samples show it.
            if error.validator == "additionalProperties" and newer:
                extra = set(error.instance) - set(error.schema.get("properties", {}))
                if extra <= newer:
                    continue
            problems.append(f"{method} response: {error.message[:200]} at {list(error.absolute_path)}")
        return problems


def _type_problem(kind: str | None, value: Any) -> str | None:
    text = (
        value if isinstance(value, str) else json.dumps(value) if not isinstance(value, bool) else str(value)
    )
    if kind == "integer":
        try:
            int(str(value))
        except ValueError:
            return f"is not an integer: {text[:40]}"
    elif kind == "number":
        try:
            float(str(value))
        except ValueError:
            return f"is not a number: {text[:40]}"
    elif kind == "boolean" and str(value).lower() not in ("true", "false", "1", "0"):
        return f"is not a boolean: {text[:40]}"
    return None
