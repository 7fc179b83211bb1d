"""QR codes as inline SVG (no style attributes, so the CSP allows them): the link session's code,
the TikTok app's own profile codes, a creator's profile code."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, title: str) -> SafeString:
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
    )
    svg = image.to_string(encoding="unicode")
    # Size comes from CSS (the viewBox keeps it square), and screen readers get a name.
    svg = re.sub(r'^<svg width="[^"]*" height="[^"]*"', "<svg", svg, count=1)
    svg = svg.replace("<svg ", f'<svg class="qr-code" role="img" aria-label="{escape(title)}" ', 1)
    # qrcode emits only path geometry for data we built, so the markup is safe.
    return mark_safe(svg)
