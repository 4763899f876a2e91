"""Tools for the hostile-input tests: read a page's forms as a browser would, and build hostile values.

The forms are read from the rendered HTML (not from the view's code), so every form a user can
reach on a page is exercised, with the field names, choices and hidden values the page gives.
"""

import io
import string
from dataclasses import dataclass, field
from html.parser import HTMLParser

from hypothesis import strategies as st
from PIL import Image


@dataclass
class HtmlField:
    name: str
    kind: str  # input type, "select", "textarea"
    value: str = ""
    options: list = field(default_factory=list)
    multiple: bool = False


@dataclass
class HtmlForm:
    method: str
    action: str
    fields: dict = field(default_factory=dict)

    def add(self, html_field):
        known = self.fields.get(html_field.name)
        if known is not None and known.kind in ("checkbox", "radio"):
            known.options.append(html_field.value)
            known.multiple = known.kind == "checkbox"
            return
        if html_field.kind in ("checkbox", "radio"):
            html_field.options.append(html_field.value)
        self.fields[html_field.name] = html_field


class FormParser(HTMLParser):
    """Collects the forms of a page with their fields, options and prefilled values."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.form = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = HtmlForm(method=(attrs.get("method") or "get").lower(), action=attrs.get("action") or "")
            self.forms.append(self.form)
        elif self.form is None or "name" not in attrs and tag != "option":
            return
        elif tag == "input" and attrs.get("type", "text") not in ("submit", "button", "reset", "image"):
            self.form.add(HtmlField(attrs["name"], attrs.get("type", "text"), attrs.get("value") or ""))
        elif tag == "select":
            self.select = HtmlField(attrs["name"], "select", multiple="multiple" in attrs)
            self.form.add(self.select)
        elif tag == "option" and self.select is not None:
            self.select.options.append(attrs.get("value") or "")
        elif tag == "textarea":
            self.textarea = HtmlField(attrs["name"], "textarea")
            self.form.add(self.textarea)
        elif tag == "button" and attrs.get("name"):
            self.form.add(HtmlField(attrs["name"], "hidden", attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data


def forms_of(html, *, page_url):
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        form.action = form.action or page_url
    return parser.forms


SCRIPT = '<script>alert("x")</script>'

hostile_text = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            SCRIPT,
            "' OR 1=1 --",
            "\x00",
            "a\x00b",
            "../../../etc/passwd",
            "长" * 5000,
            "x" * 100_001,  # once a 500 on SQLite: a LIKE pattern too complex
            "9" * 400,
            "\u202e\u0000\ufeff",
            "😀" * 50,
            "%s%s%n",
        ]
    ),
)
hostile_number = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["-1", "0", "1e309", "NaN", "0x10", "1,000", "٣", "１２"]),
)
hostile_date = st.one_of(
    st.dates().map(lambda day: day.isoformat()),
    st.sampled_from(["2021-02-30", "0000-00-00", "9999-12-31", "1900-01-01", "2021-13-01", "today", "2021/03/01"]),
)
hostile_time = st.sampled_from(["25:00", "12:60", "00:00", "23:59", "noon", "-1:00", "16:30"])


def image_bytes(image_format):
    output = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(output, format=image_format)
    return output.getvalue()


class NamedUpload(io.BytesIO):
    """A file as a browser sends it: any name at all (Django's own upload classes refuse some)."""

    def __init__(self, name, content):
        super().__init__(content)
        self.name = name


hostile_file = st.builds(
    NamedUpload,
    st.one_of(
        st.text(alphabet=string.ascii_letters + string.digits + "./\\-_ 长", min_size=1, max_size=60),
        st.sampled_from(["../../x.png", "photo.jpg", "a.svg", "讲义.pdf", "roster.xlsx", "x" * 300 + ".png"]),
    ),
    st.one_of(
        st.binary(max_size=2048),
        st.sampled_from([b"", b"<svg onload=alert(1)>", b"%PDF-1.4 fake", b"PK\x03\x04broken", image_bytes("PNG"), image_bytes("JPEG")]),
    ),
)


def value_strategy(html_field):
    """Hostile values for one field: the page's own choices mixed with anything at all."""
    kind = html_field.kind
    if kind == "file":
        return st.one_of(st.none(), hostile_file)
    if kind in ("select", "checkbox", "radio"):
        own = st.sampled_from(html_field.options) if html_field.options else st.just("")
        one = st.one_of(own, hostile_text, hostile_number)
        if html_field.multiple:
            return st.one_of(st.none(), st.lists(one, max_size=4))
        return st.one_of(st.none(), one)
    if kind == "hidden":
        return st.one_of(st.just(html_field.value), hostile_number, hostile_text)
    if kind == "number":
        return st.one_of(st.none(), hostile_number, hostile_text)
    if kind == "date":
        return st.one_of(st.none(), hostile_date, hostile_text)
    if kind == "time":
        return st.one_of(st.none(), hostile_time, hostile_text)
    return st.one_of(st.none(), hostile_text, hostile_number, hostile_date)


def form_data(html_form, *, keep=()):
    """A strategy of whole submissions of ``html_form``; a None value leaves the field out.

    Fields named in ``keep`` are sent as the page gave them (the CSRF token, say).
    """
    parts = {}
    for name, html_field in html_form.fields.items():
        parts[name] = st.just(html_field.value) if name in keep else value_strategy(html_field)
    return st.fixed_dictionaries(parts).map(lambda data: {key: value for key, value in data.items() if value is not None})
