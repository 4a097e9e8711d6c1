"""action=query: siteinfo, the pages titles/pageids/revids name, and their props, in MediaWiki's shapes."""

from urllib.parse import quote

import pytest

from articles.models import Revision

from .conftest import SEED

pytestmark = pytest.mark.django_db

SEED_CATEGORIES = ["世界记忆名录", "在蘇聯的日本人", "日本人墓地", "日本侨俘遣返", "日蘇關係", "西伯利亚历史"]


def test_siteinfo_general_namespaces_statistics(api, site, django_assert_num_queries):
    with django_assert_num_queries(3):  # articles, revisions, users
        data = api(action="query", meta="siteinfo", siprop="general|namespaces|statistics")
    general = data["query"]["general"]
    assert general["sitename"] == "siberia"
    assert general["mainpage"] == SEED
    assert general["base"] == "http://testserver/wiki/西伯利亞滯留者"
    assert general["generator"] == "MediaWiki 1.43.0 (siberia)"
    assert general["lang"] == "zh"
    assert general["case"] == "first-letter"
    assert general["articlepath"] == "/wiki/$1"
    assert general["variantarticlepath"] == "/$2/$1"
    assert general["variants"][0] == {"code": "zh", "name": "不转换"}
    assert [v["code"] for v in general["variants"]][-1] == "zh-tw"
    assert general["langconversion"] == ""
    assert "rtl" not in general
    assert data["query"]["namespaces"] == {
        "-1": {"id": -1, "case": "first-letter", "canonical": "Special", "*": "Special"},
        "0": {"id": 0, "case": "first-letter", "*": "", "content": ""},
        "14": {"id": 14, "case": "first-letter", "canonical": "Category", "*": "Category"},
    }
    assert data["query"]["statistics"] == {
        "pages": 5,
        "articles": 5,
        "edits": 5,
        "images": 0,
        "users": 0,
        "activeusers": 0,
        "admins": 0,
        "jobs": 0,
    }
    assert data["batchcomplete"] == ""


def test_siteinfo_in_formatversion_2_writes_booleans_and_names(api, site):
    data = api(action="query", meta="siteinfo|userinfo", siprop="namespaces", uiprop="groups|rights", formatversion=2)
    assert data["query"]["namespaces"]["0"] == {
        "id": 0,
        "case": "first-letter",
        "name": "",
        "subpages": False,
        "content": True,
        "nonincludable": False,
    }
    assert data["query"]["userinfo"] == {
        "id": 0,
        "name": "127.0.0.1",
        "anon": True,
        "groups": ["*"],
        "rights": ["read"],
    }
    assert data["batchcomplete"] is True


def test_titles_are_normalised_converted_and_missing_as_mediawiki_reports(api, site, django_assert_num_queries):
    seed = site[SEED]
    with django_assert_num_queries(2):  # the articles, the categories
        data = api(action="query", titles="西伯利亚滞留者|日本人_|no_such page|分类:日蘇關係|Special:Random|A<b")
    query = data["query"]
    assert query["normalized"] == [
        {"from": "日本人_", "to": "日本人"},
        {"from": "no_such page", "to": "No such page"},
        {"from": "分类:日蘇關係", "to": "Category:日蘇關係"},
    ]
    assert query["converted"] == [{"from": "西伯利亚滞留者", "to": SEED}]
    assert query["pages"] == {
        "-1": {
            "title": "A<b",
            "invalidreason": 'The requested page title contains invalid characters: "<".',
            "invalid": "",
        },
        str(seed.pk): {"pageid": seed.pk, "ns": 0, "title": SEED},
        str(site["日本人"].pk): {"pageid": site["日本人"].pk, "ns": 0, "title": "日本人"},
        "-2": {"ns": 0, "title": "No such page", "missing": ""},
        "-3": {"ns": 14, "title": "Category:日蘇關係", "missing": "", "known": ""},
        "-4": {"ns": -1, "title": "Special:Random", "special": ""},
    }


def test_a_title_in_the_variant_asked_is_no_conversion(api, site):
    seed = site[SEED]
    data = api(action="query", titles="西伯利亚滞留者", variant="zh-cn", formatversion=2)
    assert "converted" not in data["query"]
    assert data["query"]["pages"] == [{"pageid": seed.pk, "ns": 0, "title": "西伯利亚滞留者"}]


def test_pageids_and_revids(api, site):
    seed = site[SEED]
    revision = seed.current_revision
    data = api(action="query", pageids=f"{seed.pk}|999999", formatversion=2)
    assert data["query"]["pages"] == [
        {"pageid": seed.pk, "ns": 0, "title": SEED},
        {"pageid": 999999, "missing": True},
    ]
    data = api(action="query", revids=f"{revision.pk}|999998", prop="revisions", rvprop="ids|size")
    assert data["query"]["badrevids"] == {"999998": {"revid": 999998, "missing": ""}}
    assert data["query"]["pages"][str(seed.pk)]["revisions"] == [{"revid": revision.pk, "parentid": 0, "size": 4533}]


