"""Headings: the words a reader sees (heading_text), MediaWiki's anchors (Anchors), parse_heading,
and which headings stand over the related entries and the citation list."""

import pytest

from wikitext.events import CLOSE, OPEN, TEXT
from wikitext.headings import REFERENCE_HEADINGS, RELATED_HEADINGS, Anchors, heading_text, heading_words, parse_heading


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("**生平**与`代码`", "生平与代码"),
        ("規則\\[2\\]", "規則"),  # a footnote marker is no word of the heading
        ("-{zh-hans:参见;zh-hant:參見}-", "参见"),  # a variant rule, resolved as plain zh does
        ("-{後}-記", "後記"),
        ('[甲](../Page/甲.md "wikilink")  乙', "甲 乙"),
        ("A  *b*\nc", "A b c"),  # runs of spaces and line breaks: one space
        ("<span>HTML</span>文", "HTML文"),  # tags go, their words stay
        ("甲&amp;乙", "甲&乙"),
        ("\\*星\\*", "*星*"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_heading_text(source, text):
    assert heading_text(source) == text


def test_heading_words_of_a_parsed_heading_are_heading_text():
    source = "**生平**\\[1\\]与-{後}-記"
    assert heading_words(parse_heading(source)) == heading_text(source) == "生平与後記"


def test_repeated_headings_get_2_3_and_so_on():
    anchors = Anchors()
    assert [anchors.add(text) for text in ["生平", "生平", "A b", "生平", "A b"]] == [
        "生平",
        "生平_2",
        "A_b",
        "生平_3",
        "A_b_2",
    ]


def test_an_empty_heading_is_a_section():
    anchors = Anchors()
    assert [anchors.add("") for _ in range(3)] == ["section", "section_2", "section_3"]


def test_a_heading_that_reads_as_a_repeat_never_takes_an_anchor_twice():
    anchors = Anchors()
    assert [anchors.add(text) for text in ["甲_2", "甲", "甲", "甲"]] == ["甲_2", "甲", "甲_3", "甲_4"]
    anchors = Anchors()
    assert [anchors.add(text) for text in ["生平", "生平", "生平_2", "生平"]] == [
        "生平",
        "生平_2",
        "生平_2_2",
        "生平_3",
    ]


def test_parse_heading():
    assert [event[:2] for event in parse_heading("**甲**")] == [(OPEN, "strong"), (TEXT, "甲"), (CLOSE, "strong")]
    # A heading's words never open a block: "1." is no list, "-" no item, "<div>" no HTML block.
    assert heading_text("<div>甲</div>") == "甲"  # inline HTML: its tags are no words
    for source in ["1. 甲", "- 甲", "> 甲", "    甲"]:
        assert heading_text(source) == source.strip(), source


@pytest.mark.parametrize("source", ["", "   ", "\n"])
def test_an_empty_heading_has_no_inline_events(source):
    assert parse_heading(source) == ()


# A sample in both scripts, not a copy of the sets: a heading counts whichever script it is written in.
@pytest.mark.parametrize("heading", ["相關條目", "相关条目", "参见", "參見"])
def test_related_headings(heading):
    assert heading in RELATED_HEADINGS
    assert heading not in REFERENCE_HEADINGS


@pytest.mark.parametrize("heading", ["参考文献", "參考文獻", "参考资料", "參考資料", "注释", "註釋", "脚注", "腳註"])
def test_reference_headings(heading):
    assert heading in REFERENCE_HEADINGS
    assert heading not in RELATED_HEADINGS


@pytest.mark.parametrize("heading", ["生平", "外部連結", "外部链接", "延伸阅读", "参考 文献", "References"])
def test_other_headings_are_neither(heading):
    assert heading not in RELATED_HEADINGS
    assert heading not in REFERENCE_HEADINGS
