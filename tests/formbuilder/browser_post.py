"""What a browser would post from a rendered form: every control as its HTML says."""

from html.parser import HTMLParser

from django.http import QueryDict


class _Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data = QueryDict(mutable=True)
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attributes:
                    self.data.appendlist(name, attributes.get("value", "on"))
            elif kind not in ("file", "submit", "button"):
                self.data.appendlist(name, attributes.get("value", ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.data.appendlist(self._select, attributes.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # Browsers drop one newline right after <textarea>, as the HTML spec says.
            text = "".join(self._text)
            self.data.appendlist(self._textarea, text[1:] if text.startswith("\n") else text)
            self._textarea = None


def posted_data(html: str) -> QueryDict:
    parser = _Controls()
    parser.feed(html)
    return parser.data
