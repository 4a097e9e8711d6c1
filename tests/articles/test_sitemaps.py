"""sitemap.xml: the index, each section's pages, every variant's address beside each entry, bounded queries."""

from datetime import UTC, datetime
from urllib.parse import quote
from xml.etree import ElementTree

import pytest

from articles.models import Article, Category
from articles.sitemaps import ArticleSitemap, CategorySitemap
from articles.variant_urls import page_url
from wikitext.titles import title_key
from wikitext.variants import VARIANTS

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
SERVER = "http://testserver"
SEED = quote("西伯利亞滯留者")


def make_articles(*titles, updated_at=datetime(2026, 11, 30, 8, 0, tzinfo=UTC)):
    Article.objects.bulk_create(Article(title=t, title_key=title_key(t), updated_at=updated_at) for t in titles)


def xml_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)


def entries(root):
    """{loc: (lastmod, [(hreflang, href), …])} of a sitemap page."""
    found = {}
    for url in root.findall("sm:url", NS):
        links = [(link.get("hreflang"), link.get("href")) for link in url.findall("xhtml:link", NS)]
        assert all(link.get("rel") == "alternate" for link in url.findall("xhtml:link", NS))
        found[url.findtext("sm:loc", namespaces=NS)] = (url.findtext("sm:lastmod", namespaces=NS), links)
    return found


def test_the_index_lists_each_section_with_its_last_change(client, seed_article, django_assert_num_queries):
    with django_assert_num_queries(4):  # each section: its last change, its count
        root = xml_of(client.get("/sitemap.xml"))
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    locations = [sitemap.findtext("sm:loc", namespaces=NS) for sitemap in root.findall("sm:sitemap", NS)]
    assert locations == [f"{SERVER}/sitemap-articles.xml", f"{SERVER}/sitemap-categories.xml"]
    seed_article.refresh_from_db()
    lastmods = [sitemap.findtext("sm:lastmod", namespaces=NS) for sitemap in root.findall("sm:sitemap", NS)]
    assert lastmods == [seed_article.updated_at.isoformat(), seed_article.updated_at.isoformat()]


def test_every_article_at_its_wiki_address_with_every_variant_beside_it(client, seed_article, neighbours):
    root = xml_of(client.get("/sitemap-articles.xml"))
    found = entries(root)
    assert sorted(found) == sorted(f"{SERVER}/wiki/{quote(a.title.replace(' ', '_'))}" for a in Article.objects.all())
    seed_article.refresh_from_db()
    lastmod, links = found[f"{SERVER}/wiki/{SEED}"]
    assert lastmod == seed_article.updated_at.isoformat()
    assert links == [
        ("zh", f"{SERVER}/wiki/{SEED}"),
        ("zh-Hans", f"{SERVER}/zh-hans/{SEED}"),
        ("zh-Hant", f"{SERVER}/zh-hant/{SEED}"),
        ("zh-Hans-CN", f"{SERVER}/zh-cn/{SEED}"),
        ("zh-Hant-HK", f"{SERVER}/zh-hk/{SEED}"),
        ("zh-Hant-MO", f"{SERVER}/zh-mo/{SEED}"),
        ("zh-Hans-MY", f"{SERVER}/zh-my/{SEED}"),
        ("zh-Hans-SG", f"{SERVER}/zh-sg/{SEED}"),
        ("zh-Hant-TW", f"{SERVER}/zh-tw/{SEED}"),
        ("x-default", f"{SERVER}/wiki/{SEED}"),
    ]


def test_a_sitemap_page_costs_two_queries_whatever_it_holds(client, seed_article, django_assert_num_queries):
    with django_assert_num_queries(2):  # the count, the page of rows
        assert len(entries(xml_of(client.get("/sitemap-articles.xml")))) == 1
    make_articles(*(f"Page {n:03d}" for n in range(40)))
    with django_assert_num_queries(2):
        assert len(entries(xml_of(client.get("/sitemap-articles.xml")))) == 41
    with django_assert_num_queries(2):
        assert len(entries(xml_of(client.get("/sitemap-categories.xml")))) == 6