def test_info(api, site, django_assert_num_queries):
    seed = site[SEED]
    seed.refresh_from_db()  # importing its neighbours touched it: pages it links to came to be
    with django_assert_num_queries(1):  # the articles with their current revisions
        data = api(action="query", prop="info", titles=f"{SEED}|日本人", inprop="url|displaytitle|protection")
    page = data["query"]["pages"][str(seed.pk)]
    assert page == {
        "pageid": seed.pk,
        "ns": 0,
        "title": SEED,
        "contentmodel": "markdown",
        "pagelanguage": "zh",
        "pagelanguagehtmlcode": "zh",
        "pagelanguagedir": "ltr",
        "touched": seed.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "lastrevid": seed.current_revision_id,
        "length": 4533,
        "new": "",
        "protection": [],
        "restrictiontypes": [],
        "fullurl": f"http://testserver/wiki/{quote(SEED)}",
        "canonicalurl": f"http://testserver/wiki/{quote(SEED)}",
        "editurl": f"http://testserver/admin/articles/article/{seed.pk}/change/",
        "displaytitle": SEED,
    }


def test_revisions_current_content_in_the_main_slot(api, site, seed_text, django_assert_num_queries):
    seed, people = site[SEED], site["日本人"]
    with django_assert_num_queries(2):  # the articles, their current revisions
        data = api(
            action="query", prop="revisions", titles=f"{SEED}|日本人", rvprop="ids|timestamp|user|comment|size|content",
            rvslots="main", formatversion=2,
        )  # fmt: skip
    first, second = data["query"]["pages"]
    revision = seed.current_revision
    assert first["revisions"] == [
        {
            "revid": revision.pk,
            "parentid": 0,
            "user": "import",
            "timestamp": revision.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "size": 4533,
            "comment": revision.summary,
            "slots": {"main": {"contentmodel": "markdown", "contentformat": "text/markdown", "content": seed_text}},
        }
    ]
    assert second["title"] == "日本人"
    assert second["revisions"][0]["revid"] == people.current_revision_id
    assert "warnings" not in data


def test_revisions_without_rvslots_use_the_legacy_shape_with_its_warning(api, site, seed_text):
    data = api(action="query", prop="revisions", titles=SEED, rvprop="content")
    page = data["query"]["pages"][str(site[SEED].pk)]
    assert page["revisions"] == [{"contentmodel": "markdown", "contentformat": "text/markdown", "*": seed_text}]
    assert data["warnings"]["revisions"]["*"].startswith('Because "rvslots" was not specified, a legacy format')


def test_a_history_enumerated_with_continuation(api, site, django_assert_num_queries):
    seed = site[SEED]
    first = seed.current_revision
    seed.commit("**西伯利亞滯留者**，改寫。\n", kind=Revision.EDIT, author="編者", summary="改寫")
    second = seed.current_revision
    with django_assert_num_queries(2):  # the article, rvlimit + 1 revisions
        data = api(action="query", prop="revisions", titles=SEED, rvlimit=1, rvprop="ids|user|comment", formatversion=2)
    assert data["query"]["pages"][0]["revisions"] == [
        {"revid": second.pk, "parentid": first.pk, "user": "編者", "comment": "改寫"}
    ]
    assert data["continue"] == {"rvcontinue": str(first.pk), "continue": "||"}
    assert "batchcomplete" not in data
    data = api(
        action="query", prop="revisions", titles=SEED, rvlimit=1, rvprop="ids", rvcontinue=first.pk, formatversion=2
    )
    assert data["query"]["pages"][0]["revisions"] == [{"revid": first.pk, "parentid": 0}]
    assert "continue" not in data


def test_categories_and_links_of_several_pages_in_one_query_each(api, site, django_assert_num_queries):
    seed = site[SEED]
    with django_assert_num_queries(3):  # the articles, their categories, their links
        data = api(action="query", prop="categories|links", titles=f"{SEED}|日本人", cllimit="max", pllimit="max")
    page = data["query"]["pages"][str(seed.pk)]
    assert page["categories"] == [{"ns": 14, "title": f"Category:{name}"} for name in SEED_CATEGORIES]
    assert {"ns": 0, "title": "日本人"} in page["links"]
    assert {"ns": 0, "title": "高加索"} in page["links"]
    assert len(page["links"]) == 29
    assert data["query"]["pages"][str(site["日本人"].pk)]["categories"] == [{"ns": 14, "title": "Category:日本人"}]


def test_categories_continue_past_their_limit(api, site):
    seed = site[SEED]
    data = api(action="query", prop="categories", titles=SEED, cllimit=4, formatversion=2)
    assert [c["title"] for c in data["query"]["pages"][0]["categories"]] == [
        f"Category:{n}" for n in SEED_CATEGORIES[:4]
    ]
    assert data["continue"] == {"clcontinue": f"{seed.pk}|日蘇關係", "continue": "||"}
    data = api(
        action="query", prop="categories", titles=SEED, cllimit=4, clcontinue=f"{seed.pk}|日蘇關係", formatversion=2
    )
    assert [c["title"] for c in data["query"]["pages"][0]["categories"]] == [
        f"Category:{n}" for n in SEED_CATEGORIES[4:]
    ]
    assert data["batchcomplete"] is True


