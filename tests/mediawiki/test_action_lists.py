"""The list modules and the generators: their entries, limits, continuation, and query counts."""

import pytest

from .conftest import SEED

pytestmark = pytest.mark.django_db

ALL = ["日本人", "日本僑俘遣返", "日本裔俄羅斯人", SEED, "高加索"]


def titles(entries):
    return [entry["title"] for entry in entries]


def test_search_with_snippets_totals_and_offsets(api, site, django_assert_num_queries):
    with django_assert_num_queries(2):  # the search, the pages' rows
        data = api(action="query", list="search", srsearch="战俘", srlimit=1, formatversion=2)
    hit = data["query"]["search"][0]
    seed = site[SEED]
    assert hit["title"] == SEED
    assert hit["pageid"] == seed.pk
    assert hit["ns"] == 0
    assert hit["size"] == 4533
    assert hit["timestamp"] == seed.current_revision.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert '<span class="searchmatch">戰俘</span>' in hit["snippet"]
    total = data["query"]["searchinfo"]["totalhits"]
    assert total >= 2
    assert data["continue"] == {"sroffset": 1, "continue": "-||"}
    data = api(action="query", list="search", srsearch="战俘", srlimit=1, sroffset=1, formatversion=2)
    assert data["query"]["search"][0]["title"] != SEED


def test_search_over_the_limit_is_capped_with_mediawikis_warning(api, site):
    data = api(action="query", list="search", srsearch="日本", srlimit=1000, formatversion=2)
    assert data["warnings"] == {"search": {"warnings": "srlimit may not be over 500 (set to 1000) for users."}}
    assert len(data["query"]["search"]) == data["query"]["searchinfo"]["totalhits"]


def test_search_titles_and_near_match(api, site):
    data = api(action="query", list="search", srsearch="日本", srwhat="title", srprop="", formatversion=2)
    assert data["query"]["search"] == [
        {"pageid": site[title].pk, "ns": 0, "title": title} for title in ["日本人", "日本僑俘遣返", "日本裔俄羅斯人"]
    ]
    data = api(action="query", list="search", srsearch="西伯利亚滞留者", srwhat="nearmatch", srprop="")
    assert data["query"]["search"] == [{"pageid": site[SEED].pk, "ns": 0, "title": SEED}]


def test_search_in_a_variant(api, site):
    data = api(action="query", list="search", srsearch="西伯利亞滯留者", variant="zh-cn", srlimit=1, formatversion=2)
    hit = data["query"]["search"][0]
    assert hit["title"] == "西伯利亚滞留者"
    assert '<span class="searchmatch">西伯利亚滞留者</span>' in hit["snippet"]


def test_allpages_in_pages_of_two(api, site, django_assert_num_queries):
    with django_assert_num_queries(1):
        data = api(action="query", list="allpages", aplimit=2, formatversion=2)
    assert data["query"]["allpages"] == [{"pageid": site[t].pk, "ns": 0, "title": t} for t in ALL[:2]]
    assert data["continue"] == {"apcontinue": ALL[2], "continue": "-||"}
    data = api(action="query", list="allpages", aplimit=2, apcontinue=ALL[2], formatversion=2)
    assert titles(data["query"]["allpages"]) == ALL[2:4]
    data = api(action="query", list="allpages", apprefix="日本", apdir="descending", formatversion=2)
    assert titles(data["query"]["allpages"]) == ["日本裔俄羅斯人", "日本僑俘遣返", "日本人"]
    assert api(action="query", list="allpages", apnamespace=14, formatversion=2)["query"]["allpages"] == []


def test_categorymembers(api, site, django_assert_num_queries):
    with django_assert_num_queries(2):  # the category, its members
        data = api(action="query", list="categorymembers", cmtitle="Category:日本侨俘遣返", formatversion=2)
    assert data["query"]["categorymembers"] == [
        {"pageid": site["日本僑俘遣返"].pk, "ns": 0, "title": "日本僑俘遣返"},
        {"pageid": site[SEED].pk, "ns": 0, "title": SEED},
    ]
    data = api(action="query", list="categorymembers", cmtitle="分類:日本僑俘遣返", cmlimit=1, cmprop="title|type")
    assert data["query"]["categorymembers"] == [{"ns": 0, "title": "日本僑俘遣返", "type": "page"}]
    assert data["continue"] == {"cmcontinue": f"page|{SEED}", "continue": "-||"}
    data = api(action="query", list="categorymembers", cmtitle="Category:日本侨俘遣返", cmcontinue=f"page|{SEED}")
    assert titles(data["query"]["categorymembers"]) == [SEED]
    assert api(action="query", list="categorymembers", cmtitle="Category:無此分類")["query"]["categorymembers"] == []


