"""/favicon.ico: browsers and tools ask for it whatever a page's <link rel="icon"> says. It
moves, permanently, to our SVG icon as static files serve it (hashed and cached for a year
with DEBUG off). The move itself is cached for a day only, since the hash changes with it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

MAX_AGE = 24 * 60 * 60


@require_safe
@cache_control(public=True, max_age=MAX_AGE)
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    return HttpResponsePermanentRedirect(static("favicon.svg"))
