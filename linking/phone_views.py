"""The screens of the simulated TikTok app that open a Partner Center link code: the scan screen
(who is asking, and **Continue**), then the confirmation screen with **Connect Now** and
**Cancel**. They live with the link flow they drive, under the app's URLs (/tiktok/…).

The QR code's token reaches the server only in POST bodies: the scan URL carries it in its
fragment (`selectors.scan_url`). Opening the URL changes nothing; the user's tap on
**Continue** is the scan, which binds the session to the account. From then on the phone
names the session by its code, and only the account that scanned it gets anything there.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partner_center.next_url import with_next
from partner_center.ratelimit import per_client, rate_limited
from tiktok.auth import SESSION_KEY, TikTokRequest, tiktok_login_required

from . import eligibility, services
from .models import LinkSession
from .selectors import InvalidToken, ScanRejected, TokenReplaced, session_for_token

Status = LinkSession.Status
INVALID_QR = "This QR code is no longer valid — ask for a new one."
REPLACED = "Replaced by a newer QR code"
REJECTED = "The agency rejected this scan"


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
    context = {"session": session, "token": token, "account": request.tiktok_account}
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
    problem = eligibility.current_problem(session)
    remedy_url = ""
    if problem and problem.remedy_url_name:
        back = reverse("linking:confirmation", args=[session.code])
        remedy_url = with_next(reverse(problem.remedy_url_name), back)
    context = {
        "session": session,
        "problem": problem,
        "remedy_url": remedy_url,
        "label": session.partner.partner_label,
        "account": request.tiktok_account,
        "fixed": eligibility.problem_fixed(session),
    }
    template = "tiktok/confirm.html" if session.is_open else "tiktok/link_failed.html"
    return render(request, template, context)


def _refused(request: TikTokRequest, refused: InvalidToken) -> HttpResponse:
    if isinstance(refused, TokenReplaced):
        context = {"heading": REPLACED, "message": "Scan the QR code Partner Center shows now."}
        return render(request, "tiktok/invalid_qr.html", context, status=410)
    if isinstance(refused, ScanRejected):
        message = "The agency said this is not its account, so nothing was linked."
        context = {"heading": REJECTED, "message": message}
        return render(request, "tiktok/invalid_qr.html", context, status=410)
    return render(request, "tiktok/invalid_qr.html", {"message": INVALID_QR}, status=404)
