"""The screens of the simulated TikTok app that open a Partner Center link code: the scan screen
(who is asking, and **Continue**), then the confirmation screen with **Connect Now** and
**Cancel**. They live with the link flow they drive, under the app's URLs (/tiktok/…).

The QR code's token reaches the server only in POST bodies: the scan URL carries it in its
fragment (`selectors.scan_url`). Opening the URL changes nothing; the user's tap on
**Continue** is the scan, which binds the session to the account. From then on the phone
names the session by its code, and only the account that scanned it gets anything there.
"""

from __future__ import annotations

import re
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partner_center.htmx import HtmxHttpRequest
from partner_center.next_url import with_next
from partner_center.ratelimit import per_client, rate_limited
from tiktok.auth import SESSION_KEY, TikTokRequest, tiktok_log_out, tiktok_login_required

from . import eligibility, services, user_agents
from .models import LinkSession
from .selectors import (
    InvalidToken,
    ScanRejected,
    TokenReplaced,
    current_token,
    session_for_token,
)

Status = LinkSession.Status
INVALID_QR = "This QR code is no longer valid — ask for a new one."
REPLACED = "Replaced by a newer QR code"
REJECTED = "The agency rejected this scan"
# What a QR code's token looks like (LinkToken.derive): anything else is not carried along.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,100}")


def _scanner_keys(request: TikTokRequest) -> list[str]:
    # Per client address and per TikTok account, read from the session without a query: the
    # limit answers before any lookup of the token, let alone a lock.
    account_id = request.session.get(SESSION_KEY)
    return per_client(request) + ([f"tiktok:{account_id}"] if account_id else [])


scan_rate_limited = rate_limited("link-scan", "LINK_SCAN_RATE", keys=_scanner_keys)


@require_http_methods(["GET", "POST"])
@scan_rate_limited
@tiktok_login_required
def scan(request: TikTokRequest) -> HttpResponse:
    """GET: the QR code's URL, whose screen posts the token from the fragment back here
    (static/js/scan.js). POST: who is asking, with **Continue**. Neither changes anything."""
    if request.method == "GET":
        return render(request, "tiktok/scan.html", {"action": reverse("linking:scan")})
    token = request.POST.get("token", "")
    try:
        session = session_for_token(token=token, account=request.tiktok_account)
    except InvalidToken as refused:
        return _refused(request, refused)
    if session.tiktok_account_id is not None:  # this account's own scan: back to it
        return redirect("linking:confirmation", session.code)
    context = {
        "session": session,
        "token": token,
        "account": request.tiktok_account,
        **_origin(session),
        "switch_url": reverse("linking:scan_switch_account"),
    }
    return render(request, "tiktok/scan_request.html", context)


@require_POST
@scan_rate_limited
@tiktok_login_required
def scan_continue(request: TikTokRequest) -> HttpResponse:
    """The tap that scans: the agency now sees who scanned, and the phone goes on to confirm."""
    try:
        session = services.link_session_scan(
            token=request.POST.get("token", ""), account=request.tiktok_account
        )
    except InvalidToken as refused:
        return _refused(request, refused)
    return redirect("linking:confirmation", session.code)


@require_safe
@tiktok_login_required
def confirmation(request: TikTokRequest, code: UUID) -> HttpResponse:
    return _screen(request, _get_session_for_scanner(request, code))


@require_POST
@tiktok_login_required
def confirm(request: TikTokRequest, code: UUID) -> HttpResponse:
    session = _get_session_for_scanner(request, code)
    try:
        session = services.link_session_confirm(session=session, account=request.tiktok_account)
    except services.NotOpen:
        session.refresh_from_db()
    return _screen(request, session)


@require_POST
@tiktok_login_required
def cancel(request: TikTokRequest, code: UUID) -> HttpResponse:
    session = _get_session_for_scanner(request, code)
    try:
        services.link_session_cancel(session=session, account=request.tiktok_account)
    except services.NotOpen:
        session.refresh_from_db()
        return _screen(request, session)
    messages.info(request, "Cancelled. Nothing was linked.")
    return redirect("tiktok:me")


