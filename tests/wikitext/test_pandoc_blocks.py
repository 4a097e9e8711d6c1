"""pandoc's block readings made CommonMark's, line by line (wikitext.pandoc_blocks), and what the reader then gives."""

from wikitext.dialect import read
from wikitext.html_writer import write_html
from wikitext.pandoc_blocks import fix_blocks


def html(source):
    return write_html(read(source).events, lambda number: None)


def test_empty_items_under_an_items_words_stay_items_not_a_heading():
    source = "  - 甲：\n      -\n      -\n  - 乙\n"
    assert html(source) == "<ul>\n<li>甲：\n<ul>\n<li></li>\n<li></li>\n</ul>\n</li>\n<li>乙</li>\n</ul>\n"
    assert fix_blocks(source, "G") == "  - 甲：\n      - G\n      -\n  - 乙\n"


def test_a_lone_marker_before_a_line_of_text_is_left_alone():
    # The text would run on into the item: the page did not mean it to.
    assert fix_blocks("甲\n-\n[乙](x)\n", "G") == "甲\n-\n[乙](x)\n"
    assert fix_blocks("\n  -\n## 乙\n", "G") == "\n  -\n## 乙\n"


def test_a_page_with_a_fence_is_left_as_it_is():
    source = "甲\n-\n\n```\n-\n```\n"
    assert fix_blocks(source, "G") == source


def test_a_delimiter_row_narrower_than_its_header_gets_its_cells():
    source = '| colspan = "4"| 陸軍供應司令 |\n| --- |\n| 歷任 |\n'
    assert fix_blocks(source, "G") == '| colspan = "4"| 陸軍供應司令 |\n| --- | --- |\n| 歷任 |\n'
    assert html(source) == (
        '<table>\n<thead>\n<tr>\n<th>colspan = "4"</th>\n<th>陸軍供應司令</th>\n</tr>\n</thead>\n'
        "<tbody>\n<tr>\n<td>歷任</td>\n<td></td>\n</tr>\n</tbody>\n</table>\n"
    )


def test_a_table_with_an_empty_header_row_has_no_head():
    assert html("| | |\n|---|---|\n| 甲 | 乙 |\n") == (
        "<table>\n<tbody>\n<tr>\n<td>甲</td>\n<td>乙</td>\n</tr>\n</tbody>\n</table>\n"
    )


def test_every_change_keeps_the_number_of_lines():
    source = "  - 甲\n      -\n      -\n| a | b |\n| - |\n"
    assert fix_blocks(source, "G").count("\n") == source.count("\n")


def test_lines_that_are_no_table_header_are_left_alone():
    # Under a paragraph's line (a table cannot interrupt one), in code: no cells added.
    for source in ["foo\na | b | c\n-|-", "    a | b | c\n    --|--"]:
        assert fix_blocks(source, "G") == source
    assert html("text\n-\n") == "<h2>text</h2>\n"  # a setext underline to pandoc too


def test_a_long_run_of_spaces_is_read_in_time():
    import time

    start = time.process_time()
    fix_blocks(" " * 64_000 + "x|\n" + " " * 64_000 + "|-|", "G")
    assert time.process_time() - start < 0.5
