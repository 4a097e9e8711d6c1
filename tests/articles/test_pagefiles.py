"""Reading page files: each refusal names its reason; an unchanged file is only hashed."""

import pytest

from articles import pagefiles
from articles.pagefiles import UnchangedFile, prepare_file
from articles.preparing import PreparedPage, source_digest


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "九份_老街.md"
    path.write_text('甲[乙](../Page/乙.md "wikilink")\n', encoding="utf-8")
    return path


def test_a_file_with_its_stored_digest_is_not_parsed(page, monkeypatch):
    monkeypatch.setattr(pagefiles, "parse_page", lambda text, title: pytest.fail("parsed"))
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
