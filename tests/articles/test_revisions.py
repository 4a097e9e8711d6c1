"""Every change is a revision: its text, who, when, why, its size and parent; nothing is ever lost."""

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.importer.writer import KEPT, KEPT_REASON, UNCHANGED, UPDATED, import_page
from articles.models import Article, EditConflict, Revision
from wikitext.parsing import parse_page

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def edit(article, text, **kwargs):
    return article.commit(text, kind=Revision.EDIT, author="編者", **kwargs)


def texts(article):
    return list(article.revisions.order_by("number").values_list("number", "kind", "text"))


def test_an_edit_is_a_revision_with_its_parent_size_and_summary(seed_article, seed_text):
    first = seed_article.current_revision
    revision = edit(seed_article, "追加。\n\n" + seed_text, summary="補充")
    assert (revision.number, revision.parent_id, revision.author, revision.summary) == (2, first.pk, "編者", "補充")
    assert revision.size == len(("追加。\n\n" + seed_text).encode())
    assert revision.size_change == len("追加。\n\n".encode())
    article = Article.objects.get(pk=seed_article.pk)
    assert article.current_revision_id == revision.pk
    assert "追加。" in article.search_text


def test_the_same_text_again_makes_no_revision(seed_article, seed_text):
    version = seed_article.version
    assert edit(seed_article, seed_text) is None
    assert seed_article.revisions.count() == 1
    assert Article.objects.get(pk=seed_article.pk).version == version


def test_an_edit_from_an_older_revision_is_a_conflict_and_writes_nothing(seed_article, seed_text):
    base = seed_article.current_revision_id
    edit(seed_article, seed_text + "\n甲\n", base=base)
    with pytest.raises(EditConflict) as conflict:
        edit(seed_article, seed_text + "\n乙\n", base=base)
    assert conflict.value.current.number == 2
    assert [number for number, _, _ in texts(seed_article)] == [1, 2]


def test_revisions_are_never_changed():
    revision = import_page(parse_page("甲", "頁"), "甲").article.current_revision
    revision.text = "乙"
    with pytest.raises(ValueError, match="revisions are never changed"):
        revision.save()
    assert Revision.objects.get(pk=revision.pk).text == "甲"


def test_a_changed_file_is_a_new_revision_and_the_old_text_stays():
    import_page(parse_page("一", "頁"), "一", path="pages/頁.md")
    result = import_page(parse_page("二", "頁"), "二", path="pages/頁.md")
    assert result.status == UPDATED
    revision = result.article.current_revision
    assert (revision.kind, revision.author, revision.source_path, revision.summary) == (
        "import",
        "import",
        "pages/頁.md",
        "导入 pages/頁.md",
    )
    assert texts(result.article) == [(1, "import", "一"), (2, "import", "二")]


def test_a_changed_file_keeps_an_editors_change_unless_told_to_overwrite():
    article = import_page(parse_page("一", "頁"), "一").article
    edit(article, "編者的版本")
    kept = import_page(parse_page("二", "頁"), "二")
    assert (kept.status, kept.error) == (KEPT, KEPT_REASON)
    assert Article.objects.get(pk=article.pk).current_revision.text == "編者的版本"
    # The same file again is still the last one imported: nothing to say.
    overwritten = import_page(parse_page("二", "頁"), "二", overwrite=True)
    assert overwritten.status == UPDATED
    assert texts(article) == [(1, "import", "一"), (2, "edit", "編者的版本"), (3, "import", "二")]
    assert import_page(parse_page("二", "頁"), "二").status == UNCHANGED


def test_a_file_equal_to_an_editors_text_is_remembered_as_imported():
    article = import_page(parse_page("一", "頁"), "一").article
    edit(article, "二")
    assert import_page(parse_page("二", "頁"), "二").status == UNCHANGED
    assert import_page(parse_page("三", "頁"), "三").status == UPDATED  # no longer an edit to keep
    assert [number for number, _, _ in texts(article)] == [1, 2, 3]