@require_POST
@tiktok_login_required
def switch_account(request: TikTokRequest, code: UUID) -> HttpResponse:
    """**Switch account** on the confirmation screen: this account is not the one meant to
    link. The scan is given back (the session waits for a scan again), the app logs out, and
    after logging in the phone opens the same code again if it is still the current one."""
    session = _get_session_for_scanner(request, code)
    try:
        session = services.link_session_release(session=session, account=request.tiktok_account)
    except services.NotOpen:
        session.refresh_from_db()
        return _screen(request, session)
    token = current_token(session)
    return _log_out_and_back(request, token.raw if token is not None else "")


@require_POST
def scan_switch_account(request: HtmxHttpRequest) -> HttpResponse:
    """**Switch account** on the scan screen, before anything was scanned: log out, and after
    logging in open the same code again."""
    return _log_out_and_back(request, request.POST.get("token", ""))


def _log_out_and_back(request: HtmxHttpRequest, token: str) -> HttpResponse:
    tiktok_log_out(request)
    login = with_next(reverse("tiktok:login"), reverse("linking:scan"))
    # The code rides in the fragment, as in the QR code's own URL (selectors.scan_url): the
    # browser keeps it through the log-in and its redirect without ever sending it, and the
    # scan screen posts it (static/js/scan.js).
    if TOKEN_SHAPE.fullmatch(token):
        login += f"#t={token}"
    return redirect(login)


def _get_session_for_scanner(request: TikTokRequest, code: UUID) -> LinkSession:
    """A session this account scanned; anyone else's is not found."""
    return get_object_or_404(
        LinkSession.objects.select_related("partner", "started_by"),
        code=code,
        tiktok_account=request.tiktok_account,
    )


def _screen(request: TikTokRequest, session: LinkSession) -> HttpResponse:
    """The phone's screen for a session it scanned, as the session now is."""
    status = session.current_status
    if status == Status.LINKED:
        return render(request, "tiktok/linked.html", {"session": session})
    if status == Status.REJECTED:
        return _refused(request, ScanRejected())
    if status == Status.SUPERSEDED:
        return _refused(request, TokenReplaced())
    if status not in (*LinkSession.OPEN_STATUSES, Status.FAILED):
        return _refused(request, InvalidToken())
    problems = eligibility.current_problems(session)
    # Only a business account has a screen in the app that fixes it; it comes back here while
    # the session is open (a business account alone), and to the app's own screens otherwise.
    back = reverse("linking:confirmation", args=[session.code]) if session.is_open else ""
    remedy_url = next(
        (with_next(reverse(p.remedy_url_name), back) for p in problems if p.remedy_url_name), ""
    )
    context = {
        "session": session,
        "problems": problems,
        "remedy_url": remedy_url,
        "label": session.partner.partner_label,
        "account": request.tiktok_account,
        "fixed": eligibility.problems_fixed(session),
        **_origin(session),
        "switch_url": reverse("linking:switch_account", args=[session.code]),
    }
    template = "tiktok/confirm.html" if session.is_open else "tiktok/link_failed.html"
    return render(request, template, context)


def _origin(session: LinkSession) -> dict[str, str]:
    """Where the request came from, so that a code someone else started is recognised."""
    return {
        "started_in": user_agents.describe(session.user_agent),
        "started_from": session.ip_address or "an unknown address",
    }


def _refused(request: TikTokRequest, refused: InvalidToken) -> HttpResponse:
    if isinstance(refused, TokenReplaced):
        context = {"heading": REPLACED, "message": "Scan the QR code Partner Center shows now."}
        return render(request, "tiktok/invalid_qr.html", context, status=410)
    if isinstance(refused, ScanRejected):
        message = "The agency said this is not its account, so nothing was linked."
        context = {"heading": REJECTED, "message": message}
        return render(request, "tiktok/invalid_qr.html", context, status=410)
    return render(request, "tiktok/invalid_qr.html", {"message": INVALID_QR}, status=404)
