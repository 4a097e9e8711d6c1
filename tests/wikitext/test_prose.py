"""The prose of a stored fragment: what is left out, the opening paragraph, its words and first sentence."""

from functools import cache
from pathlib import Path

import pytest

from tests.conftest import CORPUS, NEIGHBOURS, SEED_PAGE
from wikitext.derivation import DerivedPage, prepare_page
from wikitext.parsing import parse_page
from wikitext.prose import (
    first_paragraph_html,
    first_sentence,
    leading_sentences,
    left_out_of_prose,
    opening_text,
    paragraph_text,
    prose_html,
    prose_text,
    sentences,
)

# What the meta description of a page is cut to (``articles.head_tags.DESCRIPTION_LENGTH``).
DESCRIPTION_LENGTH = 150


@cache
def derived(path: Path) -> DerivedPage:
    """The fragments a page's rows store, as the import derives them."""
    text = path.read_text(encoding="utf-8")
    return prepare_page(parse_page(text, path.stem), text).derived


def lead(path: Path) -> str:
    return derived(path).lead_html


# --- golden: leads of the seed and the corpus ---------------------------------------------------


def test_the_seeds_opening_paragraph_without_its_markers_and_links():
    fragment = lead(SEED_PAGE)
    assert '<sup class="reference" id="cite_ref-1">' in fragment and 'class="wikilink"' in fragment
    paragraph = (
        "<p><strong>西伯利亞滯留者</strong>，指的是二戰結束以後被蘇聯紅軍解除武裝後押往西伯利亞的日本戰俘，"
        "人数为560,000至760,000人，据估计这其中有60,000至347,000人因囚禁而死亡。 這些戰俘有的是日本人，"
        "有的是朝鮮人，原本是駐守滿洲國（今中國東北）的日本皇軍的軍人，後來在八月風暴行動中或是向蘇聯紅軍投降，"
        "或是被紅軍解除武裝。這些戰俘多被流放到西伯利亞和蒙古人民共和國進行強制勞動改造。由於環境極其惡劣，"
        "以及缺乏基本的糧食和休息，許多戰俘死在了勞改地。</p>"
    )
    assert first_paragraph_html(fragment) == paragraph
    assert (
        opening_text(fragment)
        == paragraph_text(paragraph)
        == paragraph[3:-4].replace("<strong>", "").replace("</strong>", "")
    )
    assert first_sentence(opening_text(fragment), DESCRIPTION_LENGTH) == (
        "西伯利亞滯留者，指的是二戰結束以後被蘇聯紅軍解除武裝後押往西伯利亞的日本戰俘，"
        "人数为560,000至760,000人，据估计这其中有60,000至347,000人因囚禁而死亡。"
    )


def test_a_notice_an_image_link_and_markers_are_left_out_and_a_superscript_kept():
    fragment = lead(CORPUS / "DBZ.md")
    assert fragment.startswith("<blockquote>\n<p>本文内容由")  # the notice comes first
    assert 'class="image" aria-label="Sturmfront_auf_Doppler-Radar-Schirm.jpg">' in fragment
    first = (
        "是一個與特定參數Z值來描述雷達反射率之比例的單位，與分貝類似，為對數無因次量，主要用於描述雷達迴波的強度，"
        "尤其是氣象雷達用於度量大氣中特定區域的降水粒子（雨、雪、冰雹等）的多寡，一般為比較反射自遠方物體"
        "（在每立方公尺中的mm<sup>6</sup>量）的雷達訊號之等效反射率與直徑1毫米雨滴的反射量。"
    )
    rest = "由於單位體積的降水粒子數量與降水粒子直徑的六次方成比例，因此可以用來估計雨、雪、冰雹等的降水強度。"
    last = "以其他的變數來分析雷達回波的訊號則可以確定降水的類型。"
    assert first_paragraph_html(fragment) == f"<p><strong>dBZ</strong>{first}{rest}{last}</p>"
    assert first_sentence(opening_text(fragment), DESCRIPTION_LENGTH) == "dBZ" + first.replace("<sup>6</sup>", "6")


