"""Read a rendered HTML form the way a browser would submit it."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._textarea = None
        self._select = None
        self._first_option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            if kind not in ("submit", "button", "file"):
                self.data.setdefault(name, []).append(attrs.get("value") or default)
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = attrs.get("value", "")
            if "selected" in attrs:
                self.data[self._select].append(attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._textarea:
                value = self.data[self._textarea][0]
                self.data[self._textarea][0] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "select":
            # A single select with nothing selected submits its first option.
            if self._select and not self.data[self._select] and self._first_option is not None:
                self.data[self._select].append(self._first_option)
            self._select = None
            self._first_option = None
        elif tag == "form":
            self.inside = False


def form_data(html, form_id):
    """The fields of form ``form_id`` as a dict for the test client (lists for multi-values)."""
    parser = _FormParser(form_id)
    parser.feed(html)
    return {k: v if len(v) != 1 else v[0] for k, v in parser.data.items()}
