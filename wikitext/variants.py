"""Chinese variants, through zhconv-rs: MediaWiki's own conversion tables and ``-{…}-`` rules.

``convert_html`` converts the text of a stored, already
clean fragment and never its tags, attributes or entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import zhconv_rs

from .sanitizing import clean_html

if TYPE_CHECKING:
    # Only in zhconv-rs's stub: the codes its converter takes.
    from zhconv_rs import ZhVariant


@dataclass(frozen=True)
class Variant:
    """One of MediaWiki's Chinese variants: its code (``zh-tw``), its name in the switcher, its language tag.

    Passed whole from the address to the converter, so that no layer handles a bare code.
    """

    code: ZhVariant  # zhconv-rs's and MediaWiki's: also the path prefix /zh-tw/ and the cookie's value
    label: str
    html_lang: str  # the BCP 47 tag of <html lang>

    def __str__(self) -> str:
        return self.code

    @property
    def converts(self) -> bool:
        """False for ``zh``: the source's own characters, variant markup resolved as plain zh does."""
        return self.code != NO_CONVERSION_CODE

    @classmethod
    def named(cls, code: str) -> Variant:
        """The variant of ``code``; KeyError for a code that names none."""
        return VARIANTS_BY_CODE[code]


NO_CONVERSION_CODE = "zh"
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
# Keyed by any string: codes come from addresses, cookies and headers.
VARIANTS_BY_CODE: dict[str, Variant] = {variant.code: variant for variant in VARIANTS}
NO_CONVERSION = VARIANTS_BY_CODE[NO_CONVERSION_CODE]
CONVERTED = tuple(variant for variant in VARIANTS if variant.converts)

# Tags and entities are wrapped in -{ }- so that the converter leaves them as
# they are; only text between them is converted.
_PROTECT = re.compile(r"<[^>]*>|&[#\w]+;")


def _protect(match: re.Match[str]) -> str:
    # A "}-" inside an attribute would end the protection early: write its hyphen as an entity.
    tag = match.group(0).replace("-{", "&#45;{").replace("}-", "}&#45;")
    return "-{" + tag + "}-"


def convert_text(text: str, variant: Variant) -> str:
    """Plain text (a title, a snippet) in a variant; markup rules honoured."""
    return zhconv_rs.zhconv(text, variant.code, True)


def convert_html(fragment: str, variant: Variant) -> str:
    """A stored, clean fragment in a variant: its text converted, its tags, attributes and entities not."""
    if not fragment:
        return fragment
    protected = _PROTECT.sub(_protect, fragment)
    converted = zhconv_rs.zhconv(protected, variant.code, True)
    # A -{zh-hans:…;zh-hant:…}- rule may hold half of an element; cleaning again
    # closes what it left open and keeps the fragment as safe as it was stored.
    return clean_html(converted)


def variant_blind(text: str) -> str:
    """One script for matching: simplified characters, lower case, variant rules resolved.

    Titles (``titles.title_key``) and search terms (``searchtext``) are both keyed by it, so
    that a title typed in either script and a query meet the page.
    """
    return zhconv_rs.zhconv(zhconv_rs.zhconv(text, "zh", True), "zh-hans", False).casefold()
