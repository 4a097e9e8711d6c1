"""Footnote markers: pandoc's escaped ``\\[n\\]`` read as marker events, and the plain ``[n]``
of raw HTML found and replaced in running text only (not in links, code, comments or tags)."""

import pytest

from wikitext.dialect import read_inline
from wikitext.events import CLOSE, CODE, MARKER, OPEN, TEXT
from wikitext.markers import raw_markers, sub_raw_markers


def inline_children(source):
    return [event[:2] for event in read_inline(source)]


def test_an_escaped_marker_is_a_marker_event_with_its_number():
    assert inline_children("甲\\[1\\]乙\\[12\\]") == [(TEXT, "甲"), (MARKER, 1), (TEXT, "乙"), (MARKER, 12)]


def test_an_escaped_marker_in_code_is_code():
    assert inline_children("甲`\\[1\\]`") == [(TEXT, "甲"), (CODE, "\\[1\\]")]


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("\\[x\\]", "[x]"),  # no number
        ("\\[12345\\]", "[12345]"),  # five digits
        ("\\[1]", "[1]"),  # the closing bracket not escaped
        ("[1]", "[1]"),  # pandoc escapes its markers: a bare one in Markdown is text
    ],
)
def test_what_is_no_escaped_marker_stays_text(source, text):
    assert inline_children(source) == [(TEXT, text)]


def test_a_marker_in_emphasis_is_still_a_marker():
    assert inline_children("**甲\\[3\\]**") == [(OPEN, "strong"), (TEXT, "甲"), (MARKER, 3), (CLOSE, "strong")]


def sup(number):
    return f"<sup>{number}</sup>"


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("甲[1]乙[22]", "甲<sup>1</sup>乙<sup>22</sup>"),
        ("<td>[1]</td><td>[0]</td>", "<td><sup>1</sup></td><td><sup>0</sup></td>"),
        ('<a href="x">[2]</a>[3]', '<a href="x">[2]</a><sup>3</sup>'),
        ('<A HREF="x">[1]</A>[2]', '<A HREF="x">[1]</A><sup>2</sup>'),
        ("<a><a>[1]</a>[2]</a>[3]", "<a><a>[1]</a>[2]</a><sup>3</sup>"),
        ("<code>[1]</code>[2]", "<code>[1]</code><sup>2</sup>"),
        ("<pre><code>[1]</code>[2]</pre>[3]", "<pre><code>[1]</code>[2]</pre><sup>3</sup>"),
        (
            "<kbd>[1]</kbd><samp>[2]</samp><textarea>[3]</textarea>[4]",
            "<kbd>[1]</kbd><samp>[2]</samp><textarea>[3]</textarea><sup>4</sup>",
        ),
        ("<!-- [1] -->[2]", "<!-- [1] --><sup>2</sup>"),
        ('<td title="[1]">[2]</td>', '<td title="[1]"><sup>2</sup></td>'),
        ("<td title='a>b [1]'>[2]</td>", "<td title='a>b [1]'><sup>2</sup></td>"),
        ("<ab>[1]</ab>", "<ab><sup>1</sup></ab>"),  # only <a> itself holds a link's words
        ("</a>[1]", "</a><sup>1</sup>"),  # a stray closing tag closes nothing
        ("[12345]", "[12345]"),
        ("no brackets", "no brackets"),
    ],
)
def test_sub_raw_markers_replaces_markers_in_running_text_only(fragment, expected):
    assert sub_raw_markers(fragment, sup) == expected


def test_a_replacement_of_none_keeps_the_marker_as_it_is():
    seen = []

    def replacement(number):
        seen.append(number)
        return None if number == 2 else f"({number})"

    assert sub_raw_markers("[1][2][3]", replacement) == "(1)[2](3)"
    assert seen == [1, 2, 3]


def test_no_replacement_is_asked_for_a_marker_that_cannot_be_one():
    seen = []
    sub_raw_markers('<a href="x">[1]</a><!-- [2] --><td title="[3]">[4]</td>', seen.append)
    assert seen == [4]


@pytest.mark.parametrize(
    "fragment",
    ["甲[1]<span [2]", '甲[1]<td title="[2]', "甲[1]<!-- [2]", "甲[1]<td title='[2]>[3]"],
)
def test_an_unclosed_tag_comment_or_value_runs_to_the_end(fragment):
    assert sub_raw_markers(fragment, sup) == "甲<sup>1</sup>" + fragment[len("甲[1]") :]
    assert raw_markers(fragment) == [1]


@pytest.mark.parametrize(
    ("fragment", "numbers"),
    [
        ("<td><p>4.5[2]</p></td><td>[3][4]</td>", [2, 3, 4]),
        ('<td title="a>b [1]">甲[5]</td>', [5]),
        ("<!-- [1] > [2] -->乙[6]", [6]),
        ("<td><code>a[1]</code><pre>b[2]</pre>c[7]</td>", [7]),
        ("<script>x[1]</script><style>[2]</style>[8]", [8]),
        ('<a href="../Page/X.md" title="wikilink">X[1]</a>[9]', [9]),
        ("a < b [10]", [10]),
        ("no markers [x] [12345]", []),
    ],
)
def test_raw_markers_stand_in_running_text_only(fragment, numbers):
    assert raw_markers(fragment) == numbers


def test_an_escaped_backslash_before_a_marker_leaves_no_marker():
    assert inline_children("\\\\[1\\]") == [(TEXT, "\\[1]")]
    assert inline_children("\\\\\\[2\\]") == [(TEXT, "\\"), (MARKER, 2)]


def test_only_ascii_digits_make_a_marker():
    assert inline_children("\\[１\\]") == [(TEXT, "[１]")]
