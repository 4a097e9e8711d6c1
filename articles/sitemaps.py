"""``sitemap.xml``: every article and category at its ``/wiki/`` address, with each variant's address beside it.

django.contrib.sitemaps does the paging and the index (``/sitemap.xml`` lists the sections' pages,
``/sitemap-articles.xml?p=2`` …). Its own ``i18n``/``alternates`` are built on Django's languages, which
our variants are not, so each entry's alternates are added here: the page under every variant's
language tag (``hreflang="zh-Hant-TW"`` → ``/zh-tw/<title>``) and ``x-default`` → ``/wiki/<title>``,
as the pages' own ``<link rel="alternate">`` give them (``head_tags``). Each sitemap page costs two
queries (its count and its rows), the index two a section.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from wikitext.titles import category_title
from wikitext.variants import NO_CONVERSION, VARIANTS, Variant

from .head_tags import X_DEFAULT
from .models import Article, Category
from .variant_urls import page_url

# The protocol allows 50,000 entries and 50 MB a file; each entry here carries ten addresses (1.4 kB
# for a title of nine characters), so 10,000 entries make a file of about 14 MB, built in about 2 s.
ENTRIES_PER_SITEMAP = 10_000


class VariantSitemap(Sitemap):
    """A sitemap of pages titled ``title_of(item)``, each with its addresses in every variant."""

    limit = ENTRIES_PER_SITEMAP

    def title_of(self, item) -> str:
        raise NotImplementedError

    def location(self, item) -> str:
        return page_url(self.title_of(item))

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        # A title's segment is the same under every prefix: reversed once a page, not once an address
        # (ten reverses an entry took most of a 10,000-entry page's time).
        prefixes = [(v.html_lang, origin + _prefix_in(v)) for v in VARIANTS] + [
            (X_DEFAULT, origin + _prefix_in(NO_CONVERSION))
        ]
        unconverted = origin + _prefix_in(NO_CONVERSION)
        for url in urls:
            segment = url["location"].removeprefix(unconverted)  # the entry's own address: /wiki/<segment>
            url["alternates"] = [{"lang_code": tag, "location": prefix + segment} for tag, prefix in prefixes]
        return urls


_SAMPLE = "Sample"  # a title whose address segment is itself


def _prefix_in(variant: Variant) -> str:
    """What comes before a title's segment in its address in ``variant``: ``/zh-tw/``."""
    return page_url(_SAMPLE, variant).removesuffix(_SAMPLE)


class ArticleSitemap(VariantSitemap):
    def items(self):
        return Article.objects.order_by("title").only("title", "updated_at")

    def title_of(self, item) -> str:
        return item.title

    def lastmod(self, item):
        # The page's Last-Modified: raised by each revision and when a page it links to comes or goes.
        return item.updated_at

    def get_latest_lastmod(self):
        return Article.objects.site_state()[1]


class CategorySitemap(VariantSitemap):
    """The categories that hold an article, each last changed when its latest article was."""

    def items(self):
        return (
            Category.objects.annotate(last_change=Max("articles__updated_at"))
            .filter(last_change__isnull=False)
            .order_by("name")
            .only("name")
        )

    def title_of(self, item) -> str:
        return category_title(item.name)

    def lastmod(self, item):
        return item.last_change

    def get_latest_lastmod(self):
        return Category.objects.aggregate(last=Max("articles__updated_at"))["last"]


SITEMAPS = {"articles": ArticleSitemap, "categories": CategorySitemap}
