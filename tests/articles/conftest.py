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
