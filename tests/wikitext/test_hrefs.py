"""The corpus's own Markdown rules, without a database."""

import re

import pytest
from markdown_it.common.normalize_url import normalizeLink as markdown_it_normalize_link
from markdown_it.helpers import parseLinkDestination

from tests.conftest import SEED_PAGE, corpus_paths
from wikitext.hrefs import classify_href, file_title, normalize_link

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
    for path in [*corpus_paths(), SEED_PAGE]:
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


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("File:Kurile_camp.jpg|千島的收容所", "File:Kurile camp.jpg"),
        ("%E6%96%87%E4%BB%B6:%E7%94%B2.png", "文件:甲.png"),
        ("Image:X.svg", "Image:X.svg"),
        ("File%3AX.jpg", "File:X.jpg"),
        ("%E6%97%A5%E6%9C%AC", None),
        ("../Page/File:X.md", None),
        ("https://zh.wikipedia.org/wiki/File:X.jpg", None),
    ],
)
def test_file_title(href, expected):
    assert file_title(href) == expected


def test_each_wikilink_is_decoded_once_for_parsing_and_rendering(monkeypatch):
    from wikitext import dialect, hrefs
    from wikitext.parsing import parse_page
    from wikitext.rendering import render_parsed

    decoded = []
    classify = hrefs.classify_href
    monkeypatch.setattr(dialect, "classify_href", lambda href: decoded.append(href) or classify(href))
    text = (
        '甲[乙](../Page/乙.md "wikilink")丙[乙](../Page/乙.md "wikilink")\n\n'
        '## 丁\n\n[戊](https://zh.wikipedia.org/wiki/戊 "wikilink")'
    )
    parsed = parse_page(text, "頁")
    html = render_parsed(parsed)
    assert [link.target for link in parsed.links] == ["乙", "乙", "戊"]
    assert html.sections[0] == (
        '<p><a href="https://zh.wikipedia.org/wiki/%E6%88%8A" class="wikilink" data-target="戊">戊</a></p>'
    )
    assert len(decoded) == 3
