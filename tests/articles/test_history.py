"""History, old revisions, diffs, reverts and recent changes, as zh.wikipedia's addresses have them."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from articles.models import Article, Revision
from tests.articles.conftest import edit
from tests.conftest import editor_user

pytestmark = pytest.mark.django_db

URL = "/wiki/西伯利亞滯留者"
HREF = quote(URL)  # as the pages write it
TW_HREF = quote("/zh-tw/西伯利亞滯留者")
ATOM = "{http://www.w3.org/2005/Atom}"
INS = '<ins class="diff-insert"><span class="visually-hidden">插入：</span>'
DEL = '<del class="diff-delete"><span class="visually-hidden">删除：</span>'


def compared(response):
    """The part of a diff page that says what is compared and how they differ."""
    body = response.content.decode()
    return body[body.index('<div class="diff-header">') : body.index("</main>")]


@pytest.fixture
def staff_client(db):
    client = Client()
    client.force_login(editor_user("管理員"))
    return client


def test_history_lists_the_revisions_newest_first(client, edited):
    article, second, third = edited
    body = client.get(URL, {"action": "history"}).content.decode()
    assert body.index("#3") < body.index("#2") < body.index("#1")
    assert '<span class="history-author">另一位</span>' in body
    assert '<span class="history-summary">（加一句）</span>' in body
    assert f'<span class="history-size">{third.size} 字节</span>' in body
    assert f'<span class="history-change size-plus">(+{third.size_change})</span>' in body
    assert f'href="{HREF}?diff=prev&amp;oldid={third.pk}">之前</a>' in body
    assert f'href="{HREF}?diff=cur&amp;oldid={second.pk}">当前</a>' in body
    assert f'href="{HREF}?oldid={second.pk}"' in body
    assert "还原到修订版本" not in body  # readers cannot revert
    assert third.kind == Revision.EDIT and '<span class="history-kind">[编辑]</span>' in body
    first = article.revisions.get(number=1)
    assert f'<span class="history-kind">[{first.get_kind_display()}]</span>' in body
    assert first.get_kind_display() in {"导入", "数据载入", "修订记录开始前的版本"}


def test_history_is_in_the_variant_and_paginated(client, seed_article, seed_text):
    for n in range(55):
        edit(seed_article, f"第{n}版。\n\n{seed_text}")
    body = client.get("/zh-tw/西伯利亞滯留者", {"action": "history"}).content.decode()
    assert "共 56 个修订版本" in body
    assert body.count('class="history-row') == 50
    assert 'href="?action=history&amp;page=2"' in body
    second_page = client.get("/zh-tw/西伯利亞滯留者", {"action": "history", "page": 2}).content.decode()
    assert second_page.count('class="history-row') == 6
    assert f'href="{TW_HREF}?oldid=' in second_page


def test_history_costs_the_same_queries_for_any_number_of_revisions(
    client, seed_article, seed_text, django_assert_num_queries
):
    # The article with its current revision, the count, the page of revisions.
    with django_assert_num_queries(3):
        client.get(URL, {"action": "history"})
    for n in range(60):
        edit(seed_article, f"第{n}版。\n\n{seed_text}")
    with django_assert_num_queries(3):
        assert client.get(URL, {"action": "history"}).status_code == 200


def test_an_old_revision_shows_its_own_text_with_a_notice(client, edited):
    article, second, third = edited
    body = client.get(URL, {"oldid": second.pk}).content.decode()
    assert "这是本页的一个旧版本（修订版本 2），由 編者 于" in body
    assert "新的一句。" not in body and "因監禁而死亡" in body
    assert f'<a href="{HREF}">当前版本</a>' in body
    assert '<li id="cite_note-4">' in body  # the whole page of that revision: its references too
    assert '<meta name="robots" content="noindex,nofollow">' in body
    first = article.revisions.get(number=1)
    assert "因囚禁而死亡" in client.get(URL, {"oldid": first.pk}).content.decode()


def test_an_old_revision_in_a_variant_is_converted(client, edited):
    _, second, _ = edited
    body = client.get("/zh-cn/西伯利亚滞留者", {"oldid": second.pk}, follow=True).content.decode()
    assert "这是本页的一个旧版本" in body and "西伯利亚滞留者" in body


def test_unknown_or_foreign_revisions_are_not_found(client, edited, neighbours):
    other = neighbours[0].current_revision
    assert client.get(URL, {"oldid": other.pk}).status_code == 404
    assert client.get(URL, {"oldid": "abc"}).status_code == 404
    assert client.get(URL, {"diff": "999999"}).status_code == 404
    assert client.get(URL, {"diff": "prev", "oldid": "x"}).status_code == 404


def test_diff_marks_one_changed_character(client, edited):
    article, second, _ = edited
    first = article.revisions.get(number=1)
    body = client.get(URL, {"diff": second.pk, "oldid": first.pk}).content.decode()
    assert re.search(DEL + r"[^<]*囚[^<]*</del>", body)
    assert re.search(INS + r"[^<]*監[^<]*</ins>", body)
    assert "修订版本 1" in body and "修订版本 2" in body
    # diff=prev from the newer one gives the same comparison.
    same = compared(client.get(URL, {"diff": "prev", "oldid": second.pk}))
    assert same == compared(client.get(URL, {"diff": second.pk, "oldid": first.pk}))


def test_diff_of_a_sentence_added(client, edited):
    _, second, third = edited
    body = client.get(URL, {"diff": third.pk}).content.decode()
    assert INS + "新的一句。" in body
    assert "当前版本" in body
    expected = compared(client.get(URL, {"diff": third.pk}))
    assert compared(client.get(URL, {"diff": "cur", "oldid": second.pk})) == expected
    assert compared(client.get(URL, {"diff": "next", "oldid": second.pk})) == expected


def test_diff_of_the_first_revision_shows_everything_inserted(client, seed_article):
    body = client.get(URL, {"diff": seed_article.current_revision_id}).content.decode()
    assert "本页的第一个版本" in body
    assert INS + "**西伯利亞滯留者**" in body


def test_diff_costs_the_same_queries_whatever_the_history(client, edited, seed_text, django_assert_num_queries):
    article, second, third = edited
    with django_assert_num_queries(3):  # the article, then each revision
        client.get(URL, {"diff": third.pk, "oldid": second.pk})
    for n in range(30):
        edit(article, f"第{n}版。\n\n{seed_text}")
    with django_assert_num_queries(3):
        assert client.get(URL, {"diff": third.pk, "oldid": second.pk}).status_code == 200


def test_staff_reverts_to_an_old_revision_and_the_page_shows_it_at_once(staff_client, client, edited):
    article, second, third = edited
    first = article.revisions.get(number=1)
    history = staff_client.get(URL, {"action": "history"}).content.decode()
    assert f'action="{HREF}?action=revert&amp;oldid={first.pk}"' in history
    assert "csrfmiddlewaretoken" in history
    response = staff_client.post(f"{URL}?action=revert&oldid={first.pk}")
    assert (response.status_code, response["Location"]) == (303, HREF)
    current = Article.objects.get(pk=article.pk).current_revision
    assert (current.number, current.kind, current.author, current.parent_id) == (4, "revert", "管理員", third.pk)
    assert current.summary == "还原到 fixture 的修订版本 1" or current.summary.startswith("还原到 ")
    assert current.text == first.text
    body = client.get(URL).content.decode()
    assert "新的一句。" not in body and "因囚禁而死亡" in body
    assert [r.number for r in article.revisions.all()] == [4, 3, 2, 1]  # nothing lost


def test_revert_needs_post_csrf_and_staff(edited, staff_client, client):
    article, second, _ = edited
    assert client.get(URL, {"action": "revert", "oldid": second.pk}).status_code == 405
    login = client.post(f"{URL}?action=revert&oldid={second.pk}")
    assert login.status_code == 302 and login["Location"].startswith("/admin/login/")
    reader = Client()
    reader.force_login(get_user_model().objects.create_user("讀者"))
    assert reader.post(f"{URL}?action=revert&oldid={second.pk}").status_code == 403
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(get_user_model().objects.get(username="管理員"))
    assert checked.post(f"{URL}?action=revert&oldid={second.pk}").status_code == 403
    assert Article.objects.get(pk=article.pk).current_revision.number == 3


def test_revert_in_a_variant_with_a_variant_cookie_is_not_redirected(staff_client, edited):
    article, second, _ = edited
    staff_client.cookies["variant"] = "zh-tw"
    response = staff_client.post(f"{URL}?action=revert&oldid={second.pk}")
    assert response.status_code == 303
    assert Article.objects.get(pk=article.pk).current_revision.text == second.text


def test_the_article_page_ends_with_its_last_revision_and_history_link(client, edited):
    _, _, third = edited
    body = client.get(URL).content.decode()
    assert re.search(r'<p class="last-revised">本页面最后修订于 \d{4}年\d{1,2}月\d{1,2}日 \(星期.\) \d\d:\d\d。', body)
    assert f'<a href="{HREF}?action=history">查看历史</a>' in body
    tw = client.get("/zh-tw/西伯利亞滯留者").content.decode()
    assert "本頁面最後修訂於" in tw and f'<a href="{TW_HREF}?action=history">查看歷史</a>' in tw


def test_an_editor_sees_an_edit_link_a_reader_does_not(client, staff_client, seed_article):
    edit_link = f'<a href="{HREF}?action=edit">编辑</a>'
    assert edit_link in staff_client.get(URL).content.decode()
    assert edit_link not in client.get(URL).content.decode()
    # Staff who may not change articles in the admin get no link to change them here either.
    bystander = Client()
    bystander.force_login(get_user_model().objects.create_user("旁觀者", is_staff=True))
    assert "action=edit" not in bystander.get(URL).content.decode()


def test_recent_changes_lists_every_page_newest_first(client, edited, neighbours):
    article, second, third = edited
    body = client.get("/wiki/Special:RecentChanges").content.decode()
    assert body.count('class="history-row"') == Revision.objects.count()
    assert body.index("加一句") < body.index("用字")
    assert f'href="{HREF}?diff={third.pk}&amp;oldid={second.pk}">差异</a>' in body
    assert '<link rel="alternate" type="application/atom+xml"' in body


def test_recent_changes_costs_two_queries_a_page(client, edited, neighbours, django_assert_num_queries):
    with django_assert_num_queries(
        3
    ):  # the site's state (validators), then the count, then the page of revisions with their articles
        client.get("/wiki/Special:RecentChanges")


def test_recent_changes_feed_is_valid_atom(client, edited):
    article, second, third = edited
    response = client.get("/wiki/Special:RecentChanges", {"feed": "atom"})
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}title").text == "siberia：最近更改"
    assert feed.find(f"{ATOM}updated") is not None and feed.find(f"{ATOM}id") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    newest = entries[0]
    assert newest.find(f"{ATOM}title").text == "西伯利亞滯留者（修订版本 3）"
    assert newest.find(f"{ATOM}author/{ATOM}name").text == "另一位"
    link = newest.find(f"{ATOM}link").get("href")
    assert link.endswith(
        f"/wiki/%E8%A5%BF%E4%BC%AF%E5%88%A9%E4%BA%9E%E6%BB%AF%E7%95%99%E8%80%85?diff={third.pk}&oldid={second.pk}"
    )
    assert "加一句" in newest.find(f"{ATOM}summary").text
    for entry in entries:
        assert entry.find(f"{ATOM}id") is not None and entry.find(f"{ATOM}updated") is not None


def test_an_old_revision_costs_a_fixed_number_of_queries(client, edited, seed_text, django_assert_num_queries):
    article, second, _ = edited
    # The article, the revision, then one query for all its link targets.
    with django_assert_num_queries(3):
        assert client.get(URL, {"oldid": second.pk}).status_code == 200
    for n in range(20):
        edit(article, f"第{n}版。\n\n{seed_text}")
    with django_assert_num_queries(3):
        assert client.get(URL, {"oldid": second.pk}).status_code == 200


@pytest.mark.parametrize("query", [{"oldid": "²"}, {"diff": "²"}, {"diff": "prev", "oldid": "٣"}, {"oldid": "-1"}])
def test_revision_numbers_that_are_not_ascii_digits_are_not_found(client, seed_article, query):
    assert client.get(URL, query).status_code == 404


def test_an_old_revision_links_to_what_links_here(client, edited):
    _, second, _ = edited
    body = client.get(URL, {"oldid": second.pk}).content.decode()
    assert f'<a href="/wiki/Special:WhatLinksHere/{quote("西伯利亞滯留者")}">链入页面</a>' in body


def test_a_revert_posted_to_the_title_in_another_script_is_done(staff_client, edited):
    article, second, _ = edited
    response = staff_client.post(f"/wiki/西伯利亚滞留者?action=revert&oldid={second.pk}")
    assert response.status_code == 303
    assert Article.objects.get(pk=article.pk).current_revision.text == second.text


def test_a_long_diff_is_computed_once_and_shown_cut(client, seed_article, monkeypatch):
    from articles import history_views

    lines = "\n".join(f"第{n}行。" for n in range(3000))
    old = edit(seed_article, lines)
    new = edit(seed_article, lines.replace("行。", "行！"))
    computed = []
    diff_texts = history_views.diff_texts
    monkeypatch.setattr(history_views, "diff_texts", lambda a, b: computed.append(1) or diff_texts(a, b))
    body = client.get(URL, {"diff": new.pk, "oldid": old.pk}).content.decode()
    assert body.count('class="diff-line ') == history_views.MAX_DIFF_LINES
    assert "差异太长：另有 3998 行未显示。" in body  # each changed line shown old, then new
    client.get(URL, {"diff": new.pk, "oldid": old.pk})
    assert computed == [1]
