"""The pages the search tests search: the seed and its neighbours."""

import pytest


@pytest.fixture
def pages(seed_article, neighbours):
    return [seed_article, *neighbours]
