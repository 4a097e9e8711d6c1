"""The page editor at ``?action=edit[&section=N]``: who may use it, what it shows, preview, changes, save, conflicts."""

import re
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from articles.models import Article, Revision
from tests.articles.conftest import edit
from tests.conftest import editor_user
from wikitext.section_edit import split_sections

pytestmark = pytest.mark.django_db

TITLE = "西伯利亞滯留者"
URL = f"/wiki/{TITLE}"
HREF = quote(URL)
EDIT = f"{URL}?action=edit"
OLD_SENTENCE = "許多戰俘死在了勞改地。"
NEW_SENTENCE = "許多戰俘死在了勞改營中。"


@pytest.fixture
def editor(db):
    client = Client()
    client.force_login(editor_user())
    return client


def form_of(response) -> dict:
    """What the browser would send back from the editor page as it stands."""
    form = response.context["form"]
    return {
        "text": form["text"].value(),
        "summary": form["summary"].value() or "",
        "base_revision": form["base_revision"].value(),
    }


def current_text(article) -> str:
    return Article.objects.get(pk=article.pk).current_revision.text


# Who may edit


def test_a_reader_not_signed_in_goes_to_sign_in_and_back(client, seed_article):
    response = client.get(f"{EDIT}&section=1")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=" + quote(f"{URL}?action=edit&section=1", safe="/")


@pytest.mark.parametrize("is_staff", [False, True], ids=["user", "staff-without-permission"])
def test_someone_who_may_not_change_articles_is_refused(seed_article, is_staff):
    client = Client()
    client.force_login(get_user_model().objects.create_user("讀者", is_staff=is_staff))
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, {"text": "x", "base_revision": seed_article.current_revision_id}).status_code == 403
    assert current_text(seed_article) == seed_article.current_revision.text


def test_a_save_without_the_csrf_token_is_refused(seed_article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_user())
    response = client.post(EDIT, {"text": "x", "base_revision": seed_article.current_revision_id})
    assert response.status_code == 403
    assert Revision.objects.filter(article=seed_article).count() == 1


# What the editor shows


def test_the_whole_page_editor_holds_the_text_exactly(editor, seed_article, seed_text, django_assert_num_queries):
    editor.get(URL)  # the session and the article's view, warm
    with django_assert_num_queries(6):  # session, user, permissions (2), the article, its current revision
        response = editor.get(EDIT)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>正在编辑「西伯利亞滯留者」 – siberia</title>" in body
    # Django writes a newline after <textarea>, which the browser drops: the text's own first line survives.
    textarea = '<textarea name="text" cols="40" rows="25" spellcheck="false" class="edit-text" dir="auto" id="id_text">'
    assert textarea + "\n" + seed_text[:20] in body
    assert form_of(response)["text"] == seed_text
    assert f'<input type="hidden" name="base_revision" value="{seed_article.current_revision_id}"' in body
    assert '<input type="text" name="summary" class="edit-summary"' in body  # empty: a whole-page edit names no section
    for button in ('name="save"', 'name="preview"', 'name="diff"'):
        assert button in body
    assert response["Cache-Control"].startswith("max-age=0") and "private" in response["Cache-Control"]


def test_a_section_editor_holds_that_section_and_names_it_in_the_summary(editor, seed_article, seed_text):
    response = editor.get(f"{EDIT}&section=1")
    body = response.content.decode()
    assert "（第 1 节）" in body
    assert form_of(response)["text"] == split_sections(seed_text)[1].text
    assert form_of(response)["text"].startswith("## 相關條目\n")
    assert form_of(response)["summary"] == "/* 相關條目 */ "
    assert f'<a href="{HREF}?action=edit">编辑整个页面</a>' in body
    lead = editor.get(f"{EDIT}&section=0")
    assert form_of(lead)["text"] == split_sections(seed_text)[0].text and form_of(lead)["summary"] == ""


@pytest.mark.parametrize("section", ["3", "99", "x", "²", "-1"])
def test_a_section_the_page_lacks_is_not_found(editor, seed_article, section):
    assert editor.get(f"{EDIT}&section={section}").status_code == 404


def test_the_article_page_offers_an_editor_the_editor_at_every_heading(editor, client, seed_article):
    body = editor.get(URL).content.decode()
    assert f'<li><a href="{HREF}?action=edit">编辑</a></li>' in body
    assert (
        '<div class="mw-heading"><h2 id="相關條目">相關條目</h2><span class="mw-editsection">'
        f'[<a href="{HREF}?action=edit&amp;section=1" aria-label="编辑章节：相關條目">编辑</a>]</span></div>'
    ) in body
    assert f'{HREF}?action=edit&amp;section=2" aria-label="编辑章节：参考文献"' in body
    tw = editor.get(f"/zh-tw/{TITLE}").content.decode()
    assert f'{quote("/zh-tw/" + TITLE)}?action=edit&amp;section=1" aria-label="編輯章節：相關條目">編輯</a>' in tw


