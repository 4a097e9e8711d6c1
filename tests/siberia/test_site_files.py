"""robots.txt, /favicon.ico and the OpenSearch description: exact content, no query, only GET and HEAD."""

import struct
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.urls import resolve

from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

SERVER = "http://testserver"
VARIANT_PREFIXES = ("wiki", "zh-hans", "zh-hant", "zh-cn", "zh-hk", "zh-mo", "zh-my", "zh-sg", "zh-tw")
ROBOTS = "\n".join(
    [
        "# Articles and categories, in every variant, are for crawling; histories, old revisions,",
        "# diffs, the search, the random page and the machine answers are not.",
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /w/",
        "Disallow: /api/",
        "Disallow: /api.php",
        *(f"Disallow: /{prefix}/Special:Search" for prefix in VARIANT_PREFIXES),
        *(f"Disallow: /{prefix}/Special:Random" for prefix in VARIANT_PREFIXES),
        "Disallow: /*?action=",
        "Disallow: /*&action=",
        "Disallow: /*?oldid=",
        "Disallow: /*&oldid=",
        "Disallow: /*?diff=",
        "Disallow: /*&diff=",
        "Disallow: /*?variant=",
        "Disallow: /*&variant=",
        "",
        f"Sitemap: {SERVER}/sitemap.xml",
        "",
    ]
)


def test_robots_txt_keeps_crawlers_on_the_pages_and_names_the_sitemap(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == ROBOTS


def test_what_robots_txt_leaves_out_is_what_the_site_serves_there():
    for prefix in VARIANT_PREFIXES:
        assert resolve(f"/{prefix}/Special:Search").view_name == "search:search"
        assert resolve(f"/{prefix}/Special:Random").view_name == "articles:random"
    assert resolve("/sitemap.xml").view_name == "sitemap"
    # An article is left to crawl: no Disallow line is a prefix of its address.
    disallowed = [line.split(": ", 1)[1] for line in ROBOTS.splitlines() if line.startswith("Disallow")]
    article = "/wiki/%E8%A5%BF%E4%BC%AF%E5%88%A9%E4%BA%9E%E6%BB%AF%E7%95%99%E8%80%85"
    assert not any(article.startswith(path) for path in disallowed if "*" not in path)


def test_robots_txt_names_the_sitemap_on_the_host_and_scheme_asked(client):
    body = client.get("/robots.txt", secure=True, headers={"host": "localhost"}).content.decode()
    assert body.endswith("Sitemap: https://localhost/sitemap.xml\n")


def icon_images(data):
    """[(width, height, png width, png height)] of an .ico file whose images are PNGs."""
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)  # an icon
    images = []
    for index in range(count):
        width, height, _, _, _, _, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        png = data[offset : offset + size]
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert png[12:16] == b"IHDR"
        png_width, png_height = struct.unpack_from(">II", png, 16)
        images.append((width or 256, height or 256, png_width, png_height))
    return images


def test_favicon_ico_is_the_sites_icon_as_a_real_icon(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert "max-age=604800" in response["Cache-Control"]
    assert response.content == Path(ROOT / "static" / "siberia" / "favicon.ico").read_bytes()
    assert icon_images(response.content) == [(16, 16, 16, 16), (32, 32, 32, 32), (48, 48, 48, 48)]


def test_the_site_files_answer_only_reading(client):
    for path in ("/robots.txt", "/favicon.ico", "/opensearch.xml"):
        assert client.head(path).status_code == 200
        assert client.post(path).status_code == 405


OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def test_the_opensearch_description_searches_here_and_suggests_from_the_api(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/opensearchdescription+xml"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<OpenSearchDescription ')
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{OPENSEARCH}OpenSearchDescription"
    assert root.findtext(f"{OPENSEARCH}ShortName") == "siberia"
    assert root.findtext(f"{OPENSEARCH}InputEncoding") == "UTF-8"
    assert root.findtext(f"{OPENSEARCH}Image") == f"{SERVER}/favicon.ico"
    urls = {url.get("type"): url.get("template") for url in root.findall(f"{OPENSEARCH}Url")}
    assert urls == {
        "text/html": f"{SERVER}/wiki/Special:Search?search={{searchTerms}}",
        "application/x-suggestions+json": f"{SERVER}/w/api.php?action=opensearch&search={{searchTerms}}",
        "application/opensearchdescription+xml": f"{SERVER}/opensearch.xml",
    }
    assert b"&amp;search={searchTerms}" in response.content  # the & escaped, the template's braces kept
    search_form = root.findtext("{http://www.mozilla.org/2006/browser/search/}SearchForm")
    assert search_form == f"{SERVER}/wiki/Special:Search"
