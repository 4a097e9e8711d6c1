"""/references/: the sites citations point at, and the citations of one site back to their articles."""

import ast
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from references.models import Reference

SEED = quote("西伯利亞滯留者")


@pytest.fixture
def cited(db):
    """References of two articles over a few hosts, written as the URL field holds them."""
    from articles.models import Article

    first = Article.objects.create(title="甲")
    second = Article.objects.create(title="乙")
    urls = {
        (first, 1): "http://news.bbc.co.uk/1/hi/world/monitoring/63012.stm",
        (first, 2): "https://NEWS.BBC.co.uk/2/hi/asia-pacific/1.stm",
        (first, 3): "http://example.org?q=1",
        (first, 4): "",
        (second, 1): "http://news.bbc.co.uk",
        (second, 2): "https://example.org:8443/path#frag",
        (second, 3): "https://example.org#top",
        (second, 4): "mailto:someone@example.org",
    }
    for (article, number), url in urls.items():
        Reference.objects.create(article=article, number=number, url=url, html=f"<i>{article.title}{number}</i>")
    return first, second


def sites_of(body):
    return re.findall(r'<li><a href="([^"]*)">([^<]*)</a>：(\d+) 条</li>', body)


def test_sites_are_listed_with_counts(client, cited, django_assert_num_queries):
    with django_assert_num_queries(2):  # the count, then the page
        response = client.get("/references/")
    assert response.status_code == 200
    body = response.content.decode()
    assert sites_of(body) == [
        ("/references/news.bbc.co.uk/", "news.bbc.co.uk", "3"),
        ("/references/example.org/", "example.org", "2"),
        ("/references/example.org:8443/", "example.org:8443", "1"),
    ]
    assert "条目的参考文献引用了 3 个网站，按引用次数排列。" in body


def test_one_site_lists_its_references_back_to_their_articles(client, cited, django_assert_num_queries):
    with django_assert_num_queries(2):  # the count, then the page with its articles
        response = client.get("/references/news.bbc.co.uk/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>引用 news.bbc.co.uk 的参考文献</h1>" in body
    items = re.findall(r"<li>(.*?)</li>", body[body.index('<ul class="cited-references">') :])
    assert items == [
        f'<a href="/wiki/{quote("乙")}#cite_note-1">乙 [1]</a>：<span class="reference-text"><i>乙1</i></span>',
        f'<a href="/wiki/{quote("甲")}#cite_note-1">甲 [1]</a>：<span class="reference-text"><i>甲1</i></span>',
        f'<a href="/wiki/{quote("甲")}#cite_note-2">甲 [2]</a>：<span class="reference-text"><i>甲2</i></span>',
    ]


def test_host_is_case_blind(client, cited):
    response = client.get("/references/News.BBC.co.uk/")
    assert response.status_code == 302
    assert response["Location"] == "/references/news.bbc.co.uk/"


def test_unknown_host_is_404(client, cited):
    assert client.get("/references/nowhere.example/").status_code == 404


def test_seed_references_by_site(client, seed_article):
    body = client.get("/references/").content.decode()
    assert ("/references/news.bbc.co.uk/", "news.bbc.co.uk", "1") in sites_of(body)
    assert len(sites_of(body)) == 4
    page = client.get("/references/news.bbc.co.uk/").content.decode()
    assert f'<a href="/wiki/{SEED}#cite_note-1">西伯利亞滯留者 [1]</a>' in page
    assert "Japanese POW group says files on over 500,000 held in Moscow" in page


def test_no_references_yet(client, db):
    body = client.get("/references/").content.decode()
    assert "<li>还没有引用网址的参考文献。</li>" in body


def test_references_app_imports_nothing_of_articles():
    for path in Path(__file__).resolve().parents[2].joinpath("references").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("articles"), path
            elif isinstance(node, ast.Import):
                assert not any(alias.name.startswith("articles") for alias in node.names), path
