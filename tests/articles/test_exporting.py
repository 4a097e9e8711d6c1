"""``articles.exporting``: page files out, named as the import reads them back, each whole or not at all."""

import errno
import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from articles.exporting import (
    ATTRIBUTION_FILE,
    ExportError,
    UnnamableTitle,
    export_pages,
    file_name,
    pages_to_export,
)
from articles.importer.files import title_from_path
from articles.models import Article, Revision
from tests.conftest import NEIGHBOURS, SEED_PAGE, corpus_paths
from wikitext.titles import outside_url

SEED = "西伯利亞滯留者"


def test_every_corpus_file_name_is_the_one_its_title_is_exported_to():
    paths = corpus_paths()
    assert len(paths) == 148
    assert [file_name(title_from_path(path)) for path in paths] == [path.name for path in paths]


@pytest.mark.parametrize(
    ("title", "name"),
    [
        (SEED, "西伯利亞滯留者.md"),
        ("JACK Audio Connection Kit", "JACK_Audio_Connection_Kit.md"),
        ("(2+1)维 KP方程", "(2+1)维_KP方程.md"),
        (".ad", ".ad.md"),
        ("字" * 84, "字" * 84 + ".md"),  # 255 bytes: the longest name Linux takes
    ],
)
def test_file_name(title, name):
    assert file_name(title) == name
    assert title_from_path(Path(name)) == title


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        ("AC/DC", "a file name cannot hold '/'"),
        ("字" * 85, "its file name would be 258 bytes, over this file system's 255"),
        ("SOURCE", "its file would be SOURCE.md, which the import passes over as the attribution"),
        ("甲\x01乙", "its file '甲\\x01乙.md' would import as '甲乙'"),
        ("iPod", "its file 'iPod.md' would import as 'IPod'"),
    ],
)
def test_a_title_no_file_name_carries_back_is_refused(title, reason):
    with pytest.raises(UnnamableTitle) as error:
        file_name(title)
    assert str(error.value) == reason


def folder_listing(folder):
    return sorted(path.name for path in folder.iterdir())


