"""The parser, on its own: no database, golden data for real pages."""

import dataclasses
import gc
import json
import os
import random
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from tests.conftest import CORPUS, SEED_PAGE, corpus_paths
from wikitext.hrefs import OUTSIDE, PAGE, normalize_link, percent_decoded
from wikitext.limits import MAX_PAGE_BYTES
from wikitext.page import REFERENCES, RELATED, TEXT, ParseError
from wikitext.parsing import parse_page

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PAGES = [SEED_PAGE, CORPUS / "九份.md", CORPUS / "Tornado.md", CORPUS / "日本裔俄羅斯人.md"]


def as_data(parsed):
    data = {f.name: getattr(parsed, f.name) for f in dataclasses.fields(parsed) if f.compare}
    return json.loads(json.dumps(data, default=dataclasses.asdict, ensure_ascii=False))


@pytest.fixture(scope="module")
def seed():
    return parse_page(SEED_PAGE.read_text(encoding="utf-8"), "西伯利亞滯留者")


@pytest.mark.parametrize("path", GOLDEN_PAGES, ids=lambda p: p.stem)
def test_matches_golden_file(path):
    parsed = parse_page(path.read_text(encoding="utf-8"), path.stem)
    golden = GOLDEN / f"{path.stem}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(as_data(parsed), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert as_data(parsed) == json.loads(golden.read_text(encoding="utf-8"))


def test_seed_markers(seed):
    assert [(m.number, m.section, m.occurrence) for m in seed.markers] == [(1, 0, 0), (2, 0, 0), (3, 0, 0), (4, 0, 0)]


def test_seed_references_with_their_urls(seed):
    assert [r.number for r in seed.references] == [1, 2, 3, 4]
    assert [r.urls for r in seed.references] == [
        ("http://news.bbc.co.uk/1/hi/world/monitoring/63012.stm",),
        ("http://www.unhchr.ch/huricane/huricane.nsf/view01/8D22741F69F38DD3802568C40036B229?opendocument",),
        ("http://www.auditorium.ru/books/407/",),
        ("http://www.anneapplebaum.com/gulag/intro.html",),
    ]
    assert seed.references[0].source.startswith("[Japanese POW group says files on over 500,000 held in Moscow]")
    assert [link.target for link in seed.references[0].links] == ["BBC News"]


def test_seed_related_entries(seed):
    assert [(e.title, e.kind) for e in seed.related] == [
        ("遺華日僑", OUTSIDE),
        ("日本僑俘遣返", PAGE),
        ("蘇聯戰爭罪行", PAGE),
        ("赤化日本人", OUTSIDE),
        ("日本裔俄羅斯人", PAGE),
    ]
    assert sum(e.kind == PAGE for e in seed.related) == 3


def test_seed_categories(seed):
    assert seed.categories == (
        "日蘇關係",
        "日本侨俘遣返",
        "西伯利亚历史",
        "在蘇聯的日本人",
        "世界记忆名录",
        "日本人墓地",
    )


def test_seed_sections(seed):
    assert [(s.level, s.heading, s.anchor, s.kind) for s in seed.sections] == [
        (2, "相關條目", "相關條目", RELATED),
        (2, "参考文献", "参考文献", REFERENCES),
    ]
    # The references section keeps no text: its list became the references, its line the categories.
    assert seed.sections[1].source == ""
    assert seed.lead.startswith("**西伯利亞滯留者**，指的是")
    assert seed.lead.endswith("並對此表示道歉。")


def test_seed_wikilinks_have_kind_and_target(seed):
    assert len(seed.links) == 31
    first = seed.links[0]
    assert (first.text, first.target, first.kind) == ("二戰結束以後被", "二戰", OUTSIDE)
    page_targets = [link.target for link in seed.links if link.kind == PAGE]
    assert page_targets == ["日本人", "高加索", "日本裔俄羅斯人", "日本僑俘遣返", "蘇聯戰爭罪行", "日本裔俄羅斯人"]


def test_escaped_brackets_in_page_links_are_unescaped():
    parsed = parse_page('见[查理五世](../Page/查理五世_\\(神圣罗马帝国\\).md "wikilink")。', "T")
    assert parsed.links[0].target == "查理五世 (神圣罗马帝国)"
    assert parsed.links[0].kind == PAGE


def test_reference_list_without_heading_and_empty_entries_keep_numbers():
    text = "正文\\[1\\]和\\[3\\]。\n\n1.  甲\n2.  乙\n3.\n"
    parsed = parse_page(text, "T")
    assert [(r.number, r.source) for r in parsed.references] == [(1, "甲"), (2, "乙"), (3, "")]
    assert parsed.sections == ()
    assert parsed.lead == "正文\\[1\\]和\\[3\\]。"


def test_numbered_list_without_markers_stays_text():
    parsed = parse_page("步骤：\n\n1.  甲\n2.  乙\n", "T")
    assert parsed.references == ()
    assert "1.  甲" in parsed.lead


