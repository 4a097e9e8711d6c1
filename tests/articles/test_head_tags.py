"""Each page's <head>: canonical address, hreflang alternates, description and Open Graph, escaped; no query more."""

from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from articles.head_tags import SITE_DESCRIPTION, lead_sentence, open_graph_locale
from articles.importer.writer import import_page
from wikitext.parsing import parse_page
from wikitext.variants import VARIANTS_BY_CODE, convert_text

pytestmark = pytest.mark.django_db

SERVER = "http://testserver"
SEED = quote("西伯利亞滯留者")
SEED_SENTENCE = (
    "西伯利亞滯留者，指的是二戰結束以後被蘇聯紅軍解除武裝後押往西伯利亞的日本戰俘，"
    "人数为560,000至760,000人，据估计这其中有60,000至347,000人因囚禁而死亡。"
)
PREFIXES = {
    "zh": "wiki",
    "zh-Hans": "zh-hans",
    "zh-Hant": "zh-hant",
    "zh-Hans-CN": "zh-cn",
    "zh-Hant-HK": "zh-hk",
    "zh-Hant-MO": "zh-mo",
    "zh-Hans-MY": "zh-my",
    "zh-Hans-SG": "zh-sg",
    "zh-Hant-TW": "zh-tw",
}


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.metas, self._in_head = [], {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif tag == "body":
            self._in_head = False
        elif self._in_head and tag == "link":
            self.links.append(attrs)
        elif self._in_head and tag == "meta" and ("name" in attrs or "property" in attrs):
            key = attrs.get("name") or attrs["property"]
            assert key not in self.metas, f"{key} twice"
            self.metas[key] = attrs["content"]


def head(response):
    assert response.status_code in (200, 404)
    parsed = _Head()
    parsed.feed(response.content.decode())
    return parsed


def canonical(parsed):
    found = [link["href"] for link in parsed.links if link["rel"] == "canonical"]
    assert len(found) <= 1
    return found[0] if found else None


def alternates(parsed):
    links = parsed.links
    return [(link["hreflang"], link["href"]) for link in links if link["rel"] == "alternate" and "hreflang" in link]


def every_variant(path):
    """The alternates a page at /<prefix>/<path> has: every variant's address, then x-default."""
    return [(tag, f"{SERVER}/{prefix}/{path}") for tag, prefix in PREFIXES.items()] + [
        ("x-default", f"{SERVER}/wiki/{path}")
    ]


def test_an_article_names_its_address_its_variants_and_its_first_sentence(client, seed_article, neighbours):
    parsed = head(client.get(f"/wiki/{SEED}"))
    assert canonical(parsed) == f"{SERVER}/wiki/{SEED}"
    assert alternates(parsed) == every_variant(SEED)
    assert parsed.metas == {
        "viewport": "width=device-width, initial-scale=1",
        "description": SEED_SENTENCE,
        "og:site_name": "siberia",
        "og:title": "西伯利亞滯留者",
        "og:type": "article",
        "og:url": f"{SERVER}/wiki/{SEED}",
        "og:description": SEED_SENTENCE,
        "og:locale": "zh",
    }


def test_a_variant_page_is_its_own_canonical_address_in_its_own_words(client, seed_article, neighbours):
    title = convert_text("西伯利亞滯留者", VARIANTS_BY_CODE["zh-cn"])
    parsed = head(client.get(f"/zh-cn/{SEED}"))
    # Each variant is a page of its own words: pointing its canonical at /wiki/ would say it is a copy of it.
    assert canonical(parsed) == f"{SERVER}/zh-cn/{SEED}"
    assert alternates(parsed) == every_variant(SEED)
    assert parsed.metas["og:title"] == title == "西伯利亚滞留者"
    assert parsed.metas["description"] == convert_text(SEED_SENTENCE, VARIANTS_BY_CODE["zh-cn"])
    assert parsed.metas["description"].startswith("西伯利亚滞留者，指的是二战结束以后被苏联红军")
    assert parsed.metas["og:locale"] == "zh_CN"
    assert parsed.metas["og:url"] == f"{SERVER}/zh-cn/{SEED}"


def test_the_head_costs_the_article_page_no_query(client, seed_article, neighbours, django_assert_num_queries):
    with django_assert_num_queries(7):  # as tests/articles/test_views.py counts it without the head
        parsed = head(client.get(f"/zh-tw/{SEED}"))
    assert canonical(parsed) == f"{SERVER}/zh-tw/{SEED}"
    assert parsed.metas["og:locale"] == "zh_TW"
    with django_assert_num_queries(1):  # and the stored page keeps it
        assert canonical(head(client.get(f"/zh-tw/{SEED}"))) == f"{SERVER}/zh-tw/{SEED}"


def test_a_category_has_its_variants_and_a_description_of_its_own(client, seed_article, django_assert_num_queries):
    path = f"Category:{quote('日蘇關係')}"
    with django_assert_num_queries(4):  # as the category page costs without it
        parsed = head(client.get(f"/zh-hk/{path}"))
    assert canonical(parsed) == f"{SERVER}/zh-hk/{path}"
    assert alternates(parsed) == every_variant(path)
    hong_kong = VARIANTS_BY_CODE["zh-hk"]
    assert parsed.metas["description"] == f"Category:日蘇關係｜{convert_text(SITE_DESCRIPTION, hong_kong)}"
    assert parsed.metas["og:type"] == "website"
    assert parsed.metas["og:title"] == "Category:日蘇關係"


def test_the_canonical_address_keeps_what_makes_it_another_page_and_drops_the_rest(client, seed_article):
    parsed = head(client.get(f"/wiki/{SEED}", {"action": "history", "utm_source": "feed"}))
    assert canonical(parsed) == f"{SERVER}/wiki/{SEED}?action=history"
    assert alternates(parsed)[-2:] == [
        ("zh-Hant-TW", f"{SERVER}/zh-tw/{SEED}?action=history"),
        ("x-default", f"{SERVER}/wiki/{SEED}?action=history"),
    ]
    plain = head(client.get(f"/zh-tw/{SEED}", {"utm_source": "feed"}))
    assert canonical(plain) == f"{SERVER}/zh-tw/{SEED}"


def test_a_page_without_variants_has_a_description_and_no_canonical(client, db):
    parsed = head(client.get("/no/such/address"))
    assert canonical(parsed) is None
    assert alternates(parsed) == []
    assert parsed.metas["description"] == SITE_DESCRIPTION
    assert parsed.metas["og:url"] == f"{SERVER}/no/such/address"
    assert parsed.metas["og:title"] == "siberia"


def test_every_page_offers_the_browser_its_search(client, seed_article):
    for path in (f"/wiki/{SEED}", "/", "/no/such/address"):
        parsed = head(client.get(path))
        assert {
            "rel": "search",
            "type": "application/opensearchdescription+xml",
            "title": "siberia",
            "href": "/opensearch.xml",
        } in parsed.links


def test_titles_and_leads_are_escaped(client, db):
    text = 'A & B say "hi" <b>loudly</b><script>alert(1)</script>. Then more.\n'
    import_page(parse_page(text, 'Tom "&" <Jerry>'), text)
    response = client.get("/wiki/" + quote('Tom_"&"_<Jerry>'))
    body = response.content.decode()
    assert '<meta property="og:title" content="Tom &quot;&amp;&quot; &lt;Jerry&gt;">' in body
    assert '<meta name="description" content="A &amp; B say &quot;hi&quot; loudly.">' in body
    assert "alert" not in body
    parsed = head(response)
    assert parsed.metas["og:title"] == 'Tom "&" <Jerry>'
    assert parsed.metas["og:description"] == 'A & B say "hi" loudly.'
    assert canonical(parsed) == f"{SERVER}/wiki/Tom_%22&%22_%3CJerry%3E"


# --- the first sentence ------------------------------------------------------------------------


def test_the_first_sentence_leaves_out_markers_notices_figures_and_empty_brackets():
    lead = (
        '<blockquote><p>本文内容由<a href="x">DBZ</a>转换而来。</p></blockquote>'
        '<p><a href="https://zh.wikipedia.org/wiki/File:A.png" class="image">A</a> '
        '<strong>日本人</strong>（）是指擁有<a href="/wiki/日本">日本</a>國籍者'
        '<sup class="reference" id="cite_ref-1"><a href="#cite_note-1">[1]</a></sup>。其後還有。</p>'
        "<p>第二段。</p>"
    )
    assert lead_sentence(lead) == "日本人是指擁有日本國籍者。"


def test_a_sentence_closes_with_its_quotes_and_latin_text_at_a_full_stop():
    assert lead_sentence("<p>他說「這是一句話。」然後走了。</p>") == "他說「這是一句話。」"
    assert lead_sentence("<p><b>JSON</b> is a format (see RFC 8259). It is used.</p>") == (
        "JSON is a format (see RFC 8259)."
    )
    assert lead_sentence("<p>Version 2.0 is out</p>") == "Version 2.0 is out"


def test_a_long_sentence_is_cut_and_no_prose_gives_nothing():
    assert lead_sentence("<p>" + "字" * 400 + "。</p>") == "字" * 149 + "…"
    assert lead_sentence("<table><tr><td>表。</td></tr></table>") == ""
    assert lead_sentence("") == ""


def test_the_first_paragraph_with_words_is_the_one_read():
    assert lead_sentence("<p></p><ul><li>第一項，沒有句號</li><li>第二項。</li></ul>") == "第一項，沒有句號"
    assert lead_sentence("<p>方程：</p><p>x = 1。</p>") == "方程："


@pytest.mark.parametrize(
    ("code", "locale"),
    [("zh", "zh"), ("zh-hans", "zh"), ("zh-hant", "zh"), ("zh-cn", "zh_CN"), ("zh-tw", "zh_TW"), ("zh-my", "zh_MY")],
)
def test_open_graph_locale_from_the_language_tag(code, locale):
    assert open_graph_locale(VARIANTS_BY_CODE[code]) == locale
