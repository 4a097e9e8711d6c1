"""The character diff of two texts cut into lines: exact segments, line numbers, hunks, totals, and its template."""

import random
import time

import pytest
from django.template.loader import render_to_string

from wikitext.diffing import DiffLine, Hunk, Segment, TextDiff, diff_texts

PARAGRAPH = (
    "西伯利亞滯留者，指的是二戰結束以後被蘇聯紅軍解除武裝後押往西伯利亞的日本戰俘，"
    "人数为560,000至760,000人，据估计这其中有60,000至347,000人因囚禁而死亡。"
    "這些戰犯有的是日本人，有的是朝鮮人，原本駐紮在中國東北、朝鮮半島北部、庫頁島南部和千島群島。"
)
HEAD, TAIL = PARAGRAPH.split("戰俘")


def equal(text: str) -> Segment:
    return Segment("equal", text)


def insert(text: str) -> Segment:
    return Segment("insert", text)


def delete(text: str) -> Segment:
    return Segment("delete", text)


def all_lines(diff: TextDiff) -> list[DiffLine]:
    return [line for hunk in diff.hunks for line in hunk.lines]


def test_one_cjk_character_changed_inside_a_long_paragraph():
    diff = diff_texts(PARAGRAPH, PARAGRAPH.replace("戰俘", "战俘"))
    assert diff.hunks == (Hunk(1, 1, (DiffLine(1, 1, (equal(HEAD), delete("戰"), insert("战"), equal("俘" + TAIL))),)),)
    assert (diff.chars_inserted, diff.chars_deleted, diff.identical) == (1, 1, False)


def test_nearby_changed_characters_read_as_one_phrase():
    # 戰→战, 俘 kept, 營→营: semantic clean-up shows the phrase replaced, not three pieces.
    assert all_lines(diff_texts("日本戰俘營的生活", "日本战俘营的生活")) == [
        DiffLine(1, 1, (equal("日本"), delete("戰俘營"), insert("战俘营"), equal("的生活"))),
    ]


def test_a_sentence_appended_to_a_paragraph():
    diff = diff_texts(PARAGRAPH + "\n\n下一段。", PARAGRAPH + "後來多數被遣返。\n\n下一段。")
    assert all_lines(diff) == [
        DiffLine(1, 1, (equal(PARAGRAPH), insert("後來多數被遣返。"))),
        DiffLine(2, 2, ()),
    ]
    assert (diff.chars_inserted, diff.chars_deleted) == (8, 0)


def test_a_line_inserted_between_two():
    diff = diff_texts("甲\n丙\n", "甲\n乙\n丙\n")
    assert diff.hunks == (
        Hunk(
            1,
            1,
            (
                DiffLine(1, 1, (equal("甲"),)),
                DiffLine(None, 2, (insert("乙"),)),
                DiffLine(2, 3, (equal("丙"),)),
            ),
        ),
    )
    assert all_lines(diff)[1].kind == "insert"
    assert diff.chars_inserted == 2  # 乙 and its newline


def test_a_line_added_at_the_end_of_a_paragraph_is_a_line_of_its_own():
    # diff-match-patch puts this insertion at "第一段。|\n補充一行。|\n\n", before the newline.
    diff = diff_texts("第一段。\n\n第二段。", "第一段。\n補充一行。\n\n第二段。")
    assert all_lines(diff) == [
        DiffLine(1, 1, (equal("第一段。"),)),
        DiffLine(None, 2, (insert("補充一行。"),)),
        DiffLine(2, 3, ()),
    ]


def test_a_line_removed_at_the_end_of_a_paragraph_is_a_line_of_its_own():
    diff = diff_texts("第一段。\n刪掉的一行。\n\n第二段。", "第一段。\n\n第二段。")
    assert [line for line in all_lines(diff) if line.changed] == [DiffLine(2, None, (delete("刪掉的一行。"),))]


