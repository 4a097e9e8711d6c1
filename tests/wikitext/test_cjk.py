"""The CJK character classes: IDEOGRAPHS, WIDE and UNSPACED at their boundaries, and WORD_CHARACTER."""

import pytest

from wikitext.cjk import (
    IDEOGRAPH_RUN,
    UNSPACED_CHARACTER,
    WIDE_CHARACTER,
    WORD_CHARACTER,
)

# (character, is an ideograph, is wide, is unspaced)
CLASSES = [
    ("甲", True, True, True),
    ("\u3400", True, True, True),  # 㐀, the first of extension A
    ("\u9fff", True, True, True),  # the last of the unified block
    ("\uf900", True, True, True),  # 豈, the first compatibility ideograph
    ("\ufaff", True, True, True),
    ("\U00020000", True, True, True),  # 𠀀, plane 2
    ("\U0003ffff", True, True, True),  # the last of plane 3
    ("\U00040000", False, False, False),
    ("\u3001", False, True, True),  # 、 CJK punctuation
    ("\u3002", False, True, True),  # 。
    ("「", False, True, True),
    ("\u2e80", False, True, True),  # the first radical
    ("\u33ff", False, True, True),  # the last compatibility form
    ("\u2e7f", False, False, False),  # just before the symbols
    ("あ", False, True, True),
    ("ア", False, True, True),
    ("ㄅ", False, True, True),
    ("한", False, True, False),  # Hangul: wide only
    ("\uac00", False, True, False),
    ("\ud7af", False, True, False),
    ("\uff21", False, False, True),  # Ａ full-width: unspaced only
    ("，", False, False, True),  # U+FF0C, the full-width comma
    ("\uff00", False, False, True),
    ("\uffef", False, False, True),
    ("\ufb00", False, False, False),  # ﬀ, just past the compatibility ideographs
    ("\ua000", False, False, False),  # Yi, just past the unified block
    ("a", False, False, False),
    ("1", False, False, False),
    (" ", False, False, False),
]


@pytest.mark.parametrize(
    ("character", "ideograph", "wide", "unspaced"),
    CLASSES,
    ids=lambda v: f"U+{ord(v):04X}" if isinstance(v, str) else None,
)
def test_each_class_at_its_boundaries(character, ideograph, wide, unspaced):
    assert (
        bool(IDEOGRAPH_RUN.fullmatch(character)),
        bool(WIDE_CHARACTER.fullmatch(character)),
        bool(UNSPACED_CHARACTER.fullmatch(character)),
    ) == (ideograph, wide, unspaced)


def test_an_ideograph_run_ends_at_anything_else():
    assert IDEOGRAPH_RUN.findall("ab甲乙丙cd丁、戊\U00020000") == ["甲乙丙", "丁", "戊\U00020000"]


@pytest.mark.parametrize("character", ["a", "Z", "7", "é", "Я", "あ", "ア", "ㄅ", "한", "\uff21"])
def test_word_characters(character):
    assert WORD_CHARACTER.fullmatch(character)


@pytest.mark.parametrize("character", ["甲", "\U00020000", "\uf900", "_", " ", "、", "。", "，", "-", "."])
def test_no_word_characters(character):
    assert WORD_CHARACTER.fullmatch(character) is None
