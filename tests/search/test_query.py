"""A query as the index sees it: needles, terms, and how they reach each database quoted; no database."""

from search.backends.postgres import tsquery
from search.backends.sqlite import fts5_query
from search.query import MAX_NEEDLES, MAX_TERMS, parse_query


def test_query_terms_reach_the_index_quoted():
    assert fts5_query(["战俘", 'a"b']) == '"战俘" "a""b"'
    assert tsquery(["战俘", "a'b", "c\\d"]) == "'战俘' & 'a''b' & 'c\\\\d'"


def test_a_query_is_cut_into_the_terms_a_page_was_indexed_by():
    parsed = parse_query("西伯利亞 戰俘 Python")
    assert parsed.needles == ("西伯利亚", "战俘", "python")
    assert parsed.terms == ("西伯", "伯利", "利亚", "战俘", "python")
    assert not parsed.has_lone_character


def test_repeated_parts_and_terms_count_once():
    assert parse_query("战俘 戰俘 战俘营").terms == ("战俘", "俘营")


def test_a_lone_cjk_character_is_what_the_index_cannot_answer():
    assert parse_query("俄").has_lone_character
    assert not parse_query("a").has_lone_character  # a one-letter word is a word


def test_punctuation_alone_is_nothing_to_search():
    assert parse_query("、。！ ??").terms == ()


def test_a_query_is_looked_at_up_to_its_limits():
    assert len(parse_query("字" * 1000).terms) == 1  # one distinct bigram
    long = " ".join(f"词{n:03}" for n in range(100))
    assert len(parse_query(long).needles) == MAX_NEEDLES
    assert len(parse_query("".join(chr(0x4E00 + n) for n in range(500))).terms) == MAX_TERMS