def fail_writes_of(monkeypatch, folder, data, error):
    """The first ``os.write`` of ``data`` writes half of it; the next write raises ``error``.

    Returns what the folder held at that moment ({name: size}), so that a test can show a
    half-written file was on disk when the write failed.
    """
    real_write, seen = os.write, {}

    def write(descriptor, chunk):
        if seen.get("armed"):
            seen["armed"] = False
            seen.update(on_disk={path.name: path.stat().st_size for path in folder.iterdir()})
            raise error
        if "on_disk" not in seen and bytes(chunk[: len(data)]) == data:
            seen["armed"] = True
            return real_write(descriptor, chunk[: len(chunk) // 2])
        return real_write(descriptor, chunk)

    monkeypatch.setattr(os, "write", write)
    return seen


@pytest.fixture
def five_pages(seed_article, neighbours):
    """The seed and its four neighbours, by title as the database orders them."""
    return list(Article.objects.order_by("title").select_related("current_revision"))


@pytest.mark.django_db
def test_each_page_is_its_current_revision_byte_for_byte(five_pages, tmp_path):
    exported = list(export_pages(pages_to_export(), tmp_path))
    names = [f"{article.title}.md" for article in five_pages]
    assert [(page.title, page.path, page.error) for page in exported] == [
        (article.title, tmp_path / name, "") for article, name in zip(five_pages, names, strict=True)
    ]
    assert folder_listing(tmp_path) == sorted([*names, ATTRIBUTION_FILE])
    assert (tmp_path / f"{SEED}.md").read_bytes() == SEED_PAGE.read_bytes()
    for path in NEIGHBOURS.glob("*.md"):
        if path.name != ATTRIBUTION_FILE:
            assert (tmp_path / path.name).read_bytes() == path.read_bytes()


@pytest.mark.django_db
def test_an_edited_page_is_exported_as_the_editor_left_it_with_its_authors(edited, tmp_path):
    article, _, third = edited
    list(export_pages(pages_to_export(), tmp_path))
    assert (tmp_path / f"{SEED}.md").read_text(encoding="utf-8") == third.text
    assert third.text.startswith("新的一句。\n\n")
    stamp = Revision.objects.get(pk=third.pk).timestamp.strftime("%Y-%m-%d %H:%M:%S")
    rows = (tmp_path / ATTRIBUTION_FILE).read_text(encoding="utf-8").splitlines()
    assert rows[-1] == (
        f"| {SEED}.md | https://zh.wikipedia.org/wiki/%E8%A5%BF%E4%BC%AF%E5%88%A9%E4%BA%9E%E6%BB%AF%E7%95%99%E8%80%85"
        f" | 3 | {stamp} | import, 編者, 另一位 |"
    )


@pytest.mark.django_db
def test_the_attribution_names_the_licence_the_source_and_every_page(five_pages, tmp_path):
    list(export_pages(pages_to_export(), tmp_path))
    lines = (tmp_path / ATTRIBUTION_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# Source of these pages"
    licence = next(line for line in lines if line.startswith("- Licence: "))
    assert "CC BY-SA 3.0/4.0" in licence and "by the Wikipedia contributors of each page" in licence
    rows = [line.split(" | ") for line in lines[lines.index("| --- | --- | --- | --- | --- |") + 1 :]]
    assert [(cells[0], cells[1], cells[2], cells[4]) for cells in rows] == [
        (f"| {article.title}.md", outside_url(article.title), "1", "import |") for article in five_pages
    ]


@pytest.mark.django_db
def test_a_pipe_in_a_title_or_author_stays_inside_its_table_cell(tmp_path):
    article = Article.objects.create(title="A|B")
    article.commit("正文。\n", kind=Revision.EDIT, author="甲\\|乙")
    list(export_pages(pages_to_export(), tmp_path))
    row = (tmp_path / ATTRIBUTION_FILE).read_text(encoding="utf-8").splitlines()[-1]
    assert row.startswith("| A\\|B.md | https://zh.wikipedia.org/wiki/A%7CB | 1 | ")
    assert row.endswith(" | 甲\\\\\\|乙 |")
    assert (tmp_path / "A|B.md").read_text(encoding="utf-8") == "正文。\n"


@pytest.mark.django_db
def test_a_title_no_file_name_carries_is_reported_and_the_others_written(seed_article, tmp_path):
    slash = Article.objects.create(title="AC/DC")
    slash.commit("正文。\n", kind=Revision.EDIT, author="編者")
    exported = {page.title: page for page in export_pages(pages_to_export(), tmp_path)}
    assert exported["AC/DC"].path is None
    assert exported["AC/DC"].error == "a file name cannot hold '/'"
    assert exported[SEED].path == tmp_path / f"{SEED}.md"
    assert folder_listing(tmp_path) == sorted([f"{SEED}.md", ATTRIBUTION_FILE])
    assert "AC/DC" not in (tmp_path / ATTRIBUTION_FILE).read_text(encoding="utf-8")


@pytest.mark.django_db
def test_queries_are_a_constant_number_a_chunk(five_pages, tmp_path, django_assert_num_queries):
    # One query reads the articles a chunk at a time; each chunk adds one for its authors.
    with django_assert_num_queries(1 + 3):  # chunks of 2, 2 and 1
        assert len(list(export_pages(pages_to_export(), tmp_path, chunk_size=2))) == 5
    with django_assert_num_queries(1 + 1):
        assert len(list(export_pages(pages_to_export(), tmp_path / "again", chunk_size=5))) == 5


@pytest.mark.django_db
def test_a_full_disk_leaves_no_half_written_file_and_no_temporary_one(five_pages, tmp_path, monkeypatch):
    second = five_pages[1]
    text = second.current_revision.text.encode("utf-8")
    seen = fail_writes_of(monkeypatch, tmp_path, text, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    exported = export_pages(pages_to_export(), tmp_path)
    assert next(exported).title == five_pages[0].title
    with pytest.raises(ExportError) as error:
        next(exported)
    assert str(error.value) == f"{tmp_path / f'{second.title}.md'}: could not be written: No space left on device"
    # When the disk filled, half the page and the attribution begun were on disk under temporary names.
    temporary = {name: size for name, size in seen["on_disk"].items() if name.startswith(".export-")}
    assert len(temporary) == 2 and len(text) // 2 in temporary.values()
    assert all(name.endswith(".tmp") for name in temporary)
    # Now only the first page is there, whole.
    assert folder_listing(tmp_path) == [f"{five_pages[0].title}.md"]
    assert (tmp_path / f"{five_pages[0].title}.md").read_text(encoding="utf-8") == five_pages[0].current_revision.text


@pytest.mark.django_db
def test_an_interrupted_export_leaves_no_temporary_file(five_pages, tmp_path, monkeypatch):
    text = five_pages[2].current_revision.text.encode("utf-8")
    seen = fail_writes_of(monkeypatch, tmp_path, text, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        list(export_pages(pages_to_export(), tmp_path))
    assert sum(name.startswith(".export-") for name in seen["on_disk"]) == 2
    assert folder_listing(tmp_path) == [f"{article.title}.md" for article in five_pages[:2]]


@pytest.mark.django_db
def test_an_export_stopped_by_its_reader_removes_its_temporary_attribution(five_pages, tmp_path):
    exported = export_pages(pages_to_export(), tmp_path)
    next(exported)
    assert sum(path.name.startswith(".export-") for path in tmp_path.iterdir()) == 1  # the attribution begun
    exported.close()
    assert folder_listing(tmp_path) == [f"{five_pages[0].title}.md"]


@pytest.mark.django_db
def test_an_earlier_export_is_replaced_whole_and_other_files_stay(seed_article, tmp_path):
    (tmp_path / f"{SEED}.md").write_text("舊的匯出，比新的長得多。" * 1000, encoding="utf-8")
    (tmp_path / ATTRIBUTION_FILE).write_text("old", encoding="utf-8")
    (tmp_path / "別的.md").write_text("別的頁面", encoding="utf-8")
    list(export_pages(pages_to_export(), tmp_path))
    assert (tmp_path / f"{SEED}.md").read_bytes() == SEED_PAGE.read_bytes()
    assert (tmp_path / ATTRIBUTION_FILE).read_text(encoding="utf-8").startswith("# Source of these pages\n")
    assert (tmp_path / "別的.md").read_text(encoding="utf-8") == "別的頁面"


@pytest.mark.django_db
def test_files_get_the_mode_the_umask_gives_not_a_private_one(seed_article, tmp_path):
    umask = os.umask(0o027)
    try:
        list(export_pages(pages_to_export(), tmp_path))
    finally:
        os.umask(umask)
    assert {path.name: path.stat().st_mode & 0o777 for path in tmp_path.iterdir()} == {
        f"{SEED}.md": 0o640,
        ATTRIBUTION_FILE: 0o640,
    }


@contextmanager
def unwritable(folder):
    """``folder`` made, then made so that no file can be made in it (by its mode, or for root by chattr +i).

    Gives the reason the system will give.
    """
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield os.strerror(errno.EACCES)
        finally:
            folder.chmod(0o755)
        return
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root on a file system without chattr +i: no folder is unwritable")
    try:
        yield os.strerror(errno.EPERM)
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.mark.django_db
def test_an_unwritable_folder_is_named_before_any_page_is_written(seed_article, tmp_path):
    folder = tmp_path / "只讀"
    with unwritable(folder) as reason, pytest.raises(ExportError) as error:
        list(export_pages(pages_to_export(), folder))
    assert str(error.value) == f"{folder}: cannot write in the folder: {reason}"
    assert folder_listing(folder) == []


@pytest.mark.django_db
def test_a_folder_that_is_a_file_or_under_one_is_named(seed_article, tmp_path):
    blocker = tmp_path / "a.md"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError) as error:
        list(export_pages(pages_to_export(), blocker))
    assert str(error.value) == f"{blocker}: not a folder"
    with pytest.raises(ExportError) as error:
        list(export_pages(pages_to_export(), blocker / "out"))
    assert str(error.value) == f"{blocker / 'out'}: cannot make the folder: Not a directory"
    assert folder_listing(tmp_path) == ["a.md"]


@pytest.mark.django_db
def test_pages_to_export_by_title_in_any_variant_or_by_category(five_pages):
    assert list(pages_to_export(["西伯利亚滞留者", "高加索"]).order_by("title").values_list("title", flat=True)) == [
        SEED,
        "高加索",
    ]
    assert list(pages_to_export(category="日俄关系").values_list("title", flat=True)) == ["日本裔俄羅斯人"]
    assert pages_to_export().count() == 5
