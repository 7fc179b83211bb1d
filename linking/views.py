"""Partner Center's side of linking: the Profile page (with Request unlink or change) and the QR
link flow."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseStopPolling, push_url

from accounts import services as account_services
from accounts.permissions import may_use_condition
from accounts.reauth import logged_in_within, recent_login_required
from accounts.roles import PartnerRequest, Section, partner_staff_required
from partner_center.htmx import HtmxHttpRequest, login_required, vary_on_htmx
from partner_center.next_url import safe_next_url, with_next
from partner_center.qr import qr_svg
from partner_center.ratelimit import rate_limited, too_many_requests

from . import eligibility, notices, poll_cache, services
from .forms import AgencyProfileForm, UnlinkRequestForm
from .models import LinkSession
from .selectors import (
    current_token,
    link_history,
    linked_profile,
    scan_url,
    unlink_request_latest,
)

# Starting a session needs a log-in (or the password again) within this long (PRODUCT.md).
RECENT_LOGIN_MINUTES = 15


@require_safe
@partner_staff_required(section=Section.PROFILE)
def profile(request: PartnerRequest) -> HttpResponse:
    return _render_profile(request, UnlinkRequestForm())


@require_POST
@partner_staff_required(section=Section.PROFILE)
def agency_profile_edit(request: PartnerRequest) -> HttpResponse:
    """The agency profile's basics and sharing choices, saved together or not at all."""
    form = AgencyProfileForm(request.POST, request.FILES, partner=request.partner)
    if not form.is_valid():
        return _render_profile(request, UnlinkRequestForm(), agency_form=form, status=400)
    data = form.cleaned_data
    account_services.partner_profile_update(
        user=request.user,
        partner=request.partner,
        name=data["name"],
        contact_email=data["contact_email"],
        website=data["website"],
        logo=data["logo"],
        remove_logo=data["remove_logo"],
        sharing=form.sharing(),
    )
    messages.success(request, "Your agency profile was saved.")
    return redirect("linking:profile")


@require_POST
@partner_staff_required(section=Section.PROFILE)
def request_unlink(request: PartnerRequest) -> HttpResponse:
    """Request unlink or change: the request goes to the account manager, in the admin."""
    form = UnlinkRequestForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, form, status=400)
    try:
        created = services.unlink_request_create(
            partner=request.partner, requested_by=request.user, **form.cleaned_data
        )
    except services.UnlinkRequestRefused as refusal:
        return _render_profile(request, form, refusal=str(refusal), status=409)
    messages.success(
        request,
        f"Your request was sent to your account manager, {request.partner.account_manager}, "
        f"who will answer by {notices.day(created.expires_at)}.",
    )
    return redirect("linking:profile")


