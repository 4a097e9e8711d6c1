"""The corpus's Markdown dialect (wikitext.dialect.read): CJK-friendly emphasis, pipe tables and
raw HTML, footnote marker events, and what removed templates and categories leave dropped."""

import pyromark
import pytest

from wikitext.dialect import read, read_inline
from wikitext.events import CLOSE, MARKER, OPEN, TEXT
from wikitext.html_writer import write_html

CATEGORY = '[Category:甲](https://zh.wikipedia.org/wiki/Category:甲 "wikilink")'


def html(source):
    """The dialect's HTML before sanitising, markers bare."""
    return write_html(read(source).events, lambda number: None)


def commonmark(source):
    """Plain CommonMark (pulldown-cmark's own renderer), for what the dialect changes."""
    return pyromark.html(source, options=pyromark.Options.ENABLE_TABLES)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            '以**[甲](../Page/甲.md "wikilink")**和乙',
            '<p>以<strong><a href="https://zh.wikipedia.org/wiki/%E7%94%B2" class="wikilink" data-target="甲">'
            "甲</a></strong>和乙</p>\n",
        ),
        ("甲**「乙」**丙", "<p>甲<strong>「乙」</strong>丙</p>\n"),
        ("한**(글)**자", "<p>한<strong>(글)</strong>자</p>\n"),  # Hangul is wide too
        ("あ**「い」**う", "<p>あ<strong>「い」</strong>う</p>\n"),
        ("中文*「强调」*文字", "<p>中文<em>「强调」</em>文字</p>\n"),
    ],
)
def test_emphasis_opens_between_cjk_characters(source, expected):
    assert html(source) == expected
    assert "**" in commonmark(source) or "*「" in commonmark(source)  # where plain CommonMark shows the asterisks


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("以**甲**和", "<p>以<strong>甲</strong>和</p>\n"),
        ("中文*强调*文字", "<p>中文<em>强调</em>文字</p>\n"),
        ("a**b**c", "<p>a<strong>b</strong>c</p>\n"),
        ("snake_case_word", "<p>snake_case_word</p>\n"),  # Latin words still keep their underscores
        ("中文_强调_文字", "<p>中文_强调_文字</p>\n"),  # as pandoc reads it: no intraword underscores
        ("2 * 3 * 4", "<p>2 * 3 * 4</p>\n"),
        ("한**글**자", "<p>한<strong>글</strong>자</p>\n"),
    ],
)
def test_emphasis_elsewhere_is_commonmarks(source, expected):
    assert html(source) == expected == commonmark(source)


def test_the_guard_and_marker_stand_ins_never_show():
    # A page holding the usual stand-ins gets others; one holding them all reads as plain CommonMark.
    for source in ["\ufffc甲**「乙」**丙\\[1\\]", "\ufffc\u2e2e\u2e4e甲**「乙」**\\[1\\]"]:
        events = read(source).events
        assert (MARKER, 1) in [event[:2] for event in events]
        assert "".join(event[1] for event in events if event[0] == TEXT).count("\ufffc") == 1
    everything = "\ufffc\u2e2e\u2e4e\u2e4f\ua60f\u2e3b甲**「乙」**\\[1\\]"
    # (no bold then: the asterisks are left over as text, and go as leftovers do)
    assert html(everything) == "<p>\ufffc\u2e2e\u2e4e\u2e4f\ua60f\u2e3b甲「乙」[1]</p>\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("甲****乙", "<p>甲乙</p>\n"),  # an empty bold: a title template
        ("甲（、）乙（）丙（ ， ；）丁(;)", "<p>甲乙丙丁(;)</p>\n"),  # brackets around nothing
        ("甲]]乙", "<p>甲乙</p>\n"),  # an image caption's closing brackets
        ("`]]` 和 `****`", "<p><code>]]</code> 和 <code>****</code></p>\n"),  # code keeps them
    ],
)
def test_template_leftovers_are_dropped(source, expected):
    assert html(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (f"甲{CATEGORY}乙", "<p>甲乙</p>\n"),
        ('甲[分類:乙](https://zh.wikipedia.org/wiki/分類:乙 "wikilink")丙', "<p>甲丙</p>\n"),
        ('甲[分类:乙](../Page/分类:乙.md "wikilink")丙', "<p>甲丙</p>\n"),
        (CATEGORY.replace("Category:甲]", "Category:**甲**]") + "乙", "<p>乙</p>\n"),  # with all it holds
    ],
)
def test_category_links_are_dropped_from_the_text(source, expected):
    assert html(source) == expected


def test_a_link_that_names_no_category_stays():
    assert html("[Category:日本](http://example.com/Category:日本)") == (
        '<p><a href="http://example.com/Category:%E6%97%A5%E6%9C%AC" class="external" rel="nofollow noopener">'
        "Category:日本</a></p>\n"
    )


def test_paragraphs_left_empty_are_dropped():
    events = read(f"\u3000\n\n甲\n\n{CATEGORY}\n\n乙").events
    assert [event[:2] for event in events] == [
        (OPEN, "p"),
        (TEXT, "甲"),
        (CLOSE, "p"),
        (OPEN, "p"),
        (TEXT, "乙"),
        (CLOSE, "p"),
    ]
    assert html(f"{CATEGORY}\n{CATEGORY}") == ""


def test_escaped_markers_are_marker_events():
    assert [event[:2] for event in read_inline("甲\\[1\\]乙")] == [(TEXT, "甲"), (MARKER, 1), (TEXT, "乙")]
    # CommonMark alone reads it as escaped brackets: the marker would be lost.
    assert commonmark("甲\\[1\\]乙") == "<p>甲[1]乙</p>\n"


def test_blocks_know_their_lines():
    reading = read("# 甲\n\n乙\n丙\n\n- 丁\n- 戊\n")
    assert [(reading.events[start][1], first, last) for start, _end, first, last in reading.blocks] == [
        ("h1", 0, 1),
        ("p", 2, 4),
        ("ul", 5, 7),
    ]


def test_pipe_tables_and_raw_html():
    assert html("| a | b |\n|---|---|\n| 1 | 2 |") == (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n"
    )
    assert html("<span>x</span>") == "<p><span>x</span></p>\n"


def test_lists_tight_and_loose_are_written_as_markdown_it_writes_them():
    assert html("- a\n- b\n  - c\n") == "<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n"
    assert html("3. a\n\n4. b\n") == '<ol start="3">\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ol>\n'


def test_file_pages_are_links_but_file_urls_are_not():
    assert html('[File:a.jpg](File:a.jpg "fig:b")') == '<p><a href="File:a.jpg" class="image">File:a.jpg</a></p>\n'
    assert html("[x](file:///etc/passwd)") == "<p>[x](file:///etc/passwd)</p>\n"
    assert html("[x](javascript:alert(1)) y") == "<p>[x](javascript:alert(1)) y</p>\n"


def test_stand_ins_written_as_character_references_stay_the_pages_characters():
    assert html("a&#xFFFC;b") == "<p>a\ufffcb</p>\n"
    assert html("x &#x2E2E;7&#x2E4E; y") == "<p>x \u2e2e7\u2e4e y</p>\n"


def test_an_autolink_holds_no_markdown():
    assert html("<http://a/\\[1\\]>") == (
        '<p><a href="http://a/%5C%5B1%5C%5D" class="external" rel="nofollow noopener">http://a/\\[1\\]</a></p>\n'
    )
    assert html("<http://x/**中>") == (
        '<p><a href="http://x/**%E4%B8%AD" class="external" rel="nofollow noopener">http://x/**中</a></p>\n'
    )