def test_categories_and_links_in_a_variant(api, site):
    data = api(action="query", prop="categories|links", titles=SEED, variant="zh-tw", pllimit="max", formatversion=2)
    page = data["query"]["pages"][0]
    assert page["title"] == "西伯利亞滯留者"
    assert {"ns": 14, "title": "Category:日本僑俘遣返"} in page["categories"]
    assert {"ns": 14, "title": "Category:西伯利亞歷史"} in page["categories"]
    assert {"ns": 0, "title": "二戰"} in page["links"]


def test_extracts_intro_as_text_and_as_html(api, site, django_assert_num_queries):
    with django_assert_num_queries(1):  # the articles: the leads are on their rows
        data = api(action="query", prop="extracts", exintro=1, explaintext=1, titles=SEED, formatversion=2)
    text = data["query"]["pages"][0]["extract"]
    assert text.startswith(
        "西伯利亞滯留者，指的是二戰結束以後被蘇聯紅軍解除武裝後押往西伯利亞的日本戰俘，人数为560,000至760,000人"
    )
    assert "[1]" not in text
    assert "==" not in text
    data = api(action="query", prop="extracts", exintro=1, titles=SEED, formatversion=2)
    html = data["query"]["pages"][0]["extract"]
    assert html.startswith("<p><strong>西伯利亞滯留者</strong>，指的是二戰結束以後被蘇聯紅軍")
    assert "<a" not in html and "cite_ref" not in html


def test_whole_extracts_have_their_sections(api, site, django_assert_num_queries):
    with django_assert_num_queries(2):  # the articles, their sections
        data = api(action="query", prop="extracts", explaintext=1, titles="日本裔俄羅斯人", formatversion=2)
    text = data["query"]["pages"][0]["extract"]
    assert "\n\n== 早期居民 ==\n" in text
    assert text.endswith("\n\n== 参见 ==\n")  # nothing under it: its line is kept whole
    data = api(action="query", prop="extracts", titles="日本裔俄羅斯人", formatversion=2)
    assert '<h2><span id="早期居民">早期居民</span></h2>' in data["query"]["pages"][0]["extract"]


def test_extracts_in_a_variant_and_cut_to_sentences(api, site):
    data = api(
        action="query", prop="extracts", exintro=1, explaintext=1, exsentences=1, titles=SEED, variant="zh-cn",
        formatversion=2,
    )  # fmt: skip
    assert data["query"]["pages"][0]["title"] == "西伯利亚滞留者"
    assert data["query"]["pages"][0]["extract"].startswith("西伯利亚滞留者，指的是二战结束以后被苏联红军")
    assert data["query"]["pages"][0]["extract"].endswith("因囚禁而死亡。")


def test_pageprops_are_left_out_as_for_a_page_with_none(api, site):
    data = api(action="query", prop="pageprops", titles=SEED, formatversion=2)
    assert data["query"]["pages"] == [{"pageid": site[SEED].pk, "ns": 0, "title": SEED}]


def test_nothing_asked_is_a_complete_batch(api, site):
    assert api(action="query") == {"batchcomplete": ""}


@pytest.mark.parametrize("count", [1, 50])
def test_the_queries_do_not_grow_with_the_titles(api, site, count, django_assert_num_queries):
    names = [*site, *(f"无此页面{n}" for n in range(count))][:count]
    with django_assert_num_queries(4):  # the articles, their revisions, categories and links; the leads are on the rows
        data = api(
            action="query", titles="|".join(names), prop="info|revisions|categories|links|extracts", exintro=1,
            formatversion=2,
        )  # fmt: skip
    assert len(data["query"]["pages"]) == count


def test_the_content_of_at_most_fifty_pages_is_read_in_a_call(api, site, monkeypatch, django_assert_num_queries):
    from mediawiki.action import revisions

    monkeypatch.setattr(revisions, "CONTENT_LIMIT", 2)
    with django_assert_num_queries(3):  # the articles; two revisions with their texts, the others without
        data = api(action="query", generator="allpages", prop="revisions", rvprop="ids|content", rvslots="main")
    pages = sorted(data["query"]["pages"].values(), key=lambda page: page["title"])
    assert ["*" in page["revisions"][0]["slots"]["main"] for page in pages] == [True, True, False, False, False]
    assert data["warnings"]["revisions"]["*"] == "The content of at most 2 pages is given in one call."


def test_uselang_naming_a_variant_converts_and_jsonfm_indents(client, site):
    response = client.get(
        "/w/api.php", {"action": "query", "titles": "日本僑俘遣返", "uselang": "zh-cn", "format": "jsonfm", "utf8": 1}
    )
    assert response.content.decode().startswith('{\n    "batchcomplete": "",\n    "query": {')
    assert response.json()["query"]["pages"][str(site["日本僑俘遣返"].pk)]["title"] == "日本侨俘遣返"
    assert '"日本侨俘遣返"' in response.content.decode()  # utf8: written as it is, not \u escaped
