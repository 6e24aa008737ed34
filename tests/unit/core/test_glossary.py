from pathlib import Path

import pytest

from core.errors import UserFacingError
from core.glossary import load_glossary


def test_builtin_vocabulary_bridges_japanese_and_english() -> None:
    glossary = load_glossary()
    assert "discount" in glossary.synonyms("値引き")
    assert "未入金" in glossary.synonyms("unpaid")
    assert {"デモ機", "demo unit"} & glossary.expansions("How long can a customer borrow a demo unit?")


def test_company_glossary_is_merged_with_the_builtin(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text("competitors:\n  - name: 大和マシナリー\n    aliases: [Yamato Machinery, 大和]\n"
                    "abbreviations:\n  5軸MC: 5軸マシニングセンタ\n", encoding="utf-8")
    glossary = load_glossary(path)
    assert [c.name for c in glossary.competitors] == ["大和マシナリー"]
    assert "大和マシナリー" in glossary.expansions("how do we win against Yamato Machinery?")
    assert "5軸マシニングセンタ" in glossary.synonyms("5軸MC")
    assert "discount" in glossary.synonyms("値引き")  # the built-in is still there


@pytest.mark.parametrize("content", ["- just\n- a list\n", "competitors: {not: a list}\n", "terms: [\n"])
def test_a_broken_glossary_names_the_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserFacingError) as raised:
        load_glossary(path)
    assert str(path) in raised.value.message("en") and "用語集" in raised.value.message("ja")
