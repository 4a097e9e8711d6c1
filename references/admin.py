"""References in the admin: read-only, edited in their article's text; and the read-only admin base."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import Reference


class ReferenceInline(admin.TabularInline):
    model = Reference
    extra = 0
    fields = ["number", "source", "url", "uses"]
    readonly_fields = ["url", "uses"]
    ordering = ["number"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that are derived or immutable: listed and read, never added, changed or deleted one by one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reference)
class ReferenceAdmin(ReadOnlyAdmin):
    """References are derived from their article's text: read here, edited in the article's text."""

    list_display = ["article", "number", "url"]
    list_select_related = ["article"]
    search_fields = ["source", "article__title"]
    fields = ["article_link", "number", "source", "url", "uses"]
    readonly_fields = fields

    @admin.display(description="article (edit the reference in its text)")
    def article_link(self, reference):
        # By URL name only: this app imports nothing of articles.
        url = reverse("admin:articles_article_change", args=[reference.article_id])
        return format_html('<a href="{}">{}</a>', url, reference.article)
