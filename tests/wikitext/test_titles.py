"""Page titles: MediaWiki's normal form, the address segment and URL on zh.wikipedia, category
names and titles, and the variant-blind title key."""

import pytest

from wikitext.titles import (
    CATEGORY_NAMESPACE,
    CATEGORY_PREFIXES,
    TITLE_KEY_LENGTH,
    category_name,
    category_title,
    normalize_title,
    outside_url,
    title_key,
    title_keys,
    title_to_path,
)


def test_titles_are_normalised_like_mediawiki():
    assert normalize_title("jACK_Audio__Connection_Kit ") == "JACK Audio Connection Kit"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("  a  b ", "A b"),
        ("iPhone", "IPhone"),
        ("e\u0301x", "\u00e9x"),  # NFC: the combining accent composed
        ("éa", "éa"),  # only an ASCII first letter is raised
        ("日本_人", "日本 人"),
        ("西伯利亞滯留者", "西伯利亞滯留者"),
        ("", ""),
    ],
)
def test_normalize_title(title, expected):
    assert normalize_title(title) == expected


def test_the_path_segment_has_underscores_for_spaces():
    assert title_to_path("Tornado Web 服务器") == "Tornado_Web_服务器"


@pytest.mark.parametrize(
    ("title", "url"),
    [
        ("二戰", "https://zh.wikipedia.org/wiki/%E4%BA%8C%E6%88%B0"),
        ("Tornado Web", "https://zh.wikipedia.org/wiki/Tornado_Web"),
        ("C++ (程式語言)", "https://zh.wikipedia.org/wiki/C%2B%2B_(%E7%A8%8B%E5%BC%8F%E8%AA%9E%E8%A8%80)"),
        ("A/B:C", "https://zh.wikipedia.org/wiki/A/B:C"),
        ("It's!*@$;", "https://zh.wikipedia.org/wiki/It's!*@$;"),
        ("a#b?c", "https://zh.wikipedia.org/wiki/a%23b%3Fc"),
        ("50%", "https://zh.wikipedia.org/wiki/50%25"),
        ("a&b=c", "https://zh.wikipedia.org/wiki/a%26b%3Dc"),
    ],
)
def test_outside_url_is_written_as_zh_wikipedia_writes_it(title, url):
    assert outside_url(title) == url


@pytest.mark.parametrize("prefix", CATEGORY_PREFIXES)
def test_every_category_prefix_names_a_category(prefix):
    assert category_name(f"{prefix}日本") == "日本"
    assert category_name(f"{prefix}jACK_x") == "JACK x"


def test_the_category_prefixes_are_the_four_pandoc_writes():
    assert CATEGORY_PREFIXES == ("Category:", "category:", "分類:", "分类:")


@pytest.mark.parametrize("title", ["日本", "Category:", "Category: ", "分类:_", "CATEGORY:x", " Category:x", "File:x"])
def test_other_titles_name_no_category(title):
    assert category_name(title) is None


def test_category_title():
    assert CATEGORY_NAMESPACE == "Category:"
    assert category_title("日本") == "Category:日本"
    assert category_name(category_title("日本侨俘遣返")) == "日本侨俘遣返"


def test_title_key_is_blind_to_the_variant():
    assert title_key("西伯利亚滞留者") == title_key("西伯利亞滯留者") == "西伯利亚滞留者"


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Tornado WEB", "tornado web"),
        ("Straße", "strasse"),
        ("-{zh-hans:甲;zh-hant:乙}-", "甲"),
        ("戰-{後}-", "战后"),
    ],
)
def test_title_key(title, key):
    assert title_key(title) == key


def test_title_key_is_cut_at_the_column_width():
    assert TITLE_KEY_LENGTH == 255
    assert title_key("甲" * 300) == "甲" * 255
    # The casefold doubles every ß: the key is cut after it.
    assert title_key("ß" * 200) == "s" * 255


TITLES = ["西伯利亞滯留者", "Straße", "ß" * 200, "Tornado", "戰俘", "-{zh-hans:甲;zh-hant:乙}-"]


def test_title_keys_are_title_key_one_by_one():
    keys = title_keys(TITLES)
    assert keys == [title_key(title) for title in TITLES]
    assert keys[:2] == ["西伯利亚滞留者", "strasse"]
    assert keys[2] == "s" * 255


def test_a_title_with_a_line_break_is_keyed_alone():
    assert title_keys(["a\nb", "C"]) == [title_key("a\nb"), title_key("C")] == ["a\nb", "c"]


def test_no_titles_no_keys():
    assert title_keys([]) == []


def test_a_variant_rule_never_spans_two_titles():
    titles = ["-{後", "後}-"]
    assert title_keys(titles) == [title_key(title) for title in titles] == ["-{后", "后}-"]
