"""The article pages: an article or a category at /wiki/<title> and /<variant>/<title>, the home page,
Special:AllPages, Special:Categories, Special:Random, Special:WhatLinksHere, the missing page; each
reader's variant negotiated."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.cache import never_cache

from wikitext.negotiation import CHOICE, COOKIE, COOKIE_MAX_AGE, chosen_variant, preferred_variant
from wikitext.titles import (
    SPECIAL_NAMESPACE,
    category_name,
    category_title,
    normalize_title,
    outside_url,
    title_key,
    title_to_path,
)
from wikitext.variants import NO_CONVERSION, convert_text

from .article_view import article_page
from .edit_views import edit_url_of
from .history_views import recent_changes
from .interface import interface_text, revised_at
from .lists import titles_in
from .models import Article, Category, Link
from .page_actions import page_action
from .permissions import signed_in_editor
from .validators import site_validators
from .variant_urls import page_url, same_page_in, url_in, variant_context

ARTICLES_PER_PAGE = 100
OFFLINE_PER_PAGE = 10**9
HOME_LIST_LENGTH = 20
TITLES_STARTING_LIKE = 10  # on the missing page: a few, as the search box suggests that many


def negotiated(view):
    """For a page served under ``/wiki/`` and under each ``/<variant>/``.

    ``?variant=<code>`` remembers that choice in a cookie and goes to the page in
    it. Under ``/wiki/`` the remembered choice, or else ``Accept-Language``, may
    send the reader to a variant; those responses vary on both. An explicit
    ``/<variant>/`` address is always served as asked.
    """

    @wraps(view)
    def wrapper(request, *args, variant=NO_CONVERSION, **kwargs):
        choice = chosen_variant(request.GET.get(CHOICE))
        if choice is not None:
            response = redirect(same_page_in(request, choice))
            response.set_cookie(
                COOKIE, choice.code, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True, secure=request.is_secure()
            )
            return response
        if variant.converts or request.method not in ("GET", "HEAD"):
            # A form's POST (a revert) goes where it was sent: a redirect would lose it.
            return view(request, *args, variant=variant, **kwargs)
        preferred = preferred_variant(request.COOKIES.get(COOKIE), request.headers.get("Accept-Language"))
        if preferred.converts:
            response = redirect(same_page_in(request, preferred))
        else:
            response = view(request, *args, variant=variant, **kwargs)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response

    return wrapper


@negotiated
@site_validators
def home(request, variant=NO_CONVERSION):
    """/ and /<variant>/: what the site holds, the seed first, titles and links in the variant."""
    articles = Article.objects.seed_first(settings.SEED_TITLE).only("title").with_site_counts()
    listed = list(articles[:HOME_LIST_LENGTH])
    return render(
        request,
        "articles/home.html",
        {
            "entries": titles_in([article.title for article in listed], variant),
            "counts": listed[0] if listed else None,
            "all_pages_url": url_in(variant, "all_pages"),
            "categories_url": url_in(variant, "categories"),
            "random_url": url_in(variant, "random"),
            **variant_context(request, variant),
        },
    )


@negotiated
def page(request, title, variant=NO_CONVERSION):
    """/wiki/<title> and /<variant>/<title>: an article, or a category when the title says so."""
    wanted = normalize_title(title)
    if not wanted:
        return not_found(request, title, variant)
    if title_to_path(wanted) != title:
        return redirect(page_url(wanted, variant))
    if wanted.startswith(SPECIAL_NAMESPACE):  # the special pages there are have their own routes
        return not_found(request, wanted, variant)
    name = category_name(wanted)
    if name is not None:
        return site_validators(category)(request, name, variant=variant)

    if hasattr(request, "served_article"):  # looked up already for an anonymous reader (articles.middleware)
        article = request.served_article
    else:
        article = Article.objects.with_current_revision().by_title(wanted)
    if article is None:
        return missing_article(request, wanted, variant)
    if article.title != wanted and request.method in ("GET", "HEAD"):
        # A form's POST (a revert) is answered here: a redirect would turn it into a GET.
        query = request.GET.urlencode()
        return redirect(page_url(article.title, variant) + (f"?{query}" if query else ""))
    response = page_action(request, article, variant)
    if response is not None:
        return response

    view = article_page(article, variant)
    revision = article.current_revision
    editor = signed_in_editor(request)
    response = render(
        request,
        "articles/article.html",
        {
            "article": view,
            "labels": interface_text(variant),
            "what_links_here_url": url_in(variant, "what_links_here", title=title_to_path(article.title)),
            "history_url": f"{view.url}?action=history",
            "revised_at": revised_at(revision.timestamp, variant) if revision else "",
            "outside_url": outside_url(article.title),
            "outside_address": unquote(outside_url(article.title)),  # as a reader (and a printed page) reads it
            # An editor's page only (such a request is never stored: articles.middleware).
            "edit_url": edit_url_of(article.title, variant) if editor else "",
            "section_edit_url": edit_url_of(article.title, variant) + "&section=" if editor else "",
            **variant_context(request, variant),
        },
    )
    if editor:
        patch_cache_control(response, private=True)  # its edit links are for this editor alone
    return response


def category(request, name, variant=NO_CONVERSION):
    category = Category.objects.by_name(name)
    if category is None:
        raise Http404(f"no category {name}")
    if category.name != name:
        # Category names are variant-blind like titles: 日苏关系 finds 日蘇關係, and goes to it.
        return redirect(page_url(category_title(category.name), variant))
    articles = category.articles.order_by("title").only("title")
    # A page for an offline file (articles.offline) has no ?page= addresses to follow: every entry on it.
    per_page = OFFLINE_PER_PAGE if getattr(request, "offline", None) else ARTICLES_PER_PAGE
    page = Paginator(articles, per_page).get_page(request.GET.get("page"))
    return render(
        request,
        "articles/category.html",
        {
            "category": category,
            "name": convert_text(category.name, variant),
            "page_title": category_title(convert_text(category.name, variant)),
            "labels": interface_text(variant),
            "page": page,
            "entries": titles_in([article.title for article in page], variant),
            **variant_context(request, variant),
        },
    )


@dataclass(frozen=True)
class CategoryEntry:
    """A line of Special:Categories: the name in the variant, its page in the variant, its articles."""

    name: str
    url: str
    article_count: int


@negotiated
@site_validators
def all_categories(request, variant=NO_CONVERSION):
    """Special:Categories: every category by name with how many articles it holds, a hundred a page."""
    page = Paginator(Category.objects.with_article_counts(), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    entries = [
        CategoryEntry(
            name=convert_text(category.name, variant),
            url=page_url(category_title(category.name), variant),
            article_count=category.article_count,
        )
        for category in page
    ]
    return render(
        request,
        "articles/categories.html",
        {"page": page, "entries": entries, **variant_context(request, variant)},
    )


@negotiated
@site_validators
def all_pages(request, variant=NO_CONVERSION):
    """Special:AllPages: every article, sorted by title, a hundred a page."""
    page = Paginator(Article.objects.titles(), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "articles/all_pages.html",
        {"page": page, "entries": titles_in(list(page), variant), **variant_context(request, variant)},
    )


@never_cache
@negotiated
def random_page(request, variant=NO_CONVERSION):
    """Special:Random: to an article chosen at random; a 404 page while there is none."""
    title = Article.objects.random_title()
    if title is None:
        return render(request, "articles/empty.html", status=404)
    return redirect(page_url(title, variant))


@negotiated
@site_validators
def what_links_here(request, title, variant=NO_CONVERSION):
    """Special:WhatLinksHere/<title>: the articles linking to a title, whether or not it has a page here."""
    wanted = normalize_title(title)
    if not wanted:
        raise Http404
    if title_to_path(wanted) != title:
        return redirect(url_in(variant, "what_links_here", title=title_to_path(wanted)))
    key = title_key(wanted)
    page = Paginator(list(Link.objects.source_titles(key)), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    target = Article.objects.first_title_for_key(key)
    return render(
        request,
        "articles/what_links_here.html",
        {
            "title": convert_text(wanted, variant),
            "target": titles_in([target], variant)[0] if target else None,
            "page": page,
            "entries": titles_in(list(page), variant),
            **variant_context(request, variant),
        },
    )


def not_found(request, title, variant=NO_CONVERSION):
    """A title that can name no article (an empty one, an unknown special page): 404, with no query."""
    return render(
        request,
        "articles/missing.html",
        {"title": convert_text(title, variant), "home_url": url_in(variant, "home")},
        status=404,
    )


def missing_article(request, title, variant=NO_CONVERSION):
    """No article has this title: MediaWiki's "no such page", in the reader's variant, still 404.

    It offers a search for the title in other pages, the titles starting like it (the
    variant-blind key, as the search box suggests them: one indexed query) and the page on
    zh.wikipedia, where the title may well have one.
    """
    shown = convert_text(title, variant)
    search_url = reverse("search:search", kwargs={"variant": variant} if variant.converts else {})
    key = title_key(title)
    starting_like = list(Article.objects.titles_starting_with(key)[:TITLES_STARTING_LIKE]) if key else []
    return render(
        request,
        "articles/missing.html",
        {
            "title": shown,
            "home_url": url_in(variant, "home"),
            "search_url": f"{search_url}?{urlencode({'search': shown, 'fulltext': 1})}",
            "starting_like": titles_in(starting_like, variant),
            "outside_url": outside_url(title),
            **variant_context(request, variant),
        },
        status=404,
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@negotiated
@site_validators
def recent_changes_page(request, variant=NO_CONVERSION):
    return recent_changes(request, variant)
