"""Stored wikilinks pointed at this site or at zh.wikipedia: targets_in and resolve_wikilinks,
which rewrite only the anchors the renderer marked with data-target."""

import pytest

from wikitext.rendering import render_block
from wikitext.wikilinks import resolve_wikilinks, targets_in

STORED = render_block(
    '[日本人](../Page/日本人.md "wikilink")和[朝鮮人](https://zh.wikipedia.org/wiki/朝鮮人 "wikilink")、'
    '[A&B](../Page/A&B.md "wikilink")[Tornado](../Page/tornado_web.md "wikilink")'
)


def local_url(title):
    return f"/wiki/{title}"


def test_the_fragment_is_what_the_renderer_stores():
    assert STORED == (
        '<p><a href="https://zh.wikipedia.org/wiki/%E6%97%A5%E6%9C%AC%E4%BA%BA" class="wikilink" data-target="日本人">'
        "日本人</a>和"
        '<a href="https://zh.wikipedia.org/wiki/%E6%9C%9D%E9%AE%AE%E4%BA%BA" class="wikilink" data-target="朝鮮人">'
        "朝鮮人</a>、"
        '<a href="https://zh.wikipedia.org/wiki/A%26B" class="wikilink" data-target="A&amp;B">A&amp;B</a>'
        '<a href="https://zh.wikipedia.org/wiki/Tornado_web" class="wikilink" data-target="Tornado web">Tornado</a></p>'
    )


def test_targets_in_names_every_target_unescaped():
    assert targets_in([STORED, "<p>甲</p>", ""]) == {"日本人", "朝鮮人", "A&B", "Tornado web"}
    assert targets_in([]) == set()


def test_a_local_target_points_at_its_page_here():
    resolved = resolve_wikilinks(STORED, {"日本人": "日本人"}, local_url)
    assert '<a href="/wiki/日本人" class="wikilink" title="日本人">日本人</a>' in resolved
    assert 'data-target="日本人"' not in resolved


def test_a_local_target_takes_the_title_of_the_page_that_answers_it():
    resolved = resolve_wikilinks(STORED, {"Tornado web": "Tornado Web"}, local_url)
    assert '<a href="/wiki/Tornado Web" class="wikilink" title="Tornado Web">Tornado</a>' in resolved


def test_every_other_target_points_at_zh_wikipedia():
    resolved = resolve_wikilinks(STORED, {"日本人": "日本人"}, local_url)
    assert resolved == (
        '<p><a href="/wiki/日本人" class="wikilink" title="日本人">日本人</a>和'
        '<a href="https://zh.wikipedia.org/wiki/%E6%9C%9D%E9%AE%AE%E4%BA%BA" class="wikilink external" '
        'title="朝鮮人" rel="nofollow noopener">朝鮮人</a>、'
        '<a href="https://zh.wikipedia.org/wiki/A%26B" class="wikilink external" title="A&amp;B" '
        'rel="nofollow noopener">A&amp;B</a>'
        '<a href="https://zh.wikipedia.org/wiki/Tornado_web" class="wikilink external" title="Tornado web" '
        'rel="nofollow noopener">Tornado</a></p>'
    )
    assert "data-target" not in resolved


def test_what_the_new_tag_holds_is_escaped():
    resolved = resolve_wikilinks(STORED, {"A&B": 'A&B "x"'}, lambda title: f"/wiki/{title}?a=<b>")
    assert (
        '<a href="/wiki/A&amp;B &quot;x&quot;?a=&lt;b&gt;" class="wikilink" title="A&amp;B &quot;x&quot;">A&amp;B</a>'
        in resolved
    )


def test_a_fragment_without_wikilinks_is_left_as_it_is():
    fragment = '<p><a href="http://news.bbc.co.uk/" class="external">BBC</a> 甲</p>'
    assert resolve_wikilinks(fragment, {"BBC": "BBC"}, local_url) == fragment


@pytest.mark.parametrize(
    "source",
    [
        # Stored through the sanitiser: the quotes of the value come out as &quot;.
        '<abbr title="<a href=&quot;x&quot; class=&quot;wikilink&quot; data-target=&quot;甲&quot;>">乙</abbr>',
        '<abbr title=\'<a href="x" class="wikilink" data-target="甲">\'>乙</abbr>',
    ],
)
def test_a_data_target_inside_another_attribute_never_takes_an_anchor_over(source):
    stored = render_block(source)
    assert stored == (
        '<p><abbr title="&lt;a href=&quot;x&quot; class=&quot;wikilink&quot; data-target=&quot;甲&quot;&gt;">'
        "乙</abbr></p>"
    )
    assert targets_in([stored]) == set()
    assert resolve_wikilinks(stored, {"甲": "甲"}, local_url) == stored


def test_only_the_tag_exactly_as_the_renderer_writes_it_is_rewritten():
    # Another attribute between them: not the renderer's tag.
    fragment = '<p><a href="x" class="wikilink" title="t" data-target="甲">甲</a></p>'
    assert resolve_wikilinks(fragment, {"甲": "甲"}, local_url) == fragment
