"""The agency profile's rules: who shares what, and how a logo is stored.

Creators see an agency's profile wherever they meet it (TikTok's "CAP/TAP profile displayed to
creators"). The agency chooses, per programme and market it serves, whether the product shares
its basics and figures: CAP shares unless it says no, TAP does not unless it says yes. Without
sharing, creators see only the agency's name."""

from __future__ import annotations

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from .models import Partner, ProfileSharing

SHARED_BY_DEFAULT = {ProfileSharing.Programme.CAP: True, ProfileSharing.Programme.TAP: False}

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_SIDE = 256  # stored at most this many pixels a side, whatever was uploaded
LOGO_MAX_PIXELS = 40_000_000  # refused before decoding: a small file can be a huge image


def sharing_choices(partner: Partner) -> dict[tuple[str, str], bool]:
    """(programme, market) → shared, for every programme and market the agency has: its
    choice where it made one, else the programme's default. One query (none if prefetched)."""
    chosen = {(row.programme, row.market): row.authorized for row in partner.sharing.all()}
    return {
        (programme, market): chosen.get(
            (programme, market), SHARED_BY_DEFAULT[ProfileSharing.Programme(programme)]
        )
        for programme in partner.programme_list
        for market in partner.markets_served
    }


def shared_programmes(choices: dict[tuple[str, str], bool], market: str) -> list[str]:
    """The programmes whose profile a creator of `market` may see. A market the agency does
    not serve sees none."""
    return [programme for (programme, m), shared in choices.items() if m == market and shared]


def logo_resized(upload) -> ContentFile:
    """The uploaded logo as a PNG at most LOGO_SIDE a side, or a ValidationError saying why
    not: larger than 2 MB, not an image Pillow can read, or too many pixels."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError("The logo is larger than 2 MB.", code="logo_too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise ValidationError("The logo has too many pixels.", code="logo_too_big")
            image = image.convert("RGBA")
            image.thumbnail((LOGO_SIDE, LOGO_SIDE))
            out = BytesIO()
            image.save(out, format="PNG")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "The logo is not an image we can read: upload a PNG, JPEG, GIF or WebP.",
            code="logo_not_an_image",
        ) from None
    return ContentFile(out.getvalue(), name="logo.png")
