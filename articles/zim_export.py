"""Articles out as a ZIM file for Kiwix: each page as the site serves it in one variant, made offline.

Each article's page is rendered by the site's own view (``articles.views.page``, through the URL
resolver, as a request for ``/<variant>/<title>`` would be), its request marked offline
(``articles.offline``): the templates then leave out what works only online (the search form, the
variant switcher, the page tools, history links, the scripts that ask the server) and point at the
static files inside the file. The files the pages asked for (the CSS, ``site.js``, the footnote
previews) go in as files: no inline script, so a CSP keeps working inside Kiwix.

Links to pages in the file become relative ZIM paths; links to other pages go to zh.wikipedia;
links to the site's special pages lose their address (their text stays). The articles are read a
chunk at a time and each page is handed to libzim as it is made: memory holds one chunk's pages and
the set of exported titles (to decide which links stay local), never all the HTML.

The file is written under a temporary name in its folder and renamed once libzim has finished it,
so an error, a full disk or an interrupted export leaves nothing under the final name.
"""

from __future__ import annotations

import html
import mimetypes
import os
import re
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import QuerySet
from django.test import RequestFactory
from django.urls import resolve
from libzim.writer import Creator, Hint, IndexData, Item, StringProvider

from articles.models import Article, Category
from articles.offline import OfflinePage, relative, static_path
from wikitext.titles import URL_SAFE, category_title, outside_url, title_to_path
from wikitext.variants import NO_CONVERSION, VARIANTS_BY_CODE, Variant, convert_text

CHUNK = 100
LANGUAGE = "zho"
LICENSE = "CC BY-SA 4.0"
SOURCE = "https://zh.wikipedia.org/"
MAIN_PATH = "index"
TEMPORARY_SUFFIX = ".tmp"
# libzim's full-text index is a Xapian database, which keeps every page's terms in memory until it has
# 10,000 pages (its default): 600 MB more at 20,000 pages (bench/zim.py). Flushing every 500 keeps the
# export's memory flat with the number of pages, at no cost in speed. XAPIAN_FLUSH_THRESHOLD is how
# Xapian takes it (libzim has no setting); an operator's own value wins.
INDEX_FLUSH_THRESHOLD = "500"
# In the search index each page's text also goes in simplified characters: a reader of a zh-tw file
# who types 战俘 finds 戰俘 (the index holds words, and knows nothing of variants).
SEARCH_ALSO_IN = "zh-cn"


class ZimError(Exception):
    """The file could not be written: names it and why."""


class UnknownVariant(ValueError):
    def __init__(self, code: str):
        known = ", ".join(VARIANTS_BY_CODE)
        super().__init__(f"unknown variant {code!r}: known variants are {known}")


def variant_named(code: str) -> Variant:
    try:
        return VARIANTS_BY_CODE[code]
    except KeyError:
        raise UnknownVariant(code) from None


@dataclass(frozen=True)
class Exported:
    title: str
    path: str


def page_path(title: str) -> str:
    """A page's path inside the file: its title as its address on the site writes it."""
    return title_to_path(title)


def site_path(title: str, variant: Variant) -> str:
    prefix = variant.code if variant.converts else "wiki"
    return f"/{prefix}/{quote(title_to_path(title), safe=URL_SAFE)}"


_factory = RequestFactory()


def _host() -> str:
    """A host the site accepts: the page's head names its canonical address with it (then taken out)."""
    hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host not in ("*", "")]
    return hosts[0] if hosts else "localhost"


def served(title: str, variant: Variant, offline: OfflinePage | None = None) -> str:
    """The page ``title`` as the site serves it in ``variant`` (made for the file when ``offline`` says where)."""
    path = site_path(title, variant)
    request = _factory.get(path, HTTP_HOST=_host())
    if offline is not None:
        request.offline = offline
    request.resolver_match = match = resolve(unquote(path))
    response = match.func(request, *match.args, **match.kwargs)
    if response.status_code != 200:
        raise ZimError(f"{title}: the site answers {response.status_code} for {path}")
    return response.content.decode("utf-8")


