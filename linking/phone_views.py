"""The screens of the simulated TikTok app that open a Partner Center link code: scanning it
and the confirmation screen with **Connect Now** and **Cancel**. They live with the link flow
they drive, under the app's URLs (/tiktok/scan/…)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from partner_center.next_url import with_next
from tiktok.auth import TikTokRequest, tiktok_log_out, tiktok_login_required

from . import eligibility, services, user_agents
from .models import LinkSession

INVALID_QR = "This QR code is no longer valid — ask for a new one."


@require_safe
@tiktok_login_required
def scan(request: TikTokRequest, token: str) -> HttpResponse:
    """Opening the QR code's URL is scanning it."""
    try:
        session = services.link_session_scan(token=token, account=request.tiktok_account)
    except services.InvalidToken:
        return _invalid_qr(request)
    return _confirmation(request, session, token)


@require_POST
@tiktok_login_required
def confirm(request: TikTokRequest, token: str) -> HttpResponse:
    try:
        session = services.link_session_confirm(token=token, account=request.tiktok_account)
    except services.InvalidToken:
        return _invalid_qr(request)
    if session.status == LinkSession.Status.LINKED:
        return render(request, "tiktok/linked.html", {"session": session})
    return _confirmation(request, session, token)


@require_POST
@tiktok_login_required
def cancel(request: TikTokRequest, token: str) -> HttpResponse:
    try:
        services.link_session_cancel(token=token, account=request.tiktok_account)
    except services.InvalidToken:
        return _invalid_qr(request)
    messages.info(request, "Cancelled. Nothing was linked.")
    return redirect("tiktok:me")


@require_POST
@tiktok_login_required
def switch_account(request: TikTokRequest, token: str) -> HttpResponse:
    """Logged in as someone else: give the scan back, log out of the TikTok app, and come back
    to this code after logging in again."""
    try:
        services.link_session_release(token=token, account=request.tiktok_account)
    except services.InvalidToken:
        return _invalid_qr(request)
    tiktok_log_out(request)
    return redirect(with_next(reverse("tiktok:login"), reverse("linking:scan", args=[token])))


def _confirmation(request: TikTokRequest, session: LinkSession, token: str) -> HttpResponse:
    problems = eligibility.current_problems(session)
    account = request.tiktok_account
    here = reverse("linking:scan", args=[token])
    # Only a business account has a screen in the app that fixes it; it comes back here while
    # the session is open (a business account alone), and to the app's own screens otherwise.
    back = here if session.is_open else ""
    remedy_url = next(
        (with_next(reverse(p.remedy_url_name), back) for p in problems if p.remedy_url_name), ""
    )
    context = {
        "session": session,
        "token": token,
        "problems": problems,
        "remedy_url": remedy_url,
        "label": session.partner.partner_label,
        "account": account,
        "fixed": eligibility.problems_fixed(session),
        # Where the request came from, so that a code someone else started is recognised.
        "started_in": user_agents.describe(session.user_agent),
        "started_from": session.ip_address or "an unknown address",
        "switch_url": reverse("linking:switch_account", args=[token]),
    }
    template = "tiktok/confirm.html" if session.is_open else "tiktok/link_failed.html"
    return render(request, template, context)


def _invalid_qr(request: TikTokRequest) -> HttpResponse:
    return render(request, "tiktok/invalid_qr.html", {"message": INVALID_QR}, status=404)
