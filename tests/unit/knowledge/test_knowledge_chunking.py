"""Chunking: Japanese sentence ends, headings, lists, tables and overlap."""

from __future__ import annotations

from knowledge.chunking import ChunkingConfig, chunk_text, split_sentences


def test_japanese_and_english_sentence_ends_split() -> None:
    assert split_sentences("値引きは即答しない。必ず持ち帰る！本当に？ Yes. It works") == [
        "値引きは即答しない。", "必ず持ち帰る！", "本当に？", "Yes.", "It works"]


def test_decimal_points_do_not_end_sentences() -> None:
    assert split_sentences("The rate is 1.5 percent. Next one.") == ["The rate is 1.5 percent.", "Next one."]


def test_headings_start_new_chunks_and_label_them() -> None:
    text = "# 規程\n\n前文です。\n\n## 承認\n\n課長が承認します。\n\n## 期限\n\n30日です。"
    chunks = chunk_text(text)
    assert [c.heading for c in chunks] == ["規程", "規程 > 承認", "規程 > 期限"]
    assert chunks[1].text == "課長が承認します。"


def test_list_items_and_table_rows_stay_whole() -> None:
    text = "## 表\n\n| 値引き率 | 承認者 |\n|---|---|\n| 5%まで | 担当者 |\n\n- 項目一。項目の続き。\n- 項目二"
    chunk = chunk_text(text)[0]
    lines = chunk.text.split("\n")
    assert "| 5%まで | 担当者 |" in lines
    assert "- 項目一。項目の続き。" in lines
    assert not any(line.startswith("|---") for line in lines)


def test_long_sections_split_with_overlap() -> None:
    sentences = [f"これは{i}番目の文で、値引きの規則について説明しています。" for i in range(40)]
    chunks = chunk_text("".join(sentences), ChunkingConfig(max_chars=200, overlap_chars=60))
    assert len(chunks) > 3
    assert all(len(c.text) <= 200 + 40 for c in chunks)
    for before, after in zip(chunks, chunks[1:]):
        assert after.text.split("\n")[0] in before.text  # the first sentence repeats the previous end


def test_a_wall_of_text_without_sentence_ends_is_cut() -> None:
    chunks = chunk_text("あ" * 2000, ChunkingConfig(max_chars=500, overlap_chars=0))
    assert [len(c.text) for c in chunks] == [500, 500, 500, 500]
