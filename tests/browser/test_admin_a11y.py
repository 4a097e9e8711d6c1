"""The admin's article and reference pages in Chromium: axe-core finds nothing, no page-wide sideways scroll."""

import pytest
from django.test import Client

from articles.models import Article
from references.models import Reference
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import DESKTOP

pytestmark = pytest.mark.browser
PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture
def admin_reader(reader, admin_user, site):
    client = Client()
    client.force_login(admin_user)
    session = client.cookies["sessionid"].value
    original_open = reader.open

    def open_logged_in(path, viewport=DESKTOP):
        page = original_open("/admin/login/", viewport=viewport)
        page.context.add_cookies([{"name": "sessionid", "value": session, "url": site}])
        page.goto(site + path)
        return page

    reader.open = open_logged_in
    yield reader
    # axe-core's own <style>, refused by the CSP, is reported on the console too: not the page's doing.
    reader.problems[:] = [p for p in reader.problems if "Applying inline style violates" not in p]


def admin_paths():
    article = Article.objects.get(title="西伯利亞滯留者")
    reference = Reference.objects.filter(article=article).first()
    return [
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/article/add/",
        "/admin/articles/article/",
        f"/admin/references/reference/{reference.pk}/change/",
        "/admin/references/reference/",
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["1280", "390"])
def test_admin_pages_pass_axe_without_sideways_scroll(admin_reader, viewport):
    for path in admin_paths():
        page = admin_reader.open(path, viewport=viewport)
        assert page.locator("#content").count() == 1, path
        assert_no_axe_violations(page)
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{path} is {widths[0]} px wide in a {widths[1]} px window"


def tab_to(page, selector, limit=80):
    """Presses Tab until the element matching selector has focus, as a keyboard user gets there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def test_an_article_is_edited_and_saved_with_the_keyboard_alone(admin_reader):
    article = Article.objects.get(title="西伯利亞滯留者")
    revisions = article.revisions.count()
    page = admin_reader.open(f"/admin/articles/article/{article.pk}/change/")
    tab_to(page, "textarea#id_text")
    page.keyboard.press("Control+End")
    page.keyboard.type("\n\n键盘加的一段。")
    tab_to(page, "input#id_summary")
    page.keyboard.type("键盘保存")
    tab_to(page, 'input[type="submit"][name="_save"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("ul.messagelist li.success").count() == 1
    article.refresh_from_db()
    assert article.revisions.count() == revisions + 1
    latest = article.revisions.order_by("-number").first()
    assert latest.summary == "键盘保存"
    assert latest.text.rstrip().endswith("\n\n键盘加的一段。")
