"""QR codes as inline SVG (no style attributes, so the CSP allows them)."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def scan_url(token: str) -> str:
    """The absolute URL a link session's QR code carries: opening it is scanning it."""
    return settings.SITE_URL + reverse("tiktok:scan", args=[token])


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
