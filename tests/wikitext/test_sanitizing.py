"""The allow-list every fragment passes: hostile input comes out harmless, our own markup as it was."""

import re
import time

import pytest

from wikitext.derivation import prepare_page
from wikitext.parsing import parse_page
from wikitext.rendering import render_parsed
from wikitext.sanitizing import CONTROL_CHARACTERS, clean_html

# Written out again rather than imported: the test states the guarantee on its own terms.
ANY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.mark.parametrize(
    ("hostile", "clean"),
    [
        # A character reference of a control inside the scheme: without it the href reads javascript:.
        ('<a href="java&#1;script:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="java&#x1;script&#x3a;alert(1)">x</a>', "<a>x</a>"),
        ('<a href="java\x01script:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="JaVa\x1fScRiPt&#x0b;:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="java&#x7f;script:alert(1)">x</a>', "<a>x</a>"),
        ('<a href=" &#1; javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="vbscript&#1;:msgbox(1)">x</a>', "<a>x</a>"),
        ('<a href="data\x02:text/html,x">x</a>', "<a>x</a>"),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "<a>x</a>"),
        ('<img src="jav&#x09;ascript:alert(1)">', ""),
        ('<p>x<img src="java&#1;script:alert(1)">y</p>', "<p>xy</p>"),
        # A relative URL keeps its place, without the control.
        ('<a href="/wiki/a&#1;b">x</a>', '<a href="/wiki/ab">x</a>'),
        ('<a href="#cite_note-1\x7f">x</a>', '<a href="#cite_note-1">x</a>'),
        # Controls in the values of other attributes.
        ('<a href="x" data-target="a&#2;b\x9b">t</a>', '<a href="x" data-target="ab">t</a>'),
        ('<sup class="reference" id="cite_ref-1\x01">[1]</sup>', '<sup class="reference" id="cite_ref-1">[1]</sup>'),
        ('<abbr title="&#x1b;[31mred">r</abbr>', '<abbr title="[31mred">r</abbr>'),
        # C0, DEL and C1 in text, as themselves and as references.
        ("<p>a\x01b\x08c\x0bd\x0ce\x1ff</p>", "<p>abcdef</p>"),
        ("<p>a&#1;b&#x1F;c&#0000001;d&#x0001;e</p>", "<p>abcde</p>"),
        ("<p>a\x7fb&#127;c&#x7F;d</p>", "<p>abcd</p>"),
        ("<p>a\x80b\x85c\x9fd</p>", "<p>abcd</p>"),
        # The HTML standard reads &#x80;…&#x9f; as Windows-1252 (&#x9f; is Ÿ, &#x85; …) but for
        # five numbers it leaves as C1 controls.
        ("<p>&#x80;&#x85;&#x9f;</p>", "<p>€…Ÿ</p>"),
        ("<p>a&#x81;b&#x8d;c&#x8f;d&#x90;e&#x9d;f</p>", "<p>abcdef</p>"),
        # NUL: the parser drops it as itself and reads &#0; as U+FFFD, as a browser would.
        ("<p>a\x00b&#0;c</p>", "<p>ab\ufffdc</p>"),
        # Tab, line feed and carriage return are no controls to remove (a CR is read as LF).
        ("<pre>a\tb\nc</pre>", "<pre>a\tb\nc</pre>"),
        ("<p>a\r\nb</p>", "<p>a\nb</p>"),
        # Text that reads like a reference stays text.
        ("<p>&amp;#1;</p>", "<p>&amp;#1;</p>"),
    ],
)
def test_hostile_input_comes_out_without_controls_or_script_urls(hostile, clean):
    assert clean_html(hostile) == clean


@pytest.mark.parametrize(
    "own",
    [
        '<a href="../Page/X.md" class="wikilink" data-target="X">X</a>',
        '<a href="https://zh.wikipedia.org/wiki/%E6%97%A5" class="wikilink" data-target="日">日</a>',
        '<a href="http://news.bbc.co.uk/x" class="external" rel="nofollow noopener">BBC</a>',
        '<a href="mailto:a@example.org" class="external" rel="nofollow noopener">a</a>',
        '<p>甲<sup class="reference" id="cite_ref-1"><a href="#cite_note-1">[1]</a></sup>。</p>',
        '<sup class="reference" id="cite_ref-2-0"><a href="#cite_note-2">[2]</a></sup>',
        '<table><thead><tr class="header"><th scope="col">甲</th><th>乙</th></tr></thead>\n'
        '<tbody><tr class="odd"><td colspan="2" rowspan="1">丙 &amp; 丁</td></tr>\n'
        '<tr class="even"><td>&lt;戊&gt;</td><td>己\t庚</td></tr></tbody></table>',
        '<ol start="3"><li value="3">甲<br>乙</li></ol>',
        "<p>“引號”，全角　空格、&nbsp;與 é ß 😀</p>",
    ],
)
def test_our_own_markup_is_kept_byte_for_byte(own):
    assert clean_html(own) == own


def test_a_long_url_with_a_control_is_checked_at_once():
    # The scheme is read past what a browser ignores in linear time, however long the URL.
    start = time.perf_counter()
    assert clean_html('<a href="java\x01script:' + " " * 200_000 + 'alert(1)">x</a>') == "<a>x</a>"
    assert clean_html('<a href="\x01' + " " * 200_000 + '/wiki/x">x</a>').startswith('<a href="' + " " * 200_000)
    assert time.perf_counter() - start < 0.5


def test_the_control_class_is_exactly_c0_del_and_c1_but_tab_and_line_ends():
    controls = {chr(code) for code in range(0xA0) if CONTROL_CHARACTERS.fullmatch(chr(code))}
    assert controls == {chr(code) for code in [*range(0x20), *range(0x7F, 0xA0)]} - {"\t", "\n", "\r"}


