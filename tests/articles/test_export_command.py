"""``manage.py export_pages`` as an operator runs it: the corpus out and back in unchanged, and bad input."""

import errno
import json
import os
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.exporting import ATTRIBUTION_FILE
from articles.models import Article, Category, Revision
from references.models import Reference
from tests.articles.test_exporting import fail_writes_of, folder_listing, unwritable
from tests.conftest import CORPUS_DIRS, SEED_PAGE, corpus_paths

pytestmark = pytest.mark.django_db

SEED = "西伯利亞滯留者"
NEIGHBOUR_FILES = ["日本人.md", "日本僑俘遣返.md", "日本裔俄羅斯人.md", "高加索.md"]


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_summary(*paths):
    out, _ = run("import_articles", *map(str, paths))
    return out.strip().splitlines()[-1]


# Set aside when comparing two imports, each for a reason that is no content of a page:
# when it was written (times), which rows came first (a link's id, the only row without a natural
# key), and the version, a counter that cached copies are keyed by: it is raised when a page a
# page links to arrives in a later batch, so it counts the order files were read in.
VOLATILE = {
    "articles.article": ("created_at", "updated_at", "version"),
    "articles.revision": ("timestamp",),
}


def article_rows():
    """What dumpdata holds of the pages (articles, revisions, categories, derived rows, references), as a multiset.

    Each row as canonical JSON, its volatile fields left out and the path of the file it was
    imported from cut to the file's name: the corpus is two folders, the export one.
    """
    dump = StringIO()
    call_command("dumpdata", "articles", "references", natural_foreign=True, natural_primary=True, stdout=dump)
    rows = Counter()
    for row in json.loads(dump.getvalue()):
        fields = {name: value for name, value in row["fields"].items() if name not in VOLATILE.get(row["model"], ())}
        if row["model"] == "articles.revision":
            name = Path(fields["source_path"]).name
            fields["summary"] = fields["summary"].replace(fields["source_path"], name)
            fields["source_path"] = name
        if row["model"] == "articles.article":
            fields["categories"] = sorted(fields["categories"])
        rows[
            json.dumps(
                [row["model"], row.get("pk") if row["model"] != "articles.link" else None, fields],
                sort_keys=True,
                ensure_ascii=False,
            )
        ] += 1
    return rows


def test_the_corpus_goes_out_and_back_into_an_empty_database_unchanged(tmp_path):
    paths = corpus_paths()
    assert import_summary(*CORPUS_DIRS) == "148 created, 0 updated, 0 unchanged, 0 kept as edited, 0 failed"
    imported = article_rows()
    models = Counter(json.loads(row)[0] for row in imported.elements())
    assert (models["articles.article"], models["articles.revision"]) == (148, 148)
    assert models["articles.section"] > 148 and models["references.reference"] > 0 and models["articles.link"] > 0

    out, _ = run("export_pages", str(tmp_path / "out"))
    assert out == f"148 exported, 0 failed: {tmp_path / 'out'} (attribution in {ATTRIBUTION_FILE})\n"
    assert folder_listing(tmp_path / "out") == sorted([*(path.name for path in paths), ATTRIBUTION_FILE])
    assert all((tmp_path / "out" / path.name).read_bytes() == path.read_bytes() for path in paths)

    # Over the same database: every page unchanged, nothing written.
    assert import_summary(tmp_path / "out") == "0 created, 0 updated, 148 unchanged, 0 kept as edited, 0 failed"
    assert Revision.objects.count() == 148

    # Into an emptied one: every page and category deleted (revisions, derived rows and references go with
    # their page). Not flush: PostgreSQL refuses a TRUNCATE inside the test's transaction.
    Article.objects.all().delete()
    Category.objects.all().delete()
    assert not (Article.objects.exists() or Revision.objects.exists() or Reference.objects.exists())
    assert import_summary(tmp_path / "out") == "148 created, 0 updated, 0 unchanged, 0 kept as edited, 0 failed"
    assert article_rows() == imported
    assert import_summary(tmp_path / "out") == "0 created, 0 updated, 148 unchanged, 0 kept as edited, 0 failed"


@pytest.fixture
def pages(seed_article, neighbours):
    return [seed_article, *neighbours]


