"""The articles' models: one module each for the article, its revisions, its categories and its derived rows."""

# In this order: the article is registered before the rows that point to it (see ``article``).
from .category import Category  # isort: skip
from .article import Article, ArticleManager, ArticleQuerySet, EditConflict  # isort: skip
from .revision import Revision  # isort: skip
from .rows import Link, RelatedEntry, Section  # isort: skip

__all__ = [
    "Article",
    "ArticleManager",
    "ArticleQuerySet",
    "Category",
    "EditConflict",
    "Link",
    "RelatedEntry",
    "Revision",
    "Section",
]
