from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from partner_center.htmx import HtmxHttpRequest, login_required
from partner_center.next_url import safe_next_url
from partner_center.ratelimit import client_ip, minutes_left

from .forms import LoginForm, ReauthenticationForm
from .reauth import confirm_it_is_you, render_confirm_page
from .roles import PartnerRequest, home_url_for, partner_staff_required

# Django's form views answer PUT as POST; these pages are GET and POST only.
FORM_METHODS = ["get", "post", "head", "options"]


class LoginView(auth_views.LoginView):
    """One login for staff, creators and sellers; each lands on their own home. Failed
    log-ins are counted and locked out by django-axes (settings.AXES_*, `locked_out`)."""

    http_method_names = FORM_METHODS
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return home_url_for(self.request.user)


class LogoutView(auth_views.LogoutView):
    """Logging out of Partner Center leaves the simulated TikTok app's own login alone, as
    two separate apps on one device would (`SESSION_KEYS_KEPT_ON_LOGOUT`)."""

    def post(self, request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kept = {
            key: request.session[key]
            for key in settings.SESSION_KEYS_KEPT_ON_LOGOUT
            if key in request.session
        }
        response = super().post(request, *args, **kwargs)
        request.session.update(kept)
        return response


def locked_out(
    request: HtmxHttpRequest, original_response: Any = None, credentials: dict | None = None
) -> HttpResponse:
    """django-axes' answer to a locked-out username and address (AXES_LOCKOUT_CALLABLE): 429,
    and how long until the lock ends, counted from the last failure it recorded."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    last_failure = AccessAttempt.objects.filter(
        username=username, ip_address=client_ip(request)
    ).aggregate(last=Max("attempt_time"))["last"]
    ends = (last_failure or timezone.now()) + settings.AXES_COOLOFF_TIME
    context = {"minutes": minutes_left((ends - timezone.now()).total_seconds())}
    return render(request, "accounts/locked_out.html", context, status=429)


@require_http_methods(["GET", "POST"])
@login_required
def reauthenticate(request: HtmxHttpRequest) -> HttpResponse:
    """Confirm it's you, then back to `next`: for a page that asks for a recent log-in
    (accounts.reauth)."""
    next_url = safe_next_url(request, home_url_for(request.user))
    form = ReauthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirm_it_is_you(request, form)
        return redirect(next_url)
    return render_confirm_page(
        request, form, action=reverse("accounts:reauthenticate"), next_url=next_url
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Forgot your password? The same answer whether or not the address has an account."""

    http_method_names = FORM_METHODS
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # The link in the e-mail starts with SITE_URL, as every absolute URL of the product.
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    http_method_names = FORM_METHODS
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change it when logged in: the other sessions of this user end (their session hash no
    longer matches), this one goes on (update_session_auth_hash)."""

    http_method_names = FORM_METHODS
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


@require_safe
@login_required
def home(request: HtmxHttpRequest) -> HttpResponse:
    target = home_url_for(request.user)
    if target != request.path:
        return redirect(target)
    return _partner_home(request)


# It dispatches; the partner home below is open to the whole team (the hardening walker reads it).
home.section = None


@partner_staff_required(section=None)
def _partner_home(request: PartnerRequest) -> HttpResponse:
    return render(request, "accounts/home.html", {"partner": request.partner})


@require_safe
@login_required
def ping(request: HtmxHttpRequest) -> HttpResponse:
    """204 for anyone logged in: the cheapest authenticated request (session and user, no
    page), which `make bench` measures the link-status poll against."""
    return HttpResponse(status=204)


@require_safe
def no_role(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "accounts/no_role.html", status=403)
