"""Feeds of revisions (articles.feeds): the site's recent changes and one page's history, as Atom and RSS."""

import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest

from articles.models import Article
from tests.articles.conftest import edit

ATOM = "{http://www.w3.org/2005/Atom}"

pytestmark = pytest.mark.django_db

SEED = "西伯利亞滯留者"
SEED_PATH = f"/wiki/{quote(SEED)}"


def test_a_pages_history_as_atom_lists_its_revisions_newest_first(client, edited, neighbours):
    article, second, third = edited
    edit(Article.objects.get(title="日本人"), "另一页的修订。\n", summary="别处")  # not this page's
    response = client.get(SEED_PATH, {"action": "history", "feed": "atom"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == f"「{SEED}」的修订历史"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        f"{SEED}（修订版本 3）",
        f"{SEED}（修订版本 2）",
        f"{SEED}（修订版本 1）",
    ]
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links[0].endswith(f"{SEED_PATH}?diff={third.pk}&oldid={second.pk}")
    assert links[2].endswith(f"{SEED_PATH}?oldid={article.revisions.get(number=1).pk}")  # the first: no diff
    assert entries[1].find(f"{ATOM}summary").text.startswith("用字 (")


def test_rss_too_for_the_site_and_for_a_page(client, edited):
    article, second, third = edited
    for address in ("/wiki/Special:RecentChanges", SEED_PATH):
        query = {"feed": "rss"} if "Special" in address else {"action": "history", "feed": "rss"}
        response = client.get(address, query)
        assert response["Content-Type"].startswith("application/rss+xml")
        channel = ET.fromstring(response.content).find("channel")
        items = channel.findall("item")
        assert len(items) == 3
        assert items[0].find("title").text == f"{SEED}（修订版本 3）"
        assert items[0].find("link").text.endswith(f"?diff={third.pk}&oldid={second.pk}")


def test_a_feed_costs_a_fixed_number_of_queries(client, edited, django_assert_num_queries):
    article = edited[0]
    for number in range(4, 9):
        edit(article, f"第{number}版。\n", summary=f"改{number}")
    with django_assert_num_queries(2):  # the site's state (its validators), then the revisions
        client.get("/wiki/Special:RecentChanges", {"feed": "atom"})
    with django_assert_num_queries(2):  # the article, then its revisions
        client.get(SEED_PATH, {"action": "history", "feed": "atom"})


def test_pages_name_their_feeds(client, edited):
    body = client.get(SEED_PATH).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="siberia：最近更改（Atom）" '
        'href="/wiki/Special:RecentChanges?feed=atom">'
    ) in body
    history = client.get(SEED_PATH, {"action": "history"}).content.decode()
    assert f'href="{SEED_PATH}?action=history&amp;feed=atom">' in history


def test_an_unknown_feed_format_is_the_page_itself(client, edited):
    response = client.get("/wiki/Special:RecentChanges", {"feed": "json"})
    assert response["Content-Type"].startswith("text/html") and "<h1>最近更改</h1>" in response.content.decode()


def test_recent_changes_links_its_feed(client, edited):
    body = client.get("/wiki/Special:RecentChanges").content.decode()
    assert '<a href="/wiki/Special:RecentChanges?feed=atom">Atom 订阅</a>' in body
