"""The 403 page (handler403): a page, or for htmx a fragment swapped into the page's main area.

A team member whose role lacks a section sees it inside Partner Center's own frame, so they can
go on to what they may use; anyone else sees it on its own."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django_htmx.http import reswap, retarget

from .htmx import HtmxHttpRequest

DEFAULT_MESSAGE = "You do not have access to this page."


def permission_denied(request: HtmxHttpRequest, exception: Exception | None = None) -> HttpResponse:
    context = {
        "message": str(exception or "") or DEFAULT_MESSAGE,
        "frame": "partner_base.html" if getattr(request, "membership", None) else "base.html",
    }
    if getattr(request, "htmx", False):
        response = render(request, "_denied.html", context, status=403)
        return reswap(retarget(response, "#main"), "innerHTML")
    return render(request, "403.html", context, status=403)
