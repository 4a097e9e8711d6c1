"""The events the reader gives and the parser and writer read: one vocabulary, every tag written."""

from wikitext.dialect import read
from wikitext.events import BLOCK_TAGS, CLOSE, HEADING_TAGS, KINDS, OPEN
from wikitext.html_writer import write_html

EVERY_BLOCK = (
    "# h1\n\n## h2\n\n### h3\n\n#### h4\n\n##### h5\n\n###### h6\n\n> quote\n\n- tight\n\n1. loose\n\n   more\n\n"
    "```\ncode\n```\n\n| a |\n|---|\n| 1 |\n\n***\n\n<div>raw</div>\n\n*em* **strong** [a](http://x) `code`  \nend"
)


def test_every_kind_is_its_own_number():
    assert len(set(KINDS)) == len(KINDS)


def test_every_tag_the_reader_gives_is_known_and_written():
    events = read(EVERY_BLOCK).events
    tags = {event[1] for event in events if event[0] in (OPEN, CLOSE)}
    assert tags >= HEADING_TAGS
    assert tags >= BLOCK_TAGS
    html = write_html(events, lambda number: None)
    for tag in BLOCK_TAGS | {"em", "strong", "a", "code", "hr", "br", "div"}:
        assert f"<{tag}" in html, tag


def test_opens_and_closes_pair_up():
    stack = []
    for kind, tag, _detail, _lines in read(EVERY_BLOCK).events:
        if kind == OPEN:
            stack.append(tag)
        elif kind == CLOSE:
            assert stack.pop() == tag
    assert stack == []


def test_block_opens_carry_their_lines():
    events = read("甲\n乙\n\n- 丙\n- 丁\n").events
    assert [(event[1], event[3]) for event in events if event[0] == OPEN] == [
        ("p", (0, 2)),
        ("ul", (3, 5)),
        ("li", (3, 4)),
        ("li", (4, 5)),
    ]
