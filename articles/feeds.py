"""Revisions as Atom and RSS feeds, at MediaWiki's addresses: ``Special:RecentChanges?feed=atom|rss``
for every page's latest revisions, ``<title>?action=history&feed=atom|rss`` for one page's.

Built with django.contrib.syndication. Each entry is one revision: its page and number, its summary
and size change, its author and time, linking to its diff (a page's first revision: to the revision
itself). A feed is a fixed number of queries, whatever its length.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from wikitext.titles import title_to_path
from wikitext.variants import NO_CONVERSION

from .models import Article, Revision
from .variant_urls import page_url, url_in

# ``feed=`` as MediaWiki reads it.
FEED_TYPES = {"atom": Atom1Feed, "rss": Rss201rev2Feed}
FEED_LENGTH = 50


def feed_url(address: str, feed_format: str = "atom") -> str:
    """``address`` (which has no query, or only ``action=history``) as a feed of ``feed_format``."""
    return f"{address}{'&' if '?' in address else '?'}feed={feed_format}"


class RevisionFeed(Feed):
    """Revisions as entries; ``feed_format`` is a key of FEED_TYPES."""

    def __init__(self, feed_format: str):
        super().__init__()
        self.feed_type = FEED_TYPES[feed_format]

    def item_title(self, revision: Revision) -> str:
        return f"{revision.article.title}（修订版本 {revision.number}）"

    def item_description(self, revision: Revision) -> str:
        change = f"{revision.size_change:+,} 字节"
        return f"{revision.summary} ({change})" if revision.summary else change

    def item_link(self, revision: Revision) -> str:
        path = reverse("articles:page", args=[title_to_path(revision.article.title)])
        if revision.parent_id is None:
            return f"{path}?oldid={revision.pk}"
        return f"{path}?diff={revision.pk}&oldid={revision.parent_id}"

    def item_guid(self, revision: Revision) -> str:
        return f"{reverse('articles:page', args=[title_to_path(revision.article.title)])}?oldid={revision.pk}"

    def item_pubdate(self, revision: Revision):
        return revision.timestamp

    def item_updateddate(self, revision: Revision):
        return revision.timestamp

    def item_author_name(self, revision: Revision) -> str:
        return revision.author


class RecentChangesFeed(RevisionFeed):
    title = "siberia：最近更改"
    subtitle = "本站所有条目的最新修订"
    description = subtitle

    def link(self) -> str:
        return url_in(NO_CONVERSION, "recent_changes")

    def items(self):
        return Revision.objects.recent()[:FEED_LENGTH]


class HistoryFeed(RevisionFeed):
    """One page's latest revisions."""

    def __init__(self, feed_format: str, article: Article):
        super().__init__(feed_format)
        self.article = article

    def title(self) -> str:
        return f"「{self.article.title}」的修订历史"

    def subtitle(self) -> str:
        return f"siberia 上「{self.article.title}」的最新修订"

    description = subtitle

    def link(self) -> str:
        return page_url(self.article.title, NO_CONVERSION) + "?action=history"

    def items(self):
        return Revision.objects.listed().filter(article=self.article).order_by("-number")[:FEED_LENGTH]