def test_a_paragraph_of_image_links_alone_is_not_the_opening():
    fragment = lead(NEIGHBOURS / "高加索.md")
    assert fragment.startswith('<p><a href="https://zh.wikipedia.org/wiki/File:Caucasus-ethnic_en.svg" class="image"')
    assert first_paragraph_html(fragment) == (
        "<p><strong>高加索</strong>（；車臣語、俄語：）是位於西亞及東歐交界處，黑海、裏海之間高加索山脈的地區，"
        "總面積約44萬平方公里。該地名根據古羅馬學者老普林尼著作《博物志》的追溯，是來自斯基泰「kroy-khasis」，"
        "意為「冰雪閃耀」或「雪白」。境內最高峰、海拔5,642米的厄尔布鲁士山被称为“欧洲之巅”。</p>"
    )
    assert first_sentence(opening_text(fragment), DESCRIPTION_LENGTH) == (
        "高加索（；車臣語、俄語：）是位於西亞及東歐交界處，黑海、裏海之間高加索山脈的地區，總面積約44萬平方公里。"
    )


def test_a_line_break_in_the_source_is_kept_in_the_html_and_a_space_in_the_text():
    fragment = lead(CORPUS / "JSON.md")
    paragraph = first_paragraph_html(fragment)
    assert paragraph.startswith(
        "<p><strong>JSON</strong>（<strong>J</strong>ava<strong>S</strong>cript <strong>O</strong>bject\n"
        "<strong>N</strong>otation，JavaScript物件表示法）是一種由道格拉斯·克羅克福特構想和設計、"
    )
    assert first_sentence(opening_text(fragment), DESCRIPTION_LENGTH) == (
        "JSON（JavaScript Object Notation，JavaScript物件表示法）是一種由道格拉斯·克羅克福特構想和設計、輕量級的"
        "資料交換語言，该语言以易於讓人閱讀的文字為基礎，用来传输由属性值或者序列性的值组成的数据对象。"
    )


# --- golden: sections of the corpus, whole -----------------------------------------------------


def test_a_sections_prose_leaves_out_its_table_and_markers():
    fragment = derived(CORPUS / "Tornado.md").section_html[1]  # 性能: a paragraph, a table, a paragraph
    assert "<table>" in fragment and "<td>8213</td>" in fragment and 'id="cite_ref-2"' in fragment
    assert prose_html(fragment) == (
        "<p>Tornado有着优异的性能。它试图解决C10k问题，即处理大于或等于一万的并发，下表是和一些其他Web框架与服务器的对比:</p>"
        "\n\n<p>处理器为 AMD Opteron, 主频2.4GHz, 4核</p>"
    )
    assert prose_text(fragment) == (
        "Tornado有着优异的性能。它试图解决C10k问题，即处理大于或等于一万的并发，下表是和一些其他Web框架与服务器的对比:\n"
        "处理器为 AMD Opteron, 主频2.4GHz, 4核"
    )


def test_a_list_is_no_paragraph_but_opens_a_fragment_that_has_none():
    fragment = derived(CORPUS / "Tornado.md").section_html[0]  # 特点: a list of two items
    first = "作为Web框架，是一个轻量级的Web框架，类似于另一个Python web 框架Web.py，其拥有异步非阻塞IO的处理方式。"
    second = (
        "作为Web服务器，Tornado有较为出色的抗负载能力，官方用nginx反向代理的方式部署Tornado和其它Python\n"
        "web应用框架进行对比，结果最大浏览量超过第二名近40%。"
    )
    assert 'id="cite_ref-1"' in fragment and 'class="wikilink" data-target="Nginx"' in fragment
    assert first_paragraph_html(fragment) == ""
    assert opening_text(fragment) == first
    assert prose_html(fragment) == f"<ul>\n<li>{first}</li>\n<li>{second}</li>\n</ul>"
    assert prose_text(fragment) == first + "\n" + second.replace("\n", " ")


