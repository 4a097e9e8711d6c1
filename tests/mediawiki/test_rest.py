"""/api/rest_v1/page/summary/<title>: the Wikimedia REST API's page summary, validated like the pages."""

import re
from datetime import UTC
from urllib.parse import quote

import pytest

from wikitext.prose import first_paragraph_html, paragraph_text

SUMMARY = "/api/rest_v1/page/summary/"
PROFILE = 'application/json; charset=utf-8; profile="https://www.mediawiki.org/wiki/Specs/Summary/1.4.2"'
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
SEED = "西伯利亞滯留者"
SEED_EXTRACT = (
    "西伯利亞滯留者，指的是二戰結束以後被蘇聯紅軍解除武裝後押往西伯利亞的日本戰俘，人数为560,000至760,000人，"
    "据估计这其中有60,000至347,000人因囚禁而死亡。 這些戰俘有的是日本人，有的是朝鮮人，原本是駐守滿洲國（今中國東北）"
    "的日本皇軍的軍人，後來在八月風暴行動中或是向蘇聯紅軍投降，或是被紅軍解除武裝。這些戰俘多被流放到西伯利亞和"
    "蒙古人民共和國進行強制勞動改造。由於環境極其惡劣，以及缺乏基本的糧食和休息，許多戰俘死在了勞改地。"
)


@pytest.fixture
def site(seed_article, neighbours):
    return {article.title: article for article in [seed_article, *neighbours]}


