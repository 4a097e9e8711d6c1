"""Snippets: the text around the first match, escaped, matches marked, in the page's own characters."""

import pytest

from search.backends import search
from search.query import parse_query
from search.snippets import snippet
from tests.search.helpers import make_article

pytestmark = pytest.mark.django_db


def test_snippet_is_escaped_around_its_marks(db):
    article = make_article("标记", "前文<b>战俘</b>&amp;后文")
    (result,) = search("战俘").results
    assert result.article.pk == article.pk
    assert str(result.snippet) == "前文&lt;b&gt;<mark>战俘</mark>&lt;/b&gt;&amp;amp;后文"


def test_snippet_is_about_120_characters_around_the_first_match(db):
    text = "甲" * 300 + "战俘" + "乙" * 300
    shown = str(snippet(text, parse_query("戰俘")))
    assert shown.startswith("…") and shown.endswith("…")
    assert "<mark>战俘</mark>" in shown
    assert len(shown.replace("<mark>", "").replace("</mark>", "")) == 120 + 2
    assert shown.index("<mark>") < 40


def test_snippet_starts_at_the_text_when_only_the_title_matched(db):
    make_article("战俘营", "这一页的正文没有那个词。")
    (result,) = search("战俘").results
    assert str(result.snippet) == "这一页的正文没有那个词。"
    assert result.in_title


def test_snippet_shows_variant_markup_resolved(db):
    make_article("版权", "根据-{zh-hans:数字千年版权法;zh-hant:數位千禧年著作權法}-的控告")
    (result,) = search("数字千年版权法").results
    assert "-{" not in result.snippet
    assert "<mark>数字千年版权法</mark>" in result.snippet


def test_snippet_marks_what_it_can_when_case_folding_changes_lengths(db):
    make_article("街道", "Straße 在前。\n後來的戰俘營")
    (result,) = search("战俘").results
    assert "<mark>戰俘</mark>" in result.snippet
