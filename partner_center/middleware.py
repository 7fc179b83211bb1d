"""Request guards that every view would otherwise need."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBadRequest


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
