"""Request guards that every view would otherwise need."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import patch_cache_control


class RejectNulInQueryMiddleware:
    """A NUL character in the query string answers 400. PostgreSQL refuses NUL in any query,
    so a parameter that reaches the database unvalidated (the admin's list filters do) would
    otherwise be a 500. Forms already refuse NUL in what is posted, with a message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        params = request.GET.lists()
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in params):
            return HttpResponseBadRequest(
                "The address contains a NUL character.", content_type="text/plain"
            )
        return self.get_response(request)


class NoStoreByDefaultMiddleware:
    """A response that does not say how it may be cached is `Cache-Control: private, no-store`:
    pages are someone's (a QR code, a confirmation screen, a CSV of insights, CSRF tokens), so
    no shared cache, browser disk or back button keeps them. A view that may be cached says so
    (the avatars' `public, max-age`); `never_cache` views (the link-status poll, its 204
    included) keep their own header; static files never get here (whitenoise answers first).
    Decided on the response alone: asking who is logged in would cost the poll's 204 a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
