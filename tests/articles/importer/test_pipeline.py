"""A whole import, as ``import_files`` runs it: one outcome for every file, in every case."""

import shutil
from pathlib import Path

import pytest

from articles.importer.files import page_paths
from articles.importer.pipeline import POOL_THRESHOLD, Outcome, default_workers, import_files, stored_pages
from articles.importer.writer import CREATED, FAILED, KEPT, KEPT_REASON, UNCHANGED, UPDATED
from articles.models import Article
from tests.conftest import NEIGHBOURS, SEED_PAGE

pytestmark = pytest.mark.django_db

NEIGHBOUR_TITLES = ["日本人", "日本僑俘遣返", "日本裔俄羅斯人", "高加索"]


def outcomes(folder: Path, **options) -> list[Outcome]:
    return list(import_files(list(page_paths([folder])), **options))


def statuses(found: list[Outcome]) -> dict[str, str]:
    return {outcome.title: outcome.status for outcome in found}


def test_every_file_gets_one_outcome_and_a_second_run_changes_nothing(tmp_path):
    shutil.copytree(NEIGHBOURS, tmp_path / "pages")
    first = outcomes(tmp_path / "pages")
    assert sorted(statuses(first).items()) == [(title, CREATED) for title in sorted(NEIGHBOUR_TITLES)]
    assert all(outcome.path.parent == tmp_path / "pages" for outcome in first)
    second = outcomes(tmp_path / "pages")
    assert sorted(statuses(second).values()) == [UNCHANGED] * 4
    assert Article.objects.count() == 4


def test_a_changed_file_says_which_revision_it_made(tmp_path):
    page = tmp_path / "西伯利亞滯留者.md"
    shutil.copy(SEED_PAGE, page)
    outcomes(tmp_path)
    page.write_text(page.read_text(encoding="utf-8") + "\n补记。\n", encoding="utf-8")
    (changed,) = outcomes(tmp_path)
    assert (changed.status, changed.revision, changed.reason) == (UPDATED, 2, "")


def test_a_page_edited_since_its_import_is_kept_and_overwrite_replaces_it(tmp_path):
    page = tmp_path / "西伯利亞滯留者.md"
    shutil.copy(SEED_PAGE, page)
    outcomes(tmp_path)
    article = Article.objects.get()
    article.commit("编辑者的文字。\n", kind="edit", author="editor")
    page.write_text(page.read_text(encoding="utf-8") + "\n补记。\n", encoding="utf-8")
    (kept,) = outcomes(tmp_path)
    assert (kept.status, kept.reason) == (KEPT, KEPT_REASON)
    (replaced,) = outcomes(tmp_path, overwrite=True)
    assert (replaced.status, replaced.revision) == (UPDATED, 3)


def test_bad_files_and_repeated_titles_fail_with_their_reason(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(SEED_PAGE, tmp_path / "a")
    shutil.copy(SEED_PAGE, tmp_path / "b")
    (tmp_path / "a" / "空.md").write_bytes(b"")
    found = outcomes(tmp_path)
    assert [(o.path.relative_to(tmp_path).as_posix(), o.status, o.reason) for o in found] == [
        ("a/空.md", FAILED, "the file is empty"),
        (
            "b/西伯利亞滯留者.md",
            FAILED,
            f"the title '西伯利亞滯留者' is also that of {tmp_path / 'a' / '西伯利亞滯留者.md'}; not merged",
        ),
        ("a/西伯利亞滯留者.md", CREATED, ""),
    ]


def test_a_dry_run_decides_as_an_import_would_and_writes_nothing(tmp_path):
    shutil.copytree(NEIGHBOURS, tmp_path / "pages")
    found = outcomes(tmp_path / "pages", dry_run=True)
    assert sorted(statuses(found).values()) == [CREATED] * 4
    assert not Article.objects.exists()


def test_warnings_travel_with_the_outcome(tmp_path):
    (tmp_path / "缺.md").write_text("甲\\[1\\]乙\\[9\\]\n\n1.  一\n", encoding="utf-8")
    (outcome,) = outcomes(tmp_path)
    assert outcome.warnings == ("footnote marker [9] has no reference 9",)


def test_stored_pages_know_each_imported_digest_and_whether_it_was_edited(seed_article):
    stored = stored_pages(["西伯利亞滯留者", "无此页"])
    assert list(stored) == ["西伯利亞滯留者"]
    assert stored["西伯利亞滯留者"].digest == seed_article.source_sha256
    assert stored["西伯利亞滯留者"].edited is False


def test_a_pool_of_workers_only_from_the_threshold_on(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    assert (default_workers(POOL_THRESHOLD - 1), default_workers(POOL_THRESHOLD)) == (1, 4)


def test_a_file_that_fails_is_told_before_any_page_is_written(tmp_path):
    (tmp_path / "a空.md").write_bytes(b"")
    shutil.copytree(NEIGHBOURS, tmp_path / "b")
    found = import_files(list(page_paths([tmp_path])), batch_size=100)
    first = next(found)
    assert (first.title, first.status) == ("A空", FAILED)
    assert not Article.objects.exists()  # the batch of the four good files is not written yet
    assert sorted(outcome.status for outcome in found) == [CREATED] * 4


def test_a_dry_run_says_what_it_would_keep_and_update(tmp_path):
    shutil.copy(SEED_PAGE, tmp_path)
    shutil.copytree(NEIGHBOURS, tmp_path / "more")
    outcomes(tmp_path)
    Article.objects.get(title="日本人").commit("编辑者的文字。\n", kind="edit", author="editor")
    for path in [tmp_path / "西伯利亞滯留者.md", tmp_path / "more" / "日本人.md"]:
        path.write_text(path.read_text(encoding="utf-8") + "\n补记。\n", encoding="utf-8")
    found = statuses(outcomes(tmp_path, dry_run=True))
    assert (found["西伯利亞滯留者"], found["日本人"], found["高加索"]) == (UPDATED, KEPT, UNCHANGED)
    assert Article.objects.get(title="西伯利亞滯留者").current_revision.number == 1  # nothing written