_HREF = re.compile(r'<a ([^>]*?)href="([^"]*)"([^>]*)>')


def with_local_links(page_html: str, here: str, local: Callable[[str], str | None]) -> str:
    """``page_html`` with its site links made to work in the file at ``here``: the file's pages, else zh.wikipedia."""

    def link(match: re.Match) -> str:
        before, href, after = match.groups()
        target = html.unescape(href)
        if not target.startswith("/"):
            return match.group(0)
        new = local_href(target, here, local)
        if new is None:
            return f"<a {before}{after}>".replace("  ", " ")
        return f'<a {before}href="{html.escape(new)}"{after}>'

    return _HREF.sub(link, page_html)


def local_href(target: str, here: str, local: Callable[[str], str | None]) -> str | None:
    """Where a site-relative link goes in the file; None for a page that only the live site has."""
    address, _, fragment = target.partition("#")
    address = address.split("?", 1)[0]
    parts = address.lstrip("/").split("/", 1)
    if address in ("", "/") or (len(parts) == 1 and parts[0] in VARIANTS_BY_CODE):
        return relative(here, MAIN_PATH)
    if len(parts) != 2 or (parts[0] != "wiki" and parts[0] not in VARIANTS_BY_CODE):
        return None
    title = unquote(parts[1]).replace("_", " ")
    if title.startswith("Special:"):
        return None
    path = local(title)
    suffix = f"#{fragment}" if fragment else ""
    if path is None:
        return outside_url(title) + suffix
    return relative(here, path) + suffix


_TAG = re.compile(r"<[^>]+>")
_CONTENT = re.compile(r'<main id="content">(.*)</main>', re.S)


def text_of(page_html: str) -> str:
    match = _CONTENT.search(page_html)
    return html.unescape(_TAG.sub(" ", match.group(1) if match else page_html))


class _Index(IndexData):
    def __init__(self, title: str, text: str):
        super().__init__()
        also = VARIANTS_BY_CODE[SEARCH_ALSO_IN]
        self.title, self.text = title, f"{text}\n{convert_text(text, also)}"
        self.keywords = convert_text(title, also)

    def has_indexdata(self) -> bool:
        return True

    def get_title(self) -> str:
        return self.title

    def get_content(self) -> str:
        return self.text

    def get_keywords(self) -> str:
        return self.keywords

    def get_wordcount(self) -> int:
        return len(self.text)

    def get_geoposition(self):
        return None


class _Entry(Item):
    def __init__(
        self, path: str, title: str, content: bytes | str, mimetype: str, *, front: bool, index: _Index | None
    ):
        super().__init__()
        self.path, self.title, self.mimetype = path, title, mimetype
        self.content = content.encode("utf-8") if isinstance(content, str) else content
        self.front, self.index = front, index

    def get_path(self) -> str:
        return self.path

    def get_title(self) -> str:
        return self.title

    def get_mimetype(self) -> str:
        return self.mimetype

    def get_contentprovider(self):
        return StringProvider(self.content)

    def get_hints(self):
        return {Hint.FRONT_ARTICLE: self.front, Hint.COMPRESS: True}

    def get_indexdata(self):
        return self.index


