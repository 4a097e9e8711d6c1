"""The page editor at the article's own address, as zh.wikipedia's editors know it.

``?action=edit`` edits the whole page, ``?action=edit&section=N`` its N-th section (0 is
the lead), for editors only (``articles.permissions``). A page of our own rather than the
admin's change form: it shows the preview in the page's own style and in the variant the
editor reads, opens from the "编辑" beside each heading, and keeps the admin for what it
is good at (titles, references, many pages at once).

One form, three buttons: 显示预览 (the text derived and sanitised exactly as a saved
revision is, nothing written), 显示更改 (the character diff against the current revision,
as the history shows diffs) and 保存更改 (a new revision through ``Article.commit``, its
conflict check included; 303 to the page at the section edited).
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers

from wikitext.diffing import diff_texts, normalise_line_endings
from wikitext.parsing import parse_page
from wikitext.section_edit import split_sections
from wikitext.variants import NO_CONVERSION, Variant

from .article_view import ArticleView, cached_article_view, heading_text, preview_page
from .history_views import page_context, shown_diff
from .interface import interface_text
from .models import Article, EditConflict, Revision
from .page_edit import EditTarget, PageEditForm
from .permissions import refusal
from .variant_urls import page_url

SAVE, PREVIEW, DIFF = "save", "preview", "diff"  # the names of the form's buttons


def edit(request, article: Article, variant: Variant = NO_CONVERSION):
    section = _section_number(request.GET.get("section"))
    edit_url = edit_url_of(article.title, variant, section)
    refused = refusal(request, edit_url)
    if refused is not None:
        return refused
    current = Revision.objects.of(article, article.current_revision_id) if article.current_revision_id else None
    target = EditTarget(article, current, section)
    if request.method == "POST":
        return _submitted(request, target, variant)
    if target.section_missing:
        raise Http404(f"{article.title} has no section {section}")
    form = PageEditForm(
        initial={
            "text": target.editable_text(),
            "summary": _section_summary(article, section),
            "base_revision": current.pk if current else None,
        },
        target=target,
    )
    return _editor(request, target, variant, form)


def edit_url_of(title: str, variant: Variant, section: int | None = None) -> str:
    """The editor's address for a page, or one section of it."""
    url = page_url(title, variant) + "?action=edit"
    return url if section is None else f"{url}&section={section}"


def _section_number(value: str | None) -> int | None:
    if value is None:
        return None
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
    if not (value.isascii() and value.isdigit()):
        raise Http404(f"section must be a section's number, not {value!r}")
    return int(value)


def _section_summary(article: Article, section: int | None) -> str:
    """MediaWiki's start of a section edit's summary, ``/* 标题 */ `` (the heading as readers see it, unconverted)."""
    if not section:
        return ""
    headings = cached_article_view(article, NO_CONVERSION).sections
    return f"/* {heading_text(headings[section - 1])} */ " if section <= len(headings) else ""


def _submitted(request, target: EditTarget, variant: Variant):
    form = PageEditForm(request.POST, target=target)
    wanted = PREVIEW if PREVIEW in request.POST else DIFF if DIFF in request.POST else SAVE
    if form.is_valid() and wanted == SAVE:
        assert form.page_text is not None  # a valid form has composed the page
        user = request.user
        try:
            target.article.commit(
                form.page_text,
                kind=Revision.EDIT,
                author=user.get_username(),
                user=user,
                summary=form.cleaned_data["summary"],
                minor=form.cleaned_data["minor"],
                base=target.current.pk if target.current else None,
            )
        except EditConflict as conflict:  # saved by someone else between this request's read and its write
            form.note_conflict(conflict.current)
        else:
            return _saved(target, form.page_text, variant)
    return _editor(request, target, variant, form, wanted)


def _saved(target: EditTarget, page_text: str, variant: Variant):
    """303 to the page, at the edited section's heading (the browser then GETs the page as saved)."""
    url = page_url(target.article.title, variant)
    start, _end = target.edited_span(page_text)
    sections = split_sections(normalise_line_endings(page_text))
    number = next((section.number for section in sections if section.start == start), 0)
    if target.section and number:
        headings = parse_page(page_text, target.article.title).sections
        if number <= len(headings):
            url += "#" + quote(headings[number - 1].anchor, safe="")
    response = redirect(url)
    response.status_code = 303
    return response


def _editor(request, target: EditTarget, variant: Variant, form: PageEditForm, wanted: str = ""):
    article, page_text = target.article, form.page_text
    preview = diff = None
    if page_text is not None and wanted == PREVIEW:
        preview = edited_part(preview_page(article.title, page_text, variant), target, page_text)
    if page_text is not None and (wanted == DIFF or form.conflict is not None):
        # On a conflict the diff shows what saving this text now would change, the other edit included.
        diff = shown_diff(diff_texts(target.current_text, page_text))
    response = render(
        request,
        "articles/edit.html",
        {
            "form": form,
            "section": target.section,
            "edit_url": edit_url_of(article.title, variant, target.section),
            "whole_page_url": edit_url_of(article.title, variant),
            "preview": preview,
            "labels": interface_text(variant),
            **(diff or {}),
            "show_diff": diff is not None,
            **page_context(request, article, variant),
        },
    )
    add_never_cache_headers(response)  # an editor's page, with their text: no shared or stored copy
    return response


def edited_part(view: ArticleView, target: EditTarget, page_text: str) -> ArticleView:
    """The preview of a section edit: the sections its new text holds, and the citation list, as MediaWiki shows it."""
    if target.section is None:
        return view
    start, end = target.edited_span(page_text)
    sections = split_sections(normalise_line_endings(page_text))
    shown = [s.number for s in sections[1:] if start <= s.start < end]
    if not shown and start > 0:  # the heading was removed: the text joined the section before it
        shown = [max(s.number for s in sections if s.start <= start)]
    return replace(
        view,
        lead_html=view.lead_html if start == 0 else "",
        sections=tuple(view.sections[number - 1] for number in shown if 0 < number <= len(view.sections)),
        toc=(),
    )
