"""The page editor's form (``?action=edit[&section=N]``): one section or the whole page, a summary, a minor flag.

The textarea's text is kept as typed (no stripping; CRLF made LF). A section's text
replaces that section of the current revision and every other byte stays as it was
(wikitext.section_edit). The form remembers the revision the edit started from; when
another became current since, a section edit still goes through if that section is the
same in both (the other edit was elsewhere: MediaWiki merges such edits too), and
otherwise the form says whose edit came between, keeps the editor's text, and starts
from the revision now current, so that nothing typed is lost and nothing saved is
overwritten unseen.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from wikitext.diffing import normalise_line_endings
from wikitext.sanitizing import without_controls
from wikitext.section_edit import SourceSection, replace_section, split_sections

from .editing import checked_page_text, conflict_message
from .models import Article, Revision

SUMMARY_MAX_LENGTH = 500


@dataclass(frozen=True)
class EditTarget:
    """What an edit changes: the page's current revision (None for a page without one) and a section of it."""

    article: Article
    current: Revision | None
    section: int | None  # None: the whole page

    @property
    def current_text(self) -> str:
        return self.current.text if self.current is not None else ""

    @property
    def sections(self) -> list[SourceSection]:
        return split_sections(normalise_line_endings(self.current_text))

    @property
    def section_missing(self) -> bool:
        """The section asked for is not on the page (any more: another edit may have removed headings)."""
        return self.section is not None and not 0 <= self.section < len(self.sections)

    def editable_text(self) -> str:
        """What the textarea starts with: the section's Markdown or the page's."""
        if self.section is None:
            return normalise_line_endings(self.current_text)
        return self.sections[self.section].text

    def page_with(self, typed: str) -> str:
        """The whole page once ``typed`` replaces what is edited (LF line endings)."""
        typed = normalise_line_endings(typed)
        if self.section is None:
            return typed
        return replace_section(normalise_line_endings(self.current_text), self.section, typed)

    def edited_span(self, page_text: str) -> tuple[int, int]:
        """Where, in ``page_with``'s result, the edited section's new text lies (start and end offsets)."""
        if self.section is None:
            return 0, len(page_text)
        old = self.sections[self.section]
        after = len(normalise_line_endings(self.current_text)) - old.end
        return old.start, len(normalise_line_endings(page_text)) - after


def same_section(base: Revision, current: Revision, number: int) -> bool:
    """Section ``number`` reads the same in both revisions (and both have it)."""
    old, new = split_sections(normalise_line_endings(base.text)), split_sections(normalise_line_endings(current.text))
    return number < len(old) and number < len(new) and old[number].text == new[number].text


def missing_section_message(number: int | None) -> str:
    return (
        f"本页现在没有第 {number} 节：您开始编辑之后，其他编辑者改动了本页的章节。"
        "您的文字仍在编辑框中，未保存；请复制它，再编辑整个页面。"
    )


class PageEditForm(forms.Form):
    text = forms.CharField(
        label="源代码（Markdown）",
        strip=False,
        required=False,  # an empty section is one removed
        widget=forms.Textarea(attrs={"rows": 25, "spellcheck": "false", "class": "edit-text", "dir": "auto"}),
    )
    summary = forms.CharField(
        label="编辑摘要",
        max_length=SUMMARY_MAX_LENGTH,
        required=False,
        strip=False,
        help_text="简要说明您的更改（会显示在页面历史中）",
        widget=forms.TextInput(attrs={"class": "edit-summary", "size": 60}),
    )
    minor = forms.BooleanField(label="这是一个小修改", required=False)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, target: EditTarget, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        self.page_text: str | None = None  # the whole page the edit gives, once cleaned
        self.conflict: Revision | None = None  # the revision saved after the one the edit started from

    def clean_summary(self) -> str:
        return without_controls(self.cleaned_data["summary"]).strip()

    def clean(self):
        cleaned = super().clean()
        typed = cleaned.get("text")
        if typed is None:
            return cleaned
        target, current = self.target, self.target.current
        if target.section_missing:
            self.add_error(None, missing_section_message(target.section))
            return cleaned
        base = cleaned.get("base_revision")
        if current is not None and base != current.pk and not self._merges(base):
            self.note_conflict(current)
        try:
            self.page_text = checked_page_text(
                target.page_with(typed), target.current_text or None, target.article.title
            )
        except forms.ValidationError as error:
            self.add_error("text", error)
        return cleaned

    def _merges(self, base_id: int | None) -> bool:
        """A section edit started from an older revision whose section is still the same in the current one."""
        if self.target.section is None or base_id is None or self.target.current is None:
            return False
        base = Revision.objects.of(self.target.article, base_id)
        return base is not None and same_section(base, self.target.current, self.target.section)

    def note_conflict(self, current: Revision) -> None:
        """Say that ``current`` came between; the form, saved again, starts from it (as MediaWiki's does)."""
        self.conflict = current
        self.add_error(None, conflict_message(current))
        self.data = self.data.copy()
        self.data[self.add_prefix("base_revision")] = str(current.pk)