def png_square(size: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain ``size``×``size`` PNG of one colour: the illustration Kiwix shows, drawn without Pillow."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * size
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


def metadata(variant: Variant, count: int) -> dict[str, str]:
    name = f"siberia_{variant.code}"
    return {
        "Name": name,
        "Title": f"siberia ({variant.code})",
        "Language": LANGUAGE,
        "Creator": "Wikipedia contributors",
        "Publisher": "siberia",
        "Date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "Description": f"{count} zh.wikipedia articles from siberia, in {variant.code}",
        "LongDescription": (
            f"{count} articles of the Chinese Wikipedia as siberia serves them in the {variant.code} variant, "
            "with their categories; text under CC BY-SA 4.0 by the Wikipedia contributors."
        ),
        "Source": SOURCE,
        "License": LICENSE,
        "Tags": f"wikipedia;_category:wikipedia;_pictures:no;_videos:no;_details:yes;_ftindex:yes;{variant.code}",
    }


def main_page(titles: Iterable[tuple[str, str]], variant: Variant, used: set[str]) -> str:
    items = "".join(
        f'<li><a href="{html.escape(relative(MAIN_PATH, path))}">{html.escape(title)}</a></li>\n'
        for title, path in titles
    )
    css = f'<link rel="stylesheet" href="{OfflinePage(MAIN_PATH, used).asset("siberia/siberia.css")}">'
    return (
        f'<!DOCTYPE html>\n<html lang="{variant.html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>siberia</title>\n{css}\n'
        f'</head>\n<body>\n<main id="content">\n<h1>siberia</h1>\n<ul class="zim-index">\n{items}</ul>\n'
        f"</main>\n</body>\n</html>\n"
    )


def export_zim(
    articles: QuerySet[Article],
    out: Path,
    variant: Variant = NO_CONVERSION,
    *,
    chunk_size: int = CHUNK,
) -> Iterator[Exported]:
    """Write ``articles`` (current revisions) into the ZIM file ``out`` in ``variant``; one Exported a page.

    Category pages follow the articles, then the main page. ``out`` appears only once complete.
    """
    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ZimError(f"{out}: no folder {folder}")
    if not os.access(folder, os.W_OK):
        raise ZimError(f"{out}: the folder {folder} is not writable")
    temporary = out.with_name(f".{out.name}{TEMPORARY_SUFFIX}")
    articles = articles.order_by("title")
    titles = {title: page_path(title) for title in articles.values_list("title", flat=True).iterator()}
    categories = {
        category_title(name): page_path(category_title(name))
        for name in Category.objects.filter(articles__in=articles).distinct().values_list("name", flat=True)
    }
    paths = {**titles, **categories}
    local = paths.get
    done = False
    os.environ.setdefault("XAPIAN_FLUSH_THRESHOLD", INDEX_FLUSH_THRESHOLD)  # read when the index opens
    try:
        creator = Creator(str(temporary)).config_indexing(True, LANGUAGE)
        with creator:
            creator.set_mainpath(MAIN_PATH)
            for key, value in metadata(variant, len(titles)).items():
                creator.add_metadata(key, value)
            creator.add_illustration(48, png_square(48, (0x33, 0x66, 0x99)))
            used: set[str] = set()  # the static files the pages ask for, added after them
            for article in articles.only("title").iterator(chunk_size=chunk_size):
                yield _add_page(creator, article.title, titles[article.title], variant, local, used)
            for title, path in categories.items():
                yield _add_page(creator, title, path, variant, local, used)
            shown = ((convert_text(title, variant), path) for title, path in titles.items())
            creator.add_item(
                _Entry(MAIN_PATH, "siberia", main_page(shown, variant, used), "text/html", front=False, index=None)
            )
            for name in sorted(used):
                creator.add_item(
                    _Entry(static_path(name), "", _static_file(name), _mimetype(name), front=False, index=None)
                )
        os.replace(temporary, out)
        done = True
    except OSError as error:
        raise ZimError(f"{out}: {error.strerror or error}") from None
    except RuntimeError as error:  # libzim reports its write errors so
        raise ZimError(f"{out}: {error}") from None
    finally:
        if not done:
            temporary.unlink(missing_ok=True)


def _static_file(name: str) -> bytes:
    found = finders.find(name)
    if found is None:
        raise ZimError(f"the pages ask for the static file {name}, which no static folder holds")
    return Path(found).read_bytes()


def _mimetype(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _add_page(creator: Creator, title: str, path: str, variant: Variant, local, used: set[str]) -> Exported:
    page_html = with_local_links(served(title, variant, OfflinePage(path, used)), path, local)
    shown = convert_text(title, variant)
    creator.add_item(_Entry(path, shown, page_html, "text/html", front=True, index=_Index(shown, text_of(page_html))))
    return Exported(title, path)
