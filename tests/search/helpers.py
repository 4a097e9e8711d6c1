"""What the search tests share: their addresses, and articles made with only their search fields."""

from articles.models import Article
from wikitext.searchtext import index_terms

SEARCH_URL = "/wiki/Special:Search"
SUGGEST_URL = "/api/suggest"
SEED = "西伯利亞滯留者"
SEED_URL = "/wiki/%E8%A5%BF%E4%BC%AF%E5%88%A9%E4%BA%9E%E6%BB%AF%E7%95%99%E8%80%85"


def make_article(title, text):
    """An article with only its search fields, as Article.derive would fill them."""
    return Article.objects.create(title=title, search_text=text, search_terms=index_terms(f"{title}\n{text}"))


def titles(found):
    return [result.title for result in found.results]


def get_page(client, **params):
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    return response.content.decode()
