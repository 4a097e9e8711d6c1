"""An editor's round trip through Django admin, posting the real change form."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(admin_client):
    return admin_client


def change_form_data(response):
    """The form's own initial data, as a browser would post it back."""
    data = {}
    for form in [
        response.context["adminform"].form,
        *[f for fs in response.context["inline_admin_formsets"] for f in fs],
    ]:
        form = getattr(form, "form", form)
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            if isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
            else:
                data[form.add_prefix(name)] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def test_editing_a_section_shows_at_once(editor, client, seed_article):
    url = reverse("admin:articles_article_change", args=[seed_article.pk])
    response = editor.get(url)
    assert response.status_code == 200
    data = change_form_data(response)
    section_prefix = next(k for k, v in data.items() if k.endswith("-heading") and v == "相關條目")[: -len("heading")]
    data[section_prefix + "source"] += '\n  - [新條目](../Page/新條目.md "wikilink")'
    data["lead"] = data["lead"].replace("值得一提的是", "需要指出的是")
    response = editor.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    body = client.get("/wiki/西伯利亞滯留者").content.decode()
    assert "需要指出的是" in body
    assert 'title="新條目" rel="nofollow noopener">新條目</a></li>' in body
    assert seed_article.related_entries.count() == 6


def test_admin_edit_cannot_inject_script(editor, client, seed_article):
    url = reverse("admin:articles_article_change", args=[seed_article.pk])
    data = change_form_data(editor.get(url))
    data["lead"] = '<script>alert(1)</script><p onclick="x()">hi</p>[a](javascript:alert(1))'
    assert editor.post(url, data).status_code == 302
    body = client.get("/wiki/西伯利亞滯留者").content.decode()
    assert "<script>alert" not in body and "onclick" not in body and 'href="javascript' not in body
    assert "<p>hi</p>" in body


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


def test_category_autocomplete(editor, seed_article):
    response = editor.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "categories", "term": "日蘇"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["日蘇關係"]


def test_view_on_site(editor, seed_article):
    from django.contrib.contenttypes.models import ContentType

    body = editor.get(reverse("admin:articles_article_change", args=[seed_article.pk])).content.decode()
    shortcut = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(seed_article).pk, seed_article.pk])
    assert f'href="{shortcut}"' in body
    response = editor.get(shortcut)
    assert response["Location"].endswith("/wiki/%E8%A5%BF%E4%BC%AF%E5%88%A9%E4%BA%9E%E6%BB%AF%E7%95%99%E8%80%85")


def test_editing_a_reference_on_its_own_page_shows_at_once(editor, client, seed_article):
    reference = seed_article.references.get(number=2)
    url = reverse("admin:references_reference_change", args=[reference.pk])
    data = change_form_data(editor.get(url))
    data["source"] = "[新的來源](https://example.org/new)"
    assert editor.post(url, data).status_code == 302
    body = client.get("/wiki/西伯利亞滯留者").content.decode()
    assert '<a href="https://example.org/new" class="external" rel="nofollow noopener">新的來源</a>' in body