def test_backlinks(api, site, django_assert_num_queries):
    with django_assert_num_queries(1):
        data = api(action="query", list="backlinks", bltitle="高加索", formatversion=2)
    assert {"pageid": site[SEED].pk, "ns": 0, "title": SEED} in data["query"]["backlinks"]
    assert "高加索" not in titles(data["query"]["backlinks"])
    everyone = titles(api(action="query", list="backlinks", bltitle="日本人", formatversion=2)["query"]["backlinks"])
    assert SEED in everyone and everyone == sorted(everyone)
    data = api(action="query", list="backlinks", bltitle="日本人", bllimit=1, formatversion=2)
    assert data["continue"] == {"blcontinue": everyone[1], "continue": "-||"}


def test_random_and_prefixsearch(api, site, django_assert_num_queries):
    with django_assert_num_queries(1):
        data = api(action="query", list="random", rnlimit=3, formatversion=2)
    picked = data["query"]["random"]
    assert len(picked) == 3 and len({p["id"] for p in picked}) == 3
    assert all(p["title"] in ALL and p["id"] == site[p["title"]].pk for p in picked)
    with django_assert_num_queries(2):  # the titles, their rows
        data = api(action="query", list="prefixsearch", pssearch="日本", pslimit=2, formatversion=2)
    assert data["query"]["prefixsearch"] == [
        {"pageid": site[t].pk, "ns": 0, "title": t} for t in ["日本人", "日本僑俘遣返"]
    ]
    assert data["continue"] == {"psoffset": 2, "continue": "-||"}


def test_recentchanges(api, site, django_assert_num_queries):
    with django_assert_num_queries(1):
        data = api(
            action="query", list="recentchanges", rcprop="title|ids|user|sizes|flags", rclimit=2, formatversion=2
        )
    changes = data["query"]["recentchanges"]
    assert len(changes) == 2
    latest = changes[0]
    article = site[latest["title"]]
    assert latest == {
        "type": "new",
        "ns": 0,
        "title": article.title,
        "pageid": article.pk,
        "revid": article.current_revision_id,
        "old_revid": 0,
        "rcid": article.current_revision_id,
        "oldlen": 0,
        "newlen": article.current_revision.size,
        "new": True,
        "minor": False,
        "bot": False,
        "user": "import",
    }
    assert set(data["continue"]) == {"rccontinue", "continue"}
    rest = api(action="query", list="recentchanges", rclimit=10, rccontinue=data["continue"]["rccontinue"])
    assert len(rest["query"]["recentchanges"]) == 3
    assert {c["title"] for c in changes} | {c["title"] for c in rest["query"]["recentchanges"]} == set(ALL)


def test_generator_allpages_with_info(api, site, django_assert_num_queries):
    with django_assert_num_queries(1):
        data = api(action="query", generator="allpages", gaplimit=2, prop="info", formatversion=2)
    pages = data["query"]["pages"]
    assert titles(pages) == ALL[:2]
    assert pages[0]["lastrevid"] == site[ALL[0]].current_revision_id
    assert data["continue"] == {"gapcontinue": ALL[2], "continue": "-||"}


def test_generator_search_carries_the_rank(api, site, django_assert_num_queries):
    with django_assert_num_queries(3):  # the search, the rows, their categories
        data = api(action="query", generator="search", gsrsearch="西伯利亞滯留者", gsrlimit=1, prop="categories")
    page = data["query"]["pages"][str(site[SEED].pk)]
    assert page["index"] == 1
    assert page["categories"][0] == {"ns": 14, "title": "Category:世界记忆名录"}


def test_generator_categorymembers_with_extracts(api, site, django_assert_num_queries):
    with django_assert_num_queries(2):  # the category, its members (the leads are on their rows)
        data = api(
            action="query", generator="categorymembers", gcmtitle="Category:日本侨俘遣返", prop="extracts|info",
            exintro=1, explaintext=1, formatversion=2,
        )  # fmt: skip
    pages = data["query"]["pages"]
    assert titles(pages) == ["日本僑俘遣返", SEED]
    assert pages[1]["extract"].startswith("西伯利亞滯留者，指的是")


def test_generator_links_gives_the_linked_pages_missing_or_not(api, site, django_assert_num_queries):
    with django_assert_num_queries(3):  # the page, its links, the linked pages
        data = api(action="query", generator="links", titles=SEED, gpllimit="max", formatversion=2)
    pages = {page["title"]: page for page in data["query"]["pages"]}
    assert len(pages) == 29
    assert pages["日本人"] == {"pageid": site["日本人"].pk, "ns": 0, "title": "日本人"}
    assert pages["二戰"] == {"ns": 0, "title": "二戰", "missing": True}


def test_generator_with_props_that_continue_holds_the_generator(api, site):
    data = api(action="query", generator="allpages", gaplimit=2, prop="categories", cllimit=1)
    assert data["continue"]["continue"] == "||"
    assert "gapcontinue" not in data["continue"]
    assert "clcontinue" in data["continue"]
    assert "batchcomplete" not in data
