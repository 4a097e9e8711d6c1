"""Stored pages answered in front of Django's handler (articles.wsgi), exactly as the middleware answers."""

import io
import sys
from urllib.parse import quote

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.test import override_settings

from articles.importer.writer import import_page
from articles.middleware import LOOKUP_KEY, look_up
from articles.models import Article
from articles.wsgi import StoredPages, shape_keys
from siberia.wsgi import application
from wikitext.parsing import parse_page

pytestmark = pytest.mark.django_db(transaction=True)

SEED = "西伯利亞滯留者"


def call(app, path, **headers):
    """(status, headers, body) of one WSGI request."""
    environ = {
        "REQUEST_METHOD": headers.pop("method", "GET"),
        "PATH_INFO": path.encode().decode("latin-1"),
        "QUERY_STRING": headers.pop("query", ""),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


def test_the_production_application_is_wrapped():
    assert isinstance(application, StoredPages)


def test_a_stored_page_comes_from_the_layer_as_django_built_it(seed_article, django_assert_num_queries):
    built = call(application, f"/wiki/{SEED}")  # a miss: Django's handler builds and stores it
    with django_assert_num_queries(1):
        stored = call(application, f"/wiki/{SEED}")
    assert stored == built
    assert stored[0] == "200 OK" and stored[1]["Vary"] == "Cookie, Accept-Language, Accept-Encoding"
    assert "script-src 'self'" in stored[1]["Content-Security-Policy"]


def test_the_layer_answers_304_and_encodings(seed_article):
    _, headers, _ = call(application, f"/wiki/{SEED}")
    status, again, body = call(application, f"/wiki/{SEED}", if_none_match=headers["ETag"])
    assert (status, body, again["ETag"]) == ("304 Not Modified", b"", headers["ETag"])
    status, compressed, body = call(application, f"/wiki/{SEED}", accept_encoding="br")
    assert (compressed["Content-Encoding"], int(compressed["Content-Length"])) == ("br", len(body))


def test_what_the_layer_cannot_answer_goes_to_django(seed_article):
    status, headers, body = call(application, "/wiki/西伯利亚滞留者")  # another script: Django redirects
    assert (status, headers["Location"]) == ("302 Found", f"/wiki/{quote(SEED)}")
    status, _, body = call(application, f"/wiki/{SEED}", query="action=history")
    assert status == "200 OK" and "」的修订历史</h1>".encode() in body


def test_a_failure_in_the_layer_is_answered_by_django(seed_article, monkeypatch):
    call(application, f"/wiki/{SEED}")

    def broken(title):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("articles.models.ArticleQuerySet.served", lambda self, title: broken(title))
    status, _, _ = call(application, f"/wiki/{SEED}")
    assert status == "500 Internal Server Error"  # Django's handler answers, and logs, what failed


# The front map: pages this process answered before, answered again with no query while the
# database's watch reports no change.


def test_a_page_answered_before_costs_no_query(seed_article, django_assert_num_queries):
    app = StoredPages(application.application)
    built = call(app, f"/wiki/{SEED}")  # built by Django
    with django_assert_num_queries(2):
        looked_up = call(app, f"/wiki/{SEED}")  # found by one query, remembered
        call(app, f"/wiki/{SEED}", method="HEAD")  # another method, another entry
    with django_assert_num_queries(0):
        remembered = call(app, f"/wiki/{SEED}")
        conditional = call(app, f"/wiki/{SEED}", if_none_match=built[1]["ETag"], accept_encoding="gzip")
        head = call(app, f"/wiki/{SEED}", method="HEAD")
    assert remembered == looked_up == built
    assert conditional[0] == "304 Not Modified" and conditional[1]["ETag"] == built[1]["ETag"][:-1] + '-gzip"'
    assert head[0] == "200 OK" and head[2] == b"" and head[1]["Content-Length"] == built[1]["Content-Length"]


def test_what_a_request_is_decides_on_its_own_not_the_last_answer(seed_article, admin_client):
    app = StoredPages(application.application)
    for _ in range(3):
        assert call(app, f"/wiki/{SEED}")[0] == "200 OK"
    # Another reader's languages: sent to their variant, as Django would.
    status, headers, _ = call(app, f"/wiki/{SEED}", accept_language="zh-TW")
    assert (status, headers["Location"]) == ("302 Found", f"/zh-tw/{quote(SEED)}")
    # A signed-in editor: built for them (with the edit link), not the anonymous bytes.
    cookie = f"sessionid={admin_client.cookies['sessionid'].value}"
    _, _, body = call(app, f"/wiki/{SEED}", cookie=cookie)
    assert f'<a href="{quote(f"/wiki/{SEED}")}?action=edit">编辑</a>'.encode() in body
    status, _, _ = call(app, f"/wiki/{SEED}", host="evil.example")
    assert status == "400 Bad Request"


def etags(apps, titles):
    """{(process, title): ETag} of each title in each process."""
    return {(n, title): call(app, f"/wiki/{title}")[1].get("ETag") for n, app in enumerate(apps) for title in titles}


def remembering_apps():
    """The front maps of two worker processes (a page is remembered once it was answered twice)."""
    return [StoredPages(application.application) for _ in range(2)]


def changed(before, after):
    """The titles whose ETag changed in any process."""
    return {title for key, tag in after.items() if before.get(key) != tag for title in [key[1]]}


def test_an_edit_and_its_revert_change_the_page_in_every_process(seed_article, seed_text):
    apps = remembering_apps()
    etags(apps, [SEED])
    before = etags(apps, [SEED])
    article = Article.objects.get()
    article.commit(seed_text + "\n补记。\n", kind="edit", author="editor")
    edited = etags(apps, [SEED])
    assert edited[0, SEED] == edited[1, SEED] != before[0, SEED]
    assert "补记。".encode() in call(apps[1], f"/wiki/{SEED}")[2]
    article.commit(seed_text, kind="revert", author="editor")
    assert etags(apps, [SEED]) == before


def test_a_new_page_and_a_deletion_change_exactly_the_pages_that_link_to_them(seed_article, neighbours):
    titles = [seed_article.title, *(article.title for article in neighbours)]
    apps = remembering_apps()
    etags(apps, titles)
    before = etags(apps, titles)
    import_page(parse_page('[日本人](../Page/日本人.md "wikilink")是一个民族。\n', "大和民族"), "")
    after = etags(apps, titles)
    assert changed(before, after) == {"日本人"}
    Article.objects.get(title="日本僑俘遣返").delete()
    titles.remove("日本僑俘遣返")
    gone = etags(apps, titles)
    assert changed(after, gone) == {SEED}
    assert call(apps[0], "/wiki/日本僑俘遣返")[0] == call(apps[1], "/wiki/日本僑俘遣返")[0] == "404 Not Found"


def test_a_change_committed_while_a_page_is_looked_up_is_not_hidden(seed_article, seed_text, monkeypatch):
    app = StoredPages(application.application)
    call(app, f"/wiki/{SEED}")
    served = Article.objects.served
    edited = []

    def served_then_edited(title):
        found = served(title)  # the version before the edit…
        if not edited:
            edited.append(Article.objects.get().commit(seed_text + "\n补记。\n", kind="edit", author="editor"))
        return found  # …is what this request answers with

    monkeypatch.setattr(Article.objects, "served", served_then_edited)
    stale = call(app, f"/wiki/{SEED}")
    monkeypatch.undo()
    fresh = call(app, f"/wiki/{SEED}")
    assert fresh[1]["ETag"] != stale[1]["ETag"] and "补记。".encode() in fresh[2]


class Blind:
    """A watch that cannot tell (its database went away)."""

    def token(self):
        return None


def test_without_a_watch_every_request_looks_its_page_up(seed_article, django_assert_num_queries):
    app = StoredPages(application.application, watch=Blind())
    call(app, f"/wiki/{SEED}")
    for _ in range(2):
        with django_assert_num_queries(1):
            assert call(app, f"/wiki/{SEED}")[0] == "200 OK"


def test_the_front_map_keeps_its_newest_pages(seed_article, neighbours, django_assert_num_queries):
    app = StoredPages(application.application, entries=2)
    titles = [SEED, "日本人", "日本僑俘遣返"]
    for title in titles * 2:
        call(app, f"/wiki/{title}")
    with django_assert_num_queries(0):
        call(app, "/wiki/日本人")
        call(app, "/wiki/日本僑俘遣返")
    with django_assert_num_queries(1):
        call(app, f"/wiki/{SEED}")  # the oldest went first


class Recording(dict):
    def __init__(self, *args):
        super().__init__(*args)
        self.read = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)


