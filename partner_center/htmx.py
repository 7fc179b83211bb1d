"""How a view answers htmx, in one place.

A page that htmx also asks for in pieces answers with the piece (a Django template partial,
`"page.html#fragment"`) or with the whole page, and says so in `Vary: HX-Request` so that no
cache hands one out for the other. A logged-out browser's htmx request is sent to log in with
HX-Redirect: htmx follows a plain 302 itself and would swap the login page into the element
that asked (a polled status box, a results table).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required as django_login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, HttpResponseStopPolling
from django_htmx.middleware import HtmxDetails

from .next_url import with_next

View = Callable[..., HttpResponse]

HTMX_HEADER = "HX-Request"

# For a view that answers htmx and plain requests differently without render_page.
vary_on_htmx = vary_on_headers(HTMX_HEADER)


class HtmxHttpRequest(HttpRequest):
    """Every request of this project: django-htmx's middleware sets `htmx`."""

    htmx: HtmxDetails


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """htmx asks for a piece of the page. Restoring history (a page no longer in htmx's own
    cache) asks for the whole page: htmx puts the answer in place of the body."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_page(
    request: HtmxHttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    fragment: str,
    status: int = 200,
    stop_polling: bool = False,
) -> HttpResponse:
    """`template`, or only its partial `fragment` when htmx asks for a piece.

    `stop_polling`: the piece is the last one a polling element needs, so it is sent as 286
    (htmx swaps it and stops polling)."""
    if not wants_fragment(request):
        response = render(request, template, context, status=status)
    elif stop_polling:
        html = render_to_string(f"{template}#{fragment}", context, request=request)
        response = HttpResponseStopPolling(html)
    else:
        response = render(request, f"{template}#{fragment}", context, status=status)
    patch_vary_headers(response, [HTMX_HEADER])
    return response


def redirect_to_log_in(request: HtmxHttpRequest, login_url: str) -> HttpResponseClientRedirect:
    """HX-Redirect to `login_url`, coming back to the page the htmx request was made from
    (HX-Current-URL when it is on this site, else the request's own URL)."""
    back = request.htmx.current_url_abs_path or request.get_full_path()
    response = HttpResponseClientRedirect(with_next(login_url, back))
    patch_vary_headers(response, [HTMX_HEADER])
    return response


def login_required(view: View) -> View:
    """Django's `login_required`, except that htmx requests are sent to log in with
    HX-Redirect."""
    redirecting = django_login_required(view)

    @wraps(view)
    def wrapper(request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.htmx:
            return redirect_to_log_in(request, resolve_url(settings.LOGIN_URL))
        response = redirecting(request, *args, **kwargs)
        patch_vary_headers(response, [HTMX_HEADER])
        return response

    return wrapper
