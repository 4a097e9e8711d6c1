"""Citation ids and backlink labels: MediaWiki Cite's, from one module."""

import pytest

from wikitext import citations


def test_a_marker_used_once_has_the_bare_id():
    assert citations.marker_id(4, 0, 1) == "cite_ref-4"


def test_markers_of_a_reference_used_several_times_count_from_zero():
    assert [citations.marker_id(2, k, 3) for k in range(3)] == ["cite_ref-2-0", "cite_ref-2-1", "cite_ref-2-2"]


def test_the_note_id_is_the_list_item_the_marker_links_to():
    assert citations.note_id(12) == "cite_note-12"


def test_labels_go_on_past_z_like_mediawiki():
    assert [citations.backlink_label(k) for k in (0, 25, 26, 27, 701, 702)] == ["a", "z", "aa", "ab", "zz", "aaa"]


@pytest.mark.parametrize(
    ("uses", "expected"),
    [
        (0, []),
        (1, [("", "#cite_ref-7")]),
        (2, [("a", "#cite_ref-7-0"), ("b", "#cite_ref-7-1")]),
    ],
)
def test_backlinks_point_at_each_marker_id(uses, expected):
    assert citations.backlinks(7, uses) == expected


@pytest.mark.parametrize("ident", ["cite_ref-1", "cite_ref-12-0", "cite_ref-3-27"])
def test_every_marker_id_is_one_the_sanitiser_keeps(ident):
    assert citations.MARKER_ID.fullmatch(ident)


@pytest.mark.parametrize("ident", ["cite_note-1", "cite_ref-", "cite_ref-1-", "toc", "cite_ref-1-0x"])
def test_no_other_id_passes_for_a_marker(ident):
    assert not citations.MARKER_ID.fullmatch(ident)
