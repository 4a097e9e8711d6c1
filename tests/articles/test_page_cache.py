"""Article pages from their stored bytes: headers, 304s, encodings, and which changes make new bytes."""

import gzip
from urllib.parse import quote

import brotli
import pytest
from django.test import Client, override_settings

from articles.importer.writer import import_page
from articles.models import Article
from articles.page_cache import encoding_for
from wikitext.parsing import parse_page

pytestmark = pytest.mark.django_db

SEED = "西伯利亞滯留者"
SEED_URL = f"/wiki/{SEED}"


def worker(name):
    """The pages cache of one worker process: LocMem caches of different locations share nothing."""
    return override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"{name}-default"},
            "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"{name}-pages"},
        }
    )


def page(text, title):
    return import_page(parse_page(text, title), text).article


def etag(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response["ETag"]


def test_an_article_carries_validators_and_the_caching_policy(client, seed_article):
    response = client.get(SEED_URL)
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34  # strong: no W/
    assert response["Last-Modified"].endswith(" GMT")
    assert response["Cache-Control"] == "public, no-cache"
    assert response["Vary"] == "Cookie, Accept-Language, Accept-Encoding"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_a_stored_page_carries_the_same_headers_as_the_page_it_was_built_from(client, seed_article):
    built = client.get(f"/zh-tw/{SEED}")
    stored = client.get(f"/zh-tw/{SEED}")
    assert stored.content == built.content
    assert dict(stored.items()) == dict(built.items())
    assert stored["Vary"] == "Accept-Encoding"  # a /<variant>/ address negotiates nothing else


def test_a_current_copy_gets_304_from_one_query_and_no_body(client, seed_article, django_assert_num_queries):
    first = client.get(SEED_URL)
    with django_assert_num_queries(1):
        again = client.get(SEED_URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert (again["ETag"], again["Cache-Control"]) == (first["ETag"], "public, no-cache")
    assert "Content-Length" not in again
    assert client.get(SEED_URL, HTTP_IF_NONE_MATCH=f'"other", {first["ETag"]}').status_code == 304
    assert client.get(SEED_URL, HTTP_IF_NONE_MATCH="*").status_code == 304
    assert client.get(SEED_URL, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert client.get(SEED_URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(SEED_URL, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200


def test_compressed_bodies_are_the_page_and_much_smaller(client, seed_article):
    identity = client.get(SEED_URL).content
    as_gzip = client.get(SEED_URL, HTTP_ACCEPT_ENCODING="gzip")
    as_br = client.get(SEED_URL, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert (as_gzip["Content-Encoding"], as_br["Content-Encoding"]) == ("gzip", "br")
    assert gzip.decompress(as_gzip.content) == identity
    assert brotli.decompress(as_br.content) == identity
    assert len(as_gzip.content) <= 0.4 * len(identity)
    assert int(as_gzip["Content-Length"]) == len(as_gzip.content)
    # Each representation is its own strong validator, and any of them revalidates the page.
    tags = {as_gzip["ETag"], as_br["ETag"], client.get(SEED_URL)["ETag"]}
    assert len(tags) == 3
    for tag in tags:
        assert client.get(SEED_URL, HTTP_IF_NONE_MATCH=tag, HTTP_ACCEPT_ENCODING="br").status_code == 304


@pytest.mark.parametrize(
    ("header", "encoding"),
    [
        ("", "identity"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0.5, br;q=0.9", "br"),
        ("*", "br"),
        ("identity", "identity"),
        ("gzip;q=0, br;q=0", "identity"),
        ("gzip;q=abc", "identity"),
    ],
)
def test_the_encoding_follows_accept_encoding(header, encoding):
    assert encoding_for(header) == encoding


def test_head_gets_the_headers_and_no_body(client, seed_article):
    get = client.get(SEED_URL, HTTP_ACCEPT_ENCODING="gzip")
    head = client.head(SEED_URL, HTTP_ACCEPT_ENCODING="gzip")
    assert head.content == b""
    assert (head["ETag"], head["Content-Length"]) == (get["ETag"], get["Content-Length"])


def test_an_anonymous_reader_gets_no_cookie_and_no_session_work(client, seed_article, django_assert_num_queries):
    client.get(SEED_URL)
    with django_assert_num_queries(1):
        response = client.get(SEED_URL)
    assert not response.cookies
    assert not hasattr(response.wsgi_request, "session")  # SessionMiddleware never ran


def test_a_signed_in_editor_gets_the_page_built_for_them(client, seed_article, admin_user):
    client.get(SEED_URL)  # stored for anonymous readers
    client.force_login(admin_user)
    response = client.get(SEED_URL)
    body = response.content.decode()
    assert f'<a href="{quote(SEED_URL)}?action=edit">编辑</a>' in body
    assert body.count('<span class="mw-editsection">') == 2  # 相關條目, 参考文献
    assert response["Cache-Control"] == "private"
    # And the anonymous bytes stored before are still the reader's: no editor's markup in them.
    anonymous = Client().get(SEED_URL).content.decode()
    assert "mw-editsection" not in anonymous and "action=edit" not in anonymous


def test_an_edit_changes_its_page_everywhere_at_once(client, seed_article, seed_text):
    with worker("a"):
        before = etag(client, SEED_URL)
    with worker("b"):
        assert etag(client, SEED_URL) == before  # the same bytes, built by another process
        Article.objects.get().commit(seed_text + "\n补记。\n", kind="edit", author="editor")
        edited = etag(client, SEED_URL)
    with worker("a"):
        assert etag(client, SEED_URL) == edited != before  # not what worker a stored
        assert "补记。" in client.get(SEED_URL).content.decode()


def test_a_revert_changes_the_page_back(client, seed_article, seed_text):
    before = etag(client, SEED_URL)
    article = Article.objects.get()
    article.commit(seed_text + "\n补记。\n", kind="edit", author="editor")
    assert etag(client, SEED_URL) != before
    article.commit(seed_text, kind="revert", author="editor")
    assert etag(client, SEED_URL) == before  # the same bytes again, the same validator


def test_a_new_page_changes_exactly_the_pages_that_link_to_it(client, seed_article, neighbours):
    urls = [f"/wiki/{article.title}" for article in [seed_article, *neighbours]]
    before = {url: etag(client, url) for url in urls}
    linking_to_new = {"/wiki/日本人"}  # the one of them that links to 大和民族
    assert '"wikilink external" title="大和民族"' in client.get("/wiki/日本人").content.decode()
    page('[日本人](../Page/日本人.md "wikilink")是一个民族。\n', "大和民族")
    after = {url: etag(client, url) for url in urls}
    assert {url for url in urls if after[url] != before[url]} == linking_to_new
    assert 'href="/wiki/%E5%A4%A7%E5%92%8C%E6%B0%91%E6%97%8F"' in client.get("/wiki/日本人").content.decode()


def test_deleting_a_page_changes_the_pages_that_linked_to_it(client, seed_article, neighbours):
    urls = [f"/wiki/{article.title}" for article in [seed_article, *neighbours]]
    before = {url: etag(client, url) for url in urls if url != "/wiki/日本僑俘遣返"}
    Article.objects.get(title="日本僑俘遣返").delete()
    after = {url: etag(client, url) for url in before}
    changed = {url for url in before if after[url] != before[url]}
    assert changed == {SEED_URL}  # the seed lists 日本僑俘遣返 among its related entries
    assert client.get("/wiki/日本僑俘遣返").status_code == 404


def test_renaming_a_page_shows_its_new_title(client, seed_article):
    client.get(SEED_URL)
    article = Article.objects.get()
    article.title = "西伯利亞滯留者 (歷史)"
    article.save()
    body = client.get("/wiki/西伯利亞滯留者_(歷史)").content.decode()
    assert '<h1 id="firstHeading">西伯利亞滯留者 (歷史)</h1>' in body
    assert client.get(SEED_URL).status_code == 404


def test_a_page_with_a_query_is_built_as_before(client, seed_article):
    client.get(SEED_URL)
    response = client.get(f"{SEED_URL}?action=history")
    assert "ETag" not in response
    assert "」的修订历史</h1>" in response.content.decode()


def test_each_host_gets_the_page_built_for_it(client, seed_article):
    """The stored bytes hold absolute addresses (canonical, alternates): one host's are not another's."""
    with override_settings(ALLOWED_HOSTS=["testserver", "siberia.example"]):
        for host in ("testserver", "siberia.example", "testserver", "siberia.example"):
            body = client.get(SEED_URL, HTTP_HOST=host).content.decode()
            assert f'<link rel="canonical" href="http://{host}/wiki/' in body