# --- the rules -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "classes", "left_out"),
    [
        ("sup", ["reference"], True),
        ("sup", [], False),  # a superscript is prose: mm<sup>6</sup>
        ("a", ["image"], True),
        ("a", ["wikilink"], False),
        ("span", ["reference"], False),  # the class alone is not enough
        ("blockquote", [], True),
        ("table", ["wikitable"], True),
        ("figure", [], True),
        ("figcaption", [], True),
        ("pre", [], True),
        ("script", [], True),
        ("p", [], False),
    ],
)
def test_what_is_left_out_of_prose(tag, classes, left_out):
    assert left_out_of_prose(tag, classes) is left_out


@pytest.mark.parametrize(
    ("fragment", "paragraph"),
    [
        ('<div class="hatnote"><p>參見</p></div><p>正文</p>', "<p>正文</p>"),
        ("<figure><p>圖</p><figcaption>說明</figcaption></figure><p>正文</p>", "<p>正文</p>"),
        ("<dl><dd>關於同名條目，請見某頁。</dd></dl><p>正文</p>", "<p>正文</p>"),
        ('<p><span lang="en" onclick="alert(1)">A</span></p>', '<p><span lang="en">A</span></p>'),
        ("<p>&lt;script&gt;甲&#12290;</p>", "<p>&lt;script&gt;甲。</p>"),
        ('<p><a href="/wiki/A"><sup class="reference">[1]</sup></a> 甲<br/>乙</p>', "<p>甲<br>乙</p>"),
    ],
)
def test_the_first_paragraph_is_top_level_and_cleaned_again(fragment, paragraph):
    assert first_paragraph_html(fragment) == paragraph


def test_the_opening_is_the_first_paragraph_even_after_a_list():
    assert opening_text("<ul><li>列。</li></ul><p>正文。</p>") == "正文。"
    assert opening_text("<p></p><ul><li><p>甲</p><p>乙</p></li></ul>") == "甲 乙"
    assert (
        opening_text(
            '<blockquote><ul><li>提示</li></ul></blockquote><dl><dd>定義<sup class="reference">[1]</sup></dd></dl>'
        )
        == "定義"
    )
    assert opening_text("<table><tr><td>表。</td></tr></table><h2>標題</h2>") == ""


def test_a_stray_end_tag_neither_breaks_nor_ends_the_walk():
    assert first_paragraph_html("</p></sup><p>甲</b>乙</p>") == "<p>甲乙</p>"
    # An end tag closing the paragraph around a marker closes the marker too: what follows is prose again.
    assert prose_text('<p>甲<sup class="reference">[1]</p>乙') == "甲\n乙"


def test_sentences_end_with_their_closing_quotes_and_latin_ones_before_a_space():
    assert sentences("他說「這是一句話。」然後走了！還有") == ["他說「這是一句話。」", "然後走了！", "還有"]
    assert sentences("Version 2.0 is out. It is (really) good!) Yes") == [
        "Version 2.0 is out.",
        "It is (really) good!)",
        "Yes",
    ]
    assert sentences("  ") == []


def test_the_first_sentence_loses_its_empty_brackets_and_is_cut_at_its_length():
    assert first_sentence("日本人（ ）是指\n擁有(）日本國籍者。其後。", 150) == "日本人是指 擁有日本國籍者。"
    assert first_sentence("字" * 20 + "。", 21) == "字" * 20 + "。"
    assert first_sentence("字" * 20 + "。", 20) == "字" * 19 + "…"
    assert first_sentence("ab   cd" + "。", 4) == "ab…"
    assert first_sentence("", 10) == ""


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("甲。乙！丙？丁", 2, "甲。乙！"),
        ("One. Two. Three.", 2, "One. Two."),
        ("「甲。」乙。", 1, "「甲。」"),
        ("no end at all", 3, "no end at all"),
    ],
)
def test_leading_sentences_keep_their_spacing(text, count, expected):
    assert leading_sentences(text, count) == expected
