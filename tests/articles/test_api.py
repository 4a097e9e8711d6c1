"""/api/articles/<title>: the article as JSON, in any variant, with its wikilinks resolved."""

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.django_db

SEED = quote("西伯利亞滯留者")
API = "/api/articles/西伯利亞滯留者"


@pytest.fixture
def site(seed_article, neighbours):
    return seed_article


def test_article_as_json(client, site):
    response = client.get(API)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert list(data) == [
        "title",
        "url",
        "variant",
        "lead_html",
        "sections",
        "references",
        "categories",
        "related",
        "links",
        "revision",
    ]
    revision = site.current_revision
    assert data["revision"] == {
        "id": revision.pk,
        "number": 1,
        "timestamp": revision.timestamp.isoformat(),
        "author": "import",
        "summary": "导入",
        "size": revision.size,
    }
    assert data["title"] == "西伯利亞滯留者"
    assert data["url"] == f"/wiki/{SEED}"
    assert data["variant"] == "zh"
    assert data["lead_html"].startswith("<p><strong>西伯利亞滯留者</strong>，指的是")
    assert '<sup class="reference" id="cite_ref-1"><a href="#cite_note-1">[1]</a></sup>' in data["lead_html"]


def test_sections(client, site):
    sections = client.get(API).json()["sections"]
    assert [(s["level"], s["heading"], s["anchor"], s["kind"]) for s in sections] == [
        (2, "相關條目", "相關條目", "related"),
        (2, "参考文献", "参考文献", "references"),
    ]
    assert sections[0]["html"].count("<li>") == 5


def test_references(client, site):
    references = client.get(API).json()["references"]
    assert [r["number"] for r in references] == [1, 2, 3, 4]
    assert references[0] == {
        "number": 1,
        "html": '<a href="http://news.bbc.co.uk/1/hi/world/monitoring/63012.stm" class="external" '
        'rel="nofollow noopener">Japanese POW group says files on over 500,000 held in Moscow</a>, '
        '<em><a href="https://zh.wikipedia.org/wiki/BBC_News" class="wikilink external" title="BBC News" '
        'rel="nofollow noopener">BBC News</a></em>, 7 March 1998',
        "url": "http://news.bbc.co.uk/1/hi/world/monitoring/63012.stm",
        "backlinks": [{"label": "", "href": "#cite_ref-1"}],
    }


def test_categories_related_and_links(client, site):
    data = client.get(API).json()
    assert len(data["categories"]) == 6
    assert {"name": "日蘇關係", "url": "/wiki/Category:%E6%97%A5%E8%98%87%E9%97%9C%E4%BF%82"} in data["categories"]
    assert data["related"] == [
        {
            "title": "遺華日僑",
            "target": "遺華日僑",
            "url": "https://zh.wikipedia.org/wiki/%E9%81%BA%E8%8F%AF%E6%97%A5%E5%83%91",
        },
        {"title": "日本僑俘遣返", "target": "日本僑俘遣返", "url": "/wiki/" + quote("日本僑俘遣返")},
        {
            "title": "蘇聯戰爭罪行",
            "target": "蘇聯戰爭罪行",
            "url": "https://zh.wikipedia.org/wiki/%E8%98%87%E8%81%AF%E6%88%B0%E7%88%AD%E7%BD%AA%E8%A1%8C",
        },
        {
            "title": "赤化日本人",
            "target": "赤化日本人",
            "url": "https://zh.wikipedia.org/wiki/%E8%B5%A4%E5%8C%96%E6%97%A5%E6%9C%AC%E4%BA%BA",
        },
        {"title": "日本裔俄羅斯人", "target": "日本裔俄羅斯人", "url": "/wiki/" + quote("日本裔俄羅斯人")},
    ]
    assert len(data["links"]) == 29
    assert data["links"] == sorted(data["links"])
    assert {"日本人", "高加索", "斯大林", "BBC News"} <= set(data["links"])


def test_wikilinks_are_resolved(client, site):
    data = client.get(API).json()
    everything = data["lead_html"] + "".join(s["html"] for s in data["sections"])
    assert '<a href="/wiki/%E6%97%A5%E6%9C%AC%E4%BA%BA" class="wikilink" title="日本人">日本人</a>' in everything
    assert "data-target" not in everything


def test_in_a_variant(client, site):
    data = client.get(API, {"variant": "zh-tw"}).json()
    assert data["variant"] == "zh-tw"
    assert data["url"] == f"/zh-tw/{SEED}"
    assert "史達林</a>政權的" in data["lead_html"]
    local = '<a href="/zh-tw/%E6%97%A5%E6%9C%AC%E4%BA%BA" class="wikilink" title="日本人">日本人</a>'
    assert local in data["lead_html"]
    assert data["sections"][1]["heading"] == "參考文獻"
    assert data["sections"][1]["anchor"] == "参考文献"
    assert data["related"][1] == {
        "title": "日本僑俘遣返",
        "target": "日本僑俘遣返",
        "url": "/zh-tw/" + quote("日本僑俘遣返"),
    }
    cn = client.get(API, {"variant": "zh-cn"}).json()
    assert cn["title"] == "西伯利亚滞留者"
    assert "这些战俘有的是" in cn["lead_html"]
    assert {"name": "日苏关系", "url": "/zh-cn/Category:%E6%97%A5%E8%98%87%E9%97%9C%E4%BF%82"} in cn["categories"]
    assert cn["related"][1]["title"] == "日本侨俘遣返"


def test_title_in_another_variant_finds_the_article(client, site):
    data = client.get("/api/articles/西伯利亚滞留者").json()
    assert data["title"] == "西伯利亞滯留者"
    assert data["url"] == f"/wiki/{SEED}"


def test_bounded_queries(client, site, django_assert_max_num_queries, django_assert_num_queries):
    with django_assert_max_num_queries(7):
        client.get(API)
    with django_assert_num_queries(2):  # the article, then its link targets
        client.get(API)


def test_unknown_title_is_404_json(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/api/articles/不存在的條目")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "no article titled '不存在的條目'"}


def test_unknown_variant_is_400_json(client, site, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(API, {"variant": "zh-xx"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": "unknown variant 'zh-xx'; known: zh, zh-hans, zh-hant, zh-cn, zh-hk, zh-mo, zh-my, zh-sg, zh-tw"
    }


def test_api_ignores_the_cookie(client, site):
    client.cookies["variant"] = "zh-tw"
    response = client.get(API, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 200
    assert response.json()["variant"] == "zh"
