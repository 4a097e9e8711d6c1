"""Stored pages answered in front of Django's handler (articles.wsgi), exactly as the middleware answers."""

import io
import sys
from urllib.parse import quote

import pytest

from articles.wsgi import StoredPages
from siberia.wsgi import application

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