def test_a_paragraph_deleted():
    diff = diff_texts("第一段。\n\n第二段落。\n\n第三段。\n", "第一段。\n\n第三段。\n")
    assert diff.hunks == (
        Hunk(
            2,
            2,
            (
                DiffLine(2, 2, ()),
                DiffLine(3, None, (delete("第二段落。"),)),
                DiffLine(4, None, ()),  # the blank line after it, deleted with it
                DiffLine(5, 3, (equal("第三段。"),)),
            ),
        ),
    )
    assert [line.kind for line in diff.hunks[0].lines] == ["equal", "delete", "delete", "equal"]
    assert (diff.chars_inserted, diff.chars_deleted) == (0, len("第二段落。\n\n"))


def test_lines_replaced_show_the_old_ones_then_the_new_ones():
    diff = diff_texts("前\n舊的第一行\n舊的第二行\n後", "前\n新寫的一行\n另外新寫的兩行\n第三行\n後")
    # The last pair shares its line: both end just before 後's line, and keep 行 in common.
    assert all_lines(diff) == [
        DiffLine(1, 1, (equal("前"),)),
        DiffLine(2, None, (delete("舊的第一行"),)),
        DiffLine(None, 2, (insert("新寫的一行"),)),
        DiffLine(None, 3, (insert("另外新寫的兩行"),)),
        DiffLine(3, 4, (delete("舊的第二"), insert("第三"), equal("行"))),
        DiffLine(4, 5, (equal("後"),)),
    ]


def test_lines_added_after_an_edited_line_leave_that_line_whole():
    # Without re-aligning, the 。 of line 3 would pair with the one ending the new paragraph.
    diff = diff_texts("第一段。\n\n第二段有十個字的句子。\n", "第一段。\n\n第二段。\n\n新的第三段。\n")
    assert all_lines(diff) == [
        DiffLine(2, 2, ()),
        DiffLine(3, 3, (equal("第二段"), delete("有十個字的句子"), equal("。"))),
        DiffLine(None, 4, ()),
        DiffLine(None, 5, (insert("新的第三段。"),)),
    ]
    assert (diff.chars_inserted, diff.chars_deleted) == (len("\n新的第三段。\n"), len("有十個字的句子"))


def test_lines_removed_after_an_edited_line_leave_that_line_whole():
    diff = diff_texts("第二段。\n\n舊的第三段。", "第二段有十個字的句子。")
    assert all_lines(diff) == [
        DiffLine(1, 1, (equal("第二段"), insert("有十個字的句子"), equal("。")), line_break="delete"),
        DiffLine(2, None, ()),
        DiffLine(3, None, (delete("舊的第三段。"),)),
    ]


def test_identical_texts_have_no_hunks():
    diff = diff_texts(PARAGRAPH, PARAGRAPH)
    assert diff == TextDiff(hunks=(), chars_inserted=0, chars_deleted=0)
    assert diff.identical
    assert diff_texts("", "").identical


def test_creation_from_nothing_inserts_everything():
    diff = diff_texts("", "**西伯利亞滯留者**\n\n第二段。\n")
    assert diff.hunks == (
        Hunk(
            1,
            1,
            (
                DiffLine(None, 1, (insert("**西伯利亞滯留者**"),)),
                DiffLine(None, 2, ()),
                DiffLine(None, 3, (insert("第二段。"),)),
            ),
        ),
    )
    assert (diff.chars_inserted, diff.chars_deleted) == (len("**西伯利亞滯留者**\n\n第二段。\n"), 0)


def test_emptying_a_page_deletes_everything():
    diff = diff_texts("甲\n乙", "")
    assert all_lines(diff) == [DiffLine(1, None, (delete("甲"),)), DiffLine(2, None, (delete("乙"),))]
    assert (diff.chars_inserted, diff.chars_deleted) == (0, 3)


def test_line_endings_alone_are_no_change():
    assert diff_texts("甲\r\n\r\n乙\r\n", "甲\n\n乙\n").identical
    assert diff_texts("甲\r乙", "甲\n乙").identical  # a lone CR (old Mac text) is a line end too


