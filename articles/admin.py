from django.contrib import admin

from references.admin import ReferenceInline

from .models import Article, Category, Section


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ["order", "level", "heading", "anchor", "kind", "source"]
    ordering = ["order"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "section_count", "reference_count", "updated_at"]
    search_fields = ["title", "lead", "sections__source"]
    autocomplete_fields = ["categories"]
    readonly_fields = ["source", "created_at", "updated_at", "version"]
    fields = ["title", "lead", "categories", "source", "created_at", "updated_at", "version"]
    inlines = [SectionInline, ReferenceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(ordering="section_count", description="sections")
    def section_count(self, article):
        return article.section_count

    @admin.display(ordering="reference_count", description="references")
    def reference_count(self, article):
        return article.reference_count

    def save_related(self, request, form, formsets, change):
        # Sections and references are saved by now: render the page from them.
        super().save_related(request, form, formsets, change)
        form.instance.render()


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name"]
