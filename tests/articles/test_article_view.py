"""The article page's view model: contents, citations, categories and links, cached and resolved."""

import pytest

from articles.article_view import (
    SectionView,
    article_page,
    build_article_view,
    build_revision_view,
    cached_article_view,
    table_of_contents,
    with_links_resolved,
)
from articles.models import Article
from wikitext.derivation import prepare_page
from wikitext.parsing import parse_page
from wikitext.variants import Variant

SEED = "西伯利亞滯留者"


def section(level, anchor, heading_html="标题"):
    return SectionView(level=level, anchor=anchor, heading_html=heading_html, html="", kind="text")


def test_contents_are_numbered_as_mediawiki_numbers_them():
    toc = table_of_contents((section(2, "a"), section(3, "b"), section(3, "c"), section(2, "d"), section(4, "e")))
    assert [(entry.number, entry.level, entry.anchor) for entry in toc] == [
        ("1", 1, "a"),
        ("1.1", 2, "b"),
        ("1.2", 2, "c"),
        ("2", 1, "d"),
        ("2.1", 2, "e"),
    ]


def test_one_heading_makes_no_contents():
    assert table_of_contents((section(2, "a"),)) == ()


def test_a_heading_keeps_neither_its_links_nor_its_marker_in_the_contents():
    heading = (
        '<a href="/wiki/X" class="wikilink">規則</a>'
        '<sup class="reference" id="cite_ref-1"><a href="#cite_note-1">[1]</a></sup>'
    )
    (entry, _) = table_of_contents((section(2, "規則", heading), section(2, "b")))
    assert entry.text_html == "規則"


@pytest.mark.django_db
def test_an_old_revision_shows_what_the_stored_rows_show(seed_article, seed_text):
    stored = build_article_view(Article.objects.with_content().get(pk=seed_article.pk))
    revision = build_revision_view(SEED, prepare_page(parse_page(seed_text, SEED), seed_text))
    assert revision == stored
    assert [(r.anchor, r.backlinks) for r in revision.references][:2] == [
        ("cite_note-1", (("", "#cite_ref-1"),)),
        ("cite_note-2", (("", "#cite_ref-2"),)),
    ]
    assert [(entry.number, entry.anchor) for entry in revision.toc] == [("1", "相關條目"), ("2", "参考文献")]


@pytest.mark.django_db
def test_a_view_in_a_variant_converts_text_and_keeps_targets_and_anchors(seed_article):
    view = build_article_view(Article.objects.with_content().get(pk=seed_article.pk), Variant.named("zh-cn"))
    assert view.title == "西伯利亚滞留者"
    assert (view.categories[0].name, view.categories[0].url) == (
        "世界记忆名录",
        "/zh-cn/Category:%E4%B8%96%E7%95%8C%E8%AE%B0%E5%BF%86%E5%90%8D%E5%BD%95",
    )
    assert [entry.anchor for entry in view.toc] == ["相關條目", "参考文献"]
    related = [(entry.title, entry.target) for entry in view.related]
    assert related[:2] == [("遗华日侨", "遺華日僑"), ("日本侨俘遣返", "日本僑俘遣返")]


@pytest.mark.django_db
def test_the_view_is_cached_by_version_and_variant(seed_article, django_assert_num_queries):
    cached_article_view(seed_article)
    with django_assert_num_queries(0):
        cached_article_view(seed_article)
    with django_assert_num_queries(5):  # the article, then its sections, references, related entries, categories
        cached_article_view(seed_article, Variant.named("zh-tw"))


@pytest.mark.django_db
def test_links_to_pages_here_turn_local_in_one_query(seed_article, neighbours, django_assert_num_queries):
    view = cached_article_view(seed_article)
    with django_assert_num_queries(1):
        resolved = with_links_resolved(view, lambda title: f"/here/{title}")
    related = {entry.target: entry.url for entry in resolved.related}
    assert related["日本僑俘遣返"] == "/here/日本僑俘遣返"
    assert related["遺華日僑"] == "https://zh.wikipedia.org/wiki/%E9%81%BA%E8%8F%AF%E6%97%A5%E5%83%91"


@pytest.mark.django_db
def test_the_page_in_a_variant_links_local_pages_in_that_variant(seed_article, neighbours):
    page = article_page(seed_article, Variant.named("zh-tw"))
    assert {entry.target: entry.url for entry in page.related}["日本僑俘遣返"] == (
        "/zh-tw/%E6%97%A5%E6%9C%AC%E5%83%91%E4%BF%98%E9%81%A3%E8%BF%94"
    )
