"""The corpus's Markdown dialect (MARKDOWN, make_markdown): CJK-friendly emphasis, pipe tables and
raw HTML, footnote marker tokens, and what removed templates and categories leave dropped."""

import pytest
from markdown_it import MarkdownIt

from wikitext.dialect import MARKDOWN, make_markdown

COMMONMARK = MarkdownIt("commonmark", {"html": True})
CATEGORY = '[Category:甲](https://zh.wikipedia.org/wiki/Category:甲 "wikilink")'


@pytest.mark.parametrize(
    ("source", "html"),
    [
        (
            '以**[甲](../Page/甲.md "wikilink")**和乙',
            '<p>以<strong><a href="../Page/%E7%94%B2.md" title="wikilink">甲</a></strong>和乙</p>\n',
        ),
        ("甲**「乙」**丙", "<p>甲<strong>「乙」</strong>丙</p>\n"),
        ("中文_强调_文字", "<p>中文<em>强调</em>文字</p>\n"),
        ("한**(글)**자", "<p>한<strong>(글)</strong>자</p>\n"),  # Hangul is wide too
        ("あ**「い」**う", "<p>あ<strong>「い」</strong>う</p>\n"),
    ],
)
def test_emphasis_opens_between_cjk_characters(source, html):
    assert MARKDOWN.render(source) == html
    assert COMMONMARK.render(source) != html  # where plain CommonMark shows the asterisks


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("以**甲**和", "<p>以<strong>甲</strong>和</p>\n"),
        ("中文*强调*文字", "<p>中文<em>强调</em>文字</p>\n"),
        ("a**b**c", "<p>a<strong>b</strong>c</p>\n"),
        ("snake_case_word", "<p>snake_case_word</p>\n"),  # Latin words still keep their underscores
        ("2 * 3 * 4", "<p>2 * 3 * 4</p>\n"),
        ("한**글**자", "<p>한<strong>글</strong>자</p>\n"),
    ],
)
def test_emphasis_elsewhere_is_commonmarks(source, html):
    assert MARKDOWN.render(source) == html == COMMONMARK.render(source)


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("甲****乙", "<p>甲乙</p>\n"),  # an empty bold: a title template
        ("甲（、）乙（）丙（ ， ；）丁(;)", "<p>甲乙丙丁(;)</p>\n"),  # brackets around nothing
        ("甲]]乙", "<p>甲乙</p>\n"),  # an image caption's closing brackets
        ("`]]` 和 `****`", "<p><code>]]</code> 和 <code>****</code></p>\n"),  # code keeps them
    ],
)
def test_template_leftovers_are_dropped(source, html):
    assert MARKDOWN.render(source) == html


@pytest.mark.parametrize(
    ("source", "html"),
    [
        (f"甲{CATEGORY}乙", "<p>甲乙</p>\n"),
        ('甲[分類:乙](https://zh.wikipedia.org/wiki/分類:乙 "wikilink")丙', "<p>甲丙</p>\n"),
        ('甲[分类:乙](../Page/分类:乙.md "wikilink")丙', "<p>甲丙</p>\n"),
        (CATEGORY.replace("Category:甲]", "Category:**甲**]") + "乙", "<p>乙</p>\n"),  # with all it holds
    ],
)
def test_category_links_are_dropped_from_the_text(source, html):
    assert MARKDOWN.render(source) == html


def test_a_link_that_names_no_category_stays():
    assert MARKDOWN.render("[Category:日本](http://example.com/Category:日本)") == (
        '<p><a href="http://example.com/Category:%E6%97%A5%E6%9C%AC">Category:日本</a></p>\n'
    )
    assert MARKDOWN.render('[日本](../Page/日本.md "wikilink")') == (
        '<p><a href="../Page/%E6%97%A5%E6%9C%AC.md" title="wikilink">日本</a></p>\n'
    )


def test_paragraphs_left_empty_are_dropped():
    tokens = MARKDOWN.parse(f"\u3000\n\n甲\n\n{CATEGORY}\n\n乙")
    assert [(token.type, token.content) for token in tokens] == [
        ("paragraph_open", ""),
        ("inline", "甲"),
        ("paragraph_close", ""),
        ("paragraph_open", ""),
        ("inline", "乙"),
        ("paragraph_close", ""),
    ]
    assert MARKDOWN.render(f"{CATEGORY}\n{CATEGORY}") == ""


def test_escaped_markers_are_footnote_marker_tokens():
    children = MARKDOWN.parseInline("甲\\[1\\]乙")[0].children
    assert [(child.type, child.content, child.meta) for child in children] == [
        ("text", "甲", {}),
        ("footnote_marker", "\\[1\\]", {"number": 1}),
        ("text", "乙", {}),
    ]
    # CommonMark alone reads it as escaped brackets: the marker would be lost.
    assert [child.type for child in COMMONMARK.parseInline("甲\\[1\\]乙")[0].children] == ["text"]


def test_pipe_tables_and_raw_html():
    assert MARKDOWN.render("| a | b |\n|---|---|\n| 1 | 2 |") == (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n"
    )
    assert MARKDOWN.render("<span>x</span>") == "<p><span>x</span></p>\n"


def test_file_pages_are_links_but_file_urls_are_not():
    assert (
        MARKDOWN.render('[File:a.jpg](File:a.jpg "fig:b")')
        == '<p><a href="File:a.jpg" title="fig:b">File:a.jpg</a></p>\n'
    )
    assert MARKDOWN.render("[x](file:///etc/passwd)") == "<p>[x](file:///etc/passwd)</p>\n"


def test_make_markdown_makes_a_new_instance_of_the_same_dialect():
    md = make_markdown()
    assert md is not MARKDOWN
    for source in ['以**[甲](../Page/甲.md "wikilink")**和', f"甲{CATEGORY}****乙", "\u3000\n\n甲"]:
        assert md.render(source) == MARKDOWN.render(source)
    assert md.core.ruler.get_all_rules()[-3:] == [
        "drop_category_links",
        "drop_template_leftovers",
        "drop_empty_paragraphs",
    ]