def _render_profile(
    request: PartnerRequest,
    form: UnlinkRequestForm,
    *,
    agency_form: AgencyProfileForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    unlink_request = unlink_request_latest(request.partner)
    public_url = settings.SITE_URL + reverse("agency_profile:public", args=[request.partner.code])
    context = {
        "agency_form": agency_form or AgencyProfileForm(partner=request.partner),
        "public_url": public_url,
        "public_qr": qr_svg(public_url, title=f"QR code of {request.partner}'s agency profile"),
        "partner": request.partner,
        "profile": linked_profile(request.partner),
        "history": link_history(request.partner),
        "unlink_request": unlink_request,
        "asked_for": notices.asked_for(unlink_request) if unlink_request else "",
        "unlink_form": form,
        "refusal": refusal,
    }
    return render(request, "linking/profile.html", context, status=status)


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
    return render(request, "linking/session.html", _session_context(request, link_session))


@require_POST
@partner_staff_required(section=Section.PROFILE)
def qr(request: PartnerRequest, code: UUID) -> HttpResponse:
    """The QR panel, posted by the page every LINK_QR_ROTATE_SECONDS: a new code once the
    current one is that old. A POST, as it changes which code scans."""
    link_session = _get_session_for_staff(request, code)
    if not request.htmx:
        return redirect(_session_url(link_session, safe_next_url(request, "")))
    if link_session.started_by_id == request.user.pk:
        services.link_token_rotate(session=link_session)
    return render(request, "linking/session.html#qr", _session_context(request, link_session))


@require_POST
@partner_staff_required(section=Section.PROFILE)
@rate_limited("link-start", "LINK_SESSION_RATE")  # it starts a session, as Get Started does
def reject(request: PartnerRequest, code: UUID) -> HttpResponse:
    """**Not our account**: the scan is rejected, at once, and a fresh code shown (in place for
    htmx) if the log-in is recent enough to start one; else Refresh QR code asks for it."""
    link_session = _get_session_for_staff(request, code)
    start_fresh = logged_in_within(request, minutes=RECENT_LOGIN_MINUTES)
    try:
        fresh = services.link_session_reject(
            session=link_session, actor=request.user, start_fresh=start_fresh
        )
    except services.NothingToReject:
        fresh, status = None, 409
        messages.warning(request, "There is no scan to reject any more: this is where it is now.")
    else:
        status = 200
    link_session.refresh_from_db()
    if fresh is not None:
        _record_origin(request, fresh)
    if status == 200:
        messages.success(
            request,
            f"Rejected the scan by @{link_session.tiktok_account.handle}. "
            "Scan the new code with your agency's own account.",
        )
    shown = fresh or link_session
    url = _session_url(shown, safe_next_url(request, ""))
    if not request.htmx:
        return redirect(url)
    context = _session_context(request, shown)
    return push_url(render(request, "linking/session.html#flow", context, status=status), url)


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


# Its own permission check is in the scoped query below (the hardening walker reads this).
status.section = Section.PROFILE


@login_required
def _full_status(request: PartnerRequest, code: UUID) -> HttpResponse:
    # One membership row must be the user's and grant Account & TikTok link.
    staff = Q(partner__memberships__user=request.user) & may_use_condition(
        Section.PROFILE, prefix="partner__memberships__"
    )
    link_session = get_object_or_404(
        LinkSession.objects.select_related("partner", "tiktok_account").filter(staff), code=code
    )
    request.partner = link_session.partner
    if not request.htmx:
        return redirect(_session_url(link_session, safe_next_url(request, "")))
    context = _session_context(request, link_session, with_qr=False) | {"qr_oob": True}
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


@recent_login_required(minutes=RECENT_LOGIN_MINUTES)
@rate_limited("link-start", "LINK_SESSION_RATE")
def _start_session(request: PartnerRequest, next_url: str) -> HttpResponse:
    try:
        link_session, _token = services.link_session_start(
            partner=request.partner, started_by=request.user
        )
    except services.AlreadyLinked:
        messages.info(request, "Your agency's TikTok account is already linked.")
        return redirect(next_url or "linking:profile")
    _record_origin(request, link_session)
    return redirect(_session_url(link_session, next_url))


def _record_origin(request: PartnerRequest, link_session: LinkSession) -> None:
    services.link_session_record_origin(
        session=link_session,
        user_agent=request.headers.get("User-Agent", ""),
        ip_address=request.META.get("REMOTE_ADDR"),
    )


def _get_session_for_staff(request: PartnerRequest, code: UUID) -> LinkSession:
    return get_object_or_404(
        LinkSession.objects.select_related("tiktok_account", "started_by"),
        partner=request.partner,
        code=code,
    )


def _session_url(link_session: LinkSession, next_url: str) -> str:
    return with_next(reverse("linking:session", args=[link_session.code]), next_url)


def _session_context(
    request: PartnerRequest, link_session: LinkSession, *, with_qr: bool = True
) -> dict[str, Any]:
    next_url = safe_next_url(request, "")
    problems = eligibility.current_problems(link_session)
    context = {
        "link_session": link_session,
        "status": link_session.current_status,
        "shown": poll_cache.fingerprint(link_session),
        "problems": problems,
        # Whom to ask when every requirement is met and linking still fails.
        "account_manager": request.partner.account_manager if problems else None,
        "label": request.partner.partner_label,
        "next_url": next_url,
        "continue_url": next_url or reverse("linking:profile"),
        "session_url": _session_url(link_session, next_url),
        "status_url": with_next(reverse("linking:status", args=[link_session.code]), next_url),
        "refresh_url": reverse("linking:refresh", args=[link_session.code]),
        "reject_url": reverse("linking:reject", args=[link_session.code]),
        "qr_url": reverse("linking:qr", args=[link_session.code]),
        "rotate_seconds": settings.LINK_QR_ROTATE_SECONDS,
    }
    if with_qr:
        if link_session.is_open:  # once linked or ended, how to scan is no longer the point
            context["requirements"] = eligibility.REQUIREMENTS
        # Drawn for the staff member who started the session, while it waits for a scan.
        drawn = context["status"] == LinkSession.Status.PENDING
        drawn = drawn and link_session.started_by_id == request.user.pk
        token = current_token(link_session) if drawn else None
        if token is not None:
            context["scan_url"] = scan_url(token.raw)
            context["qr"] = qr_svg(context["scan_url"], title="QR code to link your TikTok account")
    return context