def test_line_numbers_count_normalised_lines():
    diff = diff_texts("甲\r\n乙\r\n丙", "甲\n乙\n丁")
    assert all_lines(diff) == [DiffLine(2, 2, (equal("乙"),)), DiffLine(3, 3, (delete("丙"), insert("丁")))]
    assert diff.chars_deleted == 1  # the CRs were never part of the comparison


def test_context_trims_a_long_text_to_two_hunks():
    old = [f"第{number}行的內容。" for number in range(1, 51)]
    new = list(old)
    new[2] = "第3行改過的內容。"
    new[39] = "第40行改過的內容。"
    diff = diff_texts("\n".join(old), "\n".join(new))
    assert [(hunk.old_start, hunk.new_start) for hunk in diff.hunks] == [(2, 2), (39, 39)]
    assert [[line.new_number for line in hunk.lines] for hunk in diff.hunks] == [[2, 3, 4], [39, 40, 41]]
    assert diff.hunks[1].lines[1] == DiffLine(40, 40, (equal("第40行"), insert("改過"), equal("的內容。")))


def test_context_sets_how_many_unchanged_lines_surround_a_change():
    old = "\n".join(f"第{number}行" for number in range(1, 21))
    new = old.replace("第10行", "第十行")
    assert [line.new_number for line in all_lines(diff_texts(old, new, context=0))] == [10]
    assert [line.new_number for line in all_lines(diff_texts(old, new, context=3))] == list(range(7, 14))


def test_hunks_with_no_line_between_them_merge():
    old = "\n".join(f"第{number}行" for number in range(1, 21))
    new = old.replace("第5行", "第五行").replace("第9行", "第九行")
    assert [[line.new_number for line in hunk.lines] for hunk in diff_texts(old, new).hunks] == [[4, 5, 6], [8, 9, 10]]
    (hunk,) = diff_texts(old, new, context=2).hunks  # lines 3–7 and 7–11 overlap
    assert (hunk.old_start, [line.new_number for line in hunk.lines]) == (3, list(range(3, 12)))


def test_a_hunk_after_lines_present_on_one_side_only_starts_at_each_sides_own_number():
    old = "\n".join(f"第{number}行" for number in range(1, 11))
    new = "新的第一行\n新的第二行\n" + old.replace("第9行", "第九行")
    second = diff_texts(old, new, context=0).hunks[1]
    assert (second.old_start, second.new_start) == (9, 11)
    assert second.lines == (DiffLine(9, 11, (equal("第"), delete("9"), insert("九"), equal("行"))),)


def test_changes_at_the_very_start_and_end():
    assert all_lines(diff_texts(PARAGRAPH, "「" + PARAGRAPH[1:-1] + "！")) == [
        DiffLine(1, 1, (delete("西"), insert("「"), equal(PARAGRAPH[1:-1]), delete("。"), insert("！"))),
    ]


def test_a_paragraph_split_in_two_keeps_both_halves_unchanged():
    first, second = "第一句很長的一句話，說了很多事情。", "第二句也很長，說了另外的事情。"
    diff = diff_texts(first + second, first + "\n" + second)
    assert all_lines(diff) == [
        DiffLine(1, 1, (equal(first),), line_break="insert"),
        DiffLine(1, 2, (equal(second),)),
    ]
    assert (diff.chars_inserted, diff.chars_deleted) == (1, 0)


def test_two_paragraphs_joined_into_one():
    first, second = "第一句很長的一句話，說了很多事情。", "第二句也很長，說了另外的事情。"
    assert all_lines(diff_texts(first + "\n" + second, first + second)) == [
        DiffLine(1, 1, (equal(first),), line_break="delete"),
        DiffLine(2, 1, (equal(second),)),
    ]


def test_the_final_newline_added_or_removed_is_a_change():
    assert all_lines(diff_texts("甲", "甲\n")) == [DiffLine(1, 1, (equal("甲"),), line_break="insert")]
    assert all_lines(diff_texts("甲\n", "甲")) == [DiffLine(1, 1, (equal("甲"),), line_break="delete")]


