"""The import rules of docs/architecture.md, checked on the source: bot/ never imports ERP code,
chromadb, LLM clients or database sessions (only bot/wiring.py builds adapters), crm_store/ and
core/ never import erp, and nothing below bot/ imports bot/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def _forbidden_imports(package: str, forbidden: tuple[str, ...], allowed: set[str]) -> dict[str, list[str]]:
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in allowed:
            continue
        hits = sorted(m for m in _imported_modules(path) if any(m == f or m.startswith(f + ".") for f in forbidden))
        if hits:
            found[relative] = hits
    return found


def _erp_imports(package: str, allowed: set[str]) -> dict[str, list[str]]:
    return _forbidden_imports(package, ("erp",), allowed)


@pytest.mark.parametrize(
    ("package", "allowed"),
    [("bot", {"bot/wiring.py"}), ("crm_store", set()), ("core", set())],
)
def test_package_does_not_import_erp(package: str, allowed: set[str]) -> None:
    assert _erp_imports(package, allowed) == {}


def test_bot_reaches_vendors_only_through_wiring() -> None:
    vendors = ("chromadb", "langchain", "langchain_core", "sqlmodel", "sqlalchemy", "whisper", "faster_whisper")
    assert _forbidden_imports("bot", vendors, {"bot/wiring.py"}) == {}


@pytest.mark.parametrize("package", ["core", "crm_store", "capture", "knowledge", "erp", "prompts"])
def test_domain_packages_never_import_the_adapter_layer(package: str) -> None:
    assert _forbidden_imports(package, ("bot",), set()) == {}


def test_the_check_sees_erp_imports() -> None:
    # Guards the guard: wiring.py does import erp, so a broken parser would show up here.
    assert "erp.service" in _imported_modules(ROOT / "bot" / "wiring.py")


def test_the_kernel_imports_nothing_of_ours() -> None:
    ours = ("bot", "capture", "knowledge", "crm_store", "erp", "prompts")
    assert _forbidden_imports("core", ours, set()) == {}
