"""Reading the site in a real browser: what a person sees and can do, on a desktop and on a phone."""

import re
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from .conftest import ARTIFACTS, CHROMIUM, DESKTOP, PHONE

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
expect = sync_api.expect

pytestmark = pytest.mark.browser

TITLE = "西伯利亞滯留者"
ARTICLE = f"/wiki/{TITLE}"


def path_of(page):
    """The page's address as a person reads it: path and fragment, percent-decoded."""
    url = unquote(page.url)
    return url[url.index("/", len("http://")) :]


def marker(page, number):
    return page.locator("sup.reference > a", has_text=f"[{number}]")


def tooltip_of(page, link):
    described_by = link.get_attribute("aria-describedby")
    assert described_by, "a footnote marker names its preview with aria-describedby"
    tip = page.locator(f'[id="{described_by}"]')
    assert tip.get_attribute("role") == "tooltip"
    return tip


def test_footnote_goes_to_its_reference_and_the_backlink_comes_back(reader):
    page = reader.open(ARTICLE)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    marker(page, 1).click()
    expect(page).to_have_url(re.compile(r"#cite_note-1$"))
    target = page.locator(":target")
    expect(target).to_have_id("cite_note-1")
    expect(target).to_contain_text("Japanese POW group says files on over 500,000 held in Moscow")
    expect(target).to_be_in_viewport()

    target.get_by_role("link", name="返回引用处").click()
    expect(page).to_have_url(re.compile(r"#cite_ref-1$"))
    expect(page.locator(":target")).to_have_id("cite_ref-1")
    expect(marker(page, 1)).to_be_in_viewport()