def iso(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# The summary


@pytest.mark.django_db
def test_summary_in_the_rest_apis_shape(client, site, django_assert_num_queries):
    article = site["日本人"]
    revision = article.current_revision
    with django_assert_num_queries(6):  # the article; its view (the article and its four kinds of rows)
        response = client.get(SUMMARY + "日本人")
    assert response.status_code == 200
    assert response["Content-Type"] == PROFILE
    data = dict(response.json())
    tid = data.pop("tid")
    assert UUID.fullmatch(tid)
    page = "http://testserver/wiki/" + quote("日本人")
    urls = {
        "page": page,
        "revisions": f"{page}?action=history",
        "edit": f"http://testserver/admin/articles/article/{article.pk}/change/",
        "talk": "https://zh.wikipedia.org/wiki/Talk:" + quote("日本人"),
    }
    assert data == {
        "type": "standard",
        "title": "日本人",
        "displaytitle": "日本人",
        "namespace": {"id": 0, "text": ""},
        "titles": {"canonical": "日本人", "normalized": "日本人", "display": "日本人"},
        "pageid": article.pk,
        "lang": "zh",
        "dir": "ltr",
        "content_urls": {"desktop": urls, "mobile": urls},
        "extract": "日本人是指擁有日本國籍者或日本列島的各民族与族群。",
        "extract_html": "<p><strong>日本人</strong>是指擁有日本國籍者或日本列島的各民族与族群。</p>",
        "revision": str(revision.pk),
        "timestamp": iso(revision.timestamp),
    }
    assert list(response.json()) == [
        "type", "title", "displaytitle", "namespace", "titles", "pageid", "lang", "dir", "content_urls",
        "extract", "extract_html", "revision", "tid", "timestamp",
    ]  # fmt: skip
    assert response["ETag"] == f'"{revision.pk}/{tid}"'
    assert response["Last-Modified"] == article.updated_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert response["Cache-Control"] == "public, no-cache"
    assert response["Vary"] == "Accept-Language"
    assert response["Content-Language"] == "zh"
    assert response["Access-Control-Allow-Origin"] == "*"

    # Asked again: the summary is kept under the article's version, and the article is the one query.
    with django_assert_num_queries(1):
        again = client.get(SUMMARY + "日本人")
    assert again.json()["tid"] == tid and again["ETag"] == response["ETag"]


@pytest.mark.django_db
def test_the_extract_is_the_first_paragraph_without_markers_or_links(client, site):
    data = client.get(SUMMARY + SEED).json()
    assert data["extract"] == SEED_EXTRACT
    html = data["extract_html"]
    assert html.startswith("<p><strong>西伯利亞滯留者</strong>，指的是二戰結束以後被蘇聯紅軍")
    assert html.endswith("許多戰俘死在了勞改地。</p>")
    assert "<sup" not in html and "<a" not in html and "[1]" not in html
    # A hatnote (a blockquote) is not the lead's first paragraph; the footnote markers after the words go.
    hatnoted = client.get(SUMMARY + "日本僑俘遣返").json()
    assert hatnoted["extract"].startswith("日本侨俘遣返、日侨日俘遣返，指在1945年第二次世界大戰日本投降後")
    assert hatnoted["extract_html"].startswith("<p><strong>日本侨俘遣返</strong>、<strong>日侨日俘遣返</strong>，")
    # A paragraph of image links only is no paragraph of words.
    pictured = client.get(SUMMARY + "高加索").json()
    assert pictured["extract"].startswith("高加索（；車臣語、俄語：）是位於西亞及東歐交界處")
    assert "Caucasus" not in pictured["extract_html"]


@pytest.mark.django_db
def test_accept_language_chooses_the_variant(client, site):
    taiwan = client.get(SUMMARY + "日本人", HTTP_ACCEPT_LANGUAGE="zh-TW,zh;q=0.9,en;q=0.5")
    assert taiwan.status_code == 200
    data = taiwan.json()
    assert data["lang"] == "zh-tw"
    assert taiwan["Content-Language"] == "zh-tw"
    assert data["extract"] == "日本人是指擁有日本國籍者或日本列島的各民族與族群。"
    assert data["content_urls"]["desktop"]["page"] == "http://testserver/zh-tw/" + quote("日本人")

    mainland = client.get(SUMMARY + SEED, HTTP_ACCEPT_LANGUAGE="zh-CN")
    data = mainland.json()
    assert data["title"] == SEED  # the stored title; the variant's is the display title
    assert data["displaytitle"] == data["titles"]["display"] == "西伯利亚滞留者"
    assert data["extract"].startswith("西伯利亚滞留者，指的是二战结束以后被苏联红军解除武装后押往西伯利亚的日本战俘")
    assert data["content_urls"]["desktop"]["revisions"] == (
        "http://testserver/zh-cn/" + quote(SEED) + "?action=history"
    )

    # The cookie the site's pages follow is not the REST API's: only the languages count.
    client.cookies["variant"] = "zh-tw"
    assert client.get(SUMMARY + "日本人").json()["lang"] == "zh"
    # One ETag per variant: the representations differ.
    plain = client.get(SUMMARY + "日本人")
    assert len({plain["ETag"], taiwan["ETag"]}) == 2


# Validation


@pytest.mark.django_db
def test_a_current_copy_gets_304_from_one_query(client, site, django_assert_num_queries):
    first = client.get(SUMMARY + "日本人")
    with django_assert_num_queries(1):
        response = client.get(SUMMARY + "日本人", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == first["ETag"]
    assert response["Cache-Control"] == "public, no-cache"
    assert response["Vary"] == "Accept-Language"
    assert response["Access-Control-Allow-Origin"] == "*"
    with django_assert_num_queries(1):
        since = client.get(SUMMARY + "日本人", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    # Another variant's tag is not this variant's copy.
    other = client.get(SUMMARY + "日本人", HTTP_IF_NONE_MATCH=first["ETag"], HTTP_ACCEPT_LANGUAGE="zh-TW")
    assert other.status_code == 200
    assert client.get(SUMMARY + "日本人", HTTP_IF_NONE_MATCH='"1/other"').status_code == 200


@pytest.mark.django_db
def test_an_edit_gives_a_new_summary_and_a_new_etag(client, site):
    from articles.models import Revision

    article = site["日本人"]
    before = client.get(SUMMARY + "日本人")
    article.commit("**日本人**是新的導言。\n\n## 民族\n\n大和民族。\n", kind=Revision.EDIT, author="編者")
    after = client.get(SUMMARY + "日本人", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    data = after.json()
    assert data["extract"] == "日本人是新的導言。"
    assert data["revision"] == str(article.current_revision.pk)


@pytest.mark.django_db
def test_a_page_with_no_paragraph_in_its_lead_has_no_extract(client, db):
    from articles.models import Article, Revision

    article = Article.objects.create(title="只有章節")
    article.commit("## 概要\n\n正文。\n", kind=Revision.EDIT, author="編者")
    data = client.get(SUMMARY + quote("只有章節")).json()
    assert (data["type"], data["extract"], data["extract_html"]) == ("no-extract", "", "")


@pytest.mark.django_db
def test_the_display_title_is_html_and_the_title_text(client, db):
    from articles.models import Article, Revision

    article = Article.objects.create(title="AT&T")
    article.commit("**AT&T**是<公司>。\n", kind=Revision.EDIT, author="編者")
    data = client.get(SUMMARY + "AT&T").json()
    assert (data["title"], data["displaytitle"], data["titles"]["display"]) == ("AT&T", "AT&amp;T", "AT&amp;T")
    assert data["extract"] == "AT&T是<公司>。"
    assert data["extract_html"] == "<p><strong>AT&amp;T</strong>是&lt;公司&gt;。</p>"


# Other titles


@pytest.mark.django_db
def test_a_title_in_another_script_is_a_302_to_the_stored_titles_summary(client, site, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(SUMMARY + "西伯利亚滞留者")
    assert response.status_code == 302
    assert response["Location"] == SUMMARY + quote(SEED)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get(response["Location"]).json()["title"] == SEED
    # Unless asked not to be redirected: then the stored title's summary, at this address.
    with django_assert_num_queries(1):  # its summary was kept when the redirect was followed
        kept = client.get(SUMMARY + "西伯利亚滞留者?redirect=false")
    assert kept.status_code == 200
    assert kept.json()["title"] == SEED


@pytest.mark.django_db
def test_a_title_not_in_its_normal_form_is_a_301_before_any_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        spaced = client.get(SUMMARY + quote("BBC News"))
        small = client.get(SUMMARY + "bBC")
    assert (spaced.status_code, spaced["Location"]) == (301, SUMMARY + "BBC_News")
    assert (small.status_code, small["Location"]) == (301, SUMMARY + "BBC")


@pytest.mark.django_db
def test_no_such_page_is_the_rest_apis_404(client, site, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(SUMMARY + "沒有這一頁")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {
        "type": "https://mediawiki.org/wiki/HyperSwitch/errors/not_found",
        "title": "Not found.",
        "method": "get",
        "detail": "Page or revision not found.",
        "uri": SUMMARY + "沒有這一頁",
    }
    # A special page or a category has no summary here, and costs no query to say so.
    with django_assert_num_queries(0):
        assert client.get(SUMMARY + "Special:Random").status_code == 404
        assert client.get(SUMMARY + "Category:日蘇關係").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("title", ["", "%00", "a%01b", "x" * 256, "%20"])
def test_a_title_that_is_no_title_is_a_400(client, title, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(SUMMARY + title)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    data = response.json()
    assert (data["type"], data["title"]) == (
        "https://mediawiki.org/wiki/HyperSwitch/errors/bad_request",
        "Invalid title.",
    )


@pytest.mark.django_db
def test_methods(client, site, django_assert_num_queries):
    with django_assert_num_queries(0):
        posted = client.post(SUMMARY + "日本人")
        preflight = client.options(SUMMARY + "日本人")
    assert posted.status_code == 405
    assert posted["Allow"] == "GET, HEAD, OPTIONS"
    assert posted.json()["method"] == "post"
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    head = client.head(SUMMARY + "日本人")
    assert head.status_code == 200 and head["ETag"] == client.get(SUMMARY + "日本人")["ETag"]


def test_the_summarys_prefix_is_what_the_article_page_names():
    from django.urls import reverse

    assert reverse("mediawiki:page_summary", kwargs={"title": ""}) == SUMMARY


@pytest.mark.django_db
def test_the_article_page_names_the_summaries_for_its_previews(client, site):
    page = client.get("/wiki/" + quote(SEED)).content.decode()
    assert f'<article class="article" data-summary-url="{SUMMARY}">' in page
    assert "/static/siberia/page-preview.js" in page
    # The links the previews are for: a page here, its title in the link (日本人 is one, 二戰 is not here).
    assert f'<a href="/wiki/{quote("日本人")}" class="wikilink" title="日本人">' in page
    assert 'class="wikilink external" title="二戰"' in page


# The first paragraph


@pytest.mark.parametrize(
    ("fragment", "paragraph"),
    [
        ("<p>一<strong>二</strong>三</p><p>四</p>", "<p>一<strong>二</strong>三</p>"),
        ("<blockquote>\n<p>提示</p>\n</blockquote>\n<p>正文</p>", "<p>正文</p>"),
        ("<table><tbody><tr><td><p>表</p></td></tr></tbody></table><p>正文</p>", "<p>正文</p>"),
        ("<ul><li><p>列</p></li></ul><p>正文</p>", "<p>正文</p>"),
        ('<p><a href="x" class="image" aria-label="a.jpg">a</a> </p><p>正文</p>', "<p>正文</p>"),
        (
            '<p>甲<sup class="reference" id="cite_ref-1"><a href="#cite_note-1">[1]</a></sup>乙</p>',
            "<p>甲乙</p>",
        ),
        (
            '<p><a href="/wiki/X" class="wikilink" title="X">X</a> &amp; &lt;Y&gt;<br>Z</p>',
            "<p>X &amp; &lt;Y&gt;<br>Z</p>",
        ),
        ("<p><sup>2</sup>m</p>", "<p><sup>2</sup>m</p>"),
        ("<p> </p><h2>標題</h2>", ""),
        ("", ""),
    ],
)
def test_first_paragraph_html(fragment, paragraph):
    assert first_paragraph_html(fragment) == paragraph


def test_paragraph_text_is_one_line_of_words():
    assert paragraph_text("<p>X &amp; &lt;Y&gt;<br>Z\nW</p>") == "X & <Y> Z W"
    assert paragraph_text("") == ""
