"""What the articles tests share."""

import pytest


@pytest.fixture
def render_fails_for(monkeypatch):
    """``render_fails_for(title, error)``: Article.render raises ``error`` for that article, renders the others."""
    from articles.models import Article

    original = Article.render

    def make(title, error):
        def render(article):
            if article.title == title:
                raise error
            original(article)

        monkeypatch.setattr(Article, "render", render)

    return make


def edit(article, text, author="編者", **kwargs):
    """A new revision of ``article`` with ``text``, as an editor's save makes it."""
    from articles.models import Article, Revision

    return Article.objects.get(pk=article.pk).commit(text, kind=Revision.EDIT, author=author, **kwargs)


@pytest.fixture
def edited(seed_article, seed_text):
    """The seed with two edits on top of its import: 囚 → 監 in one place, then a sentence added."""
    second = edit(seed_article, seed_text.replace("因囚禁而死亡", "因監禁而死亡", 1), summary="用字")
    third = edit(seed_article, "新的一句。\n\n" + second.text, author="另一位", summary="加一句")
    return seed_article, second, third
