"""Markdown to stored HTML, without a database."""

import pytest

from tests.conftest import SEED_PAGE, corpus_paths
from wikitext.parsing import parse_page
from wikitext.rendering import render_block, render_page, render_parsed


def test_footnote_marker_used_once():
    page = render_page("甲\\[1\\]。", [], [(1, "来源")])
    assert page.lead == '<p>甲<sup class="reference" id="cite_ref-1"><a href="#cite_note-1">[1]</a></sup>。</p>'
    assert page.marker_counts == {1: 1}


def test_footnote_marker_used_twice_counts_across_sections():
    page = render_page("甲\\[1\\]", [("乙", "丙\\[1\\]")], [(1, "来源")])
    assert 'id="cite_ref-1-0"' in page.lead
    assert '<sup class="reference" id="cite_ref-1-1"><a href="#cite_note-1">[1]</a></sup>' in page.sections[0]
    assert page.marker_counts == {1: 2}


def test_marker_without_reference_is_not_a_broken_link():
    page = render_page("甲\\[9\\]", [], [])
    assert page.lead == '<p>甲<sup class="reference">[9]</sup></p>'


def test_wikilinks_carry_their_target_and_point_outside_until_resolved():
    html = render_block(
        '[日本人](../Page/日本人.md "wikilink")和[朝鮮人](https://zh.wikipedia.org/wiki/朝鮮人 "wikilink")'
    )
    assert (
        '<a href="https://zh.wikipedia.org/wiki/%E6%97%A5%E6%9C%AC%E4%BA%BA" class="wikilink" data-target="日本人">'
        "日本人</a>" in html
    )
    assert 'data-target="朝鮮人"' in html


def test_external_links_are_marked_and_not_followed():
    html = render_block("[BBC](http://news.bbc.co.uk/x)")
    assert html == '<p><a href="http://news.bbc.co.uk/x" class="external" rel="nofollow noopener">BBC</a></p>'


def test_soft_break_between_cjk_characters_joins():
    assert render_block("中文\n换行") == "<p>中文换行</p>"
    assert render_block("Tornado Web\nServer") == "<p>Tornado Web\nServer</p>"


def test_unsafe_markup_never_survives():
    source = (
        '<script>alert(1)</script><img src=x onerror="alert(1)">'
        '[x](javascript:alert(1)) <a href="data:text/html,hi" onclick="x()">y</a>'
        '<span style="background:url(javascript:1)">z</span>'
    )
    html = render_block(source)
    for bad in ("<script", "onerror", 'href="javascript:', 'href="data:', "onclick", "style=", "<img"):
        assert bad not in html
    # markdown-it refuses the javascript: link, so it stays visible as plain text.
    assert html.endswith("[x](javascript:alert(1)) <a>y</a><span>z</span>")


def test_image_link_is_a_named_icon_to_the_file_page_before_its_caption():
    html = render_block(
        '[Potosi_Real.jpg](https://zh.wikipedia.org/wiki/File:Potosi_Real.jpg "fig:Potosi_Real.jpg")'
        "都有相似的结构\\]\\]"
    )
    assert html == (
        '<p><a href="https://zh.wikipedia.org/wiki/File:Potosi_Real.jpg" class="image" '
        'aria-label="Potosi_Real.jpg">Potosi Real</a>都有相似的结构</p>'
    )


def test_wikilinks_inside_raw_html_tables_are_marked_like_the_others():
    html = render_block(
        '<table>\n<tr class="header">\n<td><a href="../Page/日本人.md" title="wikilink">日本人</a></td>\n'
        "</tr>\n</table>"
    )
    assert (
        '<a href="https://zh.wikipedia.org/wiki/%E6%97%A5%E6%9C%AC%E4%BA%BA" class="wikilink" data-target="日本人">'
        in html
    )
    assert '<tr class="header">' in html


def test_image_link_with_a_caption_keeps_it():
    html = render_block('[遠望九份](https://zh.wikipedia.org/wiki/File:X.jpg "fig:遠望九份")')
    assert html == '<p><a href="https://zh.wikipedia.org/wiki/File:X.jpg" class="image">遠望九份</a></p>'


def test_template_leftovers_leave_no_brackets():
    assert (
        render_block("**** （也寫成**甲**）日裔（、）是（）人。") == "<p> （也寫成<strong>甲</strong>）日裔是人。</p>"
    )


def test_gallery_file_links_point_at_the_file_page():
    html = render_block("<File:CRW.jpg> [a](file:///etc/passwd)")
    assert '<a href="https://zh.wikipedia.org/wiki/File:CRW.jpg" class="image">File:CRW.jpg</a>' in html
    assert 'href="file:' not in html


