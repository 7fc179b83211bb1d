"""Recent log-in: a session remembers when its user last gave their password (at log-in, or
again on "Confirm it's you"), and `recent_login_required` asks for it again when that is older
than a few minutes, as django-allauth's reauthentication does before connecting an account.

On a POST the password is asked for in place: the confirm page posts back to the same URL with
what was posted, so the action (Get Started) goes on once the password is right. A GET goes to
the confirm page and comes back (`next`). A wrong password is throttled like a log-in: it goes
through `authenticate`, which django-axes guards.
"""

from __future__ import annotations

import time
from functools import wraps

from django.contrib.auth import login
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from partner_center.next_url import with_next

from .forms import ReauthenticationForm

LOGGED_IN_AT = "accounts_logged_in_at"  # seconds since the epoch, in the login session


@receiver(user_logged_in, dispatch_uid="accounts.reauth.remember_log_in_time")
def remember_log_in_time(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGGED_IN_AT] = int(time.time())


def logged_in_within(request, *, minutes: int) -> bool:
    logged_in_at = request.session.get(LOGGED_IN_AT)
    if not isinstance(logged_in_at, int | float):
        return False  # a session from before log-in times were kept
    return time.time() - logged_in_at < minutes * 60


def confirm_it_is_you(request, form: ReauthenticationForm) -> None:
    """The password was right: a fresh log-in (new session key, new log-in time, and the
    failed attempts forgotten, as after any log-in)."""
    login(request, form.user)


def recent_login_required(*, minutes: int):
    """The view runs for a user who logged in (or confirmed their password) within `minutes`;
    anyone else is asked for their password first. Put it inside the login/role check."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if logged_in_within(request, minutes=minutes):
                return view(request, *args, **kwargs)
            confirm_url = reverse("accounts:reauthenticate")
            if request.method in ("GET", "HEAD"):
                return redirect(with_next(confirm_url, request.get_full_path()))
            if request.htmx:
                # A fragment cannot hold the page: confirm, then back to the page it is on.
                back = request.htmx.current_url_abs_path or ""
                return HttpResponseClientRedirect(with_next(confirm_url, back))
            posted = ReauthenticationForm.FIELD in request.POST
            form = ReauthenticationForm(request, data=request.POST if posted else None)
            if posted and form.is_valid():
                confirm_it_is_you(request, form)
                return view(request, *args, **kwargs)
            return render_confirm_page(request, form, action=request.get_full_path())

        return wrapper

    return decorator


def render_confirm_page(request, form: ReauthenticationForm, *, action: str, next_url: str = ""):
    """The "Confirm it's you" page. It posts to `action`: with `next_url` (the confirm page's
    own view), or else with what the interrupted POST carried, to post it again."""
    get_token(request)  # the page posts back
    carried = (
        []
        if next_url
        else [
            (name, value)
            for name, values in request.POST.lists()
            if name not in (ReauthenticationForm.FIELD, "csrfmiddlewaretoken")
            for value in values
        ]
    )
    context = {"form": form, "action": action, "carried": carried, "next_url": next_url}
    return render(request, "accounts/reauthenticate.html", context)
