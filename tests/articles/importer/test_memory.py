"""The import gives freed memory back to the system after every batch (``articles.importer.memory``)."""

import platform
import shutil

import pytest

from articles.importer import memory, pipeline
from articles.importer.files import page_paths
from articles.importer.pipeline import import_files
from articles.importer.writer import CREATED
from tests.conftest import NEIGHBOURS

glibc_only = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")


def resident_kb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


@glibc_only
def test_freed_heap_memory_goes_back_to_the_system():
    # 200 MB in blocks malloc serves from its heap (above pymalloc's 512 bytes, below mmap's 128 KB),
    # every hundredth kept: the heap cannot shrink from its top, as after thousands of import batches.
    blocks = [bytes(4096) for _ in range(50_000)]
    kept = blocks[::100]
    del blocks
    before = resident_kb()
    assert memory.release_freed_memory() is True
    assert before - resident_kb() > 100_000, "malloc_trim gave back less than 100 MB of the 200 MB freed"
    assert len(kept) == 500


@pytest.mark.django_db
def test_the_import_releases_memory_once_a_batch(tmp_path, monkeypatch):
    shutil.copytree(NEIGHBOURS, tmp_path / "pages")
    calls = []
    monkeypatch.setattr(pipeline, "release_freed_memory", lambda: calls.append(1))
    files = [str(path) for path in page_paths([tmp_path / "pages"])]  # strings, as the command gives them
    found = list(import_files(files, batch_size=3))
    assert [outcome.status for outcome in found] == [CREATED] * 4
    assert [outcome.path for outcome in found] == list(page_paths([tmp_path / "pages"]))
    assert len(calls) == 2  # a batch of 3, then one of 1