@pytest.mark.parametrize("path", [f"/wiki/{SEED}", f"/zh-tw/{SEED}"])
@override_settings(
    USE_X_FORWARDED_HOST=True, USE_X_FORWARDED_PORT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_the_shape_holds_everything_the_decision_reads(seed_article, path):
    """The front map answers a request by its shape: what look_up reads must all be in it.

    ``request.headers`` reads META by iterating it, which this does not record: Accept-Language is
    held by test_what_a_request_is_decides_on_its_own_not_the_last_answer (a zh-TW reader after a
    remembered page still gets the redirect)."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path.encode().decode("latin-1"),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": "variant=zh",
        "HTTP_ACCEPT_LANGUAGE": "zh-TW",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
    }
    request = WSGIRequest(environ)
    request.META = request.environ = Recording(request.META)
    assert look_up(request) is not None
    assert request.META.read - {LOOKUP_KEY} <= set(shape_keys())
    assert {"HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PROTO"} <= set(shape_keys())


class Broken:
    """A watch that fails to be asked at all."""

    def token(self):
        raise RuntimeError("no watch")


def test_a_watch_that_fails_leaves_the_page_to_django(seed_article):
    app = StoredPages(application.application, watch=Broken())
    assert call(app, f"/wiki/{SEED}")[0] == call(app, f"/wiki/{SEED}")[0] == "200 OK"


def test_what_cannot_be_stored_never_asks_the_watch(seed_article):
    app = StoredPages(application.application, watch=Broken())
    status, _, body = call(app, f"/wiki/{SEED}", query="action=history")
    assert status == "200 OK" and "」的修订历史</h1>".encode() in body
