"""Which variant a reader of /wiki/ gets, from the remembered choice and Accept-Language; pure."""

import pytest

from wikitext.negotiation import (
    chosen_variant,
    preferred_variant,
    variant_for_tag,
    variant_from_accept_language,
    weighted,
)
from wikitext.variants import NO_CONVERSION, Variant


@pytest.mark.parametrize(
    ("tag", "variant"),
    [
        ("zh", "zh"),
        ("ZH-tw", "zh-tw"),
        ("zh_TW", "zh-tw"),
        ("zh-HK", "zh-hk"),
        ("zh-MO", "zh-mo"),
        ("zh-CN", "zh-cn"),
        ("zh-SG", "zh-sg"),
        ("zh-MY", "zh-my"),
        ("zh-Hans", "zh-hans"),
        ("zh-Hant", "zh-hant"),
        ("zh-Hant-TW", "zh-tw"),
        ("zh-Hans-CN", "zh-cn"),
        ("zh-Hant-US", "zh-hant"),
        ("zh-Hans-TW", "zh-hans"),  # the script written wins over a region of the other script
        ("zh-US", "zh"),
        ("zh-CHT", "zh-hant"),
        ("zh-CHS", "zh-hans"),
        ("en", None),
        ("ja-JP", None),
        ("*", None),
    ],
)
def test_variant_for_tag(tag, variant):
    found = variant_for_tag(tag)
    assert (found.code if found else None) == variant


@pytest.mark.parametrize(
    ("header", "variant"),
    [
        ("", "zh"),
        (None, "zh"),
        ("en-US,en;q=0.9", "zh"),
        ("en-US,en;q=0.9,zh-TW;q=0.8,zh-CN;q=0.7", "zh-tw"),
        ("zh-CN;q=0.5, zh-TW;q=0.9", "zh-tw"),
        ("zh-TW;q=0, zh-HK", "zh-hk"),
        ("zh;q=1.0, zh-TW;q=0.8", "zh"),
        ("zh-TW;q=abc, zh-HK;q=0.1", "zh-hk"),
        ("zh-hk ; q=0.9 , zh-cn ; q=0.9", "zh-hk"),  # equal weights: the order written
        (",,;", "zh"),
    ],
)
def test_variant_from_accept_language(header, variant):
    assert variant_from_accept_language(header).code == variant


def test_remembered_choice_beats_languages():
    assert preferred_variant("zh-tw", "zh-CN").code == "zh-tw"
    assert preferred_variant("zh", "zh-CN").code == "zh"
    assert preferred_variant(None, "zh-CN").code == "zh-cn"
    assert preferred_variant("nonsense", "zh-CN").code == "zh-cn"
    assert preferred_variant(None, None).code == "zh"


def test_a_chosen_code_names_its_variant_whatever_its_case_and_spaces():
    assert chosen_variant(" ZH-TW ") == Variant.named("zh-tw")
    assert chosen_variant("zh") is NO_CONVERSION
    assert chosen_variant("zh-xx") is None
    assert chosen_variant(None) is None


def test_weighted_items_keep_their_order_and_read_q():
    assert weighted("zh-TW;q=0.8, en ,, br;q=abc;x=1, *") == [("zh-TW", 0.8), ("en", 1.0), ("br", 0.0), ("*", 1.0)]
    assert weighted(None) == weighted("") == []
