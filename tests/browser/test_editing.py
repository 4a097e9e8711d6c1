"""An editor's whole flow in Chromium: sign in, "编辑" beside a heading, preview, show changes, save, history.

And the editor page is accessible: axe-core finds nothing at 1280 and 390 px, no page-wide
sideways scroll, and a change can be made and saved with the keyboard alone.
"""

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import DESKTOP
from tests.browser.test_admin_a11y import tab_to

pytestmark = pytest.mark.browser

TITLE = "日本裔俄羅斯人"
PATH = f"/wiki/{TITLE}"
PASSWORD = "pw-不易猜到-123"
OLD, NEW = "1890年有392人", "1890年有約400人"
PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture
def editor_reader(reader, site):
    from tests.conftest import editor_user

    editor_user("編者", password=PASSWORD)
    yield reader
    # axe-core's own <style>, refused by the CSP, is reported on the console too: not the page's doing.
    reader.problems[:] = [p for p in reader.problems if "Applying inline style violates" not in p]


def sign_in(reader, path, viewport=DESKTOP):
    """The admin's sign-in form, as an editor fills it, then back to ``path``."""
    page = reader.open(f"/admin/login/?next={quote(path)}", viewport=viewport)
    page.fill("#id_username", "編者")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click('input[type="submit"]')
    return page


def path_of(page) -> str:
    return page.evaluate("location.pathname + location.search + location.hash")


def no_sideways_scroll(page):
    width, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= window, f"{path_of(page)} is {width} px wide in a {window} px window"


def test_an_editor_changes_one_section_from_reading_to_saved(editor_reader, browser, site):
    page = sign_in(editor_reader, PATH)
    assert path_of(page) == quote(PATH)
    page.get_by_role("link", name="编辑章节：日本開國").click()
    expect(page.locator("h1")).to_contain_text("（第 2 节）")
    box = page.get_by_label("源代码（Markdown）")
    assert box.input_value().startswith("## 日本開國\n")
    box.fill(box.input_value().replace(OLD, NEW))

    page.get_by_role("button", name="显示预览").click()
    preview = page.locator(".edit-preview")
    expect(preview).to_contain_text("这只是预览，您的更改尚未保存！")
    expect(preview.locator("h2#日本開國")).to_have_count(1)
    expect(preview).to_contain_text(NEW)
    expect(preview.locator("#早期居民")).to_have_count(0)  # the section edited, not the whole page
    assert_no_axe_violations(page)
    no_sideways_scroll(page)
    reading = page.context.new_page()
    reading.goto(site + PATH)
    expect(reading.locator("#content")).to_contain_text(OLD)  # not saved yet
    reading.close()

    page.get_by_role("button", name="显示更改").click()
    changes = page.locator(".edit-changes")
    expect(changes.locator("ins.diff-insert").first).to_contain_text("約")
    expect(changes.locator("del.diff-delete").first).to_contain_text("392")
    assert_no_axe_violations(page)

    summary = page.get_by_label("编辑摘要")
    assert summary.input_value() == "/* 日本開國 */ "
    summary.fill("/* 日本開國 */ 人数取整")
    with page.expect_navigation():
        page.get_by_role("button", name="保存更改").click()
    assert path_of(page) == quote(PATH) + "#" + quote("日本開國")
    expect(page.locator("#content")).to_contain_text(NEW)

    page.get_by_role("link", name="查看历史").first.click()
    expect(page.locator(".history-row").first.locator(".history-summary")).to_have_text("（/* 日本開國 */ 人数取整）")
    expect(page.locator(".history-row").first.locator(".history-author")).to_have_text("編者")

    # A reader, not signed in, sees the change and no editor's markup (the stored anonymous page).
    for _ in range(2):
        anonymous = editor_reader.open(PATH)
        expect(anonymous.locator("#content")).to_contain_text(NEW)
        expect(anonymous.locator(".mw-editsection")).to_have_count(0)
        expect(anonymous.locator('a[href*="action=edit"]')).to_have_count(0)
    assert Article.objects.get(title=TITLE).current_revision.summary == "/* 日本開國 */ 人数取整"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["1280", "390"])
def test_the_editor_passes_axe_and_fits_the_window(editor_reader, viewport):
    page = sign_in(editor_reader, f"{PATH}?action=edit", viewport=viewport)
    expect(page.locator("h1")).to_contain_text("正在编辑")
    assert_no_axe_violations(page)
    no_sideways_scroll(page)
    page.get_by_role("button", name="显示预览").click()
    page.get_by_role("button", name="显示更改").click()
    expect(page.locator(".diff-identical")).to_have_text("两个版本内容相同。")
    assert_no_axe_violations(page)
    no_sideways_scroll(page)


def test_a_section_is_edited_and_saved_with_the_keyboard_alone(editor_reader):
    page = sign_in(editor_reader, f"{PATH}?action=edit&section=3")
    tab_to(page, "textarea#id_text")
    page.keyboard.press("Control+End")
    page.keyboard.type("键盘加的一句。\n")
    tab_to(page, "input#id_summary")
    page.keyboard.press("End")  # Tab selected the summary's "/* 二戰後 */ ": type after it
    page.keyboard.type("键盘保存")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in the summary saves, as on MediaWiki
    assert path_of(page) == quote(PATH) + "#" + quote("二戰後")
    latest = Article.objects.get(title=TITLE).current_revision
    assert latest.summary == "/* 二戰後 */ 键盘保存"
    assert "键盘加的一句。\n## 知名人物" in latest.text