def test_the_last_change_of_a_page_is_its_lastmod_and_the_header(client, db):
    make_articles("Tornado", updated_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    response = client.get("/sitemap-articles.xml")
    assert entries(xml_of(response))[f"{SERVER}/wiki/Tornado"][0] == "2026-01-02T03:04:05+00:00"
    assert response["Last-Modified"] == "Fri, 02 Jan 2026 03:04:05 GMT"


def test_past_the_limit_the_index_names_each_page(client, db, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    make_articles("Page 1", "Page 2", "Page 3", "Page 4", "Page 5")
    root = xml_of(client.get("/sitemap.xml"))
    locations = [sitemap.findtext("sm:loc", namespaces=NS) for sitemap in root.findall("sm:sitemap", NS)]
    assert locations == [
        f"{SERVER}/sitemap-articles.xml",
        f"{SERVER}/sitemap-articles.xml?p=2",
        f"{SERVER}/sitemap-articles.xml?p=3",
        f"{SERVER}/sitemap-categories.xml",
    ]
    assert list(entries(xml_of(client.get("/sitemap-articles.xml?p=2")))) == [
        f"{SERVER}/wiki/Page_3",
        f"{SERVER}/wiki/Page_4",
    ]
    assert list(entries(xml_of(client.get("/sitemap-articles.xml?p=3")))) == [f"{SERVER}/wiki/Page_5"]


@pytest.mark.parametrize("page", ["4", "0", "-1", "abc", "1.5", "9" * 5000, ""])
def test_a_page_past_the_end_or_no_number_is_404(client, db, monkeypatch, page):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    make_articles("Page 1", "Page 2", "Page 3", "Page 4", "Page 5")
    assert client.get("/sitemap-articles.xml", {"p": page}).status_code == 404


def test_an_unknown_section_is_404(client, db):
    assert client.get("/sitemap-users.xml").status_code == 404


def test_categories_holding_an_article_are_listed_with_their_variants(client, seed_article):
    Category.objects.create(name="空的分类")  # no article: its page lists nothing
    found = entries(xml_of(client.get("/sitemap-categories.xml")))
    category = f"{SERVER}/wiki/Category:{quote('日蘇關係')}"
    assert category in found
    assert f"{SERVER}/wiki/Category:{quote('空的分类')}" not in found
    assert len(found) == seed_article.categories.count() == 6
    seed_article.refresh_from_db()
    lastmod, links = found[category]
    assert lastmod == seed_article.updated_at.isoformat()
    assert ("zh-Hant-TW", f"{SERVER}/zh-tw/Category:{quote('日蘇關係')}") in links
    assert links[-1] == ("x-default", category)
    assert len(links) == 10
    assert CategorySitemap().get_latest_lastmod() == seed_article.updated_at


def test_titles_are_escaped_and_encoded(client, db):
    make_articles('Tom & Jerry <"x">')
    response = client.get("/sitemap-articles.xml")
    assert b"Tom_&amp;_Jerry_%3C%22x%22%3E" in response.content
    assert f"{SERVER}/wiki/Tom_&_Jerry_%3C%22x%22%3E" in entries(xml_of(response))


def test_each_alternate_is_the_address_the_page_has_in_that_variant(client, db):
    titles = ["AC/DC", "100% 純", "C#", "What?", "Tom & Jerry", "Sample", "Ω: x_y"]
    make_articles(*titles)
    found = entries(xml_of(client.get("/sitemap-articles.xml")))
    for title in titles:
        location = SERVER + page_url(title)
        assert found[location][1] == [(v.html_lang, SERVER + page_url(title, v)) for v in VARIANTS] + [
            ("x-default", location)
        ]


def test_the_sitemaps_ask_not_to_be_indexed_themselves(client, db):
    assert client.get("/sitemap.xml")["X-Robots-Tag"] == "noindex, noodp, noarchive"