def test_categories_wherever_they_stand_and_in_either_script():
    text = (
        '正文[Category:甲](https://zh.wikipedia.org/wiki/Category:甲 "wikilink")。\n\n'
        '[分類:乙](https://zh.wikipedia.org/wiki/分類:乙 "wikilink") [分类:丙](../Page/分类:丙.md "wikilink")\n'
    )
    parsed = parse_page(text, "T")
    assert parsed.categories == ("甲", "乙", "丙")
    assert "Category" not in parsed.lead and "分類" not in parsed.lead
    assert parsed.links == ()


def test_missing_reference_is_reported():
    parsed = parse_page("甲\\[1\\]乙\\[9\\]\n\n1.  来源\n", "T")
    assert parsed.missing_references == (9,)


def test_repeated_marker_occurrences():
    parsed = parse_page("甲\\[1\\]\n\n## 乙\n\n丙\\[1\\]\\[2\\]\n\n1.  一\n2.  二\n", "T")
    assert [(m.number, m.section, m.occurrence) for m in parsed.markers] == [(1, 0, 0), (1, 1, 1), (2, 1, 0)]


def test_repeated_headings_get_distinct_anchors():
    parsed = parse_page("## 生平\n\n甲\n\n## 生平\n\n乙\n\n### A b\n\n丙\n", "T")
    assert [s.anchor for s in parsed.sections] == ["生平", "生平_2", "A_b"]
    assert [s.level for s in parsed.sections] == [2, 2, 3]


def test_see_also_in_simplified_heading_is_related():
    parsed = parse_page('## 参见\n\n  - [甲](../Page/甲.md "wikilink")\n', "T")
    assert parsed.sections[0].kind == RELATED
    assert parsed.related[0].target == "甲"


def test_leftover_template_lines_are_dropped():
    parsed = parse_page("甲\n\n{{-}}\n\n<references/>\n\n乙\n", "T")
    assert "{{-}}" not in parsed.lead and "references" not in parsed.lead
    assert parsed.sections == () and parsed.lead.startswith("甲")
    assert [s.kind for s in parse_page("## 甲\n\n乙\n", "T").sections] == [TEXT]


@pytest.mark.parametrize("text", ["", "   \n\n", '[Category:甲](https://zh.wikipedia.org/wiki/Category:甲 "wikilink")'])
def test_pages_with_no_text_are_refused(text):
    with pytest.raises(ParseError):
        parse_page(text, "T")


def test_title_is_normalised():
    assert parse_page("甲", "JACK_Audio_Connection_Kit").title == "JACK Audio Connection Kit"


def test_many_repeated_headings_stay_cheap_and_distinct():
    parsed = parse_page("\n\n".join(["## 甲\n\n文"] * 3000 + ["## 甲_2\n\n文"]), "T")
    anchors = [s.anchor for s in parsed.sections]
    assert anchors[:3] == ["甲", "甲_2", "甲_3"] and len(set(anchors)) == len(anchors)


RAW_TABLE_PAGE = (
    "甲\\[1\\]\n\n"
    "<table>\n"
    '<tr><td><p>4.5[2]</p></td><td title="[1]"><a href="../Page/乙.md" title="wikilink">乙[1]</a></td></tr>\n'
    "<tr><td><p>[1][9]</p></td></tr>\n"
    "</table>\n\n"
    "1.  一\n2.  二\n"
)


def test_plain_markers_in_raw_html_count_where_the_page_has_the_reference():
    parsed = parse_page(RAW_TABLE_PAGE, "T")
    # [9] has no reference: a bracketed number of the table's own. Inside an attribute or a link, [1] is text.
    assert [(m.number, m.occurrence) for m in parsed.markers] == [(1, 0), (2, 0), (1, 1)]
    assert parsed.missing_references == ()


def test_a_reference_list_cited_only_from_raw_html_is_found():
    parsed = parse_page("<table>\n<tr><td><p>甲[1]</p></td></tr>\n</table>\n\n1.  出處\n", "T")
    assert [(r.number, r.source) for r in parsed.references] == [(1, "出處")]
    assert [m.number for m in parsed.markers] == [1]


def test_a_heading_marker_counts_with_its_section():
    parsed = parse_page("甲\\[1\\]\n\n## 規則\\[2\\]\n\n乙\\[1\\]\n\n1.  一\n2.  二\n", "T")
    assert [(m.number, m.section, m.occurrence) for m in parsed.markers] == [(1, 0, 0), (2, 1, 0), (1, 1, 1)]
    assert parsed.sections[0].anchor == "規則"


def test_a_table_number_that_no_list_item_has_leaves_the_closing_list_as_text():
    parsed = parse_page("<table>\n<tr><td><p>1990年[7]</p></td></tr>\n</table>\n\n1.  一\n2.  二\n", "T")
    assert parsed.references == ()
    assert parsed.markers == ()
    assert "1.  一" in parsed.lead


