"""What a browser posts back from a page's form: read from the HTML, not from Django's form objects.

Two things a browser does matter to an editor's text: the newline right after
``<textarea>`` is not part of its value, and every line ending of a textarea is
sent as CRLF.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: list[tuple[str, str]] = []
        self.textarea: str | None = None
        self.text: list[str] = []
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (self.form_id is None or attributes.get("id") == self.form_id):
            self.inside = True
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name and "disabled" not in attributes:
            kind = attributes.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self.data.append((name, attributes.get("value", "on")))
            elif kind not in ("submit", "button", "image", "file", "reset"):
                self.data.append((name, attributes.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attributes:
            self.data.append((self.select, attributes.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            value = "".join(self.text)
            value = value.removeprefix("\r\n").removeprefix("\n")
            self.data.append((self.textarea, value.replace("\r\n", "\n").replace("\n", "\r\n")))
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form" and self.inside:
            self.inside = False

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)


def posted(html: str, form_id: str | None = None) -> dict[str, str | list[str]]:
    """The fields the form ``form_id`` (or every form) would post, as the Django test client takes them."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data: dict[str, str | list[str]] = {}
    for name, value in reader.data:
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    return data
