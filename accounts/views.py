from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_safe

from linking.tiktok_auth import SESSION_KEY as TIKTOK_SESSION_KEY

from .roles import home_url_for, partner_staff_required


class LoginView(auth_views.LoginView):
    """One login for staff, creators and sellers; each lands on their own home."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return home_url_for(self.request.user)


class LogoutView(auth_views.LogoutView):
    """Logging out of Partner Center leaves the simulated TikTok app's own login alone, as
    two separate apps on one device would."""

    def post(self, request, *args, **kwargs):
        tiktok_account_id = request.session.get(TIKTOK_SESSION_KEY)
        response = super().post(request, *args, **kwargs)
        if tiktok_account_id is not None:
            request.session[TIKTOK_SESSION_KEY] = tiktok_account_id
        return response


@require_safe
def home(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    target = home_url_for(request.user)
    if target != request.path:
        return redirect(target)
    return _partner_home(request)


@partner_staff_required
def _partner_home(request):
    return render(request, "accounts/home.html", {"partner": request.partner})


@require_safe
@login_required
def ping(request):
    """204 for anyone logged in: the cheapest authenticated request (session and user, no
    page), which `make bench` measures the link-status poll against."""
    return HttpResponse(status=204)


@require_safe
def no_role(request):
    return render(request, "accounts/no_role.html", status=403)


def safe_next_url(request, fallback: str) -> str:
    """The `next` parameter when it is a path on this site, else `fallback`."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # Only paths: redirect() would read a bare word such as "abc" as a view name (a 500).
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def with_next(url: str, next_url: str) -> str:
    """`url` carrying `next_url` (a path on this site), if there is one."""
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def placeholder(title: str, role_required=partner_staff_required, layout="partner_base.html"):
    """An honest page for a section that is not built yet: no fake data."""

    @role_required
    def view(request):
        return render(request, "placeholder.html", {"title": title, "layout": layout})

    return view
