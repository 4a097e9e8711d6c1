"""Real clients written for Wikipedia, against the live server: mwclient, and Wikipedia-API with only its URL changed.

Each reads what the pages show (titles, text, links, categories), in the variant asked.
"""

from urllib.parse import urlsplit

import mwclient
import pytest
import wikipediaapi

from articles.models import Revision

from .conftest import SEED

pytestmark = pytest.mark.django_db(transaction=True)

USER_AGENT = "siberia-tests/1.0 (https://example.org/siberia)"
SEED_CATEGORIES = ["世界记忆名录", "在蘇聯的日本人", "日本人墓地", "日本侨俘遣返", "日蘇關係", "西伯利亚历史"]


@pytest.fixture
def mw(live_server, site):
    client = mwclient.Site(urlsplit(live_server.url).netloc, path="/w/", scheme="http", clients_useragent=USER_AGENT)
    yield client
    # A kept-alive connection would hold a server thread, and its database connection, past the test.
    client.connection.close()


@pytest.fixture
def wikipedia(live_server, site):
    """``wikipedia(**options)``: a Wikipedia-API client whose one URL-building method names the live server."""

    class Siberia(wikipediaapi.Wikipedia):
        @staticmethod
        def _build_url(language: str) -> str:
            return f"{live_server.url}/w/api.php"

    made = []

    def make(**options):
        made.append(Siberia(user_agent=USER_AGENT, language="zh", **options))
        return made[-1]

    yield make
    for client in made:
        client._client.close()


# mwclient


def test_mwclient_reads_the_site_and_a_page(mw, site, seed_text):
    assert mw.site["sitename"] == "siberia"
    assert mw.version[:2] == (1, 43)
    page = mw.pages[SEED]
    assert page.exists
    assert page.pageid == site[SEED].pk
    assert page.text() == seed_text
    assert not mw.pages["No such page"].exists
    assert mw.pages["No such page"].text() == ""


def test_mwclient_categories_links_backlinks(mw, site):
    page = mw.pages[SEED]
    assert sorted(category.name for category in page.categories()) == [f"Category:{n}" for n in SEED_CATEGORIES]
    links = {linked.name: linked for linked in page.links()}
    assert len(links) == 29
    assert links["日本人"].exists and not links["二戰"].exists
    assert SEED in {linking.name for linking in mw.pages["高加索"].backlinks()}


def test_mwclient_revisions(mw, site):
    seed = site[SEED]
    first = seed.current_revision
    seed.commit("**西伯利亞滯留者**，改寫。\n", kind=Revision.EDIT, author="編者", summary="改寫")
    revisions = list(mw.pages[SEED].revisions(prop="ids|user|comment|content", slots="main"))
    assert [(r["revid"], r["user"], r["comment"]) for r in revisions] == [
        (seed.current_revision_id, "編者", "改寫"),
        (first.pk, "import", first.summary),
    ]
    assert mw.pages[SEED].text() == "**西伯利亞滯留者**，改寫。\n"


def test_mwclient_search_allpages_random_recentchanges(mw, site):
    hits = list(mw.search("战俘"))
    assert hits[0]["title"] == SEED
    assert '<span class="searchmatch">戰俘</span>' in hits[0]["snippet"]
    assert [page.name for page in mw.allpages()] == ["日本人", "日本僑俘遣返", "日本裔俄羅斯人", SEED, "高加索"]
    picked = list(mw.random(namespace=0, max_items=3))
    assert len(picked) == 3 and all(p["title"] in site for p in picked)
    changes = list(mw.recentchanges())
    assert {change["title"] for change in changes} == set(site)


def test_mwclient_category_members(mw, site):
    members = [page.name for page in mw.categories["日本侨俘遣返"].members()]
    assert members == ["日本僑俘遣返", SEED]


def test_mwclient_in_a_variant(mw, site):
    """mwclient passes any parameter through: ``variant`` gives the titles and text in that variant."""
    data = mw.get("query", prop="extracts|categories", titles=SEED, exintro=1, explaintext=1, variant="zh-cn")
    page = data["query"]["pages"][str(site[SEED].pk)]
    assert page["title"] == "西伯利亚滞留者"
    assert page["extract"].startswith("西伯利亚滞留者，指的是二战结束以后被苏联红军")
    assert {"ns": 14, "title": "Category:日苏关系"} in page["categories"]
    found = mw.get("query", list="search", srsearch="战俘", variant="zh-tw")["query"]["search"]
    assert found[0]["title"] == "西伯利亞滯留者"


# Wikipedia-API


@pytest.mark.parametrize("extract_format", [wikipediaapi.ExtractFormat.WIKI, wikipediaapi.ExtractFormat.HTML])
def test_wikipedia_api_page_text_and_sections(wikipedia, site, extract_format):
    wiki = wikipedia(extract_format=extract_format)
    page = wiki.page("日本裔俄羅斯人")
    assert page.exists()
    assert page.pageid == site["日本裔俄羅斯人"].pk
    html = extract_format == wikipediaapi.ExtractFormat.HTML
    lead = "是日侨的一个小群体，由移居于俄罗斯的日本人及其在俄罗斯出生的后代组成"
    assert page.summary.startswith(f"<p><strong>日裔俄羅斯人</strong>{lead}" if html else f"日裔俄羅斯人{lead}")
    assert [section.title for section in page.sections] == ["早期居民", "日本開國", "二戰後", "知名人物", "参见"]
    first = "第一位移居俄羅斯的日本人是大阪人伝兵衛，1701年漂流至堪察加半島"
    assert page.sections[0].text.startswith(f"<p>{first}" if html else first)
    assert page.sections[3].text.startswith("<ul>\n<li>伊里娜·袴田" if html else "伊里娜·袴田")
    assert page.text.startswith(page.summary)
    assert not wiki.page("No such page").exists()


@pytest.mark.parametrize("extract_format", [wikipediaapi.ExtractFormat.WIKI, wikipediaapi.ExtractFormat.HTML])
def test_wikipedia_api_links_backlinks_categories_members(wikipedia, site, extract_format):
    wiki = wikipedia(extract_format=extract_format)
    page = wiki.page(SEED)
    assert "日本人" in page.links and "高加索" in page.links
    assert len(page.links) == 29
    assert sorted(page.categories) == [f"Category:{n}" for n in SEED_CATEGORIES]
    assert SEED in wiki.page("高加索").backlinks
    assert list(wiki.page("Category:日本侨俘遣返").categorymembers) == ["日本僑俘遣返", SEED]


def test_wikipedia_api_in_a_variant(wikipedia, site):
    wiki = wikipedia(variant="zh-cn")
    page = wiki.page("西伯利亞滯留者")
    assert page.exists()
    assert page.summary.startswith("西伯利亚滞留者，指的是二战结束以后被苏联红军")
    assert "Category:西伯利亚历史" in page.categories
    assert "二战" in page.links
