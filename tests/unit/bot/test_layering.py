"""The import rules of docs/architecture.md, checked on the source: bot/ never imports ERP code
(only bot/wiring.py builds ERP adapters), and crm_store/ and core/ never import erp at all."""

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


def _erp_imports(package: str, allowed: set[str]) -> dict[str, list[str]]:
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in allowed:
            continue
        erp = sorted(m for m in _imported_modules(path) if m == "erp" or m.startswith("erp."))
        if erp:
            found[relative] = erp
    return found


@pytest.mark.parametrize(
    ("package", "allowed"),
    [("bot", {"bot/wiring.py"}), ("crm_store", set()), ("core", set())],
)
def test_package_does_not_import_erp(package: str, allowed: set[str]) -> None:
    assert _erp_imports(package, allowed) == {}


def test_the_check_sees_erp_imports() -> None:
    # Guards the guard: wiring.py does import erp, so a broken parser would show up here.
    assert "erp.service" in _imported_modules(ROOT / "bot" / "wiring.py")
