from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .models import Article, Category
from .presenting import cached_article_view, with_links_resolved
from .variants import NO_CONVERSION, title_key
from .wikisyntax import category_name, normalize_title, title_to_path

ARTICLES_PER_PAGE = 100


def local_url(title: str) -> str:
    return reverse("articles:page", args=[title_to_path(title)])


def home(request):
    articles = Article.objects.annotate(
        is_seed=Case(When(title=settings.SEED_TITLE, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("is_seed", "title")
    page = Paginator(articles.only("title"), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/home.html", {"page": page, "article_count": page.paginator.count})


def page(request, title):
    """/wiki/<title>: an article, or a category when the title says so."""
    wanted = normalize_title(title)
    if title_to_path(wanted) != title:
        return redirect("articles:page", title_to_path(wanted))
    name = category_name(wanted)
    if name is not None:
        return category(request, name)

    article = Article.objects.filter(title=wanted).first()
    if article is None:
        article = Article.objects.filter(title_key=title_key(wanted)).order_by("title").first()
        if article is None:
            return not_found(request, wanted)
        return redirect(article)

    view = with_links_resolved(cached_article_view(article, NO_CONVERSION), local_url)
    return render(request, "articles/article.html", {"article": view})


def category(request, name):
    category = get_object_or_404(Category, name=name)
    articles = category.articles.order_by("title").only("title")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/category.html", {"category": category, "page": page})


def not_found(request, title):
    return render(request, "articles/missing.html", {"title": title}, status=404)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
