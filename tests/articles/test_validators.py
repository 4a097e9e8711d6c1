"""Lists of articles (home, a category, all pages, what links here, recent changes): validators and 304s."""

import pytest

from articles.importer.writer import import_page
from articles.models import Article
from wikitext.parsing import parse_page

pytestmark = pytest.mark.django_db

LISTS = [
    "/",
    "/wiki/Category:日蘇關係",
    "/wiki/Special:AllPages",
    "/zh-tw/Special:AllPages",
    "/wiki/Special:WhatLinksHere/日本人",
    "/wiki/Special:RecentChanges",
]


@pytest.mark.parametrize("url", LISTS)
def test_a_list_answers_a_current_copy_with_304_from_one_query(client, seed_article, url, django_assert_num_queries):
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["Last-Modified"].endswith(" GMT")
    assert first["Cache-Control"] == "public, no-cache"
    with django_assert_num_queries(1):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_each_address_and_variant_has_its_own_validator(client, seed_article):
    tags = {client.get(url)["ETag"] for url in LISTS}
    assert len(tags) == len(LISTS)


def test_a_new_page_an_edit_and_a_deletion_each_change_every_list(client, seed_article, seed_text):
    def tags():
        return [client.get(url)["ETag"] for url in LISTS]

    before = tags()
    text = "新的一页。\n"
    import_page(parse_page(text, "新页"), text)
    created = tags()
    Article.objects.get(title=seed_article.title).commit(seed_text + "\n补记。\n", kind="edit", author="editor")
    edited = tags()
    Article.objects.get(title="新页").delete()
    deleted = tags()
    for earlier, later in [(before, created), (created, edited), (edited, deleted)]:
        assert all(a != b for a, b in zip(earlier, later, strict=True))


def test_an_unchanged_site_keeps_its_validators(client, seed_article):
    assert [client.get(url)["ETag"] for url in LISTS] == [client.get(url)["ETag"] for url in LISTS]