def test_footnote_preview_on_hover_and_on_keyboard_focus(reader):
    page = reader.open(ARTICLE)
    second = marker(page, 2)
    tip = tooltip_of(page, second)
    expect(tip).to_be_hidden()

    second.hover()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("UN Press Release")
    expect(tip).to_contain_text("Commission on Human Rights, 56th session, 13 April 2000.")
    # Near the marker, inside the window.
    box, spot = tip.bounding_box(), second.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"]
    assert abs(box["y"] - (spot["y"] + spot["height"])) < 40 or abs(box["y"] + box["height"] - spot["y"]) < 40
    # A copy of the reference, not a second set of ids or tab stops.
    assert tip.locator("[id]").count() == 0
    assert all(link.get_attribute("tabindex") == "-1" for link in tip.locator("a").all())

    page.mouse.move(5, DESKTOP["height"] - 5)
    expect(tip).to_be_hidden()

    # By keyboard: Tab from marker [1] reaches [2], whose preview shows; Escape puts it away.
    first = marker(page, 1)
    first.focus()
    expect(tooltip_of(page, first)).to_contain_text("BBC News")
    page.keyboard.press("Tab")
    expect(second).to_be_focused()
    expect(tip).to_be_visible()
    expect(tooltip_of(page, first)).to_be_hidden()
    expect(page.get_by_role("tooltip")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(second).to_be_focused()


def test_variant_switcher_turns_the_page_into_taiwan_words(reader):
    page = reader.open(ARTICLE)
    expect(page.locator("main")).to_contain_text("斯大林政權的")

    page.get_by_role("navigation", name="语言变体").get_by_role("link", name="臺灣正體").click()
    expect(page).to_have_url(re.compile(re.escape(f"/zh-tw/{quote(TITLE)}") + "$"))
    assert path_of(page) == f"/zh-tw/{TITLE}"
    main = page.locator("main")
    expect(main).to_contain_text("史達林")
    expect(main).to_contain_text("葉爾欽")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant-TW")
    current = page.get_by_role("navigation", name="语言变体").locator('[aria-current="page"]')
    expect(current).to_have_text("臺灣正體")


def test_header_search_suggests_titles_and_finds_the_article(reader):
    page = reader.open(f"/wiki/{quote('日本人')}")
    # A search box with a list of suggestions is a combobox.
    box = page.get_by_role("search", name="站内搜索").get_by_role("combobox", name="搜索条目")
    suggestions = page.locator("#site-search-suggestions option")

    # Suggestions as one types, whatever the script: 西伯利亚 (simplified) finds 西伯利亞滯留者.
    box.press_sequentially("西伯利亚", delay=20)
    expect(suggestions).to_have_count(1)
    expect(suggestions.first).to_have_attribute("value", TITLE)
    box.fill("")
    box.press_sequentially("日本", delay=20)
    expect(suggestions).to_have_count(3)
    assert all(option.get_attribute("value").startswith("日本") for option in suggestions.all())

    # 战俘 is no title: the search gives the results, the first of which is the article.
    box.fill("战俘")
    page.get_by_role("search", name="站内搜索").get_by_role("button", name="搜索").click()
    expect(page).to_have_url(re.compile(r"/wiki/Special:Search\?search="))
    expect(page.get_by_role("heading", level=1)).to_have_text("搜索")
    results = page.locator("ol.search-results > li")
    expect(results.first).to_contain_text("戰俘")
    results.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(re.escape(f"/wiki/{quote(TITLE)}") + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_category_bar_leads_to_the_category_page(reader):
    page = reader.open(ARTICLE)
    page.get_by_role("navigation", name="分类").get_by_role("link", name="日蘇關係").click()
    assert path_of(page) == "/wiki/Category:日蘇關係"
    expect(page.get_by_role("heading", level=1)).to_contain_text("日蘇關係")
    expect(page.locator("main").get_by_role("link", name=TITLE)).to_be_visible()


def _screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    assert path.is_file() and path.stat().st_size > 1000, path
    return path


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_on_a_phone_the_contents_fold_away_and_nothing_overflows(reader):
    page = reader.open(ARTICLE, viewport=PHONE, is_mobile=True, has_touch=True)
    toc = page.locator("details#toc")
    expect(toc).not_to_have_attribute("open", "")
    expect(toc.get_by_role("link", name=re.compile("相關條目"))).to_be_hidden()
    assert _no_sideways_scroll(page)
    # The variant switcher is one sideways-scrolling row, not three wrapped lines.
    switcher = page.get_by_role("navigation", name="语言变体")
    assert switcher.bounding_box()["height"] < 60
    expect(switcher.locator('[aria-current="page"]')).to_be_in_viewport()
    _screenshot(page, "article-phone.png")

    # The preview of the last marker stays inside the narrow window.
    last = marker(page, 4)
    last.focus()
    tip = tooltip_of(page, last)
    expect(tip).to_contain_text("Gulag: A History")
    box = tip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()

    toc.locator("summary").click()
    expect(toc.get_by_role("link", name=re.compile("相關條目"))).to_be_visible()
    assert _no_sideways_scroll(page)

    # Dark, as the phone's setting asks: kept as a picture to look at.
    dark = reader.open(ARTICLE, viewport=PHONE, is_mobile=True, has_touch=True, color_scheme="dark")
    assert dark.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(16, 20, 24)"
    assert _no_sideways_scroll(dark)
    _screenshot(dark, "article-phone-dark.png")

    # A wide table scrolls inside itself rather than widening the page.
    wide = reader.open(f"/wiki/{quote('高加索')}", viewport=PHONE, is_mobile=True, has_touch=True)
    table = wide.locator("main table").first
    assert table.evaluate("t => getComputedStyle(t).overflowX") == "auto"
    assert table.evaluate("t => t.getBoundingClientRect().right") <= PHONE["width"]
    assert _no_sideways_scroll(wide)
    _screenshot(wide, "table-phone.png")


def test_on_a_desktop_the_contents_are_open(reader):
    page = reader.open(ARTICLE)
    toc = page.locator("details#toc")
    expect(toc).to_have_attribute("open", "")
    expect(toc.get_by_role("link", name=re.compile("相關條目"))).to_be_visible()
    assert _no_sideways_scroll(page)
    _screenshot(page, "article-desktop.png")
    marker(page, 2).hover()
    expect(page.get_by_role("tooltip")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "footnote-preview-desktop.png"))
    assert Path(ARTIFACTS / "footnote-preview-desktop.png").stat().st_size > 1000
