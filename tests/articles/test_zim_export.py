"""``manage.py export_zim`` read back with libzim: pages as served, local links, metadata, search, errors."""

import re
import shutil
import socket
import subprocess
import time
import urllib.request
from io import StringIO
from urllib.parse import quote, unquote

import pytest
from django.core.management import CommandError, call_command
from libzim.reader import Archive
from libzim.search import Query, Searcher

pytestmark = pytest.mark.django_db

SEED = "西伯利亞滯留者"
BODY = re.compile(r'<article class="article".*?</article>', re.S)


def export(path, *args):
    out = StringIO()
    call_command("export_zim", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def zim(tmp_path, seed_article, neighbours):
    path = tmp_path / "siberia.zim"
    summary = export(path, "--variant", "zh-tw")
    return path, summary


def html_at(archive, path):
    return bytes(archive.get_entry_by_path(path).get_item().content).decode("utf-8")


def test_entries_main_page_and_summary(zim):
    path, summary = zim
    archive = Archive(str(path))
    assert summary.strip() == f"5 articles and 11 category pages exported in zh-tw: {path}"
    # 5 articles, 11 categories, the main page, the CSS and two scripts (the metadata are not entries).
    assert archive.entry_count == 20
    assert archive.main_entry.get_item().path == "index"
    index = html_at(archive, "index")
    assert f'<li><a href="{quote(SEED)}">{SEED}</a></li>' in index
    assert archive.get_entry_by_path("_static/siberia/cite-preview.js").get_item().mimetype == "application/javascript"


def test_a_page_is_the_sites_page_in_the_variant(zim, client):
    archive = Archive(str(zim[0]))
    offline = html_at(archive, SEED)
    online = client.get(f"/zh-tw/{SEED}").content.decode("utf-8")
    # The body as served, but for its links made local and its summary address dropped.
    served_heading = re.search(r'<h1 id="firstHeading">.*?</h1>', online).group(0)
    assert served_heading in offline
    online_lead = re.search(r'<div class="lead">.*?</div>', online, re.S).group(0)
    offline_lead = re.search(r'<div class="lead">.*?</div>', offline, re.S).group(0)
    assert re.sub(r'href="[^"]*"', "", online_lead) == re.sub(r'href="[^"]*"', "", offline_lead)
    assert 'lang="zh-Hant-TW"' in offline
    for online_only in ('class="site-search"', 'class="variant-switcher"', 'class="page-tools"', "search-suggest.js"):
        assert online_only in online
        assert online_only not in offline
    assert "<script>" not in offline
    assert '<script src="_static/siberia/cite-preview.js" defer></script>' in offline


def test_links_between_exported_pages_are_local_and_resolve(zim):
    archive = Archive(str(zim[0]))
    page = html_at(archive, SEED)
    hrefs = re.findall(r'<a [^>]*href="([^"#:]+)"', page)
    local = [href for href in hrefs if not href.startswith(("http", "_static", "index"))]
    assert local, "the seed links to its neighbours"
    for href in local:
        assert archive.has_entry_by_path(unquote(href)), href
    assert 'href="https://zh.wikipedia.org/wiki/' in page
    assert 'href="/' not in page


def test_category_pages_and_metadata(zim):
    archive = Archive(str(zim[0]))
    assert archive.has_entry_by_path("Category:日本人")
    assert SEED in html_at(archive, "Category:日本裔俄罗斯人") or archive.has_entry_by_path("Category:日本裔俄罗斯人")
    keys = set(archive.metadata_keys)
    assert {
        "Name",
        "Title",
        "Language",
        "Creator",
        "Publisher",
        "Date",
        "Description",
        "Source",
        "License",
        "Tags",
    } <= keys
    assert archive.get_metadata("Language") == b"zho"
    assert archive.get_metadata("License") == b"CC BY-SA 4.0"
    assert archive.get_metadata("Illustration_48x48@1").startswith(b"\x89PNG")


def test_search_finds_simplified_words_in_a_traditional_file(zim):
    archive = Archive(str(zim[0]))
    assert archive.has_fulltext_index and archive.has_title_index
    results = list(Searcher(archive).search(Query().set_query("战俘")).getResults(0, 10))
    assert SEED in results
    assert "戰俘" in html_at(archive, SEED)


def test_unknown_variant_names_the_known_ones(tmp_path, seed_article):
    with pytest.raises(CommandError, match=r"unknown variant 'zh-xx': known variants are zh, .*zh-tw"):
        export(tmp_path / "a.zim", "--variant", "zh-xx")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_path_leaves_no_file(tmp_path, seed_article):
    # /proc takes no new file, even from root (the tests may run as root, which chmod does not stop).
    with pytest.raises(CommandError, match=r"^/proc/siberia-test.zim: .*; no file written"):
        export("/proc/siberia-test.zim")
    with pytest.raises(CommandError, match="no folder"):
        export(tmp_path / "missing" / "a.zim")
    assert list(tmp_path.iterdir()) == []


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.skipif(shutil.which("kiwix-serve") is None, reason="kiwix-serve not installed (Debian kiwix-tools)")
def test_kiwix_serve_serves_a_page_and_search(zim):
    port = free_port()
    server = subprocess.Popen(
        ["kiwix-serve", "--address", "127.0.0.1", "--port", str(port), str(zim[0])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                urllib.request.urlopen(base + "/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        # kiwix-tools 3.3 serves a book's entries at /<book>/<path>, its search at /search?content=<book>.
        page = urllib.request.urlopen(f"{base}/siberia/{quote(SEED)}", timeout=5).read().decode()
        assert '<h1 id="firstHeading">' in page
        found = (
            urllib.request.urlopen(f"{base}/search?content=siberia&pattern={quote('战俘')}", timeout=5).read().decode()
        )
        assert quote(SEED) in found or SEED in found
    finally:
        server.terminate()
        server.wait(5)
