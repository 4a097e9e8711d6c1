"""The editor's form: a page's whole Markdown, an edit summary, and the revision the edit started from.

What the editor submits is kept as typed: no stripping, only line endings made
LF (browsers send CRLF from a textarea). A text equal to the current revision
but for line endings is the current revision, byte for byte: saving a form
unchanged changes nothing.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone

from wikitext.diffing import normalise_line_endings
from wikitext.limits import check_page_size
from wikitext.page import ParseError
from wikitext.parsing import parse_page
from wikitext.sanitizing import without_controls
from wikitext.titles import normalize_title

from .models import Article, Revision


def conflict_message(current: Revision) -> str:
    when = timezone.localtime(current.timestamp).strftime("%Y-%m-%d %H:%M")
    return (
        f"编辑冲突：您开始编辑之后，{current.author} 于 {when} 保存了修订版本 {current.number}。"
        "您的文字仍在编辑框中，未保存；请对照该页历史中的最新版本合并后再保存。"
        f" (Edit conflict: revision {current.number} by {current.author} was saved after you started; "
        "your text is kept below, unsaved.)"
    )


def checked_page_text(typed: str, current_text: str | None, title: str) -> str:
    """An editor's whole page text as it will be stored: LF line endings, within the size limit, a page.

    A text equal to the current one but for line endings is the current one, byte for byte.
    Raises ValidationError naming what is wrong.
    """
    text = normalise_line_endings(typed)
    if current_text is not None and text == normalise_line_endings(current_text):
        return current_text  # unchanged: the stored bytes, whatever line endings they have
    too_long = check_page_size(Revision.size_of(text), settings.SIBERIA_MAX_PAGE_BYTES, subject="text")
    if too_long:
        raise forms.ValidationError(too_long)
    try:
        parse_page(text, title)
    except ParseError as error:
        raise forms.ValidationError(f"not a page: {error}") from None
    return text


class ArticleForm(forms.ModelForm):
    text = forms.CharField(
        label="page text (Markdown)",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100, "spellcheck": "false", "class": "vLargeTextField"}),
        help_text="The whole page as pandoc's Markdown, categories and reference list included.",
    )
    summary = forms.CharField(label="edit summary", max_length=500, required=False)
    minor = forms.BooleanField(label="this is a minor edit", required=False)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = ["title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_text: str | None = None
        revision_id = self.instance.current_revision_id if self.instance.pk else None
        if revision_id is not None:
            self.current_text = Revision.objects.values_list("text", flat=True).get(pk=revision_id)
            self.fields["text"].initial = self.current_text
            self.fields["base_revision"].initial = revision_id

    def clean_title(self) -> str:
        # Normalised before the uniqueness check, as Article.save() will store it.
        title = normalize_title(without_controls(self.cleaned_data["title"]))
        if not title:
            raise forms.ValidationError("the title is empty once normalised")
        return title

    def clean_summary(self) -> str:
        return without_controls(self.cleaned_data["summary"])

    def clean_text(self) -> str:
        title = self.cleaned_data.get("title") or self.instance.title or "page"
        return checked_page_text(self.cleaned_data["text"], self.current_text, title)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        # Inside the admin's transaction: the row stays locked until this save commits.
        current = Article.objects.locked(pk=self.instance.pk).get().current_revision
        base = cleaned.get("base_revision")
        if current is not None and base != current.pk:
            self.add_error(None, conflict_message(current))
            # Saved again, the form starts from the revision now current (MediaWiki does the same).
            self.data = self.data.copy()
            self.data[self.add_prefix("base_revision")] = str(current.pk)
        return cleaned

    def commit(self, user) -> Revision | None:
        """The submitted text as the page's new revision (None when the text is unchanged)."""
        article = self.instance
        # clean() took the row's lock, so EditConflict cannot arise between its check and this write.
        revision = article.commit(
            self.cleaned_data["text"],
            kind=Revision.EDIT,
            author=user.get_username(),
            user=user,
            summary=self.cleaned_data.get("summary", ""),
            minor=self.cleaned_data.get("minor", False),
            base=self.cleaned_data.get("base_revision"),
        )
        if revision is None and "title" in self.changed_data:
            article.render()  # the title is part of the search terms
        return revision
