"""An article on paper: the source and licence line and the "last revised" line print; the chrome does not."""

import pytest

from tests.browser.test_reading import ARTICLE
from wikitext.titles import outside_url

pytestmark = pytest.mark.browser


def test_printing_an_article_keeps_the_licence_and_last_revised_lines(reader):
    page = reader.open(ARTICLE)
    page.emulate_media(media="print")
    footer = page.locator("footer.site-footer")
    assert footer.is_visible()
    source = "条目文字取自中文维基百科的「https://zh.wikipedia.org/wiki/西伯利亞滯留者」，依 CC BY-SA 授权。"
    assert source in footer.inner_text()
    link = footer.locator("a.source-link")
    assert link.get_attribute("href") == outside_url("西伯利亞滯留者")
    assert link.evaluate("(a) => getComputedStyle(a, '::after').content") == "none"  # the address is its text
    licence = footer.locator('a[rel="license"]')
    assert licence.get_attribute("href") == "https://creativecommons.org/licenses/by-sa/4.0/deed.zh"
    # The licence's address is written out on paper, after the link.
    after = licence.evaluate("(a) => getComputedStyle(a, '::after').content")
    assert after == '" <https://creativecommons.org/licenses/by-sa/4.0/deed.zh>"', after
    last_revised = footer.locator("p.last-revised")
    assert last_revised.is_visible()
    assert last_revised.inner_text().startswith("本页面最后修订于")
    for chrome in ["header.site-header", ".skip-link", ".site-search"]:
        assert not page.locator(chrome).first.is_visible(), chrome
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


def test_on_screen_the_licence_address_is_not_written_out(reader):
    page = reader.open(ARTICLE)
    licence = page.locator('footer.site-footer a[rel="license"]')
    assert licence.evaluate("(a) => getComputedStyle(a, '::after').content") == "none"
