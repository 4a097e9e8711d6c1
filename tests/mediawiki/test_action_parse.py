"""action=parse (the page as its article page shows it) and action=opensearch (the four arrays)."""

import pytest

from articles.models import Revision

from .conftest import SEED

pytestmark = pytest.mark.django_db


def test_parse_gives_the_pages_html_sections_categories_and_links(api, site, django_assert_num_queries):
    seed = site[SEED]
    with django_assert_num_queries(8):  # the article; its view (five); its link targets; which links exist
        data = api(action="parse", page=SEED, formatversion=2)
    parse = data["parse"]
    assert parse["title"] == SEED
    assert parse["pageid"] == seed.pk
    assert parse["revid"] == seed.current_revision_id
    assert parse["displaytitle"] == '<span class="mw-page-title-main">西伯利亞滯留者</span>'
    text = parse["text"]
    assert text.startswith(
        '<div class="mw-content-ltr mw-parser-output" lang="zh" dir="ltr">\n<p><strong>西伯利亞滯留者</strong>'
    )
    assert '<a href="/wiki/%E6%97%A5%E6%9C%AC%E4%BA%BA" class="wikilink" title="日本人">日本人</a>' in text
    assert '<h2 id="参考文献">参考文献</h2>' in text
    assert '<li id="cite_note-1">' in text
    assert parse["sections"] == [
        {
            "toclevel": 1, "level": "2", "line": "相關條目", "number": "1", "index": "1", "fromtitle": SEED,
            "byteoffset": None, "anchor": "相關條目", "linkAnchor": "相關條目",
        },
        {
            "toclevel": 1, "level": "2", "line": "参考文献", "number": "2", "index": "2", "fromtitle": SEED,
            "byteoffset": None, "anchor": "参考文献", "linkAnchor": "参考文献",
        },
    ]  # fmt: skip
    assert {"sortkey": "", "category": "日蘇關係"} in parse["categories"]
    assert len(parse["categories"]) == 6
    assert {"ns": 0, "title": "日本人", "exists": True} in parse["links"]
    assert {"ns": 0, "title": "二戰"} in parse["links"]
    assert "http://news.bbc.co.uk/1/hi/world/monitoring/63012.stm" in parse["externallinks"]


def test_parse_in_a_variant_with_chosen_props(api, site):
    data = api(action="parse", page="西伯利亚滞留者", prop="text|categories|displaytitle", variant="zh-tw")
    parse = data["parse"]
    assert set(parse) == {"title", "pageid", "text", "categories", "displaytitle"}
    assert '<a href="/zh-tw/%E6%97%A5%E6%9C%AC%E4%BA%BA" class="wikilink" title="日本人">' in parse["text"]["*"]
    assert {"sortkey": "", "*": "西伯利亞歷史"} in parse["categories"]


def test_parse_an_old_revision_and_its_source(api, site, seed_text):
    seed = site[SEED]
    first = seed.current_revision
    seed.commit("**西伯利亞滯留者**，改寫。\n", kind=Revision.EDIT, author="編者")
    data = api(action="parse", oldid=first.pk, prop="text|wikitext|revid", formatversion=2)
    assert data["parse"]["revid"] == first.pk
    assert data["parse"]["wikitext"] == seed_text
    assert "人数为560,000至760,000人" in data["parse"]["text"]
    current = api(action="parse", pageid=seed.pk, prop="text", formatversion=2)["parse"]["text"]
    assert "改寫" in current and "560,000" not in current


def test_parse_one_section(api, site):
    lead = api(action="parse", page=SEED, prop="text", section=0, formatversion=2)["parse"]["text"]
    assert "<strong>西伯利亞滯留者</strong>" in lead and "<h2" not in lead
    related = api(action="parse", page=SEED, prop="text", section=1, formatversion=2)["parse"]["text"]
    assert related.startswith('<div class="mw-content-ltr mw-parser-output" lang="zh" dir="ltr">\n<h2 id="相關條目">')
    assert "<strong>" not in related and "cite_note-1" not in related
    assert api(action="parse", page=SEED, section=3)["error"]["code"] == "nosuchsection"
    assert api(action="parse", page=SEED, section="new")["error"]["code"] == "invalidsection"


def test_parse_errors(api, site):
    assert api(action="parse", page="No such page")["error"]["code"] == "missingtitle"
    assert api(action="parse", page="A|B")["error"]["code"] == "invalidtitle"
    assert api(action="parse", pageid=999999)["error"] == {
        "code": "nosuchpageid",
        "info": "There is no page with ID 999999.",
        "*": "See http://testserver/w/api.php for API usage.",
    }
    assert api(action="parse", oldid=999999)["error"]["code"] == "nosuchrevid"
    assert api(action="parse")["error"]["code"] == "missingparam"


def test_opensearch_answers_four_arrays(api, site, django_assert_num_queries):
    with django_assert_num_queries(1):
        data = api(action="opensearch", search="日本", limit=2)
    assert data == [
        "日本",
        ["日本人", "日本僑俘遣返"],
        ["", ""],
        [
            "http://testserver/wiki/%E6%97%A5%E6%9C%AC%E4%BA%BA",
            "http://testserver/wiki/%E6%97%A5%E6%9C%AC%E5%83%91%E4%BF%98%E9%81%A3%E8%BF%94",
        ],
    ]


def test_opensearch_in_a_variant_and_for_nothing(api, site):
    data = api(action="opensearch", search="西伯利亞", variant="zh-cn")
    assert data[1] == ["西伯利亚滞留者"]
    assert data[3] == ["http://testserver/zh-cn/%E8%A5%BF%E4%BC%AF%E5%88%A9%E4%BA%9E%E6%BB%AF%E7%95%99%E8%80%85"]
    assert api(action="opensearch", search="") == ["", [], [], []]
