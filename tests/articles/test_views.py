"""The article page as a reader gets it: exact fragments and a bounded number of queries."""

from html import unescape
from urllib.parse import quote

import pytest
from django.utils.html import escape

from articles.models import Article

pytestmark = pytest.mark.django_db

SEED_URL = "/wiki/西伯利亞滯留者"


@pytest.fixture
def seed_page(client, seed_article, neighbours):
    response = client.get(SEED_URL)
    assert response.status_code == 200
    return response.content.decode()


def test_one_main_element_with_the_title(seed_page):
    assert seed_page.count("<main") == 1
    assert '<h1 id="firstHeading">西伯利亞滯留者</h1>' in seed_page


def test_footnote_markers_link_to_references_and_back(seed_page):
    for n in range(1, 5):
        assert f'<sup class="reference" id="cite_ref-{n}"><a href="#cite_note-{n}">[{n}]</a></sup>' in seed_page
        assert (
            f'<li id="cite_note-{n}"><span class="mw-cite-backlink">'
            f'<a href="#cite_ref-{n}" aria-label="返回引用处">↑</a></span>' in seed_page
        )
    assert seed_page.count('<ol class="references">') == 1


def test_reference_text_with_its_links(seed_page):
    assert (
        '<span class="reference-text"><a href="http://news.bbc.co.uk/1/hi/world/monitoring/63012.stm" '
        'class="external" rel="nofollow noopener">Japanese POW group says files on over 500,000 held in Moscow</a>'
        in seed_page
    )


def test_links_to_pages_here_are_local_and_others_go_to_zh_wikipedia(seed_page):
    local = '<a href="/wiki/%E6%97%A5%E6%9C%AC%E4%BA%BA" class="wikilink" title="日本人">日本人</a>'
    assert local in seed_page
    outside = (
        '<a href="https://zh.wikipedia.org/wiki/%E6%9C%9D%E9%AE%AE%E4%BA%BA" class="wikilink external" '
        'title="朝鮮人" rel="nofollow noopener">朝鮮人</a>'
    )
    assert outside in seed_page
    assert "data-target" not in seed_page


def test_related_entries_as_a_list_of_links(seed_page):
    start = seed_page.index('<h2 id="相關條目">')
    related = seed_page[start : seed_page.index("</section>", start)]
    assert related.count("<li>") == 5
    assert related.count('class="wikilink"') == 2  # 日本僑俘遣返 and 日本裔俄羅斯人 are here
    assert related.count('class="wikilink external"') == 3  # 蘇聯戰爭罪行 is not in this corpus


def test_table_of_contents(seed_page):
    assert '<a href="#相關條目"><span class="tocnumber">1</span> <span class="toctext">相關條目</span></a>' in seed_page
    assert '<a href="#参考文献"><span class="tocnumber">2</span>' in seed_page


def test_categories_bar(seed_page):
    bar = seed_page[seed_page.index('<nav class="catlinks"') :]
    assert bar.count("<li>") == 6
    assert '<a href="/wiki/Category:%E6%97%A5%E8%98%87%E9%97%9C%E4%BF%82">日蘇關係</a>' in bar


def test_percent_encoded_and_raw_paths_both_work(client, seed_article):
    assert client.get("/wiki/" + quote("西伯利亞滯留者")).status_code == 200
    assert client.get(SEED_URL).status_code == 200


def test_spaces_redirect_to_underscores(client, db):
    from articles.importer.writer import import_page
    from wikitext.parsing import parse_page

    import_page(parse_page("正文", "Tornado Web"), "正文")
    response = client.get("/wiki/Tornado Web")
    assert response.status_code == 302
    assert response["Location"] == "/wiki/Tornado_Web"
    assert client.get("/wiki/Tornado_Web").status_code == 200


def test_constant_number_of_queries(client, seed_article, neighbours, django_assert_num_queries):
    # The article, then (cold cache) its sections, references, related entries and categories, the
    # article again with them, then its link targets: 7, the README's figure.
    with django_assert_num_queries(7):
        client.get(SEED_URL)
    # A larger page costs no more: 高加索 has tables, many links and sections.
    with django_assert_num_queries(7):
        client.get("/wiki/高加索")


def test_a_warm_page_costs_one_query(client, seed_article, django_assert_num_queries):
    client.get(SEED_URL)
    with django_assert_num_queries(1):  # the article's version: its stored bytes are current
        client.get(SEED_URL)


def test_page_imported_later_turns_links_local_without_reimport(client, seed_article):
    assert 'href="/wiki/%E6%97%A5%E6%9C%AC%E4%BA%BA"' not in client.get(SEED_URL).content.decode()
    from articles.importer.writer import import_page
    from wikitext.parsing import parse_page

    import_page(parse_page("日本人是……", "日本人"), "日本人是……")
    assert 'href="/wiki/%E6%97%A5%E6%9C%AC%E4%BA%BA" class="wikilink"' in client.get(SEED_URL).content.decode()