def test_the_article_page_for_an_editor_costs_a_fixed_number_of_queries(
    editor, seed_article, django_assert_num_queries
):
    editor.get(URL)
    # session, user, permissions (2), the article, its links' targets: for any number of sections.
    with django_assert_num_queries(6):
        assert editor.get(URL).status_code == 200


def test_the_anonymous_page_carries_no_editor_markup_even_after_an_editor_read_it(editor, client, seed_article):
    editor.get(URL)  # an editor first: their page is built for them, never stored for readers
    for _ in range(2):  # the second answer is the stored bytes
        response = client.get(URL)
        body = response.content.decode()
        assert "mw-editsection" not in body and "action=edit" not in body and "mw-heading" not in body
    assert response["Cache-Control"] == "public, no-cache"


# Preview and show changes


def test_preview_shows_the_change_and_saves_nothing(editor, client, seed_article, seed_text):
    form = form_of(editor.get(f"{EDIT}&section=0"))
    form["text"] = form["text"].replace(OLD_SENTENCE, NEW_SENTENCE)
    response = editor.post(f"{EDIT}&section=0", {**form, "preview": ""})
    assert response.status_code == 200
    body = response.content.decode()
    preview = body[body.index('<section class="edit-preview"') : body.index('<form class="edit-form"')]
    assert "这只是预览，您的更改尚未保存！" in preview and NEW_SENTENCE in preview and OLD_SENTENCE not in preview
    assert '<div class="lead"><p><strong>西伯利亞滯留者</strong>' in preview
    assert 'id="相關條目"' not in preview  # a lead's preview shows the lead, not the sections after it
    assert form_of(response)["text"] == form["text"]  # the text stays in the box
    assert current_text(seed_article) == seed_text
    assert NEW_SENTENCE not in client.get(URL).content.decode()


def test_preview_is_in_the_variant_the_editor_reads_and_the_text_is_not_converted(editor, seed_article):
    form = form_of(editor.get(f"/zh-cn/{TITLE}?action=edit"))
    response = editor.post(f"/zh-cn/{TITLE}?action=edit", {**form, "preview": ""})
    body = response.content.decode()
    preview = body[body.index('<section class="edit-preview"') : body.index('<form class="edit-form"')]
    assert "这些战俘" in preview and "這些戰俘" not in preview
    assert "這些戰俘" in form_of(response)["text"]


def test_preview_is_sanitised_as_a_saved_page_is(editor, seed_article):
    hostile = '坏<script>alert(1)</script>[链](javascript:alert(2)) <img src=x onerror="alert(3)">\n'
    form = form_of(editor.get(f"{EDIT}&section=0"))
    response = editor.post(f"{EDIT}&section=0", {**form, "text": hostile, "preview": ""})
    body = response.content.decode()
    preview = body[body.index('<section class="edit-preview"') : body.index('<form class="edit-form"')]
    assert "坏" in preview
    assert "<script" not in preview and 'href="javascript:' not in preview and "onerror" not in preview
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # the textarea shows what was typed, escaped


def test_show_changes_marks_the_change_against_the_current_revision(editor, seed_article, seed_text):
    form = form_of(editor.get(f"{EDIT}&section=0"))
    form["text"] = form["text"].replace(OLD_SENTENCE, NEW_SENTENCE)
    response = editor.post(f"{EDIT}&section=0", {**form, "diff": ""})
    body = response.content.decode()
    changes = body[body.index('<section class="edit-changes"') : body.index('<form class="edit-form"')]
    assert '<ins class="diff-insert"><span class="visually-hidden">插入：</span>營中</ins>' in changes
    assert '<del class="diff-delete"><span class="visually-hidden">删除：</span>地</del>' in changes
    totals = (
        '增加 <span class="diff-count-insert">2</span> 个字符，删除 <span class="diff-count-delete">1</span> 个字符'
    )
    assert totals in changes
    assert current_text(seed_article) == seed_text


# Save


def test_a_saved_section_changes_that_section_and_no_other_byte(editor, client, seed_article, seed_text):
    form = form_of(editor.get(f"{EDIT}&section=1"))
    form["text"] = form["text"].replace("## 相關條目\n", "## 相關條目\n\n補充說明。\n", 1)
    response = editor.post(f"{EDIT}&section=1", {**form, "summary": form["summary"] + "補充", "minor": "on"})
    assert response.status_code == 303
    assert response["Location"] == f"{HREF}#" + quote("相關條目", safe="")
    sections = split_sections(seed_text)
    expected = sections[0].text + form["text"] + sections[2].text
    assert current_text(seed_article) == expected
    revision = Article.objects.get(pk=seed_article.pk).current_revision
    assert (revision.number, revision.kind, revision.author, revision.summary, revision.minor) == (
        2,
        Revision.EDIT,
        "編者",
        "/* 相關條目 */ 補充",
        True,
    )
    assert revision.user.username == "編者"
    body = client.get(URL).content.decode()
    assert "<p>補充說明。</p>" in body and "mw-editsection" not in body


