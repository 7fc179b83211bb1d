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
from tiktok.auth import TikTokRequest, tiktok_login_required

from . import eligibility, services
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


def _confirmation(request: TikTokRequest, session: LinkSession, token: str) -> HttpResponse:
    problem = eligibility.current_problem(session)
    account = request.tiktok_account
    remedy_url = ""
    if problem and problem.remedy_url_name:
        remedy_url = with_next(
            reverse(problem.remedy_url_name), reverse("linking:scan", args=[token])
        )
    context = {
        "session": session,
        "token": token,
        "problem": problem,
        "remedy_url": remedy_url,
        "label": session.partner.partner_label,
        "account": account,
        "fixed": eligibility.problem_fixed(session),
    }
    template = "tiktok/confirm.html" if session.is_open else "tiktok/link_failed.html"
    return render(request, template, context)


def _invalid_qr(request: TikTokRequest) -> HttpResponse:
    return render(request, "tiktok/invalid_qr.html", {"message": INVALID_QR}, status=404)
