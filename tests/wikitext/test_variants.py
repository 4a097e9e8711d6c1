"""Chinese variants: the Variant dataclass and its order, convert_text, convert_html (text
converted; tags, attributes and entities not; -{…}- rules honoured; the result still clean)
and variant_blind."""

import dataclasses

import pytest

from wikitext.sanitizing import clean_html
from wikitext.variants import (
    CONVERTED,
    NO_CONVERSION,
    VARIANTS,
    Variant,
    convert_html,
    convert_text,
    variant_blind,
)

ZH_HANS = Variant.named("zh-hans")
ZH_HANT = Variant.named("zh-hant")
ZH_TW = Variant.named("zh-tw")


def test_the_variants_in_the_switchers_order():
    assert [(v.code, v.label, v.html_lang) for v in VARIANTS] == [
        ("zh", "不转换", "zh"),
        ("zh-hans", "简体", "zh-Hans"),
        ("zh-hant", "繁體", "zh-Hant"),
        ("zh-cn", "大陆简体", "zh-Hans-CN"),
        ("zh-hk", "香港繁體", "zh-Hant-HK"),
        ("zh-mo", "澳門繁體", "zh-Hant-MO"),
        ("zh-my", "大马简体", "zh-Hans-MY"),
        ("zh-sg", "新加坡简体", "zh-Hans-SG"),
        ("zh-tw", "臺灣正體", "zh-Hant-TW"),
    ]


def test_only_zh_does_not_convert():
    assert [v.code for v in VARIANTS if not v.converts] == ["zh"]
    assert VARIANTS[1:] == CONVERTED
    assert NO_CONVERSION is VARIANTS[0]
    assert NO_CONVERSION.converts is False


def test_a_variant_reads_as_its_code():
    assert str(ZH_TW) == "zh-tw"
    assert f"/{ZH_HANT}/" == "/zh-hant/"


@pytest.mark.parametrize("variant", VARIANTS, ids=str)
def test_named_gives_the_variant_of_its_code(variant):
    assert Variant.named(variant.code) is variant


@pytest.mark.parametrize("code", ["zh-xx", "ZH-TW", "", "zh_tw"])
def test_named_refuses_a_code_that_names_none(code):
    with pytest.raises(KeyError):
        Variant.named(code)


def test_a_variant_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        ZH_TW.code = "zh-cn"


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("zh", "西伯利亞滯留者，软件"),
        ("zh-hans", "西伯利亚滞留者，软件"),
        ("zh-hant", "西伯利亞滯留者，軟件"),
        ("zh-cn", "西伯利亚滞留者，软件"),
        ("zh-hk", "西伯利亞滯留者，軟件"),
        ("zh-tw", "西伯利亞滯留者，軟體"),  # Taiwan's own word, not only its characters
    ],
)
def test_convert_text(code, text):
    assert convert_text("西伯利亞滯留者，软件", Variant.named(code)) == text


@pytest.mark.parametrize(
    ("code", "text"),
    [("zh", "甲"), ("zh-hans", "甲"), ("zh-cn", "甲"), ("zh-hant", "乙"), ("zh-tw", "乙")],
)
def test_convert_text_honours_variant_rules(code, text):
    assert convert_text("-{zh-hans:甲;zh-hant:乙}-", Variant.named(code)) == text


def test_convert_text_leaves_protected_text_as_it_is():
    assert convert_text("-{後}-后", ZH_HANS) == "後后"
    assert convert_text("-{後}-后", ZH_TW) == "後後"


WIKILINK = (
    '<p><a href="https://zh.wikipedia.org/wiki/%E8%BD%AF%E4%BB%B6" class="wikilink" data-target="软件">软件</a></p>'
)


@pytest.mark.parametrize(
    ("fragment", "converted"),
    [
        ("<p>软件</p>", "<p>軟體</p>"),
        (
            WIKILINK,
            '<p><a href="https://zh.wikipedia.org/wiki/%E8%BD%AF%E4%BB%B6" class="wikilink" data-target="软件">'
            "軟體</a></p>",
        ),
        ('<p><abbr title="软件">软件</abbr></p>', '<p><abbr title="软件">軟體</abbr></p>'),
        ("<p>软件&amp;后&lt;台&gt;</p>", "<p>軟體&amp;後&lt;台&gt;</p>"),
        ("<p>后 &lt;b&gt;后&lt;/b&gt;</p>", "<p>後 &lt;b&gt;後&lt;/b&gt;</p>"),
        ("<p>-{软件}-和软件</p>", "<p>软件和軟體</p>"),
        ("<p>-{zh-hans:<b>甲</b>;zh-hant:<i>乙</i>;}-</p>", "<p><i>乙</i></p>"),
        ("<p>-{<b>后}-后</b></p>", "<p><b>后後</b></p>"),
        # A "-{" or "}-" inside an attribute neither starts nor ends a rule.
        (
            '<p><a href="/wiki/x" class="wikilink" data-target="-{后}-后">后</a></p>',
            '<p><a href="/wiki/x" class="wikilink" data-target="-{后}-后">後</a></p>',
        ),
        ('<p><abbr title="后}-后">后</abbr>-{后}-</p>', '<p><abbr title="后}-后">後</abbr>后</p>'),
        ("", ""),
    ],
)
def test_convert_html_converts_text_only(fragment, converted):
    assert convert_html(fragment, ZH_TW) == converted


def test_convert_html_in_simplified_and_unconverted():
    assert convert_html("<p>-{zh-hans:<b>甲</b>;zh-hant:<i>乙</i>;}-后</p>", ZH_HANS) == "<p><b>甲</b>后</p>"
    assert convert_html("<p>-{zh-hans:<b>甲</b>;zh-hant:<i>乙</i>;}-後</p>", NO_CONVERSION) == "<p><b>甲</b>後</p>"


def test_a_character_reference_is_not_converted():
    # nh3 writes the character itself, but the one the reference named: 後 stays traditional.
    assert convert_html("<p>&#24460;后</p>", ZH_HANS) == "<p>後后</p>"


@pytest.mark.parametrize(
    ("fragment", "converted"),
    [
        # A rule holding half an element: cleaning closes what it left open.
        ("<p>-{zh-hans:<b>甲;zh-hant:乙}-</p>", "<p><b>甲</b></p>"),
        ("-{zh-hans:<script>alert(1)</script>;zh-hant:乙}-", ""),
        ("<p>-{zh-hans:<b onclick=x>甲</b>;zh-hant:乙}-</p>", "<p><b>甲</b></p>"),
    ],
)
def test_convert_html_stays_clean(fragment, converted):
    result = convert_html(fragment, ZH_HANS)
    assert result == converted
    assert clean_html(result) == result


def test_variant_blind():
    assert variant_blind("西伯利亞滯留者") == variant_blind("西伯利亚滞留者") == "西伯利亚滞留者"
    assert variant_blind("Tornado ẞ") == "tornado ss"
    assert variant_blind("-{zh-hans:甲;zh-hant:乙}-") == "甲"
    assert variant_blind("-{戰}-") == "战"  # the protection goes, then the character is simplified
