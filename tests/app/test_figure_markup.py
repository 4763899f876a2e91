"""A figure reads as "label: value unit" to a screen reader: every template that shows a figure's
value (the class ``tb-figure-value``) does it through templates/includes/figure_text.html, which
puts the label first. A template writing the value before its label by hand fails here."""

from pathlib import Path

from django.conf import settings

FIGURE_TEXT = "includes/figure_text.html"
#: Values shown with a label of their own in the same element, with why.
OWN_LABEL = {
    # the lecture's average score: a hidden "平均分：" before it, the count of scores after it
    "branches/lectures/templates/lectures/lecture_detail.html",
}


def templates():
    root = Path(settings.BASE_DIR)
    for folder in ("templates", "branches", "services", "torchbearer"):
        yield from (path for path in (root / folder).rglob("*.html"))


def test_every_figure_value_is_written_by_the_one_include():
    root = Path(settings.BASE_DIR)
    by_hand = [
        str(path.relative_to(root))
        for path in templates()
        if "tb-figure-value" in path.read_text(encoding="utf-8")
        and not str(path).endswith(FIGURE_TEXT)
        and str(path.relative_to(root)) not in OWN_LABEL
    ]
    assert by_hand == [], f"write these figures with {FIGURE_TEXT}: {by_hand}"
