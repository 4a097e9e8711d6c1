"""The fast link helpers of wikitext.linkscan: pandoc's plain links read by regular expressions,
with exactly the tokens and answers markdown-it's own helpers give."""

import random

import pytest
from markdown_it import helpers

from tests.conftest import CORPUS
from wikitext.dialect import MARKDOWN
from wikitext.linkscan import FAST_LINK_HELPERS

# The dialect reads plain links, ``[text](dest "title")``, by short cuts (wikitext.linkscan):
# they must give exactly what markdown-it's own helpers give, whatever the text.


def token_data(tokens):
    return [
        {**token.as_dict(meta_serializer=lambda meta: None), "children": token_data(token.children or [])}
        for token in tokens
    ]


@pytest.fixture(scope="module")
def markdown_it_own_reading():
    from markdown_it import helpers

    from wikitext.dialect import make_markdown

    md = make_markdown()
    md.helpers = helpers
    md.disable("plain_link")
    return md


LINK_CASES = [
    "[a]", "[]", "[a](b)", "[a](<b c>)", '[a](b "t")', "[a](b 't')", "[a](b (t))", '[a](b "t\\"x")', '[a](b "t',
    "[a](b\\(c\\))", "[a](b(c))", "[a](b(c)", "[a](b&amp;c)", '[a](b "&amp;")', "[a *b*](c)", "[a `]` b](c)",
    "[a <x>] b](c)", "[a\\]b](c)", "[\\[1\\]](c)", "[a [b](c) d](e)", "![a](b)", "![a [b] c](d)",
    '[a]\n\n[a]: /u "t"\n', "[a][b]\n\n[b]: <x y>\n", "[a](b)c)", '[a](\n b\n "t"\n )', "[a]( b )",
    "[a](b\x01c)", "[a](javascript:x)", "[a\nb](c)", "[a&#93;b](c)", "*[a*](b)", '[a](b "t" x)', "[a](<b)",
    "[a](b<c)", '[a](b)"', '[a](b"c")', "[a]()", "[x](java&#x1;script:alert(1))",
    '[甲](../Page/乙_\\(丙\\).md "wikilink")', '[File:a.jpg](File:a.jpg "fig:b")',
]  # fmt: skip
# markdown-it gives up on labels nested past its maxNesting (20), and remembers where it did.
DEEP_CASES = [
    opening * depth + link + closing
    for depth in (19, 20, 21, 40)
    for opening in ("[", "[x ", "*[", "![")
    for link in ("[a](b)", '[a](b "t")]]](c)', "[a](b\\(c\\))]", "[a] [b](c)")
    for closing in ("", "](d)" * depth)
]


def test_plain_links_read_as_markdown_it_reads_them(markdown_it_own_reading):
    texts = [*LINK_CASES, *DEEP_CASES]
    texts += [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.md"))]
    pieces = [*"[]()<>\\`\"' *_!&#;:%~\n\tab甲1", "\\[1\\]", "](", "&amp;", "\n\n", "[a]: /u\n", '](b "t")', "\x01"]
    pieces += ['](../Page/X.md "wikilink")', "](x)", "](a b)", "[a](<b>)", "**", "[a](b)", "[[[[["]
    chance = random.Random(8)
    texts += ["".join(chance.choices(pieces, k=chance.randint(1, 80))) for _ in range(1500)]
    differing = [
        text for text in texts if token_data(MARKDOWN.parse(text)) != token_data(markdown_it_own_reading.parse(text))
    ]
    assert differing == []


PANDOC_LINK = '[甲](../Page/甲.md "wikilink")乙'


def parts(result):
    return (result.ok, result.pos, result.str)


@pytest.mark.parametrize(
    ("string", "start"),
    [
        (PANDOC_LINK, 4),  # a plain destination, read by the short cut
        ("a\\(b\\) x", 0),  # escapes: the long way
        ("<a b>", 0),
        ("a(b) x", 0),
        ("a&amp;b x", 0),
        ("", 0),
    ],
)
def test_destination_helper_answers_as_markdown_its(string, start):
    expected = helpers.parseLinkDestination(string, start, len(string))
    assert parts(FAST_LINK_HELPERS.parseLinkDestination(string, start, len(string))) == parts(expected)


def test_plain_destination_ends_before_the_title():
    assert parts(FAST_LINK_HELPERS.parseLinkDestination(PANDOC_LINK, 4, len(PANDOC_LINK))) == (
        True,
        16,
        "../Page/甲.md",
    )


@pytest.mark.parametrize(
    ("string", "expected"),
    [
        ('"wikilink")', (True, 10, "wikilink")),
        ('"a &amp; b")', (True, 11, "a & b")),
        ('"t\\"x")', (True, 6, 't"x')),  # an escape: the long way
        ("'t')", (True, 3, "t")),
        ('"open', (False, 0, "open")),  # never closed: no title
    ],
)
def test_title_helper_answers_as_markdown_its(string, expected):
    assert parts(FAST_LINK_HELPERS.parseLinkTitle(string, 0, len(string))) == expected
    assert parts(helpers.parseLinkTitle(string, 0, len(string))) == expected


def test_a_pandoc_link_is_one_link_with_one_text_token():
    children = MARKDOWN.parseInline(PANDOC_LINK)[0].children
    assert [(child.type, child.attrs, child.content) for child in children] == [
        ("link_open", {"href": "../Page/%E7%94%B2.md", "title": "wikilink"}, ""),
        ("text", {}, "甲"),
        ("link_close", {}, ""),
        ("text", {}, "乙"),
    ]


def test_a_label_with_emphasis_is_left_to_markdown_its_link_rule():
    children = MARKDOWN.parseInline("[a *b*](c)")[0].children
    assert [child.type for child in children] == ["link_open", "text", "em_open", "text", "em_close", "link_close"]
    assert children[0].attrs == {"href": "c"}


def test_the_plain_link_rule_runs_just_before_markdown_its_link_rule():
    names = MARKDOWN.inline.ruler.get_all_rules()
    assert names.index("plain_link") == names.index("link") - 1
