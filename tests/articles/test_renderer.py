"""Deriving stored pages again: which articles, and each one all or nothing."""

import pytest

from articles.models import Article
from articles.renderer import Rendered, UnknownTitles, articles_to_render, render_articles

pytestmark = pytest.mark.django_db


def test_by_default_only_what_an_older_siberia_derived(seed_article, neighbours):
    assert articles_to_render() == []
    Article.objects.filter(title="日本人").update(derived_with=0)
    assert articles_to_render() == [Article.objects.get(title="日本人").pk]
    assert len(articles_to_render(every=True)) == 5


def test_titles_are_found_in_their_normal_form_and_unknown_ones_named(seed_article):
    from articles.importer.writer import import_page
    from wikitext.parsing import parse_page

    python = import_page(parse_page("Python 是一种语言。\n", "Python 语言"), "Python 是一种语言。\n").article
    assert articles_to_render(["python_语言", "西伯利亞滯留者"]) == sorted([seed_article.pk, python.pk])
    with pytest.raises(UnknownTitles) as error:
        articles_to_render(["西伯利亞滯留者", "无此页", "也无"])
    assert str(error.value) == "no article titled '也无', '无此页'"


def test_each_article_is_rendered_again_from_its_current_revision(seed_article):
    Article.objects.filter(pk=seed_article.pk).update(lead_html="<p>stale</p>", derived_with=0)
    assert list(render_articles([seed_article.pk])) == [Rendered("西伯利亞滯留者")]
    article = Article.objects.get(pk=seed_article.pk)
    assert article.lead_html.startswith("<p><strong>西伯利亞滯留者</strong>")
    assert article.version == seed_article.version + 1


def test_an_article_that_fails_is_reported_and_the_others_rendered(seed_article, neighbours, render_fails_for):
    render_fails_for("日本人", RuntimeError("boom"))
    versions = dict(Article.objects.values_list("title", "version"))
    rendered = list(render_articles(articles_to_render(every=True)))
    assert [r for r in rendered if r.error] == [Rendered("日本人", "RuntimeError: boom")]
    assert len(rendered) == 5
    after = dict(Article.objects.values_list("title", "version"))
    assert {title for title in after if after[title] == versions[title] + 1} == set(versions) - {"日本人"}