def test_the_command_reports_a_kept_page_and_strict_makes_it_an_error(tmp_path):
    page = tmp_path / "頁.md"
    page.write_text("一", encoding="utf-8")
    run("import_articles", str(page))
    edit(Article.objects.get(), "編者的版本")
    page.write_text("二", encoding="utf-8")
    out, _ = run("import_articles", "--dry-run", str(page))
    assert f"would keep: {page}: 頁: {KEPT_REASON}" in out
    out, _ = run("import_articles", "--dry-run", "--strict", str(page))  # a dry run only says so
    assert "0 would be created, 0 would be updated, 0 unchanged, 1 kept as edited, 0 failed" in out
    out, _ = run("import_articles", str(page))
    assert f"kept: {page}: 頁: {KEPT_REASON}" in out
    assert "0 created, 0 updated, 0 unchanged, 1 kept as edited, 0 failed" in out
    with pytest.raises(CommandError, match=f"1 page\\(s\\) {KEPT_REASON}:\n{page}: 頁"):
        run("import_articles", "--strict", str(page))
    out, _ = run("import_articles", "--overwrite", str(page))
    assert "0 created, 1 updated, 0 unchanged, 0 kept as edited, 0 failed" in out
    assert [kind for _, kind, _ in texts(Article.objects.get())] == ["import", "edit", "import"]


def test_worker_processes_write_revisions_with_their_paths(tmp_path):
    from tests.conftest import NEIGHBOURS

    shutil.copytree(NEIGHBOURS, tmp_path / "pages")
    run("import_articles", "--workers", "2", str(tmp_path / "pages"))
    paths = set(Revision.objects.values_list("source_path", flat=True))
    assert paths == {str(path) for path in (tmp_path / "pages").glob("*.md") if path.name != "SOURCE.md"}


def test_deleting_an_article_takes_its_revisions():
    article = import_page(parse_page("一", "頁"), "一").article
    edit(article, "二")
    article.delete()
    assert not Revision.objects.exists()


def test_rendering_again_gives_what_the_import_gave(seed_article):
    def rows(article):
        article = Article.objects.get(pk=article.pk)
        return (
            article.lead_html,
            article.search_terms,
            list(article.sections.values_list("heading", "anchor", "source", "heading_html", "html")),
            list(article.references.values_list("number", "source", "html", "url", "uses")),
        )

    before = rows(seed_article)
    seed_article.render()
    assert rows(seed_article) == before


@pytest.mark.django_db(transaction=True)
def test_saves_racing_on_one_page_take_turns(seed_text):
    # Real row locks need a database server: SQLite's writers queue up on its file lock instead.
    import threading

    from django.db import connection, connections

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers by its database lock; the row lock is PostgreSQL's")
    article = import_page(parse_page(seed_text, "西伯利亞滯留者"), seed_text).article
    outcomes = []

    def save(n, base):
        try:
            start.wait()
            mine = Article.objects.get(pk=article.pk)  # each editor's copy, read before the others save
            edit(mine, f"第{n}位編者（{'同一版本' if base else '不問版本'}）。\n\n{seed_text}", base=base)
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    def race(base):
        threads = [threading.Thread(target=save, args=(n, base)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    # Four editors from the same revision: one saves, three are told of the conflict.
    start = threading.Barrier(4)
    race(article.current_revision_id)
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "saved"]
    # Four saves that name no base revision (imports, reverts): each goes on top of the last.
    outcomes.clear()
    start = threading.Barrier(4)
    race(None)
    assert outcomes == ["saved"] * 4
    numbers = list(Revision.objects.filter(article=article).order_by("number").values_list("number", "parent__number"))
    assert numbers == [(1, None), (2, 1), (3, 2), (4, 3), (5, 4), (6, 5)]
    assert Article.objects.get(pk=article.pk).current_revision.number == 6
