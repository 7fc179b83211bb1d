"""Who is logged in to the simulated TikTok app, and the proof that lets a person reset its
password.

The app keeps its own login in the Django session under its own keys, so one browser can be
agency staff in Partner Center and a TikTok user at once; Partner Center's log out keeps them
(settings.SESSION_KEYS_KEPT_ON_LOGOUT). A login remembers the account's password version: a
password change (a newer version) ends every other login of the account, as a changed password
ends Django's own sessions.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from partner_center.htmx import HTMX_HEADER, HtmxHttpRequest, View, redirect_to_log_in
from partner_center.next_url import with_next

from .models import TikTokAccount

# Both kept on logout: settings.SESSION_KEYS_KEPT_ON_LOGOUT.
SESSION_KEY = "tiktok_account_id"
VERSION_KEY = "tiktok_password_version"
RESET_SALT = "tiktok.auth.password-reset"


def current_account(request: HttpRequest) -> TikTokAccount | None:
    account_id = request.session.get(SESSION_KEY)
    if account_id is None:
        return None
    account = TikTokAccount.objects.filter(pk=account_id).first()
    # A login from before tiktok.0002 kept no version: 0, the version of an unchanged password.
    if account is None or request.session.get(VERSION_KEY, 0) != account.password_version:
        tiktok_log_out(request)
        return None
    return account


def tiktok_log_in(request: HttpRequest, account: TikTokAccount) -> None:
    # A new session key on log in, keeping the rest (e.g. a Partner Center login).
    request.session.cycle_key()
    request.session[SESSION_KEY] = account.pk
    request.session[VERSION_KEY] = account.password_version


def tiktok_keep_logged_in(request: HttpRequest, account: TikTokAccount) -> None:
    """After this login changed the password: it goes on, with the new version (the others
    end), under a new session key, as Django's update_session_auth_hash does."""
    request.session.cycle_key()
    request.session[VERSION_KEY] = account.password_version


def tiktok_log_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(VERSION_KEY, None)


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


def password_reset_token(account: TikTokAccount) -> str:
    """A signed, timestamped token for the reset link. It names the password version, so it
    works once: setting a password (by this link or any other way) makes it stale."""
    signer = signing.TimestampSigner(salt=RESET_SALT)
    return signer.sign_object({"account": account.pk, "version": account.password_version})


def account_for_reset_token(token: str) -> TikTokAccount | None:
    """The account a reset token is for, while it is under PASSWORD_RESET_TIMEOUT seconds old
    and its password unchanged; None for anything else."""
    signer = signing.TimestampSigner(salt=RESET_SALT)
    try:
        claim = signer.unsign_object(token, max_age=settings.PASSWORD_RESET_TIMEOUT)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(claim, dict):
        return None
    account_id, version = claim.get("account"), claim.get("version")
    if not (isinstance(account_id, int) and isinstance(version, int)):
        return None
    return TikTokAccount.objects.filter(pk=account_id, password_version=version).first()
