"""Partner Center's side of linking: the Profile page and the QR link flow."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseStopPolling

from accounts.reauth import recent_login_required
from accounts.roles import PartnerRequest, Section, partner_staff_required
from partner_center.htmx import HtmxHttpRequest, login_required, vary_on_htmx
from partner_center.next_url import safe_next_url, with_next
from partner_center.qr import qr_svg
from partner_center.ratelimit import rate_limited, too_many_requests

from . import eligibility, poll_cache, services
from .models import LinkSession
from .selectors import linked_profile, scan_url

# The raw token lives only in the staff member's own session, keyed by the session code.
TOKEN_KEY = "link-token:{code}"


@require_safe
@partner_staff_required(section=Section.PROFILE)
def profile(request: PartnerRequest) -> HttpResponse:
    context = {"partner": request.partner, "profile": linked_profile(request.partner)}
    return render(request, "linking/profile.html", context)


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=Section.PROFILE)
def start(request: PartnerRequest) -> HttpResponse:
    next_url = safe_next_url(request, "")
    if request.method == "POST":
        return _start_session(request, next_url)
    context = {
        "partner": request.partner,
        "profile": linked_profile(request.partner),
        "next_url": next_url,
        "continue_url": next_url or reverse("linking:profile"),
        # Signing up comes back here, and from here to where the user was.
        "sign_up_url": with_next(
            reverse("tiktok:signup"), with_next(reverse("linking:start"), next_url)
        ),
        "requirements": eligibility.REQUIREMENTS,
    }
    return render(request, "linking/start.html", context)


@require_safe
@partner_staff_required(section=Section.PROFILE)
def session(request: PartnerRequest, code: UUID) -> HttpResponse:
    link_session = _get_session_for_staff(request, code)
    if not link_session.is_open:
        request.session.pop(TOKEN_KEY.format(code=code), None)
    return render(request, "linking/session.html", _session_context(request, link_session))


@require_safe
@never_cache
@vary_on_htmx
def status(request: HtmxHttpRequest, code: UUID) -> HttpResponse:
    # Polled every 2 s by every open session page, so it is kept about as cheap as a bare
    # authenticated request. Nothing changed since a full poll of this login session a moment
    # ago: 204 after the session row and one cache round trip, which also counts the poll
    # against the rate limit (poll_cache). Otherwise the full answer, whose role check and
    # session lookup are one scoped query.
    user_id = request.session.get(SESSION_KEY)  # the login, without loading the user row
    if user_id is not None:
        allowed, unchanged = poll_cache.count_and_check(
            user_id=user_id,
            login=request.session.session_key,
            code=code,
            shown=request.GET.get("shown", "") if request.htmx else "",
        )
        if not allowed:
            return too_many_requests(request)
        if unchanged:
            return HttpResponse(status=204)
    return _full_status(request, code)


@login_required
def _full_status(request: PartnerRequest, code: UUID) -> HttpResponse:
    link_session = get_object_or_404(
        LinkSession.objects.select_related("partner", "tiktok_account"),
        code=code,
        partner__memberships__user=request.user,
    )
    request.partner = link_session.partner
    if not request.htmx:
        return redirect(_session_url(link_session, safe_next_url(request, "")))
    context = _session_context(request, link_session, with_qr=False)
    if link_session.is_open:
        poll_cache.remember(login=request.session.session_key, session=link_session)
        return render(request, "linking/session.html#status", context)
    content = render_to_string("linking/session.html#status", context, request=request)
    return HttpResponseStopPolling(content)


@require_POST
@partner_staff_required(section=Section.PROFILE)
def refresh(request: PartnerRequest, code: UUID) -> HttpResponse:
    _get_session_for_staff(request, code)
    return _start_session(request, safe_next_url(request, ""))


# Get Started: a log-in within the last 15 minutes, or the password again (PRODUCT.md).
@recent_login_required(minutes=15)
@rate_limited("link-start", "LINK_SESSION_RATE")
def _start_session(request: PartnerRequest, next_url: str) -> HttpResponse:
    try:
        link_session, token = services.link_session_start(
            partner=request.partner, started_by=request.user
        )
    except services.AlreadyLinked:
        messages.info(request, "Your agency's TikTok account is already linked.")
        return redirect(next_url or "linking:profile")
    services.link_session_record_origin(
        session=link_session,
        user_agent=request.headers.get("User-Agent", ""),
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    request.session[TOKEN_KEY.format(code=link_session.code)] = token
    return redirect(_session_url(link_session, next_url))


def _get_session_for_staff(request: PartnerRequest, code: UUID) -> LinkSession:
    return get_object_or_404(
        LinkSession.objects.select_related("tiktok_account"), partner=request.partner, code=code
    )


def _session_url(link_session: LinkSession, next_url: str) -> str:
    return with_next(reverse("linking:session", args=[link_session.code]), next_url)


def _session_context(
    request: PartnerRequest, link_session: LinkSession, *, with_qr: bool = True
) -> dict[str, Any]:
    next_url = safe_next_url(request, "")
    context = {
        "link_session": link_session,
        "status": link_session.current_status,
        "shown": poll_cache.fingerprint(link_session),
        "problem": eligibility.current_problem(link_session),
        "label": request.partner.partner_label,
        "next_url": next_url,
        "continue_url": next_url or reverse("linking:profile"),
        "session_url": _session_url(link_session, next_url),
        "status_url": with_next(reverse("linking:status", args=[link_session.code]), next_url),
        "refresh_url": reverse("linking:refresh", args=[link_session.code]),
    }
    token = request.session.get(TOKEN_KEY.format(code=link_session.code))
    if with_qr and token and link_session.is_open:
        context["scan_url"] = scan_url(token)
        context["qr"] = qr_svg(context["scan_url"], title="QR code to link your TikTok account")
    if with_qr:
        context["requirements"] = eligibility.REQUIREMENTS
    return context
