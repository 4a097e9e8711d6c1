"""The character diff of two texts, cut into lines: exact segments, line numbers, hunks and totals."""

from django.template.loader import render_to_string

from articles.diffing import DELETE, EQUAL, INSERT, NEWLINE_MARK, DiffLine, Segment, diff_texts

PARAGRAPH = (
    "西伯利亞滯留者，指的是二戰結束以後被蘇聯紅軍解除武裝後押往西伯利亞的日本戰俘，據估計其中許多人因囚禁而死亡。"
)


def only_line(diff):
    (hunk,) = diff.hunks
    (line,) = hunk.lines
    return line


def test_one_cjk_character_changed_in_a_long_paragraph():
    diff = diff_texts(PARAGRAPH, PARAGRAPH.replace("戰俘", "战俘"))
    head, rest = PARAGRAPH.split("戰俘", 1)
    tail = "俘" + rest
    assert only_line(diff) == DiffLine(
        1, 1, (Segment(EQUAL, head), Segment(DELETE, "戰"), Segment(INSERT, "战"), Segment(EQUAL, tail))
    )
    assert (diff.inserted, diff.deleted, diff.identical) == (1, 1, False)


def test_a_sentence_appended_to_a_paragraph():
    line = only_line(diff_texts(PARAGRAPH, PARAGRAPH + "後來多數被遣返。"))
    assert line.segments == (Segment(EQUAL, PARAGRAPH), Segment(INSERT, "後來多數被遣返。"))


def test_a_line_inserted_between_two():
    diff = diff_texts("甲\n丙\n", "甲\n乙\n丙\n")
    (hunk,) = diff.hunks
    assert hunk.lines == (
        DiffLine(1, 1, (Segment(EQUAL, "甲"),)),
        DiffLine(None, 2, (Segment(INSERT, "乙" + NEWLINE_MARK),)),
        DiffLine(2, 3, (Segment(EQUAL, "丙"),)),
    )
    assert diff.inserted == 2  # 乙 and its line break


def test_a_paragraph_deleted():
    diff = diff_texts("甲\n\n乙段落。\n\n丙\n", "甲\n\n丙\n")
    changed = [line for hunk in diff.hunks for line in hunk.lines if line.changed]
    assert changed == [
        DiffLine(3, None, (Segment(DELETE, "乙段落。" + NEWLINE_MARK),)),
        DiffLine(4, None, (Segment(DELETE, NEWLINE_MARK),)),
    ]
    assert diff.deleted == len("乙段落。\n\n")


def test_identical_texts_and_line_endings_alone_are_no_change():
    assert diff_texts(PARAGRAPH, PARAGRAPH).identical
    assert diff_texts("甲\r\n乙\r\n", "甲\n乙\n").identical


def test_a_page_created_from_nothing_is_all_inserted():
    diff = diff_texts("", "甲\n乙")
    assert [line.segments for hunk in diff.hunks for line in hunk.lines] == [
        (Segment(INSERT, "甲" + NEWLINE_MARK),),
        (Segment(INSERT, "乙"),),
    ]
    assert diff.inserted == 3


def test_context_trims_to_hunks_with_their_line_numbers():
    old = [f"第{n}行" for n in range(1, 51)]
    new = list(old)
    new[2], new[39] = "第三行改", "第四十行改"
    diff = diff_texts("\n".join(old), "\n".join(new), context=1)
    assert [(h.old_start, h.new_start, len(h.lines)) for h in diff.hunks] == [(2, 2, 3), (39, 39, 3)]
    assert [line.new_number for line in diff.hunks[1].lines] == [39, 40, 41]


def test_a_character_beyond_the_basic_plane_counts_as_one():
    assert diff_texts("甲", "甲𠀀").inserted == 1


def test_the_template_marks_changes_and_escapes_the_texts():
    html = render_to_string("articles/_diff.html", {"diff": diff_texts("<b>戰</b>", "<script>战</script>")})
    assert '<del class="diff-delete"><span class="visually-hidden">删除：</span>' in html
    assert '<ins class="diff-insert"><span class="visually-hidden">插入：</span>' in html
    assert "<script" not in html and "script&gt;战&lt;/script" in html
    assert "插入 " in html and "个字符" in html
    assert "两个版本内容相同" in render_to_string("articles/_diff.html", {"diff": diff_texts("甲", "甲")})
