"""The parsed page's dataclasses: frozen, compared by their data (not their tokens), and
ParsedPage.missing_references."""

import dataclasses

import pytest

from wikitext.page import (
    REFERENCES,
    RELATED,
    SECTION_KINDS,
    TEXT,
    FootnoteMarker,
    PageTokens,
    ParsedPage,
    ParsedReference,
    ParsedSection,
    ParseError,
    RelatedEntry,
    Wikilink,
)
from wikitext.parsing import parse_page


def markers(*numbers):
    return tuple(FootnoteMarker(number, section=0, occurrence=0) for number in numbers)


def test_missing_references_each_once_in_order_of_use():
    page = ParsedPage(
        "T",
        "lead",
        markers=markers(3, 1, 9, 3, 2, 9),
        references=(ParsedReference(1, "一"),),
    )
    assert page.missing_references == (3, 9, 2)


def test_no_missing_references_when_every_marker_has_its_reference():
    page = ParsedPage(
        "T", "lead", markers=markers(1, 2, 1), references=(ParsedReference(1, "一"), ParsedReference(2, "二"))
    )
    assert page.missing_references == ()
    assert ParsedPage("T", "lead").missing_references == ()


def test_a_reference_no_marker_uses_is_not_missing():
    page = ParsedPage("T", "lead", markers=markers(2), references=(ParsedReference(1, "一"),))
    assert page.missing_references == (2,)


@pytest.mark.parametrize(
    ("instance", "field"),
    [
        (ParsedPage("T", "lead"), "title"),
        (Wikilink("甲", "甲", "page"), "target"),
        (FootnoteMarker(1, 0, 0), "number"),
        (ParsedReference(1, "一"), "urls"),
        (RelatedEntry("甲", "甲", "page"), "kind"),
        (ParsedSection(2, "生平", "生平", ""), "anchor"),
        (PageTokens((), (), (), ()), "lead"),
    ],
    ids=lambda value: type(value).__name__ if not isinstance(value, str) else value,
)
def test_the_dataclasses_are_frozen(instance, field):
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(instance, field, None)


def test_defaults():
    page = ParsedPage("T", "lead")
    assert (page.sections, page.markers, page.references, page.related, page.categories, page.links) == (
        (),
        (),
        (),
        (),
        (),
        (),
    )
    assert page.tokens is None
    assert ParsedReference(1, "一") == ParsedReference(1, "一", urls=(), links=())
    assert ParsedSection(2, "生平", "生平", "").kind == TEXT


def test_tokens_are_no_part_of_the_pages_data():
    parsed = parse_page("甲\\[1\\]\n\n## 乙\n\n丙\n\n1.  一\n", "T")
    assert parsed.tokens is not None
    assert len(parsed.tokens.bodies) == 1
    without = dataclasses.replace(parsed, tokens=None)
    assert without == parsed
    assert repr(without) == repr(parsed)
    assert "tokens" not in repr(parsed)
    assert dataclasses.replace(parsed, lead="другой") != parsed


def test_section_kinds():
    assert SECTION_KINDS == (TEXT, RELATED, REFERENCES) == ("text", "related", "references")


def test_a_parse_error_is_a_value_error():
    with pytest.raises(ValueError, match="^why$"):
        raise ParseError("why")
