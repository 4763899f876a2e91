"""The check-in QR code: drawn on the server as SVG (segno), so the projector needs no script and
the intranet no outside service."""

import segno
from django.urls import reverse
from django.utils.safestring import mark_safe


def check_in_link(request, lecture):
    """The short address a phone opens from the code: /c/<code>, which fills the code in."""
    return request.build_absolute_uri(reverse("lecture-check-in-link", args=[lecture.check_in_code]))


def check_in_svg(link):
    """The QR code of ``link`` as inline SVG markup; segno writes only its own elements."""
    svg = segno.make(link, error="m").svg_inline(scale=12, border=2, dark="#000", light="#fff", omitsize=True)
    return mark_safe(svg)  # noqa: S308 — generated markup, no user text in it
