from pathlib import Path

import pytest

from wikitext.parsing import parse_page
from wikitext.section_edit import replace_section, section_text, split_sections

PAGE = "Lead text.\n\n## 历史\n\nOne.\n\n### 早期\n\nTwo.\n\n## 参见\n\n- x\n"
CORPUS = sorted(Path(__file__).resolve().parents[1].joinpath("corpus").rglob("*.md"))


def test_split_sections_are_exact_slices():
    assert [section.text for section in split_sections(PAGE)] == [
        "Lead text.\n\n",
        "## 历史\n\nOne.\n\n",
        "### 早期\n\nTwo.\n\n",
        "## 参见\n\n- x\n",
    ]


def test_a_page_without_headings_is_its_lead():
    assert [section.text for section in split_sections("Only a lead.\n")] == ["Only a lead.\n"]


def test_a_hash_inside_a_code_block_is_no_section():
    text = "Lead.\n\n```\n## not a heading\n```\n\n## 真\n\nBody.\n"
    assert [section.text for section in split_sections(text)] == [
        "Lead.\n\n```\n## not a heading\n```\n\n",
        "## 真\n\nBody.\n",
    ]


def test_replace_section_keeps_every_other_byte():
    assert replace_section(PAGE, 2, "### 早期\n\nNew.") == (
        "Lead text.\n\n## 历史\n\nOne.\n\n### 早期\n\nNew.\n\n## 参见\n\n- x\n"
    )
    assert (
        replace_section(PAGE, 0, "New lead.\n") == "New lead.\n## 历史\n\nOne.\n\n### 早期\n\nTwo.\n\n## 参见\n\n- x\n"
    )


def test_replace_section_refuses_a_section_the_page_lacks():
    with pytest.raises(IndexError, match="no section 4"):
        section_text(PAGE, 4)


@pytest.mark.parametrize("path", CORPUS[:40], ids=lambda path: path.name)
def test_corpus_sections_match_the_parsed_headings_and_replace_exactly(path):
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    sections = split_sections(text)
    assert "".join(section.text for section in sections) == text
    parsed = parse_page(text, path.stem)
    assert len(sections) == len(parsed.sections) + 1
    for section in sections[1:]:
        marker = "\u2063edited\u2063\n"
        changed = replace_section(text, section.number, marker)
        assert changed[: section.start] == text[: section.start]
        assert changed[section.start + len(marker) :].lstrip("\n") == text[section.end :].lstrip("\n")
