"""A page's form as a browser would send it: every field with the value the page shows
(checked boxes, selected options), so a test changes one field and posts the rest as
they were, as a person editing the form does."""

from __future__ import annotations

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self.fields: dict[str, list[str]] | None = None
        self.select: str | None = None
        self.first_option: str | None = None
        self.chosen = False
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.fields = {}
            self.forms.append((a.get("action", ""), self.fields))
        if self.fields is None:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio"):
                self.fields.setdefault(name, [])
                if "checked" in a:
                    self.fields[name].append(a.get("value", "on"))
            else:
                self.fields.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name:
            self.select, self.first_option, self.chosen = name, None, False
            self.fields[name] = []
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in a:
                self.fields[self.select].append(value)
                self.chosen = True
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = [""]

    def handle_data(self, data: str) -> None:
        if self.textarea is not None and self.fields is not None:
            self.fields[self.textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.fields = None
        elif tag == "select" and self.select is not None and self.fields is not None:
            if not self.chosen and self.first_option is not None:
                self.fields[self.select] = [self.first_option]
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def form_values(html: str, action: str) -> dict[str, list[str]]:
    """The fields of the page's POST form that posts to `action` (or to itself)."""
    parser = _Forms()
    parser.feed(html)
    for form_action, fields in parser.forms:
        if form_action.split("?")[0] in ("", action):
            return fields
    raise AssertionError(f"no form posting to {action} on the page")


def submit(client, url: str, action: str | None = None, **changes: str | list[str]):
    """GET `url`, change the fields named, POST the form to `action` (default `url`)."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    target = action or url.split("?")[0]
    fields = form_values(page.text, target)
    for name, value in changes.items():
        fields[name] = value if isinstance(value, list) else [value]
    return client.post(action or url, data=fields)
