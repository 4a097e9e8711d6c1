"""The words of the page around an article (目录, 分类, the footer's date), converted like the article."""

from __future__ import annotations

from functools import cache as memoized

from django.utils import timezone

from wikitext.variants import NO_CONVERSION, Variant, convert_text

# Words of the page around the article, converted like the article itself.
INTERFACE_TEXT = {
    "toc": "目录",
    "categories": "分类",
    "references": "参考文献",
    "what_links_here": "链入页面",
    "history": "查看历史",
    "edit": "编辑",
    "edit_section": "编辑章节",
    "last_revised": "本页面最后修订于",
}
_WEEKDAYS = "一二三四五六日"


def revised_at(timestamp, variant: Variant = NO_CONVERSION) -> str:
    """MediaWiki's footer date, "2026年12月1日 (星期二) 21:25", in the site's time zone and the variant."""
    local = timezone.localtime(timestamp)
    text = f"{local.year}年{local.month}月{local.day}日 (星期{_WEEKDAYS[local.weekday()]}) {local:%H:%M}"
    return convert_text(text, variant)


@memoized
def interface_text(variant: Variant) -> dict[str, str]:
    return {key: convert_text(text, variant) for key, text in INTERFACE_TEXT.items()}
