"""Screens of the simulated TikTok app (mobile-sized): sign up, log in, its passwords (reset
by e-mail, change), profile, My QR code, Inbox, and Settings and privacy. The screens that
open a Partner Center link code (scan, Connect Now) belong to `linking.phone_views`."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partner_center.htmx import HtmxHttpRequest
from partner_center.next_url import safe_next_url, with_next
from partner_center.qr import qr_svg
from partner_center.ratelimit import LoginThrottle, minutes_left

from . import services
from .auth import (
    TikTokRequest,
    account_for_reset_token,
    current_account,
    tiktok_keep_logged_in,
    tiktok_log_in,
    tiktok_log_out,
    tiktok_login_required,
)
from .avatars import avatar_png
from .forms import (
    ChangePasswordForm,
    LogInForm,
    NewPasswordFields,
    PasswordResetForm,
    ScanForm,
    SignUpForm,
    normalize_handle,
)
from .models import TikTokAccount, handle_validator
from .selectors import partner_link_for

INBOX_PER_PAGE = 20
# Failed log-ins per handle and address, counted in the cache (Redis in production), and
# asked before any password is checked: a locked-out try costs no password hash.
LOGIN_THROTTLE = LoginThrottle("tiktok-login")
RESET_SESSION_KEY = "tiktok_password_reset_token"


@require_safe
def app_home(request: HtmxHttpRequest) -> HttpResponse:
    """The Home tab: a way in when logged out, the way to the scanner when logged in."""
    return render(request, "tiktok/home.html", {"account": current_account(request)})


@require_http_methods(["GET", "POST"])
def signup(request: HtmxHttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = form.save()
        except IntegrityError:
            form.add_error("handle", "That handle is taken. Try another one.")
        else:
            tiktok_log_in(request, account)
            messages.success(request, f"Welcome to TikTok, @{account.handle}!")
            return redirect(safe_next_url(request, reverse("tiktok:me")))
    context = {"form": form, "next_url": safe_next_url(request, "")}
    return render(request, "tiktok/signup.html", context)


@require_http_methods(["GET", "POST"])
def login(request: HtmxHttpRequest) -> HttpResponse:
    form = LogInForm(request.POST or None)
    if request.method == "POST":
        handle = normalize_handle(request.POST.get("handle", ""))
        if wait := LOGIN_THROTTLE.wait(request, handle):
            return _locked_out(request, wait)
        if form.is_valid():
            LOGIN_THROTTLE.succeeded(request, handle)
            tiktok_log_in(request, form.account)
            return redirect(safe_next_url(request, reverse("tiktok:me")))
        if wait := LOGIN_THROTTLE.failed(request, handle):
            return _locked_out(request, wait)
    context = {"form": form, "next_url": safe_next_url(request, "")}
    return render(request, "tiktok/login.html", context)


def _locked_out(request: HtmxHttpRequest, seconds: int) -> HttpResponse:
    context = {"minutes": minutes_left(seconds)}
    return render(request, "tiktok/locked_out.html", context, status=429)


@require_http_methods(["GET", "POST"])
def password_reset(request: HtmxHttpRequest) -> HttpResponse:
    """Forgot your password? The same answer whether or not the handle or e-mail exists."""
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.tiktok_account_password_reset_send(login=form.cleaned_data["login"])
        return redirect("tiktok:password_reset_sent")
    return render(request, "tiktok/password_reset.html", {"form": form})


@require_safe
def password_reset_sent(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "tiktok/password_reset_sent.html")


@require_safe
def password_reset_link(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail. Its token moves into the session and the browser on to a URL
    without it, so that it stays out of the Referer header and later access logs (as
    Django's own reset view does)."""
    if account_for_reset_token(token) is None:
        return _reset_link_invalid(request)
    request.session[RESET_SESSION_KEY] = token
    return redirect("tiktok:password_reset_new")


