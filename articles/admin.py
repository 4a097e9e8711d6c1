"""Editors change a page as zh.wikipedia's editors do: its whole Markdown, with an edit summary.

Sections, references and categories are derived from the current revision's
text, so they are shown here, never edited apart from it: a change is one new
revision of the whole page.
"""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from references.admin import ReadOnlyAdmin, ReferenceInline
from references.models import Reference
from wikitext.titles import title_to_path

from .editing import ArticleForm
from .models import Article, Category, Revision, Section


class DerivedInline:
    """An inline of rows derived from the text: shown, never added, changed or deleted here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SectionInline(DerivedInline, admin.TabularInline):
    model = Section
    fields = ["order", "level", "heading", "anchor", "kind"]
    readonly_fields = fields
    ordering = ["order"]
    verbose_name_plural = "sections (derived from the text)"


class DerivedReferenceInline(DerivedInline, ReferenceInline):
    verbose_name_plural = "references (derived from the text)"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "section_count", "reference_count", "updated_at"]
    search_fields = ["title", "lead", "sections__source"]
    readonly_fields = ["current_revision_link", "category_list", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "text", "summary", "minor", "base_revision"]}),
        ("Derived from the text", {"fields": ["current_revision_link", "category_list", "created_at", "updated_at"]}),
    ]
    inlines = [SectionInline, DerivedReferenceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts().with_current_revision().prefetch_related("categories")

    @admin.display(ordering="section_count", description="sections")
    def section_count(self, article):
        return article.section_count

    @admin.display(ordering="reference_count", description="references")
    def reference_count(self, article):
        return article.reference_count

    @admin.display(description="current revision")
    def current_revision_link(self, article):
        revision = article.current_revision
        if revision is None:
            return "—"
        history = reverse("articles:page", args=[title_to_path(article.title)]) + "?action=history"
        return format_html(
            '{} ({}, {}) · <a href="{}">history</a>', revision.number, revision.author, revision.timestamp, history
        )

    @admin.display(description="categories")
    def category_list(self, article):
        return ", ".join(category.name for category in article.categories.all()) or "—"

    def save_model(self, request, obj, form, change):
        # Only the title is the form's to write: the rest of the row (its current revision, what is
        # derived) may have changed since the form was read, and commit() writes it under the lock.
        if change:
            obj.save(update_fields=["title", "title_key"])
        else:
            obj.save()

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # An article's revisions and references go with it: their own admins only refuse deleting them one by one.
        perms_needed -= {str(Revision._meta.verbose_name), str(Reference._meta.verbose_name)}
        return deleted, counts, perms_needed, protected

    def save_related(self, request, form, formsets, change):
        # The inlines are read-only: what the form gives is the page's new text, one revision.
        super().save_related(request, form, formsets, change)
        form.commit(request.user)

    def history_view(self, request, object_id, extra_context=None):
        # The page's own history is its revisions, as /wiki/<title>?action=history shows them.
        article = self.get_object(request, object_id)
        if article is None:
            return super().history_view(request, object_id, extra_context)
        return redirect(reverse("articles:page", args=[title_to_path(article.title)]) + "?action=history")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name"]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    """Revisions are immutable: listed and read, never changed or deleted."""

    list_display = ["article", "number", "timestamp", "author", "kind", "size", "size_change", "summary"]
    list_filter = ["kind"]
    search_fields = ["article__title", "author", "summary"]
    list_select_related = ["article"]
    raw_id_fields = ["article", "parent", "user"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("text")
