"""What the Action API's tests share: the seed page and its neighbours, and a way to call ``/w/api.php``."""

import pytest

SEED = "西伯利亞滯留者"


@pytest.fixture
def site(seed_article, neighbours):
    """The five pages: the seed, 日本人, 日本僑俘遣返, 日本裔俄羅斯人, 高加索 (keyed by title)."""
    return {article.title: article for article in [seed_article, *neighbours]}


@pytest.fixture
def api(client):
    """``api(action=…, …)``: the JSON a GET of /w/api.php with these parameters (and format=json) answers with 200."""

    def call(path="/w/api.php", **params):
        response = client.get(path, {"format": "json", **params})
        assert response.status_code == 200, response.content[:500]
        assert response["Content-Type"] == "application/json; charset=utf-8"
        return response.json()

    return call