def test_progress_and_summary(pages, tmp_path):
    out, err = run("export_pages", str(tmp_path), "--progress-every", "2")
    assert out == f"5 exported, 0 failed: {tmp_path} (attribution in {ATTRIBUTION_FILE})\n"
    assert err == "2/5 pages\n4/5 pages\n"
    assert folder_listing(tmp_path) == sorted([f"{SEED}.md", *NEIGHBOUR_FILES, ATTRIBUTION_FILE])


def test_titles_in_any_variant_and_a_category(pages, tmp_path):
    run("export_pages", str(tmp_path / "titles"), "--titles", "西伯利亚滞留者", "高加索")
    assert folder_listing(tmp_path / "titles") == sorted([f"{SEED}.md", "高加索.md", ATTRIBUTION_FILE])
    assert (tmp_path / "titles" / f"{SEED}.md").read_bytes() == SEED_PAGE.read_bytes()
    run("export_pages", str(tmp_path / "category"), "--category", "日俄关系")
    assert folder_listing(tmp_path / "category") == [ATTRIBUTION_FILE, "日本裔俄羅斯人.md"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--titles", "不存在", SEED], "no article titled '不存在'"),
        (["--category", "沒有這個分類"], "no category named '沒有這個分類'"),
    ],
)
def test_an_unknown_title_or_category_is_named_and_nothing_written(pages, tmp_path, args, message):
    with pytest.raises(CommandError) as error:
        run("export_pages", str(tmp_path / "out"), *args)
    assert str(error.value) == message
    assert not (tmp_path / "out").exists()


def test_titles_and_category_together_are_refused(pages, tmp_path):
    with pytest.raises(CommandError, match="not allowed with argument"):
        run("export_pages", str(tmp_path), "--titles", SEED, "--category", "高加索")


def test_a_title_no_file_name_carries_fails_naming_it_and_the_others_are_written(pages, tmp_path):
    article = Article.objects.create(title="AC/DC")
    article.commit("正文。\n", kind=Revision.EDIT, author="編者")
    with pytest.raises(CommandError) as error:
        run("export_pages", str(tmp_path))
    assert str(error.value) == "1 page(s) could not be written:\nAC/DC: a file name cannot hold '/'"
    assert folder_listing(tmp_path) == sorted([f"{SEED}.md", *NEIGHBOUR_FILES, ATTRIBUTION_FILE])


def test_a_full_disk_stops_the_export_naming_the_file(pages, tmp_path, monkeypatch):
    first, second = Article.objects.order_by("title").select_related("current_revision")[:2]
    text = second.current_revision.text.encode("utf-8")
    fail_writes_of(monkeypatch, tmp_path, text, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    with pytest.raises(CommandError) as error:
        run("export_pages", str(tmp_path))
    assert str(error.value) == (
        f"{tmp_path / f'{second.title}.md'}: could not be written: No space left on device\n"
        f"export stopped: 1 of 5 pages written whole to {tmp_path}, none half-written; {ATTRIBUTION_FILE} not written"
    )
    assert folder_listing(tmp_path) == [f"{first.title}.md"]


def test_an_interrupted_export_says_so(pages, tmp_path, monkeypatch):
    third = Article.objects.order_by("title").select_related("current_revision")[2]
    fail_writes_of(monkeypatch, tmp_path, third.current_revision.text.encode("utf-8"), KeyboardInterrupt())
    with pytest.raises(CommandError) as error:
        run("export_pages", str(tmp_path))
    assert str(error.value) == (
        f"interrupted\nexport stopped: 2 of 5 pages written whole to {tmp_path}, none half-written; "
        f"{ATTRIBUTION_FILE} not written"
    )
    assert len(folder_listing(tmp_path)) == 2


def test_an_unwritable_folder_is_named(pages, tmp_path):
    folder = tmp_path / "只讀"
    with unwritable(folder) as reason, pytest.raises(CommandError) as error:
        run("export_pages", str(folder))
    assert str(error.value) == (
        f"{folder}: cannot write in the folder: {reason}\n"
        f"export stopped: 0 of 5 pages written whole to {folder}, none half-written; {ATTRIBUTION_FILE} not written"
    )
