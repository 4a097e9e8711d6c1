"""Over every page of the corpus: a save changes only what was changed, and a render gives what the import gave."""

import pytest
from django.urls import reverse

from articles.importer.files import read_page
from articles.importer.writer import import_page
from articles.models import Article
from tests.articles.browserform import posted
from tests.articles.test_admin import FORM, snapshot
from tests.conftest import SEED_PAGE, corpus_paths

PATHS = [SEED_PAGE, *corpus_paths()]

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(request):
    parsed, text = read_page(request.param)
    return import_page(parsed, text).article


@pytest.mark.parametrize("imported", PATHS, ids=lambda p: p.stem, indirect=True)
def test_saving_the_admin_form_unchanged_leaves_every_byte(admin_client, client, imported):
    url = reverse("admin:articles_article_change", args=[imported.pk])
    before = snapshot(imported)
    page = client.get(imported.get_absolute_url()).content
    form = admin_client.get(url)
    assert form.status_code == 200
    response = admin_client.post(url, posted(form.content.decode(), FORM))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert snapshot(imported) == before
    assert client.get(imported.get_absolute_url()).content == page


@pytest.mark.parametrize("imported", PATHS, ids=lambda p: p.stem, indirect=True)
def test_rendering_from_the_stored_revision_gives_what_the_import_gave(imported):
    before = snapshot(imported)
    Article.objects.get(pk=imported.pk).render()
    assert snapshot(imported) == before
