"""The corpus's own Markdown rules, without a database."""

import re
from pathlib import Path

import pytest
from markdown_it.common.normalize_url import normalizeLink as markdown_it_normalize_link
from markdown_it.helpers import parseLinkDestination

from articles.wikisyntax import classify_href, normalize_link, normalize_title
from tests.conftest import CORPUS, SEED_PAGE

EDGE_URLS = [
    "HTTP://Example.COM/a b",
    "http://例子.测试/x",
    "//host/a",
    "mailto:a@b.c",
    "a%2",
    "100%_Pure",
    "%E4%BA%8C",
    "http://a.com:8080/p?q=1&r=[2]#f",
    "../Page/C++.md",
    "HTTPS://ZH.wikipedia.org/wiki/X",
    "http://user:pw@host/",
    "http://a.com/é\\x",
    "http://[::1]:80/a",
    '../Page/A"B<C>.md',
]


def corpus_destinations():
    urls = set(EDGE_URLS)
    for path in [*sorted(Path(CORPUS).glob("*.md")), SEED_PAGE]:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\]\(", text):
            result = parseLinkDestination(text, match.end(), len(text))
            if result.ok:
                urls.add(result.str)
        urls.update(re.findall(r'href="([^"]*)"', text))
    return sorted(urls)


def test_fast_link_normalisation_is_markdown_its_own():
    urls = corpus_destinations()
    assert len(urls) > 2000
    assert [url for url in urls if normalize_link(url) != markdown_it_normalize_link(url)] == []


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("../Page/%E6%97%A5%E6%9C%AC%E4%BA%BA.md", ("page", "日本人")),
        ("https://zh.wikipedia.org/wiki/%E4%BA%8C%E6%88%B0", ("outside", "二戰")),
        ("https://zh.wikipedia.org/wiki/Tornado_Web#History", ("outside", "Tornado Web")),
        ("http://news.bbc.co.uk/", None),
    ],
)
def test_classify_href(href, expected):
    assert classify_href(href) == expected


def test_titles_are_normalised_like_mediawiki():
    assert normalize_title("jACK_Audio__Connection_Kit ") == "JACK Audio Connection Kit"
