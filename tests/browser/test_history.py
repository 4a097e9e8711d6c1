"""A page's history in a real browser: from the article to its history, a diff read on a phone, a revert."""

from urllib.parse import quote

import pytest

from .conftest import CHROMIUM, PHONE
from .test_reading import _no_sideways_scroll, _screenshot, path_of

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
expect = sync_api.expect

pytestmark = pytest.mark.browser

TITLE = "西伯利亞滯留者"
ARTICLE = f"/wiki/{TITLE}"


@pytest.fixture
def edited(site):
    from articles.models import Article, Revision

    article = Article.objects.get(title=TITLE)
    text = article.current_revision.text
    article.commit(text.replace("因囚禁而死亡", "因監禁而死亡", 1), kind=Revision.EDIT, author="編者", summary="用字")
    return article


def test_from_the_article_to_a_diff_on_a_phone(reader, edited):
    page = reader.open(ARTICLE, viewport=PHONE, is_mobile=True, has_touch=True)
    expect(page.locator(".last-revised")).to_contain_text("本页面最后修订于")
    page.locator(".last-revised").get_by_role("link", name="查看历史").click()
    expect(page.locator("h1")).to_contain_text("的修订历史")
    assert _no_sideways_scroll(page)
    page.get_by_role("link", name="之前").first.click()
    expect(page.locator("del.diff-delete").first).to_contain_text("囚")
    expect(page.locator("ins.diff-insert").first).to_contain_text("監")
    assert _no_sideways_scroll(page)
    _screenshot(page, "diff-phone.png")
    # Comparing two chosen revisions with the radio buttons gives the same diff.
    page.go_back()
    page.get_by_role("button", name="比较选定的版本").click()
    expect(page.locator("ins.diff-insert").first).to_contain_text("監")


def test_an_editor_reverts_from_an_old_revision(reader, edited, live_server):
    from django.test import Client

    from articles.models import Article
    from tests.conftest import editor_user

    editor_user("管理員", password="pw-不易猜到-123")
    client = Client()
    client.login(username="管理員", password="pw-不易猜到-123")
    session = client.cookies["sessionid"].value
    first = edited.revisions.get(number=1)
    page = reader.open(
        f"{ARTICLE}?oldid={first.pk}",
        storage_state={"cookies": [{"name": "sessionid", "value": session, "url": live_server.url}]},
    )
    expect(page.locator(".revision-notice")).to_contain_text("这是本页的一个旧版本")
    page.get_by_role("button", name="还原到此版本").click()
    assert path_of(page) == ARTICLE
    expect(page.locator(".lead")).to_contain_text("因囚禁而死亡")
    assert Article.objects.get(pk=edited.pk).current_revision.kind == "revert"
    assert quote(TITLE) in page.url
