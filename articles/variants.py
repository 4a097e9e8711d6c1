"""Chinese variants, through zhconv-rs: MediaWiki's own conversion tables and ``-{…}-`` rules.

Pure Python, no Django. ``convert_html`` converts the text of a stored, already
clean fragment and never its tags, attributes or entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import zhconv_rs

from .sanitizing import clean_html
from .searchtext import normalize

# "zh" is no conversion: the source's own characters, with variant markup
# resolved as MediaWiki does for plain zh.
NO_CONVERSION = "zh"


@dataclass(frozen=True)
class Variant:
    code: str
    label: str
    html_lang: str


VARIANTS = (
    Variant("zh", "不转换", "zh"),
    Variant("zh-hans", "简体", "zh-Hans"),
    Variant("zh-hant", "繁體", "zh-Hant"),
    Variant("zh-cn", "大陆简体", "zh-Hans-CN"),
    Variant("zh-hk", "香港繁體", "zh-Hant-HK"),
    Variant("zh-mo", "澳門繁體", "zh-Hant-MO"),
    Variant("zh-my", "大马简体", "zh-Hans-MY"),
    Variant("zh-sg", "新加坡简体", "zh-Hans-SG"),
    Variant("zh-tw", "臺灣正體", "zh-Hant-TW"),
)
VARIANTS_BY_CODE = {variant.code: variant for variant in VARIANTS}

# Tags and entities are wrapped in -{ }- so that the converter leaves them as
# they are; only text between them is converted.
_PROTECT = re.compile(r"<[^>]*>|&[#\w]+;")


def _protect(match: re.Match[str]) -> str:
    # A "}-" inside an attribute would end the protection early: write its hyphen as an entity.
    tag = match.group(0).replace("-{", "&#45;{").replace("}-", "}&#45;")
    return "-{" + tag + "}-"


def convert_text(text: str, variant: str) -> str:
    """Plain text (a title, a snippet) in a variant; markup rules honoured."""
    return zhconv_rs.zhconv(text, variant, True)


def convert_html(fragment: str, variant: str) -> str:
    if not fragment:
        return fragment
    protected = _PROTECT.sub(_protect, fragment)
    converted = zhconv_rs.zhconv(protected, variant, True)
    # A -{zh-hans:…;zh-hant:…}- rule may hold half of an element; cleaning again
    # closes what it left open and keeps the fragment as safe as it was stored.
    return clean_html(converted)


TITLE_KEY_LENGTH = 255


def title_keys(titles: list[str]) -> list[str]:
    """title_key of many titles in one pass of the converter (titles hold no line breaks)."""
    if not titles:
        return []
    keys = _unwidened_key("\n".join(titles)).split("\n")
    if len(keys) != len(titles):
        return [title_key(title) for title in titles]
    return [key[:TITLE_KEY_LENGTH] for key in keys]


def title_key(title: str) -> str:
    """The same key for a title in any variant: 西伯利亚滞留者 and 西伯利亞滯留者 meet."""
    # Cut to the column's width: a casefold may lengthen a title (ß → ss).
    return _unwidened_key(title)[:TITLE_KEY_LENGTH]


def _unwidened_key(text: str) -> str:
    # The same normalisation as search terms, so that a title and a query meet.
    return normalize(text)
