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
    # 5 articles, 11 categories, the main page, the CSS and three scripts (the metadata are not entries).
    assert archive.entry_count == 21
    assert archive.main_entry.get_item().path == "index"
    index = html_at(archive, "index")
    assert f'<li><a href="{quote(SEED)}">{SEED}</a></li>' in index
    assert archive.get_entry_by_path("_static/siberia/cite-preview.js").get_item().mimetype == "text/javascript"


def without_hrefs(fragment: str) -> str:
    return re.sub(r' href="[^"]*"', "", fragment)


def test_a_page_is_the_sites_page_in_the_variant(zim, client):
    archive = Archive(str(zim[0]))
    offline = html_at(archive, SEED)
    online = client.get(f"/zh-tw/{SEED}").content.decode("utf-8")
    # The whole article as served, but for its links made local and the footnote previews' API address.
    online_article = re.sub(r' data-summary-url="[^"]*"', "", BODY.search(online).group(0))
    assert without_hrefs(BODY.search(offline).group(0)) == without_hrefs(online_article)
    assert "戰俘" in online_article and 'lang="zh-Hant-TW"' in offline
    # The footer too, but for the history link (the file has no history).
    footer = re.compile(r'<footer class="site-footer">.*?</footer>', re.S)
    history_link = re.compile(r'<a href="[^"]*\?action=history">查看歷史</a>')
    assert history_link.search(footer.search(online).group(0))
    assert footer.search(offline).group(0) == history_link.sub("", footer.search(online).group(0))
    assert "條目文字取自中文維基百科的「" in footer.search(offline).group(0) or "条目文字取自" in offline
    for online_only in ('class="site-search"', 'class="variant-switcher"', 'class="page-tools"', "search-suggest.js"):
        assert online_only in online
        assert online_only not in offline
    assert "<script>" not in offline and 'rel="canonical"' not in offline
    assert '<link rel="stylesheet" href="_static/siberia/siberia.css">' in offline
    assert '<script src="_static/siberia/cite-preview.js" defer></script>' in offline


def test_a_category_page_lists_every_article_not_the_first_hundred(tmp_path, db):
    from articles.importer.writer import import_page
    from wikitext.parsing import parse_page

    for n in range(105):
        text = f'第{n}篇。\n\n[Category:測試](https://zh.wikipedia.org/wiki/Category:測試 "wikilink")\n'
        import_page(parse_page(text, f"頁{n:03}"), text)
    path = tmp_path / "c.zim"
    export(path, "--category", "測試")
    page = html_at(Archive(str(path)), "Category:測試")
    assert page.count("<li><a href=") == 105
    assert f'<a href="{quote("頁104")}">頁104</a>' in page and "下一页" not in page


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


def test_a_full_disk_leaves_no_file_and_says_so(tmp_path, seed_article, neighbours, monkeypatch):
    from articles import zim_export

    calls = []

    def full(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return original(*args, **kwargs)

    original = zim_export.with_local_links
    monkeypatch.setattr(zim_export, "with_local_links", full)
    out = tmp_path / "full.zim"
    with pytest.raises(CommandError, match=rf"^{re.escape(str(out))}: No space left on device; no file written$"):
        export(out)
    assert list(tmp_path.iterdir()) == []  # neither the file nor its temporary


def test_an_interrupted_export_leaves_no_file_and_says_how_far_it_got(tmp_path, seed_article, neighbours, monkeypatch):
    from articles import zim_export

    original, calls = zim_export.served, []

    def interrupted(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    monkeypatch.setattr(zim_export, "served", interrupted)
    out = tmp_path / "cut.zim"
    with pytest.raises(CommandError, match=rf"^{re.escape(str(out))}: interrupted after 2 pages; no file written$"):
        export(out)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_only_by_a_complete_one(tmp_path, seed_article, monkeypatch):
    from articles import zim_export

    out = tmp_path / "kept.zim"
    out.write_bytes(b"the file from last week")
    monkeypatch.setattr(zim_export, "served", lambda *args, **kwargs: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with pytest.raises(CommandError, match="I/O error; no file written"):
        export(out)
    assert out.read_bytes() == b"the file from last week" and list(tmp_path.iterdir()) == [out]


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