@require_http_methods(["GET", "POST"])
def password_reset_new(request: HtmxHttpRequest) -> HttpResponse:
    token = request.session.get(RESET_SESSION_KEY)
    account = account_for_reset_token(token) if isinstance(token, str) else None
    if account is None:
        return _reset_link_invalid(request)
    form = NewPasswordFields(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.tiktok_account_set_password(
            account=account, password=form.cleaned_data["new_password1"]
        )
        request.session.pop(RESET_SESSION_KEY, None)
        messages.success(request, "Your password has been changed. Log in with your new one.")
        return redirect("tiktok:login")
    return render(request, "tiktok/password_reset_new.html", {"form": form, "account": account})


def _reset_link_invalid(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "tiktok/password_reset_invalid.html", status=400)


@require_POST
def logout(request: HtmxHttpRequest) -> HttpResponse:
    tiktok_log_out(request)
    return redirect("tiktok:home")


@require_safe
@tiktok_login_required
def me(request: TikTokRequest) -> HttpResponse:
    account = request.tiktok_account
    context = {"account": account, "label": _badge(account), "own": True}
    return render(request, "tiktok/profile.html", context)


def _badge(account: TikTokAccount) -> str | None:
    """The profile's badge once linked: the partner's label and name."""
    link = partner_link_for(account)
    return link.badge if link is not None else None


def _get_account_by_handle(handle: str, accounts=TikTokAccount.objects) -> TikTokAccount:
    # What cannot be a handle is not looked up: PostgreSQL refuses a NUL in a query (a 500).
    if not handle_validator.regex.match(handle):
        raise Http404("No such TikTok account.")
    return get_object_or_404(accounts, handle__iexact=handle)


@require_safe
def profile(request: HtmxHttpRequest, handle: str) -> HttpResponse:
    account = _get_account_by_handle(handle)
    context = {"account": account, "label": _badge(account)}
    return render(request, "tiktok/profile.html", context)


@require_http_methods(["GET", "POST"])
@tiktok_login_required
def my_qr_code(request: TikTokRequest) -> HttpResponse:
    """My QR code: the account's own code, and the scanner. A code with a token in it opens
    with the token posted to its page (tiktok/scan.html), anything else by a redirect."""
    form = ScanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.token:
            context = {"action": form.cleaned_data["url"], "token": form.token}
            return render(request, "tiktok/scan.html", context)
        return redirect(form.cleaned_data["url"])
    account = request.tiktok_account
    own_qr = qr_svg(request.build_absolute_uri(account.profile_url), title=f"@{account.handle}")
    return render(request, "tiktok/my_qr_code.html", {"form": form, "own_qr": own_qr})


@require_safe
@tiktok_login_required
def inbox(request: TikTokRequest) -> HttpResponse:
    """The account's own messages, newest first: what Partner Center did with the account."""
    messages_ = request.tiktok_account.inbox_messages.all()
    page = Paginator(messages_, INBOX_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "tiktok/inbox.html", {"page": page})


@require_safe
@tiktok_login_required
def settings_and_privacy(request: TikTokRequest) -> HttpResponse:
    context = {"partner_link": partner_link_for(request.tiktok_account)}
    return render(request, "tiktok/settings.html", context)


@require_http_methods(["GET", "POST"])
@tiktok_login_required
def password_change(request: TikTokRequest) -> HttpResponse:
    """Settings and privacy → Change password. Its other logins end; this one goes on. A
    wrong current password counts as a failed log-in."""
    account = request.tiktok_account
    form = ChangePasswordForm(account, request.POST or None)
    if request.method == "POST":
        if wait := LOGIN_THROTTLE.wait(request, account.handle):
            return _locked_out(request, wait)
        if form.is_valid():
            account = services.tiktok_account_set_password(
                account=account, password=form.cleaned_data["new_password1"]
            )
            tiktok_keep_logged_in(request, account)
            messages.success(
                request, "Your password has been changed. Your other devices were logged out."
            )
            return redirect("tiktok:settings")
        if "old_password" in form.errors and (
            wait := LOGIN_THROTTLE.failed(request, account.handle)
        ):
            return _locked_out(request, wait)
    return render(request, "tiktok/password_change.html", {"form": form})


@require_safe
@tiktok_login_required
def account_settings(request: TikTokRequest) -> HttpResponse:
    return render(request, "tiktok/account_settings.html", {"account": request.tiktok_account})


@require_http_methods(["GET", "POST"])
@tiktok_login_required
def switch_to_personal(request: TikTokRequest) -> HttpResponse:
    """From the remedy on the confirmation screen, `next` is that screen: the way back to it
    is offered before switching and, prominently, after (this page again, now personal)."""
    next_url = safe_next_url(request, "")
    if request.method == "POST":
        services.tiktok_account_switch_to_personal(account=request.tiktok_account)
        messages.success(request, "You switched to a personal account.")
        if next_url:
            return redirect(with_next(reverse("tiktok:switch_to_personal"), next_url))
        return redirect("tiktok:account_settings")
    context = {"account": request.tiktok_account, "next_url": next_url}
    return render(request, "tiktok/switch_to_personal.html", context)


@require_safe
def avatar(request: HtmxHttpRequest, handle: str) -> HttpResponse:
    account = _get_account_by_handle(handle, TikTokAccount.objects.only("handle", "display_name"))
    response = HttpResponse(
        avatar_png(account.handle, account.display_name), content_type="image/png"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
