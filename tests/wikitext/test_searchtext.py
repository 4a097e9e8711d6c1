"""Text for search: the plain words of a stored fragment, its terms (CJK bigrams and whole
words), and the variant-blind terms the index stores."""

import pytest

from wikitext.searchtext import grams, index_terms, plain_text


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>甲 &amp; 乙</p><p>丙</p>", "甲 & 乙\n丙"),
        ("<h2>標題</h2><ul><li>一</li><li>二</li></ul>", "標題\n一\n二"),
        ("<p>a<br>b<br/>c<br />d</p>", "a\nb\nc\nd"),
        ("<table><tr><td>x</td><td>y</td></tr></table>", "x\ny"),
        ("<P>大寫</P>尾", "大寫\n尾"),
        ("<p>  多   空格\n 換行 </p>", "多 空格\n換行"),
        ('<p><a href="x">連結</a>文字<sup class="reference">[1]</sup></p>', "連結文字[1]"),
        ("<p></p><p> </p>", ""),
        ("", ""),
    ],
)
def test_plain_text_puts_blocks_on_their_own_lines(fragment, text):
    assert plain_text(fragment) == text


def test_escaped_markup_comes_out_as_text_not_as_tags():
    assert plain_text("<p>&lt;b&gt;不是標籤&lt;/b&gt;</p>") == "<b>不是標籤</b>"


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("战俘营", ["战俘", "俘营"]),
        ("战", ["战"]),  # a lone character stands alone
        ("日本人和tornado", ["日本", "本人", "人和", "tornado"]),
        ("tornado web 2", ["tornado", "web", "2"]),
        ("x1y2", ["x1y2"]),
        ("ab_cd", ["ab", "cd"]),
        ("Москва 城", ["Москва", "城"]),
        ("かなカナ", ["かなカナ"]),  # kana is no ideograph: a word, kept whole
        ("甲，乙丙", ["甲", "乙丙"]),  # punctuation ends a run
        ("\U00020000\U00020001", ["\U00020000\U00020001"]),
        ("", []),
    ],
)
def test_grams(text, terms):
    assert grams(text) == terms


def test_index_terms_are_blind_to_the_variant():
    assert index_terms("戰俘") == index_terms("战俘") == "战俘"
    assert index_terms("戰俘營") == index_terms("战俘营") == "战俘 俘营"


def test_index_terms_are_simplified_lower_case_and_space_separated():
    assert index_terms("西伯利亞滯留者 Tornado WEB") == "西伯 伯利 利亚 亚滞 滞留 留者 tornado web"
    assert index_terms("-{zh-hans:甲乙;zh-hant:丙丁}-") == "甲乙"
    assert index_terms("") == ""
