"""The writer's own rules (wikitext.html_writer), before sanitising: exact HTML for each."""

from wikitext.dialect import read
from wikitext.html_writer import mark_raw_wikilinks, write_html


def html(source, linked=lambda number: None):
    return write_html(read(source).events, linked)


def test_a_line_break_between_cjk_characters_is_no_space():
    assert html("中文\n换行") == "<p>中文换行</p>\n"
    assert html("Web\nServer") == "<p>Web\nServer</p>\n"
    assert html("中文\nServer") == "<p>中文\nServer</p>\n"


def test_markers_are_linked_by_the_callback_or_stay_bare():
    assert html("甲\\[2\\]", lambda number: f"<sup>{number}</sup>") == "<p>甲<sup>2</sup></p>\n"
    assert html("甲\\[2\\]") == '<p>甲<sup class="reference">[2]</sup></p>\n'


def test_the_words_pandoc_pulled_into_a_link_follow_it():
    assert html('[二戰結束以後被](https://zh.wikipedia.org/wiki/二戰 "wikilink")') == (
        '<p><a href="https://zh.wikipedia.org/wiki/%E4%BA%8C%E6%88%B0" class="wikilink" data-target="二戰">'
        "二戰</a>結束以後被</p>\n"
    )


def test_a_file_link_shows_its_name_as_a_caption():
    assert html('[Potosi_Real.jpg](https://zh.wikipedia.org/wiki/File:Potosi_Real.jpg "fig:Potosi_Real.jpg")') == (
        '<p><a href="https://zh.wikipedia.org/wiki/File:Potosi_Real.jpg" class="image" '
        'aria-label="Potosi_Real.jpg">Potosi Real</a></p>\n'
    )


def test_an_image_goes_with_its_alt_text():
    assert html("甲![乙](x.png)丙") == "<p>甲丙</p>\n"


def test_code_keeps_every_character_escaped():
    assert html("`<b>&\\[1\\]`") == "<p><code>&lt;b&gt;&amp;\\[1\\]</code></p>\n"
    assert html("```py\n<b>\n```") == '<pre><code class="language-py">&lt;b&gt;\n</code></pre>\n'


def test_raw_html_wikilinks_are_marked():
    assert mark_raw_wikilinks('<a href="../Page/甲.md" title="wikilink">甲</a>') == (
        '<a href="https://zh.wikipedia.org/wiki/%E7%94%B2" class="wikilink" data-target="甲">甲</a>'
    )
    assert mark_raw_wikilinks('<a href="http://x" title="t">x</a>') == '<a href="http://x" title="t">x</a>'


def test_a_code_block_at_the_very_end_ends_its_last_line():
    assert html("    code") == html("    code\n") == "<pre><code>code\n</code></pre>\n"
    assert html("```\ncode") == "<pre><code>code\n</code></pre>\n"