def test_trailing_whitespace_changes_are_segments_of_their_own():
    (line,) = all_lines(diff_texts("句子。\n下一行", "句子。  \n下一行", context=0))
    assert line == DiffLine(1, 1, (equal("句子。"), insert("  ")))
    assert line.segments[1].is_blank and not line.segments[0].is_blank


def test_a_character_beyond_the_basic_plane_is_one_character():
    diff = diff_texts("𠀀是一個很少用的字", "𠀁是一個很少用的字𠀂")
    assert all_lines(diff) == [DiffLine(1, 1, (delete("𠀀"), insert("𠀁"), equal("是一個很少用的字"), insert("𠀂")))]
    assert (diff.chars_inserted, diff.chars_deleted) == (2, 1)


def test_totals_count_every_character_inserted_and_deleted():
    old = "第一段。\n\n第二段有十個字的句子。\n"
    new = "第一段改寫。\n\n第二段。\n\n新的第三段。\n"
    diff = diff_texts(old, new)
    # 改寫, then a blank line and 新的第三段。 each with its newline; 有十個字的句子.
    assert (diff.chars_inserted, diff.chars_deleted) == (2 + 1 + 7, 7)
    assert diff.chars_inserted - diff.chars_deleted == len(new) - len(old)


def one_side(diff: TextDiff, side: str) -> str:
    """One text rebuilt from a diff showing every line: its segments, joined per line number."""
    kinds = ("equal", "delete") if side == "old" else ("equal", "insert")
    parts: dict[int, str] = {}
    for line in all_lines(diff):
        number = line.old_number if side == "old" else line.new_number
        if number is not None:
            parts[number] = parts.get(number, "") + "".join(s.text for s in line.segments if s.kind in kinds)
    assert list(parts) == list(range(1, len(parts) + 1))  # every line once, in order
    return "\n".join(parts.values())


def test_random_edits_keep_both_texts_and_every_change():
    chance = random.Random(20241021)
    alphabet = "甲乙丙。 \n\n𠀀a"
    for _ in range(500):
        old = "".join(chance.choice(alphabet) for _ in range(chance.randint(0, 30)))
        new = old
        for _ in range(chance.randint(1, 4)):
            start = chance.randint(0, len(new))
            new = new[:start] + chance.choice(alphabet) * chance.randint(0, 3) + new[start + chance.randint(0, 3) :]
        whole = diff_texts(old, new, context=len(old) + len(new))
        if old == new:
            assert whole.identical
            continue
        # The cutter shows no empty line after a final newline, so that newline is not rebuilt.
        assert one_side(whole, "old") == old.removesuffix("\n")
        assert one_side(whole, "new") == new.removesuffix("\n")
        assert whole.chars_inserted - whole.chars_deleted == len(new) - len(old)
        assert all(segment.text and "\n" not in segment.text for line in all_lines(whole) for segment in line.segments)
        trimmed = diff_texts(old, new, context=0)
        assert all_lines(trimmed) == [line for line in all_lines(whole) if line.changed]
        for hunk in trimmed.hunks:
            assert hunk.lines[0].old_number in (None, hunk.old_start)
            assert hunk.lines[0].new_number in (None, hunk.new_start)


