"""How long a page may be: check_page_size at the limit, one byte over it, and its wording."""

import pytest

from wikitext.limits import MAX_PAGE_BYTES, check_page_size


def test_the_limit_is_four_mebibytes():
    assert MAX_PAGE_BYTES == 4_194_304


@pytest.mark.parametrize("size", [0, 1, MAX_PAGE_BYTES - 1, MAX_PAGE_BYTES])
def test_a_page_up_to_the_limit_passes(size):
    assert check_page_size(size) is None


def test_one_byte_over_the_limit_is_refused():
    assert check_page_size(MAX_PAGE_BYTES + 1) == (
        "the file is 4,194,305 bytes, over the limit of 4,194,304 (SIBERIA_MAX_PAGE_BYTES)"
    )


def test_the_docstrings_example():
    assert check_page_size(5242880, 4194304) == (
        "the file is 5,242,880 bytes, over the limit of 4,194,304 (SIBERIA_MAX_PAGE_BYTES)"
    )


def test_a_limit_of_its_own():
    assert check_page_size(10, 10) is None
    assert check_page_size(11, 10) == "the file is 11 bytes, over the limit of 10 (SIBERIA_MAX_PAGE_BYTES)"


def test_the_subject_names_what_is_measured():
    assert check_page_size(11, 10, subject="text") == (
        "the text is 11 bytes, over the limit of 10 (SIBERIA_MAX_PAGE_BYTES)"
    )
    assert check_page_size(10, 10, subject="text") is None