HOSTILE_PAGE = (
    "導言\x01有控制字元\x85與\x7f刪除。[甲](java&#x1;script:alert(1))、[丁](jav&#x09;ascript:alert(4))"
    "與文字&#1;參照&#x9f;\\[1\\]。\n"
    "\n"
    '<div>原始\x02HTML&#1;<a href="java&#1;script:alert(6)">己</a><a href="java\x01script:alert(7)">庚</a>'
    '<img src="jav&#x09;ascript:alert(8)"><a href="&#x6A;avascript&#x3A;alert(9)">辛</a>\x9b</div>\n'
    "\n"
    "## 標題\x03\\[1\\]\n"
    "\n"
    "| 甲\x04 | 乙 |\n"
    "|----|----|\n"
    "| [壬](java&#1;script:alert(10)) | 癸\x1f\x80 |\n"
    "\n"
    "<table>\n"
    '<tr class="header">\n'
    '<td><a href="java&#x1;script:alert(11)" title="wikilink">子</a>[1]&#x81;\x0b</td>\n'
    "</tr>\n"
    "</table>\n"
    "\n"
    "## 參考文獻\n"
    "\n"
    '1.  [來源\x05](java&#x1;script:alert(12))&#x8d;\x1b[31m<a href="java\x01script:alert(13)">丑</a>\n'
)


def fragments_of(page: str) -> list[str]:
    """Every fragment a page's rows store, as an import derives them."""
    derived = prepare_page(parse_page(page, "T"), page).derived
    fragments = [derived.lead_html, *derived.heading_html, *derived.section_html]
    return fragments + [reference.html for reference in derived.references]


def test_no_control_character_or_script_url_reaches_a_rendered_fragment():
    parsed = parse_page(HOSTILE_PAGE, "T")
    rendered = render_parsed(parsed)
    fragments = [rendered.lead, *rendered.headings, *rendered.sections, *rendered.references.values()]
    # Every hostile part made it into some fragment: the page is not refused or cut short.
    assert len(rendered.sections) == 2 and list(rendered.references) == [1]
    assert "導言有控制字元與刪除" in rendered.lead and "<a>己</a><a>庚</a><a>辛</a>" in rendered.lead
    assert "標題" in rendered.headings[0] and "<table>" in rendered.sections[0] and "子" in rendered.sections[0]
    assert "來源" in rendered.references[1] and "<a>丑</a>" in rendered.references[1]
    for fragment in fragments + fragments_of(HOSTILE_PAGE):
        assert not ANY_CONTROL.search(fragment), fragment
        assert "javascript:" not in fragment.lower(), fragment


def test_a_markdown_link_refused_for_its_controls_stays_text_and_no_tag_holds_a_script_url():
    # CommonMark refuses a destination holding a control, or naming javascript:, and keeps
    # the brackets as text: without the control, that text may read "javascript:", as text.
    page = "[乙](java\x01script:alert(2))、[丙](<java\x01script:alert(3)>)、[戊](JAVASCRIPT:alert(5))\n"
    (lead,) = fragments_of(page)
    assert lead == (
        "<p>[乙](javascript:alert(2))、"
        '<a href="java%01script:alert(3)" class="external" rel="nofollow noopener">丙</a>、'
        "[戊](JAVASCRIPT:alert(5))</p>"
    )
    assert not any("javascript:" in tag.lower() for tag in re.findall(r"<[^>]*>", lead))


def test_the_fast_cleaner_gives_what_the_careful_one_gives():
    # A fragment with no control and no numeric reference takes nh3's own class list and a pass
    # over the output for ids: byte for byte what the per-attribute check gives, here shown on
    # every fragment of the corpus and on raw HTML posing as the page's own parts.
    from tests.conftest import CORPUS
    from wikitext.html_writer import write_html
    from wikitext.sanitizing import _CLEANER, _PLAIN_CLEANER

    fragments = [
        '<sup id="cite_note-1" class="reference toc">x</sup><div class="skip-link" id="toc">y</div>',
        '<sup class="a" id="cite_ref-1">1</sup><sup id="cite_ref-2-0" class="reference">2</sup><sup id="x">3</sup>',
        '<td class="odd  even" colspan=2 onclick=x>z</td><span class="">q</span><sup id="">w</sup>',
        '<p>text id="cite_x" class="" <b id="x" class="">b</b></p><div class="references-small"></div>',
    ]

    def linked(number):
        return f'<sup class="reference" id="cite_ref-{number}"><a href="#cite_note-{number}">[{number}]</a></sup>'

    for path in sorted(CORPUS.glob("*.md")):
        parts = parse_page(path.read_text(encoding="utf-8"), path.stem).tokens
        # The writer's HTML before sanitising, markers linked as the renderer links them.
        fragments += [write_html(part, linked) for part in (parts.lead, *parts.headings, *parts.bodies)]
    fast = [fragment for fragment in fragments if "&#" not in fragment and not CONTROL_CHARACTERS.search(fragment)]
    assert len(fast) > 800
    for fragment in fast:
        assert clean_html(fragment) == CONTROL_CHARACTERS.sub("", _CLEANER.clean(fragment)), fragment
    assert clean_html(fragments[0]) == '<sup class="reference">x</sup><div>y</div>'
    assert _PLAIN_CLEANER.clean(fragments[0]) != clean_html(fragments[0])  # the pass over ids does something


def test_a_class_list_splits_on_ascii_whitespace_only():
    assert clean_html('<span class="reference\u00a0toc">x</span>') == "<span>x</span>"
    assert clean_html('<span class="reference\u00a0toc">x&#1;</span>') == "<span>x</span>"
