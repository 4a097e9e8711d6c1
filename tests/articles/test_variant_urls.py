"""Addresses in each variant: the converter, reversing, the same page in another variant, the switcher."""

import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, resolve, reverse

from articles.variant_urls import VariantConverter, page_url, same_page_in, url_in, variant_context, variant_links
from wikitext.variants import CONVERTED, NO_CONVERSION, VARIANTS, Variant

SEED_PATH = "%E8%A5%BF%E4%BC%AF%E5%88%A9%E4%BA%9E%E6%BB%AF%E7%95%99%E8%80%85"
ZH_TW = Variant.named("zh-tw")


def request_for(path: str):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(request.path)
    return request


def test_the_converter_takes_each_conversion_and_hands_the_view_a_variant():
    converter = VariantConverter()
    assert converter.regex.split("|") == [variant.code for variant in CONVERTED]
    assert converter.to_python("zh-tw") is ZH_TW
    assert converter.to_url(ZH_TW) == "zh-tw"
    with pytest.raises(ValueError):
        converter.to_url(NO_CONVERSION)  # zh is /wiki/, never /zh/


def test_a_template_may_name_the_variant_by_its_code():
    assert reverse("articles:page", kwargs={"variant": "zh-tw", "title": "日本"}) == "/zh-tw/%E6%97%A5%E6%9C%AC"
    with pytest.raises(NoReverseMatch):
        reverse("articles:page", kwargs={"variant": "zh", "title": "日本"})


def test_a_page_in_a_variant_is_under_its_prefix_and_unconverted_under_wiki():
    assert page_url("西伯利亞滯留者") == f"/wiki/{SEED_PATH}"
    assert page_url("西伯利亞滯留者", ZH_TW) == f"/zh-tw/{SEED_PATH}"
    assert page_url("Python 语言") == "/wiki/Python_%E8%AF%AD%E8%A8%80"
    assert url_in(Variant.named("zh-hk"), "all_pages") == "/zh-hk/Special:AllPages"
    assert url_in(NO_CONVERSION, "what_links_here", title="日本") == "/wiki/Special:WhatLinksHere/%E6%97%A5%E6%9C%AC"


def test_the_view_gets_the_variant_of_its_address():
    assert resolve("/zh-tw/日本").kwargs == {"variant": ZH_TW, "title": "日本"}
    assert "variant" not in resolve("/wiki/日本").kwargs


def test_the_same_page_in_another_variant_keeps_the_query_but_a_choice():
    request = request_for("/zh-tw/Special:AllPages?page=2&variant=zh-cn")
    assert same_page_in(request, Variant.named("zh-cn")) == "/zh-cn/Special:AllPages?page=2"
    assert same_page_in(request, NO_CONVERSION) == "/wiki/Special:AllPages?page=2"


def test_the_switcher_links_every_variant_each_recording_its_choice():
    links = variant_links(request_for("/zh-tw/日本"), ZH_TW)
    assert [link.code for link in links] == [variant.code for variant in VARIANTS]
    assert [link.code for link in links if link.current] == ["zh-tw"]
    by_code = {link.code: link for link in links}
    assert by_code["zh"].url == "/wiki/%E6%97%A5%E6%9C%AC?variant=zh"
    assert by_code["zh-hans"].url == "/zh-hans/%E6%97%A5%E6%9C%AC?variant=zh-hans"
    assert (by_code["zh-tw"].lang, by_code["zh-tw"].label) == ("zh-Hant-TW", "臺灣正體")


def test_base_html_gets_the_variant_its_language_and_the_switcher():
    request = request_for("/zh-hk/日本")
    context = variant_context(request, Variant.named("zh-hk"))
    assert context["variant"] is Variant.named("zh-hk")
    assert context["html_lang"] == "zh-Hant-HK"
    assert context["variant_links"] == variant_links(request, Variant.named("zh-hk"))
