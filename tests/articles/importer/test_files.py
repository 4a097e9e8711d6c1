"""Reading page files: each refusal names its reason; an unchanged file is only hashed."""

import os
import stat as stat_module
import subprocess
import sys
from pathlib import Path

import pytest

from articles.importer import files
from articles.importer.files import PageFileError, UnchangedFile, prepare_file, prepare_task, read_page, read_text
from tests.conftest import ROOT
from wikitext.derivation import PreparedPage, source_digest
from wikitext.limits import check_page_size


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "九份_老街.md"
    path.write_text('甲[乙](../Page/乙.md "wikilink")\n', encoding="utf-8")
    return path


def test_a_file_with_its_stored_digest_is_not_parsed(page, monkeypatch):
    monkeypatch.setattr(files, "parse_page", lambda text, title: pytest.fail("parsed"))
    digest = source_digest(page.read_text(encoding="utf-8"))
    assert prepare_file(page, digest) == (page, UnchangedFile("九份 老街"), "")


@pytest.mark.parametrize("stored_digest", [None, "0" * 64])
def test_a_new_or_changed_file_is_prepared(page, stored_digest):
    path, prepared, reason = prepare_file(page, stored_digest)
    assert isinstance(prepared, PreparedPage) and reason == ""
    assert prepared.parsed.title == "九份 老街"
    assert prepared.digest == source_digest(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b" \n", "the file is empty"), (b"\xff\xfe", "not valid UTF-8 (byte 0)"), (b"a\x00b", "the file holds NUL bytes")],
)
def test_a_file_that_is_no_page_says_why(tmp_path, content, reason):
    path = tmp_path / "壞.md"
    path.write_bytes(content)
    _, prepared, said = prepare_file(path, "0" * 64)
    assert prepared is None and said.startswith(reason)


def test_a_file_one_byte_over_the_limit_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "長.md"
    path.write_bytes(b"x" * (files.MAX_PAGE_BYTES + 1))
    # Refused on its size alone: the file is never opened.
    monkeypatch.setattr(Path, "open", lambda *args, **kwargs: pytest.fail("read"))
    with pytest.raises(PageFileError) as refused:
        read_text(path)
    reason = "the file is 4,194,305 bytes, over the limit of 4,194,304 (SIBERIA_MAX_PAGE_BYTES)"
    assert refused.value.reason == reason
    assert str(refused.value) == f"{path}: {reason}"


def test_a_file_at_the_limit_is_read(tmp_path):
    path = tmp_path / "滿.md"
    path.write_bytes("甲".encode() * 5 + b"\n")  # 16 bytes
    assert read_text(path, max_bytes=16) == "甲甲甲甲甲\n"
    assert read_page(path, max_bytes=16)[0].lead == "甲甲甲甲甲"
    with pytest.raises(
        PageFileError, match=r": the file is 16 bytes, over the limit of 15 \(SIBERIA_MAX_PAGE_BYTES\)$"
    ):
        read_page(path, max_bytes=15)


def test_prepare_file_gives_the_reason_a_file_is_too_long(page):
    size = page.stat().st_size
    assert prepare_file(page, None, size)[1] is not None
    assert prepare_file(page, None, size - 1) == (
        page,
        None,
        f"the file is {size} bytes, over the limit of {size - 1} (SIBERIA_MAX_PAGE_BYTES)",
    )
    # As a pool's task, the limit third.
    assert prepare_task((page, None, size - 1))[2].startswith(f"the file is {size} bytes")


def test_a_file_grown_since_its_size_was_read_is_refused_all_the_same(page, monkeypatch):
    size = page.stat().st_size
    true_stat, sizes_told = Path.stat, iter([1])  # a tiny file at first look, its true size after

    def stat(self, **kwargs):
        result = list(true_stat(self, **kwargs))
        result[stat_module.ST_SIZE] = next(sizes_told, result[stat_module.ST_SIZE])
        return os.stat_result(result)

    monkeypatch.setattr(Path, "stat", stat)
    with pytest.raises(PageFileError, match=f": the file is {size} bytes, over the limit of 10 "):
        read_text(page, max_bytes=10)


@pytest.mark.parametrize(
    ("size", "limit", "subject", "reason"),
    [
        (5 * 1024 * 1024, 4 * 1024 * 1024, "file", "the file is 5,242,880 bytes, over the limit of 4,194,304"),
        (11, 10, "text", "the text is 11 bytes, over the limit of 10"),
        (10, 10, "text", None),
        (0, 10, "file", None),
    ],
)
def test_check_page_size_words_the_refusal_for_a_file_or_a_text(size, limit, subject, reason):
    said = check_page_size(size, limit, subject=subject)
    assert said == (None if reason is None else f"{reason} (SIBERIA_MAX_PAGE_BYTES)")


def test_the_setting_defaults_to_the_module_limit(settings):
    if "SIBERIA_MAX_PAGE_BYTES" not in os.environ:
        assert settings.SIBERIA_MAX_PAGE_BYTES == files.MAX_PAGE_BYTES == 4 * 1024 * 1024


@pytest.mark.parametrize("value", ["", "4MiB", "1.5", "0", "-1"])
def test_a_setting_that_is_no_positive_number_stops_start_up_with_a_message(value):
    environment = {**os.environ, "SIBERIA_MAX_PAGE_BYTES": value, "DJANGO_DEBUG": "1"}
    run = subprocess.run(
        [sys.executable, "-c", "import siberia.settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode != 0
    assert (
        f"ImproperlyConfigured: SIBERIA_MAX_PAGE_BYTES must be a whole number, at least 1: "
        f"the longest page accepted, in bytes; got {value!r}. Leave it unset for 4194304." in run.stderr
    )


def test_page_files_walks_folders_in_the_order_sorted_paths_have(tmp_path):
    # Name by name, a folder's files among its subfolders: "a" before "a-b.md" before "a.md", and
    # "a/z.md" before "a-b.md" (as sorted Paths compare), where sorted strings would put "a-b.md" first.
    names = ["a/z.md", "a/b/c.md", "a-b.md", "a.md", "B.md", "西伯利亞.md", "b/SOURCE.md", "b/note.txt", "b/.hidden.md"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("甲", encoding="utf-8")
    (tmp_path / "dir.md").mkdir()  # a folder named like a page holds none
    expected = sorted(p for p in tmp_path.rglob("*.md") if p.is_file() and p.name != files.ATTRIBUTION_FILE)
    found = list(files.page_files([tmp_path]))
    assert found == [str(path) for path in expected]
    assert [Path(name).relative_to(tmp_path).as_posix() for name in found] == [
        "B.md",
        "a/b/c.md",
        "a/z.md",
        "a-b.md",
        "a.md",
        "b/.hidden.md",
        "西伯利亞.md",
    ]
    assert list(files.page_paths([tmp_path])) == expected


def test_page_files_takes_files_as_named_and_refuses_what_is_missing(tmp_path):
    page = tmp_path / "甲.md"
    page.write_text("甲", encoding="utf-8")
    assert list(files.page_files([page, str(page)])) == [str(page), str(page)]
    with pytest.raises(PageFileError, match="no such file or folder"):
        list(files.page_files([tmp_path / "乙"]))
