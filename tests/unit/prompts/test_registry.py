"""Every prompt file renders with exactly the variables it declares."""

import pytest

from prompts.registry import available_prompts, load_prompt, parse_prompt

ALL_PROMPTS = [(name, version) for name, versions in available_prompts().items() for version in versions]


@pytest.mark.parametrize(("name", "version"), ALL_PROMPTS)
def test_every_prompt_renders_with_its_declared_variables(name: str, version: int) -> None:
    prompt = load_prompt(name, version)
    assert prompt.ref == f"{name}@v{version}"
    messages = prompt.template.format_messages(**{v: f"<{v}>" for v in prompt.input_variables})
    rendered = "\n".join(str(m.content) for m in messages)
    assert all(f"<{v}>" in rendered for v in prompt.input_variables)


def test_undeclared_or_unused_variables_are_rejected() -> None:
    with pytest.raises(ValueError, match="declares"):
        parse_prompt("x", 1, "---\ninput_variables: [a]\n---\n## system\nUse {a} and {b}\n")
    with pytest.raises(ValueError, match="declares"):
        parse_prompt("x", 1, "---\ninput_variables: [a, c]\n---\n## human\nOnly {a}\n")


def test_files_without_front_matter_or_sections_are_rejected() -> None:
    with pytest.raises(ValueError, match="front matter"):
        parse_prompt("x", 1, "## system\nhello\n")
    with pytest.raises(ValueError, match="section"):
        parse_prompt("x", 1, "---\ninput_variables: []\n---\nno sections\n")


def test_the_newest_version_is_the_default(tmp_path, monkeypatch) -> None:
    import prompts.registry as registry

    for version, text in ((1, "one"), (2, "two")):
        folder = tmp_path / "greet"
        folder.mkdir(exist_ok=True)
        (folder / f"v{version}.md").write_text(f"---\ninput_variables: []\n---\n## system\n{text}\n")
    monkeypatch.setattr(registry, "PROMPTS_DIR", tmp_path)
    registry.load_prompt.cache_clear()
    try:
        assert registry.load_prompt("greet").version == 2
        assert registry.load_prompt("greet", 1).template.format_messages()[0].content == "one"
    finally:
        registry.load_prompt.cache_clear()
