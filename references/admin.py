from django.contrib import admin

from .models import Reference


class ReferenceInline(admin.TabularInline):
    model = Reference
    extra = 0
    fields = ["number", "source", "url", "uses"]
    readonly_fields = ["url", "uses"]
    ordering = ["number"]


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["article", "number", "url"]
    list_select_related = ["article"]
    search_fields = ["source", "article__title"]
    raw_id_fields = ["article"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The citation's HTML, URL and backlinks follow from the whole article: render it again.
        obj.article.render()
