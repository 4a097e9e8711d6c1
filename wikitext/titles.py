"""Page titles: MediaWiki's normal form, the address segment, the variant-blind key, categories.

One owner for each: the models, the views and the parser ask here what a title is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from .variants import variant_blind

WIKI_URL_PREFIX = "https://zh.wikipedia.org/wiki/"
CATEGORY_NAMESPACE = "Category:"
# Every way pandoc's export writes the category namespace; CATEGORY_NAMESPACE is the one we write.
CATEGORY_PREFIXES = ("Category:", "category:", "分類:", "分类:")
CATEGORY_PREFIX_PATTERN = "(?:" + "|".join(re.escape(prefix) for prefix in CATEGORY_PREFIXES) + ")"
FILE_PREFIXES = ("File:", "Image:", "文件:", "檔案:", "档案:", "圖像:", "图像:")
SPECIAL_NAMESPACE = "Special:"

TITLE_KEY_LENGTH = 255  # the width of the key's column


def normalize_title(title: str) -> str:
    """MediaWiki's form of a title: NFC, spaces not underscores, first letter upper."""
    title = unicodedata.normalize("NFC", title).replace("_", " ").strip()
    title = " ".join(title.split())
    if title[:1].islower() and title[:1].isascii():
        title = title[0].upper() + title[1:]
    return title


def title_to_path(title: str) -> str:
    """The URL path segment of a title, as zh.wikipedia writes it."""
    return title.replace(" ", "_")


# What a page's address leaves unencoded, as zh.wikipedia writes its addresses (/wiki/Category:日本).
URL_SAFE = ":/()',!*@$;"


@lru_cache(maxsize=65536)
def outside_url(title: str) -> str:
    """The page ``title`` on zh.wikipedia (kept per process: every wikilink of an import asks, and
    the same targets come back page after page)."""
    return WIKI_URL_PREFIX + quote(title_to_path(title), safe=URL_SAFE)


def category_name(title: str) -> str | None:
    """The category a title names (``Category:日本`` → 日本), or None when it names none."""
    for prefix in CATEGORY_PREFIXES:
        if title.startswith(prefix):
            return normalize_title(title[len(prefix) :]) or None
    return None


def category_title(name: str) -> str:
    """The title of the category page ``name``: ``Category:<name>``."""
    return f"{CATEGORY_NAMESPACE}{name}"


def title_key(title: str) -> str:
    """The same key for a title in any variant: 西伯利亚滞留者 and 西伯利亞滯留者 meet."""
    # Cut to the column's width: a casefold may lengthen a title (ß → ss).
    return variant_blind(title)[:TITLE_KEY_LENGTH]


def title_keys(titles: list[str]) -> list[str]:
    """title_key of many titles in one pass of the converter (titles hold no line breaks)."""
    if not titles:
        return []
    if any("-{" in title or "}-" in title for title in titles):
        # Variant markup: a rule opened in one title must not close in the next, as in one pass it would.
        return [title_key(title) for title in titles]
    keys = variant_blind("\n".join(titles)).split("\n")
    if len(keys) != len(titles):
        return [title_key(title) for title in titles]
    return [key[:TITLE_KEY_LENGTH] for key in keys]