def test_a_long_page_with_a_few_edits_is_fast():
    paragraph = PARAGRAPH + "\n\n"
    old = (paragraph * (100_000 // len(paragraph) + 1))[:100_000]
    new = old[:1_000] + "插入" + old[1_000:50_000] + old[50_010:99_000] + "改寫了一句。" + old[99_000:]
    timings = []
    for _ in range(3):  # the best of three, so a busy machine does not fail the test
        started = time.perf_counter()
        diff = diff_texts(old, new)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.2
    assert (diff.chars_inserted, diff.chars_deleted) == (8, 10)


# The template. No database fixture: a query from the partial would fail these tests.


def render(diff: TextDiff) -> str:
    return render_to_string("articles/_diff.html", {"diff": diff})


def test_the_template_shows_a_changed_character_inline():
    html = render(diff_texts(PARAGRAPH, PARAGRAPH.replace("戰俘", "战俘")))
    assert (
        '<div class="diff-line diff-line-change">'
        '<span class="diff-lineno" aria-hidden="true">1</span><span class="diff-lineno" aria-hidden="true">1</span>'
        f'<span class="diff-text">{HEAD}'
        '<del class="diff-delete"><span class="visually-hidden">删除：</span>戰</del>'
        '<ins class="diff-insert"><span class="visually-hidden">插入：</span>战</ins>'
        f"俘{TAIL}</span></div>"
    ) in html
    assert '<h2 class="diff-hunk-header">第 1 行</h2>' in html
    assert (
        '<p class="diff-totals">增加 <span class="diff-count-insert">1</span> 个字符，'
        '删除 <span class="diff-count-delete">1</span> 个字符。</p>'
    ) in html
    assert "两个版本内容相同" not in html


def test_the_template_says_when_the_versions_are_identical():
    html = render(diff_texts("甲\r\n", "甲\n"))
    assert html.strip() == '<p class="diff-identical">两个版本内容相同。</p>'


def test_the_template_escapes_the_texts():
    html = render(diff_texts('<script>alert("舊")</script>', '<script>alert("新")</script><img src=x onerror=y>'))
    assert "<script" not in html and "<img" not in html
    assert (
        '<span class="diff-text">&lt;script&gt;alert(&quot;'
        '<del class="diff-delete"><span class="visually-hidden">删除：</span>舊</del>'
        '<ins class="diff-insert"><span class="visually-hidden">插入：</span>新</ins>'
        "&quot;)&lt;/script&gt;"
        '<ins class="diff-insert"><span class="visually-hidden">插入：</span>&lt;img src=x onerror=y&gt;</ins></span>'
    ) in html


def test_the_template_marks_lines_present_on_one_side_and_line_breaks():
    html = render(diff_texts("前半句，後半句。\n\n刪掉的一段。\n", "前半句，\n後半句。\n"))
    assert (
        '<span class="diff-text">前半句，<ins class="diff-insert diff-line-break">'
        '<span class="visually-hidden">插入：换行</span></ins></span></div>'
    ) in html
    assert (
        '<div class="diff-line diff-line-delete"><span class="diff-lineno" aria-hidden="true">2</span>'
        '<span class="diff-lineno" aria-hidden="true"></span><span class="diff-text">'
        '<del class="diff-delete diff-empty-line"><span class="visually-hidden">删除：空行</span></del></span></div>'
    ) in html
    assert '<h2 class="diff-hunk-header">第 1 行</h2>' in html


def test_the_template_names_both_starting_lines_when_they_differ():
    old = "\n".join(f"第{number}行" for number in range(1, 11))
    new = "新的第一行\n" + old.replace("第9行", "第九行")
    html = render(diff_texts(old, new, context=0))
    assert '<h2 class="diff-hunk-header">旧版本第 9 行，新版本第 10 行</h2>' in html


def test_the_template_marks_a_whitespace_only_change():
    html = render(diff_texts("句子。", "句子。 "))
    assert '<ins class="diff-insert diff-blank"><span class="visually-hidden">插入：</span> </ins>' in html


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<b>粗</b>", "&lt;b&gt;粗&lt;/b&gt;"),
        ("&amp;", "&amp;amp;"),
        ("{{ diff }}", "{{ diff }}"),  # a revision's text is data, never a template
        ("{% now 'Y' %}", "{% now &#x27;Y&#x27; %}"),
    ],
)
def test_texts_are_shown_as_written(text, shown):
    assert f'<span class="visually-hidden">插入：</span>{shown}</ins>' in render(diff_texts("", text))


def test_a_negative_context_is_refused():
    with pytest.raises(ValueError, match="context"):
        diff_texts("甲", "乙", context=-1)
