"""Who is logged in to the simulated TikTok app.

The app keeps its own login in the Django session under its own key, so one browser can be
agency staff in Partner Center and a TikTok user at once; Partner Center's log out keeps it
(settings.SESSION_KEYS_KEPT_ON_LOGOUT).
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

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


def tiktok_login_required(view):
    """Sets `request.tiktok_account`; a logged-out user logs in and comes back."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        account = current_account(request)
        if account is None:
            login = reverse("tiktok:login")
            return HttpResponseRedirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
        request.tiktok_account = account
        return view(request, *args, **kwargs)

    return wrapper
