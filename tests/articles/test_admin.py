"""An editor's round trip through Django admin, posting the change form as a browser does."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from articles.models import Article, Revision
from tests.articles.browserform import posted

pytestmark = pytest.mark.django_db

FORM = "article_form"


@pytest.fixture
def editor(admin_client):
    return admin_client


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_of(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 200
    return posted(response.content.decode(), FORM)


def snapshot(article):
    """Every stored byte of the page: its text, what is derived from it, its revisions."""
    article = Article.objects.get(pk=article.pk)
    return (
        Revision.objects.get(pk=article.current_revision_id).text,
        article.lead,
        article.lead_html,
        article.search_terms,
        list(
            article.sections.values_list(
                "order", "level", "heading", "anchor", "kind", "source", "heading_html", "html"
            )
        ),
        list(article.references.values_list("number", "source", "html", "url", "uses")),
        list(article.categories.values_list("name", flat=True)),
        list(article.related_entries.values_list("order", "title", "target")),
        list(article.outgoing_links.values_list("target", "target_key")),
        list(article.revisions.values_list("pk", flat=True)),
    )


def test_the_form_posts_crlf_as_a_browser_does(editor, seed_article):
    data = form_of(editor, seed_article)
    assert "\r\n" in data["text"] and "\n\n" not in data["text"]
    assert data["base_revision"] == str(seed_article.current_revision_id)


def test_saving_the_form_unchanged_changes_no_byte(editor, client, seed_article):
    before = snapshot(seed_article)
    page = client.get("/wiki/西伯利亞滯留者").content
    response = editor.post(change_url(seed_article), form_of(editor, seed_article))
    assert response.status_code == 302
    assert snapshot(seed_article) == before
    assert client.get("/wiki/西伯利亞滯留者").content == page


def test_appending_to_the_lead_leaves_the_other_sections_alone(editor, client, seed_article):
    # The report of issue 8: one sentence added to the lead turned 相關條目 into one nested item.
    before = list(seed_article.sections.values_list("source", "html"))
    data = form_of(editor, seed_article)
    first_break = data["text"].index("\r\n\r\n")
    data["text"] = data["text"][:first_break] + "新增一句。" + data["text"][first_break:]
    data["summary"] = "在導言加一句"
    assert editor.post(change_url(seed_article), data).status_code == 302
    article = Article.objects.get(pk=seed_article.pk)
    assert list(article.sections.values_list("source", "html")) == before
    assert article.related_entries.count() == 5
    revision = article.current_revision
    assert (revision.number, revision.kind, revision.author, revision.summary) == (2, "edit", "admin", "在導言加一句")
    assert revision.parent_id == seed_article.current_revision_id
    assert "\r" not in revision.text
    assert revision.size_change == len("新增一句。".encode())
    assert "新增一句。</p>" in client.get("/wiki/西伯利亞滯留者").content.decode()


def test_editing_the_related_entries_shows_at_once(editor, client, seed_article):
    data = form_of(editor, seed_article)
    data["text"] = data["text"].replace(
        '  - [日本裔俄羅斯人](../Page/日本裔俄羅斯人.md "wikilink")',
        '  - [日本裔俄羅斯人](../Page/日本裔俄羅斯人.md "wikilink")\r\n  - [新條目](../Page/新條目.md "wikilink")',
    )
    assert editor.post(change_url(seed_article), data).status_code == 302
    body = client.get("/wiki/西伯利亞滯留者").content.decode()
    assert 'title="新條目" rel="nofollow noopener">新條目</a></li>' in body
    assert seed_article.related_entries.count() == 6


def test_admin_edit_cannot_inject_script(editor, client, seed_article):
    data = form_of(editor, seed_article)
    data["text"] = '<script>alert(1)</script><p onclick="x()">hi</p>[a](javascript:alert(1))\r\n\r\n' + data["text"]
    assert editor.post(change_url(seed_article), data).status_code == 302
    body = client.get("/wiki/西伯利亞滯留者").content.decode()
    assert "<script>alert" not in body and "onclick" not in body and 'href="javascript' not in body
    assert "<p>hi</p>" in body


def test_a_second_editor_gets_a_conflict_and_the_first_edit_stays(editor, seed_article):
    other = Client()
    other.force_login(get_user_model().objects.create_user("second", is_staff=True, is_superuser=True))
    first, second = form_of(editor, seed_article), form_of(other, seed_article)
    first["text"] = "第一位編者的導言。\r\n\r\n" + first["text"]
    assert editor.post(change_url(seed_article), first).status_code == 302
    second["text"] = "第二位編者的導言。\r\n\r\n" + second["text"]
    response = other.post(change_url(seed_article), second)
    assert response.status_code == 200
    body = response.content.decode()
    assert "编辑冲突：您开始编辑之后，admin 于" in body and "保存了修订版本 2" in body
    assert "第二位編者的導言。" in body  # the second editor's text stays in the form, unsaved
    article = Article.objects.get(pk=seed_article.pk)
    assert article.current_revision.number == 2
    assert article.current_revision.text.startswith("第一位編者的導言。")
    # Saved again from the conflict form, it starts from the revision now current.
    again = posted(body, FORM)
    assert again["base_revision"] == str(article.current_revision_id)
    assert other.post(change_url(seed_article), again).status_code == 302
    assert Article.objects.get(pk=seed_article.pk).current_revision.number == 3


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("   \r\n", "not a page: the file is empty"),
        ("\x00甲", "不允许是用空字符串。"),  # Django's own check, in the admin's language
        ('[Category:X](https://zh.wikipedia.org/wiki/Category:X "wikilink")', "not a page: the page has no text"),
    ],
)
def test_a_text_that_is_no_page_is_refused_and_nothing_changes(editor, seed_article, text, error):
    before = snapshot(seed_article)
    data = form_of(editor, seed_article)
    data["text"] = text
    response = editor.post(change_url(seed_article), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["text"] == [error]
    assert snapshot(seed_article) == before


def test_a_text_over_the_limit_is_refused(editor, seed_article, settings):
    settings.SIBERIA_MAX_PAGE_BYTES = 100
    data = form_of(editor, seed_article)
    response = editor.post(change_url(seed_article), data | {"text": "甲" * 40})
    assert "the text is 120 bytes, over the limit of 100 (SIBERIA_MAX_PAGE_BYTES)" in response.content.decode()


def test_a_page_added_in_admin_gets_its_first_revision(editor, client):
    url = reverse("admin:articles_article_add")
    data = posted(editor.get(url).content.decode(), FORM)
    data |= {"title": "新頁", "text": "新頁的正文\\[1\\]。\r\n\r\n## 參考文獻\r\n\r\n1.  來源\r\n", "summary": "建立"}
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()
    article = Article.objects.get(title="新頁")
    assert list(article.revisions.values_list("number", "kind", "summary")) == [(1, "edit", "建立")]
    assert article.references.get().source == "來源"
    assert '<li id="cite_note-1">' in client.get("/wiki/新頁").content.decode()


def test_sections_and_references_are_shown_not_edited(editor, seed_article):
    body = editor.get(change_url(seed_article)).content.decode()
    assert "Sections (derived from the text)" in body and "References (derived from the text)" in body
    assert 'name="sections-0-source"' not in body and 'name="references-0-source"' not in body


def test_the_admin_history_button_opens_the_page_history(editor, seed_article):
    response = editor.get(reverse("admin:articles_article_history", args=[seed_article.pk]))
    assert response.status_code == 302
    assert response["Location"] == seed_article.get_absolute_url() + "?action=history"


def test_revisions_are_listed_and_never_changed_in_admin(editor, seed_article):
    revision = seed_article.current_revision
    assert editor.get(reverse("admin:articles_revision_changelist")).status_code == 200
    assert editor.get(reverse("admin:articles_revision_change", args=[revision.pk])).status_code == 200
    assert editor.post(reverse("admin:articles_revision_change", args=[revision.pk]), {"text": "x"}).status_code == 403
    assert editor.get(reverse("admin:articles_revision_delete", args=[revision.pk])).status_code == 403


def test_article_list_shows_counts_in_bounded_queries(editor, seed_article, neighbours, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = editor.get(reverse("admin:articles_article_changelist"))
    body = response.content.decode()
    assert '<td class="field-section_count">2</td>' in body
    assert '<td class="field-reference_count">4</td>' in body


def test_search_over_text(editor, seed_article, neighbours):
    response = editor.get(reverse("admin:articles_article_changelist"), {"q": "勞改"})
    titles = [a.title for a in response.context["cl"].result_list]
    assert "西伯利亞滯留者" in titles


def test_view_on_site(editor, seed_article):
    from django.contrib.contenttypes.models import ContentType

    body = editor.get(change_url(seed_article)).content.decode()
    shortcut = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(seed_article).pk, seed_article.pk])
    assert f'href="{shortcut}"' in body
    response = editor.get(shortcut)
    assert response["Location"].endswith("/wiki/%E8%A5%BF%E4%BC%AF%E5%88%A9%E4%BA%9E%E6%BB%AF%E7%95%99%E8%80%85")


def test_a_reference_is_read_on_its_own_page_and_edited_in_its_article(editor, seed_article):
    reference = seed_article.references.get(number=2)
    url = reverse("admin:references_reference_change", args=[reference.pk])
    body = editor.get(url).content.decode()
    assert 'name="source"' not in body
    assert change_url(seed_article) in body
    assert editor.post(url, {"source": "[新的來源](https://example.org/new)"}).status_code == 403


def test_a_title_is_normalised_before_its_uniqueness_is_checked(editor, seed_article, neighbours):
    data = form_of(editor, seed_article) | {"title": "高加索_"}
    response = editor.post(change_url(seed_article), data)
    assert response.status_code == 200
    assert "具有 Title 的 Article 已存在。" in response.context["adminform"].form.errors["title"][0]


def test_an_editor_deletes_an_article_with_its_revisions_and_references(editor, seed_article):
    url = reverse("admin:articles_article_delete", args=[seed_article.pk])
    assert "无法删除" not in editor.get(url).content.decode()
    assert editor.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.exists() and not Revision.objects.exists()


def test_control_characters_in_a_title_or_summary_are_dropped(editor, client, seed_article):
    data = form_of(editor, seed_article)
    data["text"] = "新的一句。\r\n\r\n" + data["text"]
    data |= {"title": "西伯利亞\x01滯留者", "summary": "改\x01寫\x7f\x9f"}
    assert editor.post(change_url(seed_article), data).status_code == 302
    article = Article.objects.get(pk=seed_article.pk)
    assert (article.title, article.current_revision.summary) == ("西伯利亞滯留者", "改寫")
    feed = client.get("/wiki/Special:RecentChanges", {"feed": "atom"})
    assert feed.status_code == 200 and "改寫" in feed.content.decode()