def test_bold_around_links_between_cjk_characters():
    html = render_block('以**[DSPACE](https://zh.wikipedia.org/wiki/DSPACE "wikilink")**和**乙**。')
    assert html.startswith("<p>以<strong><a ") and "</strong>和<strong>乙</strong>。</p>" in html


@pytest.mark.parametrize("path", [*corpus_paths(), SEED_PAGE], ids=lambda p: p.stem)
def test_import_and_editor_paths_render_alike(path):
    # Importing renders from the page's one parse; admin and loaddata render from
    # the stored sources. A page must come out the same either way.
    parsed = parse_page(path.read_text(encoding="utf-8"), path.stem)
    from_sources = render_page(
        parsed.lead,
        [(section.heading, section.source) for section in parsed.sections],
        [(reference.number, reference.source) for reference in parsed.references],
    )
    assert render_parsed(parsed) == from_sources


def test_words_pandoc_pulled_into_a_link_stand_after_it_as_on_zh_wikipedia():
    html = render_block(
        '[二戰結束以後被](https://zh.wikipedia.org/wiki/二戰 "wikilink")'
        '[Python语言写成的](../Page/Python.md "wikilink")[北京](../Page/北京市.md "wikilink")'
    )
    assert 'data-target="二戰">二戰</a>結束以後被<a' in html
    assert 'data-target="Python">Python</a>语言写成的<a' in html
    # Display text that is not the target followed by more words is a piped link: kept whole.
    assert 'data-target="北京市">北京</a></p>' in html


def test_a_data_target_inside_another_attribute_takes_no_anchor_over():
    from wikitext.wikilinks import resolve_wikilinks

    fragment = '<a href="https://x.example/" class="image" aria-label="a data-target=">b</a>'
    assert resolve_wikilinks(fragment, {}, lambda title: f"/wiki/{title}") == fragment


def test_variant_markup_inside_an_attribute_stays_there():
    from wikitext.variants import Variant, convert_html

    fragment = '<a href="https://x.example/" class="image" aria-label="甲}-乙發展">發展</a>'
    assert convert_html(fragment, Variant.named("zh-cn")) == (
        '<a href="https://x.example/" class="image" aria-label="甲}-乙發展">发展</a>'
    )


def test_raw_html_cannot_pose_as_the_pages_own_parts():
    html = render_block('<sup id="cite_note-1" class="reference toc">x</sup><div class="skip-link" id="toc">y</div>')
    assert html == '<p><sup class="reference">x</sup></p><div>y</div><p></p>'


def test_plain_markers_in_raw_html_link_to_their_reference():
    from tests.wikitext.test_parsing import RAW_TABLE_PAGE

    page = render_parsed(parse_page(RAW_TABLE_PAGE, "T"))
    assert page.lead.startswith(
        '<p>甲<sup class="reference" id="cite_ref-1-0"><a href="#cite_note-1">[1]</a></sup></p>'
    )
    assert '<td><p>4.5<sup class="reference" id="cite_ref-2"><a href="#cite_note-2">[2]</a></sup></p></td>' in page.lead
    assert (
        '<td><p><sup class="reference" id="cite_ref-1-1"><a href="#cite_note-1">[1]</a></sup>[9]</p></td>' in page.lead
    )
    in_link = (
        '<td title="[1]"><a href="https://zh.wikipedia.org/wiki/%E4%B9%99" class="wikilink" data-target="乙">乙[1]</a>'
    )
    assert in_link in page.lead
    assert page.marker_counts == {1: 2, 2: 1}


def test_a_heading_marker_links_to_its_reference():
    page = render_page("甲", [("規則\\[1\\]", "乙")], [(1, "来源")])
    assert page.headings == ('規則<sup class="reference" id="cite_ref-1"><a href="#cite_note-1">[1]</a></sup>',)
    assert page.marker_counts == {1: 1}


def test_hostile_raw_html_beside_a_plain_marker_stays_harmless():
    page = render_page(
        '<table><tr><td onclick="steal()">[1]<a href="javascript:alert(1)">y</a><script>[1]</script></td></tr></table>',
        [],
        [(1, "来源")],
    )
    assert page.lead == (
        '<table><tbody><tr><td><sup class="reference" id="cite_ref-1"><a href="#cite_note-1">[1]</a></sup>'
        "<a>y</a></td></tr></tbody></table>"
    )
    assert page.marker_counts == {1: 1}


def test_a_plain_number_outside_raw_html_blocks_stays_text():
    page = render_page("文字<span>[1]</span>", [], [(1, "来源")])
    assert page.lead == "<p>文字<span>[1]</span></p>"
    assert page.marker_counts == {}