def test_unknown_title_is_404_with_a_way_home(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/wiki/不存在的條目")
    assert response.status_code == 404
    body = response.content.decode()
    assert "本站没有名为「不存在的條目」的条目。" in body
    assert '<a href="/">返回首页</a>' in body


def test_category_page_lists_its_articles(client, seed_article, django_assert_num_queries):
    with django_assert_num_queries(4):  # the site's state (validators), then the page
        response = client.get("/wiki/Category:日蘇關係")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>分类：日蘇關係</h1>" in body
    assert (
        '<li><a href="/wiki/%E8%A5%BF%E4%BC%AF%E5%88%A9%E4%BA%9E%E6%BB%AF%E7%95%99%E8%80%85">西伯利亞滯留者</a></li>'
        in body
    )


def test_unknown_category_is_404(client, db):
    assert client.get("/wiki/Category:沒有").status_code == 404


def test_home_lists_the_seed_first(client, seed_article, neighbours, django_assert_num_queries):
    with django_assert_num_queries(
        2
    ):  # the site's state (validators), then the list and the site's counts on each of its rows
        body = client.get("/").content.decode()
    items = body[body.index('<ul class="article-list">') :]
    assert items.index("西伯利亞滯留者") < items.index("日本人")
    assert "本站收录 5 个条目。" in body


def test_pages_carry_a_content_security_policy(client, seed_article):
    policy = client.get(SEED_URL)["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_stored_html_is_what_the_page_shows(client, seed_article):
    # Markdown is parsed at import, not per request: the page comes from stored fragments.
    Article.objects.filter(pk=seed_article.pk).update(lead_html="<p>stored</p>", version=99)
    assert "<p>stored</p>" in client.get(SEED_URL).content.decode()


def test_category_names_are_variant_blind(client, seed_article):
    response = client.get("/wiki/Category:日苏关系")
    assert response.status_code == 302
    assert response["Location"] == "/wiki/Category:%E6%97%A5%E8%98%87%E9%97%9C%E4%BF%82"
    assert client.get("/zh-cn/Category:日苏关系")["Location"].startswith("/zh-cn/Category:")


@pytest.mark.parametrize("title", ["100% Pure", "Who?", "C++", "It's", "$", "(E)-二苯基乙烯", ".ad", "A/B"])
def test_titles_with_url_characters_are_reached_by_their_url_and_by_links(client, db, title):
    from articles.importer.writer import import_page
    from wikitext.parsing import parse_page
    from wikitext.titles import title_to_path

    import_page(parse_page("正文", title), "正文")
    # As pandoc writes it: brackets in the destination escaped, spaces as underscores.
    destination = title_to_path(title).replace("(", r"\(").replace(")", r"\)")
    link = f'見[{title}](../Page/{destination}.md "wikilink")。'
    import_page(parse_page(link, "連結頁"), link)
    body = client.get("/wiki/連結頁").content.decode()
    href = unescape(body.split('class="wikilink"')[0].rsplit('href="', 1)[1].split('"')[0])
    assert href.startswith("/wiki/")
    response = client.get(href)
    assert response.status_code == 200, href
    assert f'<h1 id="firstHeading">{escape(title)}</h1>' in response.content.decode()


@pytest.mark.parametrize("path", ["/wiki/_", "/wiki/%20", "/zh-tw/_"])
def test_a_title_of_nothing_is_not_found(client, db, path):
    assert client.get(path).status_code == 404


def test_titles_typed_in_admin_or_fixtures_are_normalised(client, db):
    article = Article.objects.create(title="foo_bar", lead="甲")
    assert article.title == "Foo bar"
    assert client.get("/wiki/Foo_bar").status_code == 200


def test_a_heading_marker_links_down_but_stays_out_of_the_contents(client, django_assert_num_queries):
    from articles.importer.writer import import_page
    from wikitext.parsing import parse_page

    text = "甲\n\n## 規則\\[1\\]\n\n乙\n\n## 參考資料\n\n1.  出處\n"
    import_page(parse_page(text, "藤球"), text)
    with django_assert_num_queries(6):
        body = client.get("/wiki/藤球").content.decode()
    assert '<h2 id="規則">規則<sup class="reference" id="cite_ref-1"><a href="#cite_note-1">[1]</a></sup></h2>' in body
    assert '<a href="#規則"><span class="tocnumber">1</span> <span class="toctext">規則</span></a>' in body
    assert body.count('id="cite_ref-1"') == 1
    assert (
        '<li id="cite_note-1"><span class="mw-cite-backlink"><a href="#cite_ref-1" aria-label="返回引用处">↑</a>'
        in body
    )
