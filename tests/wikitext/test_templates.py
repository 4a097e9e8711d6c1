"""Templates the export left as source (wikitext.templates): what a reader gets instead."""

from wikitext.dialect import read
from wikitext.html_writer import write_html
from wikitext.templates import MAX_SPAN, character_templates


def html(source):
    return write_html(read(source).events, lambda number: None)


def test_a_closed_template_goes_whatever_it_holds():
    assert html("長江上游的河流。\n\n{{ 长江上游水系 }}") == "<p>長江上游的河流。</p>\n"
    assert html("甲{{ cite web | url = <http://a.example/> | title = 乙 }}丙") == "<p>甲丙</p>\n"
    assert html("{{ Otheruses|other=微软\n}}\n**Window**是") == "<p><strong>Window</strong>是</p>\n"
    assert html("甲{{a|{{b}}|c}}乙") == "<p>甲乙</p>\n"  # nested


def test_a_template_across_blocks_goes_and_the_blocks_around_it_stay_whole():
    source = "- 甲{{\\#invoke:x|\n\n`code`\n\n|class=y}}\n\n乙"
    assert html(source) == "<ul>\n<li>甲</li>\n</ul>\n<p>乙</p>\n"


def test_templates_that_stand_for_a_character_become_it():
    assert html("甲{{·}}乙{{!}}丙{{-}}丁") == "<p>甲·乙|丙丁</p>\n"
    assert character_templates("<td>甲{{·}}乙</td>") == "<td>甲·乙</td>"
    assert html("<table><tr><td>甲{{·}}乙</td></tr></table>") == "<table><tr><td>甲·乙</td></tr></table>"


def test_what_is_not_a_closed_template_stays():
    assert html("甲{{乙") == "<p>甲{{乙</p>\n"
    assert html("`{{ x }}` 與 {{") == "<p><code>{{ x }}</code> 與 {{</p>\n"
    long = "甲{{" + "乙" * (MAX_SPAN + 10) + "}}"
    assert html(long) == f"<p>{long}</p>\n"


def test_leftovers_in_the_words_go():
    assert html("**木槿**（学名：**），一种") == "<p><strong>木槿</strong>（学名：），一种</p>\n"
    assert html("甲（、）乙****丙]]") == "<p>甲乙丙</p>\n"


def test_a_page_of_a_great_many_templates_reads_in_time_linear_in_its_length():
    # Each template within one text goes in one count of braces; each left open is followed only so far.
    import time

    pages = ["甲{{x}}" * 100_000, "{{" * 200_000 + "乙", "[a](b){{" * 50_000, "{{[a](b)}}" * 50_000]
    pages.append(("[a](b){{" * 99 + "}}") * 500)  # a close now and then: each open followed, so far only
    for page in pages:
        start = time.process_time()
        html(page)
        assert time.process_time() - start < 3, page[:20]


def test_code_keeps_its_braces_and_formulas_theirs():
    assert html("```c\nint a[2][2] = {{1,2},{3,4}};\n```") == (
        '<pre><code class="language-c">int a[2][2] = {{1,2},{3,4}};\n</code></pre>\n'
    )
    assert html("    {{ name }}") == "<pre><code>{{ name }}\n</code></pre>\n"
    # A template is not followed into code, nor paired with the code's braces.
    assert html("Use {{ in templates.\n\n    x = '}}'") == (
        "<p>Use {{ in templates.</p>\n<pre><code>x = '}}'\n</code></pre>\n"
    )
    assert html("f = $\\frac{{a}}{b}$ 中 x^{{2}}") == "<p>f = $\\frac{{a}}{b}$ 中 x^{{2}}</p>\n"


def test_asterisks_between_spaces_are_an_operator_and_stay():
    assert html("2 ** 3 = 8") == "<p>2 ** 3 = 8</p>\n"