def test_markers_after_a_tag_left_open_in_raw_html_are_text_like_the_tag():
    # As in a browser, a tag, quote or comment never closed runs to the end of its block.
    for opening in ("<span ", '<td title="', "<!-- "):
        parsed = parse_page(f"甲\\[1\\]\n\n<div>\n乙[1]{opening}丙[1]\n\n1.  一\n", "T")
        assert [(m.section, m.occurrence) for m in parsed.markers] == [(0, 0), (0, 1)], opening


def test_parse_page_leaves_the_cycle_collector_as_it_found_it():
    was_enabled = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            parse_page("甲", "T")
            assert gc.isenabled() is enabled
            with pytest.raises(ParseError):
                parse_page("", "T")
            assert gc.isenabled() is enabled
        gc.enable()
        # Parses in threads at once: the collector runs again once the last has ended.
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda text: parse_page(text, "T"), [SEED_PAGE.read_text(encoding="utf-8")] * 8))
        assert gc.isenabled()
    finally:
        (gc.enable if was_enabled else gc.disable)()


# The dialect reads percent-escapes by short cuts (wikitext.hrefs): they must give exactly
# what the standard library gives, whatever the text.


def test_percent_escapes_read_and_written_as_the_standard_library_does():
    pieces = [
        *"%aZ09éß甲\x01 /:#~;?@&=+$,-_.!*'()[]\\\"<>^`{|}\x7f\t\n",
        "%E6",
        "%97",
        "%A5",
        "%zz",
        "%4",
        "😀",
        "%F0%9F",
    ]
    pieces += ["%C3", "%80", "%2F", "../Page/", "https://zh.wikipedia.org/wiki/"]
    chance = random.Random(8)
    for _ in range(20000):
        text = "".join(chance.choices(pieces, k=chance.randint(0, 12)))
        assert percent_decoded(text) == unquote(text), text
        if "%" not in text and "://" not in text:  # else normalize_link may take markdown-it's long way
            assert normalize_link(text) == quote(text, safe=";/?:@&=+$,-_.!~*'()#%"), text


# Timed tests (time.perf_counter; the best of five runs, for the machine may be shared and the
# best of several is the least disturbed by it). A page
# file may be up to SIBERIA_MAX_PAGE_BYTES (4 MiB): a page of real text of that size must parse in
# under a second (about 0.3 s a 2 MB page here), and no shape of page may take time that grows
# faster than its length.


def best_parse_seconds(text: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parsed = parse_page(text, "T")
        times.append(time.perf_counter() - start)
        del parsed  # freed outside the timing
    return min(times)


def corpus_text(size: int) -> str:
    """Pages of the corpus one after the other, over and over, as many as ``size`` bytes hold."""
    pages = [path.read_text(encoding="utf-8") for path in corpus_paths()]
    chosen, total = [], 0
    while True:
        page = pages[len(chosen) % len(pages)]
        if total + len(page.encode()) + 2 > size:
            return "\n\n".join(chosen)
        chosen.append(page)
        total += len(page.encode()) + 2


def test_timed_a_page_of_corpus_text_as_long_as_the_limit_parses_in_linear_time():
    # A ratio, not seconds: a busy machine slows both parses alike (0.64 s for the whole page when quiet).
    text, quarter = corpus_text(MAX_PAGE_BYTES), corpus_text(MAX_PAGE_BYTES // 4)
    assert MAX_PAGE_BYTES - 64 * 1024 < len(text.encode()) <= MAX_PAGE_BYTES
    seconds, quarter_seconds = best_parse_seconds(text, runs=3), best_parse_seconds(quarter, runs=3)
    assert seconds < 6 * quarter_seconds, (
        f"a {len(text.encode()):,}-byte page took {seconds:.2f} s to parse, a quarter of it {quarter_seconds:.2f} s"
    )


def wrapped_paragraph_of_links(count: int) -> str:
    return '甲[乙](../Page/乙.md "wikilink")丙[丁](https://zh.wikipedia.org/wiki/丁 "wikilink")\n' * count


def categories_left_open(count: int) -> str:
    return "甲\n\n" + "[Category:甲" * count


@pytest.mark.parametrize(
    ("shape", "count"),
    [(wrapped_paragraph_of_links, 2500), (categories_left_open, 5000)],
    ids=["wrapped_paragraph_of_links", "categories_left_open"],
)
def test_timed_parse_time_grows_with_the_length_not_faster(shape, count):
    # Four times the text: about four times the time; a quadratic cost would take sixteen.
    small, large = best_parse_seconds(shape(count)), best_parse_seconds(shape(4 * count))
    assert large / small < 8, f"{small:.3f} s, then {large:.3f} s for four times the text"


@pytest.mark.parametrize("opening", ["<span ", '<td title="', "<!-- "])
def test_timed_raw_html_with_thousands_of_tags_left_open_parses_at_once(opening):
    text = "甲\\[1\\]\n\n<div>\n" + opening * 20000 + "[1]\n\n## 參考文獻\n\n1.  來源\n"
    seconds = best_parse_seconds(text, runs=1)
    assert seconds < 0.5, f"{seconds:.2f} s"  # it took half a minute when each "<" read to the end