def test_the_browsers_crlf_is_saved_as_lf(editor, seed_article, seed_text):
    form = form_of(editor.get(EDIT))
    typed = (form["text"].replace(OLD_SENTENCE, NEW_SENTENCE)).replace("\n", "\r\n")
    assert editor.post(EDIT, {**form, "text": typed}).status_code == 303
    assert current_text(seed_article) == seed_text.replace(OLD_SENTENCE, NEW_SENTENCE)


def test_saving_the_text_unchanged_makes_no_revision(editor, seed_article):
    form = form_of(editor.get(f"{EDIT}&section=2"))
    form["text"] = form["text"].replace("\n", "\r\n")
    assert editor.post(f"{EDIT}&section=2", form).status_code == 303
    assert Revision.objects.filter(article=seed_article).count() == 1


def test_a_section_whose_trailing_newlines_the_textarea_lost_keeps_the_next_heading_a_heading(editor, seed_article):
    form = form_of(editor.get(f"{EDIT}&section=1"))
    form["text"] = form["text"].rstrip("\n")
    editor.post(f"{EDIT}&section=1", form)
    assert Revision.objects.filter(article=seed_article).count() == 1  # no change at all


def test_a_page_too_large_or_unparseable_is_refused_with_the_text_kept(editor, seed_article, settings):
    settings.SIBERIA_MAX_PAGE_BYTES = 1000
    form = form_of(editor.get(EDIT))
    form["text"] += "\n補記。\n"
    response = editor.post(EDIT, form)
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r'class="edit-field-error"[^>]*>[^<]*1,000', body)
    assert form_of(response)["text"] == form["text"]
    assert Revision.objects.filter(article=seed_article).count() == 1


# Conflicts


def test_an_edit_of_the_same_text_saved_meanwhile_is_a_conflict_and_loses_nothing(editor, seed_article, seed_text):
    form = form_of(editor.get(f"{EDIT}&section=0"))
    meanwhile = edit(seed_article, seed_text.replace(OLD_SENTENCE, "許多戰俘死於勞改地。"), author="另一位")
    form["text"] = form["text"].replace(OLD_SENTENCE, NEW_SENTENCE)
    response = editor.post(f"{EDIT}&section=0", form)
    assert response.status_code == 200
    body = response.content.decode()
    assert "编辑冲突：您开始编辑之后，另一位 于" in body and "保存了修订版本 2" in body
    assert form_of(response)["text"] == form["text"]  # the editor's text, unsaved, kept
    assert form_of(response)["base_revision"] == str(meanwhile.pk)  # saved again, it starts from the new one
    assert '<section class="edit-changes"' in body  # what saving would now change, the other edit included
    assert current_text(seed_article) == meanwhile.text
    # Saved again, knowingly: it goes through.
    assert editor.post(f"{EDIT}&section=0", form_of(response)).status_code == 303
    assert NEW_SENTENCE in current_text(seed_article)


def test_a_section_edit_goes_through_when_the_edit_meanwhile_was_elsewhere(editor, seed_article, seed_text):
    form = form_of(editor.get(f"{EDIT}&section=1"))
    meanwhile = edit(seed_article, seed_text.replace(OLD_SENTENCE, NEW_SENTENCE), author="另一位")
    form["text"] = form["text"].replace("## 相關條目\n", "## 相關條目\n\n補充說明。\n", 1)
    assert editor.post(f"{EDIT}&section=1", form).status_code == 303
    text = current_text(seed_article)
    assert NEW_SENTENCE in text and "補充說明。" in text  # both edits kept
    assert Article.objects.get(pk=seed_article.pk).current_revision.parent_id == meanwhile.pk


def test_a_whole_page_edit_from_an_older_revision_is_a_conflict(editor, seed_article, seed_text):
    form = form_of(editor.get(EDIT))
    edit(seed_article, seed_text + "\n另一段。\n", author="另一位")
    response = editor.post(EDIT, {**form, "text": form["text"].replace(OLD_SENTENCE, NEW_SENTENCE)})
    assert response.status_code == 200 and "编辑冲突" in response.content.decode()
    assert NEW_SENTENCE not in current_text(seed_article)


def test_a_section_removed_meanwhile_keeps_the_text_and_says_so(editor, seed_article, seed_text):
    form = form_of(editor.get(f"{EDIT}&section=2"))
    edit(seed_article, split_sections(seed_text)[0].text, author="另一位")  # the sections gone
    response = editor.post(f"{EDIT}&section=2", {**form, "text": form["text"] + "\n補記。\n"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "本页现在没有第 2 节" in body
    assert form_of(response)["text"] == form["text"] + "\n補記。\n"
