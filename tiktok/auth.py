"""Who is logged in to the simulated TikTok app.

The app keeps its own login in the Django session under its own key, so one browser can be
agency staff in Partner Center and a TikTok user at once; Partner Center's log out keeps it
(settings.SESSION_KEYS_KEPT_ON_LOGOUT).
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from partner_center.htmx import HTMX_HEADER, HtmxHttpRequest, View, redirect_to_log_in
from partner_center.next_url import with_next

from .models import TikTokAccount

SESSION_KEY = "tiktok_account_id"  # kept on logout: settings.SESSION_KEYS_KEPT_ON_LOGOUT


def current_account(request: HttpRequest) -> TikTokAccount | None:
    account_id = request.session.get(SESSION_KEY)
    if account_id is None:
        return None
    return TikTokAccount.objects.filter(pk=account_id).first()


def tiktok_log_in(request: HttpRequest, account: TikTokAccount) -> None:
    # A new session key on log in, keeping the rest (e.g. a Partner Center login).
    request.session.cycle_key()
    request.session[SESSION_KEY] = account.pk


def tiktok_log_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


class TikTokRequest(HtmxHttpRequest):
    """A request of a logged-in TikTok user, through `tiktok_login_required`."""

    tiktok_account: TikTokAccount


def tiktok_login_required(view: View) -> View:
    """Sets `request.tiktok_account`; a logged-out user logs in and comes back (htmx requests
    with HX-Redirect, as `partner_center.htmx.login_required`)."""

    @wraps(view)
    def wrapper(request: TikTokRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        account = current_account(request)
        if account is None:
            login = reverse("tiktok:login")
            if request.htmx:
                return redirect_to_log_in(request, login)
            response = HttpResponseRedirect(with_next(login, request.get_full_path()))
            patch_vary_headers(response, [HTMX_HEADER])
            return response
        request.tiktok_account = account
        return view(request, *args, **kwargs)

    return wrapper
