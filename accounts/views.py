from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from partner_center.htmx import HtmxHttpRequest, login_required

from .roles import PartnerRequest, home_url_for, partner_staff_required


class LoginView(auth_views.LoginView):
    """One login for staff, creators and sellers; each lands on their own home."""

    template_name = "accounts/login.html"
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


@require_safe
@login_required
def home(request: HtmxHttpRequest) -> HttpResponse:
    target = home_url_for(request.user)
    if target != request.path:
        return redirect(target)
    return _partner_home(request)


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
