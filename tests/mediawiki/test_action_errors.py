"""Bad input gets MediaWiki's error codes with HTTP 200, warnings for what is only ignored, never a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import SEED

pytestmark = pytest.mark.django_db

DOCREF = "See http://testserver/w/api.php for API usage."


def test_an_unknown_action(client, site):
    response = client.get("/w/api.php", {"action": "edit", "format": "json"})
    assert response.status_code == 200
    assert response["MediaWiki-API-Error"] == "unknown_action"
    assert response.json() == {
        "error": {"code": "unknown_action", "info": 'Unrecognized value for parameter "action": edit.', "*": DOCREF},
        "servedby": "siberia",
    }


def test_errors_in_formatversion_2_carry_a_docref(api, site):
    assert api(action="query", list="search", formatversion=2) == {
        "error": {"code": "missingparam", "info": 'The "srsearch" parameter must be set.', "docref": DOCREF},
        "servedby": "siberia",
    }


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"action": "query", "generator": "nosuch"}, "badvalue"),
        ({"action": "query", "formatversion": "3"}, "badvalue"),
        ({"action": "query", "variant": "zh-xx"}, "badvalue"),
        ({"action": "query", "list": "allpages", "aplimit": "many"}, "badinteger"),
        ({"action": "query", "titles": "|".join(f"T{n}" for n in range(51))}, "toomanyvalues"),
        ({"action": "query", "titles": SEED, "pageids": "1"}, "invalidparammix"),
        ({"action": "query", "pageids": "x"}, "badinteger"),
        ({"action": "query", "list": "categorymembers", "cmtitle": "日本"}, "invalidcategory"),
        ({"action": "query", "list": "categorymembers"}, "missingparam"),
        ({"action": "query", "list": "allpages", "apcontinue": ""}, "badcontinue"),
        ({"action": "query", "prop": "categories", "titles": SEED, "clcontinue": "x"}, "badcontinue"),
        ({"action": "query", "list": "recentchanges", "rccontinue": "yesterday|1"}, "badcontinue"),
        ({"action": "query", "list": "recentchanges", "rcstart": "soon"}, "badtimestamp"),
        ({"action": "query", "list": "search", "srsearch": "字" * 201}, "request_too_long"),
        ({"action": "query", "titles": "x" * 9000}, "toolong"),
        ({"action": "query", "list": "backlinks", "blpageid": "999999"}, "nosuchpageid"),
        ({"action": "query", "prop": "revisions", "titles": f"{SEED}|日本人", "rvlimit": "2"}, "multpages"),
        ({"action": "query", "format": "xml"}, "badvalue"),
    ],
)
def test_bad_parameters_get_mediawikis_codes(api, site, params, code):
    data = api(**params)
    assert data["error"]["code"] == code
    assert data["error"]["info"]


def test_unknown_parameters_and_values_are_warnings(api, site):
    data = api(action="query", titles=SEED, prop="info|templates", foo="1", bar="2")
    assert data["warnings"] == {
        "query": {"*": 'Unrecognized value for parameter "prop": templates.'},
        "main": {"*": "Unrecognized parameters: bar, foo."},
    }
    assert data["query"]["pages"][str(site[SEED].pk)]["contentmodel"] == "markdown"


def test_post_works_as_get_and_origin_star_allows_any_site(client, site):
    response = client.post("/w/api.php", {"action": "query", "titles": SEED, "format": "json", "origin": "*"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["query"]["pages"][str(site[SEED].pk)]["title"] == SEED
    assert not client.get("/w/api.php", {"action": "query", "format": "json"}).has_header("Access-Control-Allow-Origin")


def test_a_cors_preflight_is_allowed_for_anonymous_reads(client, site):
    response = client.options(
        "/w/api.php?action=query&origin=*", headers={"Access-Control-Request-Headers": "api-user-agent"}
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Headers"] == "Api-User-Agent, Content-Type"
    assert not client.options("/w/api.php?action=query").has_header("Access-Control-Allow-Origin")


def test_api_php_at_the_root_and_help(client, site):
    data = client.get("/api.php", {"action": "query", "list": "allpages", "aplimit": 1, "format": "json"}).json()
    assert data["query"]["allpages"][0]["title"] == "日本人"
    help_text = client.get("/w/api.php").json()["help"]["help"]
    assert help_text.startswith("siberia answers a read-only subset of the MediaWiki Action API")


VALUES = st.one_of(
    st.sampled_from(
        ["", "1", "0", "max", "-1", "99999999999", "|", "*", SEED, "日本人", "Category:日本人", "zh-tw", "2"]
    ),
    st.text(max_size=40),
)
NAMES = st.sampled_from(
    [
        "action", "prop", "list", "meta", "generator", "titles", "pageids", "revids", "formatversion", "variant",
        "srsearch", "srlimit", "sroffset", "srwhat", "aplimit", "apcontinue", "apfrom", "cmtitle", "cmlimit",
        "cmcontinue", "bltitle", "bllimit", "blcontinue", "rnlimit", "rclimit", "rccontinue", "rcprop", "pssearch",
        "rvprop", "rvslots", "rvlimit", "rvcontinue", "rvstartid", "clcontinue", "plcontinue", "pllimit", "exintro",
        "explaintext", "exsentences", "exchars", "inprop", "siprop", "page", "oldid", "pageid", "search", "limit",
        "gsrsearch", "gaplimit", "gcmtitle", "gpllimit", "gplcontinue", "uselang", "origin", "format", "continue",
    ]
)  # fmt: skip
ACTIONS = st.sampled_from(["query"] * 6 + ["parse", "opensearch", "help", "nosuch"])
PROPS = st.lists(
    st.sampled_from(["info", "revisions", "categories", "links", "extracts", "pageprops", "imageinfo", "nosuch"]),
    max_size=4,
).map("|".join)
LISTS = st.sampled_from(
    ["search", "allpages", "categorymembers", "backlinks", "random", "recentchanges", "prefixsearch"]
)
GENERATORS = st.sampled_from(["search", "allpages", "categorymembers", "links", "categories", "backlinks", "random"])

# The most a call may cost: pages (1), categories (1), props (5), a list (3), a generator (3), meta (3).
MOST_QUERIES = 16


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    action=ACTIONS,
    prop=PROPS,
    listed=LISTS,
    generator=st.one_of(st.none(), GENERATORS),
    others=st.dictionaries(NAMES, VALUES, max_size=6),
    titles=st.lists(
        st.one_of(st.sampled_from([SEED, "日本人", "西伯利亚滞留者", "Category:日本人"]), st.text(max_size=20)),
        max_size=50,
    ),
)
def test_no_combination_of_parameters_is_a_server_error_or_unbounded(
    client, site, action, prop, listed, generator, others, titles
):
    params = {"action": action, "prop": prop, "list": listed, "format": "json", "titles": "|".join(titles), **others}
    if generator:
        params["generator"] = generator
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/w/api.php", params)
    assert response.status_code == 200, (params, response.content[:300])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    assert isinstance(data, (dict, list))
    assert len(queries) <= MOST_QUERIES, (params, [q["sql"][:120] for q in queries])


def test_mwclients_generator_props_are_known_and_give_nothing(api, site):
    data = api(
        action="query", generator="allpages", gaplimit=1, prop="info|imageinfo", inprop="protection", iiprop="url"
    )
    assert "warnings" not in data
    page = data["query"]["pages"][str(site["日本人"].pk)]
    assert "imageinfo" not in page and page["protection"] == []
