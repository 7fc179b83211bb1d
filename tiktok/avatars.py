"""Default avatars: the display name's initials on a colour picked from the handle."""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

# Dark enough for white initials to pass WCAG AA contrast.
PALETTE = ["#1f4e79", "#7a1f5c", "#2e6b30", "#8a3b12", "#4b2e83", "#005f73", "#9b2226", "#3d405b"]
SIZE = 160


def initials(display_name: str) -> str:
    words = [w for w in display_name.split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "?"


@lru_cache(maxsize=2048)
def avatar_png(handle: str, display_name: str) -> bytes:
    colour = PALETTE[int(hashlib.sha256(handle.lower().encode()).hexdigest(), 16) % len(PALETTE)]
    image = Image.new("RGB", (SIZE, SIZE), colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=64)
    draw.text((SIZE / 2, SIZE / 2), initials(display_name), fill="white", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
