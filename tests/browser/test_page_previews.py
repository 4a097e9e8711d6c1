"""Page previews in a real browser: a link to a page here shows that page's summary, by mouse and by keyboard."""

from urllib.parse import quote

import pytest

from .conftest import ARTIFACTS, CHROMIUM, DESKTOP

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
expect = sync_api.expect

pytestmark = pytest.mark.browser

SEED = "西伯利亞滯留者"
SUMMARIES = "/api/rest_v1/page/summary/"
JAPANESE_EXTRACT = "日本人是指擁有日本國籍者或日本列島的各民族与族群。"


def local_link(page, prefix, title):
    """The seed's lead's first link to the page ``title`` here, as the server resolved it."""
    return page.locator(f'.lead a.wikilink[href="{prefix}{quote(title)}"]').first


def summaries_asked(page):
    """The summaries the page asks for from now on, as a list that fills as it does."""
    asked = []
    page.on("request", lambda request: asked.append(request) if SUMMARIES in request.url else None)
    return asked


def test_hovering_a_link_to_a_page_here_shows_its_summary_after_a_moment(reader):
    page = reader.open(f"/wiki/{SEED}")
    asked = summaries_asked(page)
    link = local_link(page, "/wiki/", "日本人")
    preview = page.locator("#page-preview")

    link.hover()
    page.wait_for_timeout(250)
    assert asked == [], "nothing is asked before the pointer has rested on the link"
    expect(preview).to_be_visible()
    expect(preview).to_have_attribute("role", "tooltip")
    expect(preview.locator(".page-preview-title")).to_have_text("日本人")
    expect(preview.locator(".page-preview-extract")).to_have_text(JAPANESE_EXTRACT)
    expect(link).to_have_attribute("aria-describedby", "page-preview")
    assert [request.url for request in asked] == [page.url.split("/wiki/")[0] + SUMMARIES + quote("日本人")]
    assert asked[0].headers["accept-language"] == "zh"
    # Near the link, inside the window.
    box, spot = preview.bounding_box(), link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"]
    assert abs(box["y"] - (spot["y"] + spot["height"])) < 40 or abs(box["y"] + box["height"] - spot["y"]) < 40
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "page-preview-desktop.png"))  # kept as a picture to look at

    page.mouse.move(5, DESKTOP["height"] - 5)
    expect(preview).to_be_hidden()
    expect(link).not_to_have_attribute("aria-describedby", "page-preview")

    # Again: the summary is kept, not asked for twice.
    link.hover()
    expect(preview).to_be_visible()
    expect(preview.locator(".page-preview-extract")).to_have_text(JAPANESE_EXTRACT)
    assert len(asked) == 1


def test_a_link_left_before_the_delay_asks_nothing(reader):
    page = reader.open(f"/wiki/{SEED}")
    asked = summaries_asked(page)
    link = local_link(page, "/wiki/", "高加索")
    link.hover()
    page.wait_for_timeout(150)
    page.mouse.move(5, DESKTOP["height"] - 5)
    page.wait_for_timeout(900)
    assert asked == []
    assert page.locator("#page-preview").count() == 0


def test_no_preview_and_no_request_for_a_link_out_of_the_site(reader):
    page = reader.open(f"/wiki/{SEED}")
    asked = summaries_asked(page)
    outside = page.locator('.lead a.wikilink.external[title="二戰"]')
    expect(outside).to_have_attribute("href", "https://zh.wikipedia.org/wiki/" + quote("二戰"))
    outside.hover()
    page.wait_for_timeout(900)
    outside.focus()
    page.wait_for_timeout(900)
    assert asked == []
    assert page.locator("#page-preview").count() == 0


def test_keyboard_focus_shows_the_preview_and_escape_closes_it(reader):
    page = reader.open(f"/wiki/{SEED}")
    link = local_link(page, "/wiki/", "日本人")
    preview = page.locator("#page-preview")
    link.focus()
    expect(preview).to_be_visible()
    expect(preview.locator(".page-preview-extract")).to_have_text(JAPANESE_EXTRACT)
    expect(link).to_have_attribute("aria-describedby", "page-preview")
    page.keyboard.press("Escape")
    expect(preview).to_be_hidden()
    expect(link).to_be_focused()
    # Tab to the next link: the preview went with the focus.
    page.keyboard.press("Tab")
    expect(link).not_to_be_focused()
    expect(preview).to_be_hidden()


def test_the_preview_is_in_the_pages_variant(reader):
    page = reader.open(f"/zh-tw/{SEED}")
    asked = summaries_asked(page)
    link = local_link(page, "/zh-tw/", "日本人")
    link.hover()
    preview = page.locator("#page-preview")
    expect(preview.locator(".page-preview-extract")).to_have_text("日本人是指擁有日本國籍者或日本列島的各民族與族群。")
    expect(preview).to_have_attribute("lang", "zh-tw")
    assert asked[0].headers["accept-language"] == "zh-Hant-TW"
