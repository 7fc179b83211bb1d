"""Creator Management in Partner Center: Find Creators, Invite, outreaches, Manage
Partnerships (its tabs, Add New Creator, Remove, Extend, answering creators' unlink requests).
Every view is scoped to `request.partner`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import MARKET_TIME_ZONES
from accounts.roles import PartnerRequest, Section, partner_staff_required
from linking.attach import (
    form_with_draft,
    gate_attach_profile,
    redirect_to_link_flow,
    wants_to_link,
)
from linking.selectors import linked_profile
from partner_center.htmx import render_page, wants_fragment
from partner_center.qr import qr_svg

from . import invitation_rules, selection, selectors, services
from . import partnership_rules as rules
from .forms import (
    BindingRequestForm,
    DirectoryForm,
    ExtensionForm,
    InvitationHistoryForm,
    InviteForm,
    PageForm,
    SelectionForm,
)
from .models import BindingRequest, Creator, Invitation, Outreach

PREVIEW_SIZE = 12
NAMED_SKIPPED = 10  # handles named in a send's warning; the rest are counted


def _with(query: QueryDict, **values) -> str:
    query = query.copy()
    for name, value in values.items():
        query[name] = str(value)
    return query.urlencode()


def _without(query: QueryDict, *names: str) -> str:
    query = query.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _find_url(query: str) -> str:
    """Find Creators as the user left it: the filters and page of `query` (the one the page
    sent along as `from`), and nothing else."""
    sent, kept = QueryDict(query), QueryDict(mutable=True)
    for name in sent:
        if name in DirectoryForm.base_fields:
            kept.setlist(name, sent.getlist(name))
    url = reverse("creators:find")
    return f"{url}?{kept.urlencode()}" if kept else url


def _selection_context(request: PartnerRequest, *, from_query: str) -> dict:
    codes = selection.kept(request)
    return {
        "selected": set(codes),
        "selected_count": len(codes),
        "selection_max": selection.MAX_KEPT,
        "this_page_query": from_query,
    }


@require_safe
@partner_staff_required(section=Section.FIND_CREATORS)
def find(request: PartnerRequest) -> HttpResponse:
    form = DirectoryForm(request.GET)
    filters = form.filters()
    result = selectors.directory_page(
        partner=request.partner,
        filters=filters,
        number=filters["page"],
        per_page=filters["per_page"],
    )
    this_page = _with(request.GET, page=result.page.number, per_page=filters["per_page"])
    context = {
        "form": form,
        "result": result,
        "page_query": _without(request.GET, "page"),
        "match_query": _without(request.GET, "page", "per_page"),
        "match_cap": selectors.MATCH_CAP,
        "select_cap": selectors.SELECT_CAP,
        "quota": selectors.invitation_quota(request.partner),
        "fragment_only": wants_fragment(request),
        **_selection_context(request, from_query=this_page),
    }
    return render_page(request, "creators/find.html", context, fragment="results")


@require_POST
@partner_staff_required(section=Section.FIND_CREATORS)
def selection_update(request: PartnerRequest) -> HttpResponse:
    """The selection kept across Find Creators' pages: htmx posts a page's ticks on every
    change and gets the running count back; Clear forgets it."""
    form = SelectionForm(request.POST)
    from_query = request.POST.get("from", "")
    if not form.is_valid():
        context = {
            "selection_error": " ".join(e for errors in form.errors.values() for e in errors)
        }
        return render(request, "creators/find.html#selection_status", context, status=400)
    full = False
    if form.cleaned_data["clear"]:
        selection.clear(request)
    else:
        data = form.cleaned_data
        full = not selection.keep_page(request, shown=data["shown"], ticked=data["creators"])
    if not request.htmx:
        return redirect(_find_url(from_query))
    context = _selection_context(request, from_query=from_query) | {"selection_full": full}
    return render(request, "creators/find.html#selection_status", context)


# --- Invite -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    creator_ids: list[int]
    preview: list[Creator]
    from_filters: bool = False

    @property
    def count(self) -> int:
        return len(self.creator_ids)

    @property
    def more(self) -> int:
        return self.count - len(self.preview)


class BadSelection(Exception):
    pass


def _codes(values: list[str]) -> list[uuid.UUID]:
    try:
        return [uuid.UUID(v) for v in values[: Outreach.MAX_CREATORS + 1]]
    except ValueError:
        raise BadSelection("That selection is not valid: choose creators again.") from None


def _selection(request: PartnerRequest) -> Selection:
    """The creators chosen on Find Creators: every creator matching a filter query ("select
    all matching", carried in the URL), or the selection kept across its pages with, carried in
    the URL, every creator on one page of a query ("select all on this page") or the ticked
    checkboxes (all the selection there is without JavaScript). Queries rather than codes keep
    big selections' URLs short."""
    params = request.GET
    if "creator" in params:  # Invite on a creator's page: that creator alone
        ids = Creator.objects.filter(code__in=_codes(params.getlist("creator")[:1]))
        return _chosen(list(ids.values_list("pk", flat=True)), from_filters=False)
    if "match" in params:
        filters = DirectoryForm(QueryDict(params["match"])).filters()
        ids = selectors.directory_ids(filters)
        return _chosen(ids, from_filters=True)
    codes = [*selection.kept(request), *_codes(params.getlist("creators"))]
    if len(codes) > Outreach.MAX_CREATORS:
        raise BadSelection(f"Select at most {Outreach.MAX_CREATORS:,} creators.")
    ids = list(Creator.objects.filter(code__in=codes).values_list("pk", flat=True))
    if "page_of" in params:
        filters = DirectoryForm(QueryDict(params["page_of"])).filters()
        number, per_page = filters["page"], filters["per_page"]
        ids = _unique([*ids, *selectors.directory_ids(filters, number=number, per_page=per_page)])
    return _chosen(ids, from_filters=False)


def _chosen(ids: list[int], *, from_filters: bool) -> Selection:
    if not ids:
        raise BadSelection("Select at least one creator to invite.")
    preview = list(
        Creator.objects.filter(pk__in=ids[:PREVIEW_SIZE]).select_related("tiktok_account")
    )
    return Selection(creator_ids=ids, preview=preview, from_filters=from_filters)


def _unique(ids: list[int]) -> list[int]:
    return list(dict.fromkeys(ids))


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=Section.FIND_CREATORS)
def invite(request: PartnerRequest) -> HttpResponse:
    find_url = _find_url(request.GET.get("from", ""))
    try:
        chosen = _selection(request)
    except BadSelection as error:
        context = {"selection_error": str(error), "find_url": find_url}
        return render(request, "creators/invite.html", context, status=400)
    if wants_to_link(request):
        return redirect_to_link_flow(request)
    form = form_with_draft(request, InviteForm, partner=request.partner)
    linked = gate_attach_profile(form, request.partner)
    if request.method == "POST" and form.is_valid():
        try:
            return _send_invitations(request, form, chosen)
        except services.ProposalError as error:
            form.add_error(None, str(error))
    now = timezone.now()
    quota = selectors.invitation_quota(request.partner, now)
    recent = _recently_invited(request, chosen)
    to_send = chosen.count - recent["count"]
    context = {
        "form": form,
        "linked_profile": linked,
        "selection": chosen,
        "recent": recent,
        "quota": quota,
        "becomes_outreach": chosen.count > quota.left,
        "finishing_day": invitation_rules.finishing_day(
            request.partner.market, now, queued=to_send, left_today=quota.left
        ),
        "select_cap": selectors.SELECT_CAP,
        "find_url": find_url,
    }
    return render(request, "creators/invite.html", context, status=400 if form.errors else 200)


def _recently_invited(request: PartnerRequest, chosen: Selection) -> dict[str, object]:
    """The selected creators this agency invited in the last 7 days: skipped when sending."""
    ids = selectors.recently_invited_creator_ids(
        request.partner, chosen.creator_ids, timezone.now()
    )
    handles = Creator.objects.filter(pk__in=list(ids)).order_by("tiktok_account__handle")
    named = list(handles.values_list("tiktok_account__handle", flat=True)[:NAMED_SKIPPED])
    return {"count": len(ids), "named": named, "more": len(ids) - len(named)}


def _send_invitations(request: PartnerRequest, form: InviteForm, chosen: Selection) -> HttpResponse:
    data = dict(form.cleaned_data)
    idempotency_key = data.pop("idempotency_key")
    result = services.invitations_send(
        partner=request.partner,
        sent_by=request.user,
        creator_ids=chosen.creator_ids,
        terms=services.InviteTerms(**data),
        idempotency_key=idempotency_key,
    )
    if "creator" not in request.GET:  # inviting one creator from their page keeps the rest
        selection.clear(request)
    from_query = request.GET.get("from", "")
    if isinstance(result, Outreach):
        _report_outreach(request, result)
        return redirect(reverse("creators:outreach", args=[result.code]))
    _report_send(
        request,
        result,
        sent=ngettext("Invited %(count)s creator.", "Invited %(count)s creators.", result.sent),
        nothing="No invitations were sent.",
    )
    return redirect(_find_url(from_query))


def _report_outreach(request: PartnerRequest, outreach: Outreach) -> None:
    """Sent now, queued for later days (and when the last goes), skipped and why."""
    now = timezone.now()
    day = selectors.outreach_finishing_day(
        outreach, selectors.invitation_quota(outreach.partner, now), now
    )
    parts = [f"Outreach of {outreach.total:,} creators: {outreach.sent:,} invited now"]
    if outreach.queued:
        parts.append(
            f"{outreach.queued:,} queued for the following days (expected to finish on "
            f"{day:%-d %b %Y})"
            if day
            else f"{outreach.queued:,} queued"
        )
    reasons = selectors.outreach_skip_counts(outreach)
    if reasons:
        why = "; ".join(f"{count:,} {reason.label}" for reason, count in reasons.items())
        parts.append(f"{outreach.skipped:,} skipped ({why})")
    messages.success(request, ", ".join(parts) + ".")


def _report_send(
    request: PartnerRequest, result: services.SendResult, *, sent: str, nothing: str
) -> None:
    """A success for what was sent; a warning for what was not: who was skipped and why."""
    if result.sent:
        messages.success(request, sent % {"count": f"{result.sent:,}"})
    problems = [] if result.sent else [nothing]
    if result.skipped_handles:
        reasons = (f"{_named(h)}: {r.label}" for r, h in result.skipped_handles.items())
        problems.append(f"Skipped {'; '.join(reasons)}.")
    if result.failed:
        problems.append(
            ngettext(
                "%(count)s creator is no longer in the directory.",
                "%(count)s creators are no longer in the directory.",
                result.failed,
            )
            % {"count": f"{result.failed:,}"}
        )
    if problems:
        messages.warning(request, " ".join(problems))


def _named(handles: tuple[str, ...]) -> str:
    named = ", ".join(f"@{h}" for h in handles[:NAMED_SKIPPED])
    more = len(handles) - NAMED_SKIPPED
    return f"{named} and {more:,} more" if more > 0 else named


# --- Outreaches ---------------------------------------------------------------------------


def _get_outreach_for_partner(request: PartnerRequest, code: uuid.UUID) -> Outreach:
    return get_object_or_404(
        Outreach.objects.select_related("partner"), code=code, partner=request.partner
    )


@require_safe
@partner_staff_required(section=Section.FIND_CREATORS)
def outreaches(request: PartnerRequest) -> HttpResponse:
    paging = PageForm(request.GET).filters()
    page = selectors.outreach_list_page(
        partner=request.partner, number=paging["page"], per_page=paging["per_page"]
    )
    context = {
        "page": page,
        "page_query": _without(request.GET, "page"),
        "quota": selectors.invitation_quota(request.partner),
        "market_zone": MARKET_TIME_ZONES[request.partner.market],
    }
    return render(request, "creators/outreaches.html", context)


@require_safe
@partner_staff_required(section=Section.FIND_CREATORS)
def outreach(request: PartnerRequest, code: uuid.UUID) -> HttpResponse:
    found = _get_outreach_for_partner(request, code)
    now = timezone.now()
    quota = selectors.invitation_quota(request.partner, now)
    paging = PageForm(request.GET).filters()
    context = {
        "outreach": found,
        "market_zone": MARKET_TIME_ZONES[request.partner.market],
        "quota": quota,
        "finishing_day": selectors.outreach_finishing_day(found, quota, now),
        "skip_counts": selectors.outreach_skip_counts(found),
        "page": selectors.outreach_creator_page(
            outreach=found, number=paging["page"], per_page=paging["per_page"], now=now
        ),
        "page_query": _without(request.GET, "page"),
    }
    return render(request, "creators/outreach.html", context)


def _outreach_action(request: PartnerRequest, code: uuid.UUID, action, done: str) -> HttpResponse:
    found = _get_outreach_for_partner(request, code)
    try:
        action(outreach=found, user=request.user)
    except services.ProposalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(reverse("creators:outreach", args=[found.code]))


@require_POST
@partner_staff_required(section=Section.FIND_CREATORS)
def outreach_pause(request: PartnerRequest, code: uuid.UUID) -> HttpResponse:
    return _outreach_action(
        request, code, services.outreach_pause, "Outreach paused: nothing more is sent."
    )


@require_POST
@partner_staff_required(section=Section.FIND_CREATORS)
def outreach_resume(request: PartnerRequest, code: uuid.UUID) -> HttpResponse:
    return _outreach_action(
        request, code, services.outreach_resume, "Outreach resumed: sending within the quota."
    )


@require_POST
@partner_staff_required(section=Section.FIND_CREATORS)
def outreach_cancel(request: PartnerRequest, code: uuid.UUID) -> HttpResponse:
    return _outreach_action(
        request, code, services.outreach_cancel, "Outreach cancelled: the rest is not sent."
    )


# --- Manage Partnerships ------------------------------------------------------------------


EXPIRING_CHOICES = {str(days): days for days in rules.EXPIRING_FILTERS}


@require_safe
@partner_staff_required(section=Section.PARTNERSHIPS)
def partnerships(request: PartnerRequest) -> HttpResponse:
    tabs = {key: label for key, label, _states in rules.TABS}
    tab = request.GET.get("tab") if request.GET.get("tab") in tabs else "all"
    expiring = EXPIRING_CHOICES.get(request.GET.get("expiring", ""))
    paging = PageForm(request.GET).filters()
    page = selectors.partnership_page(
        partner=request.partner,
        tab=tab,
        number=paging["page"],
        per_page=paging["per_page"],
        expiring_within=expiring,
    )
    counts = selectors.partnership_counts(request.partner)
    context = {
        "tab": tab,
        "tab_label": tabs[tab],
        "tabs": [(key, label, counts[key]) for key, label, _states in rules.TABS],
        "count_cap": selectors.COUNT_CAP,
        "expiring": expiring,
        "expiring_choices": rules.EXPIRING_FILTERS,
        "page": page,
        "page_query": _without(request.GET, "page"),
        "asks_to_remove": rules.removal_asks_the_creator(request.partner.market),
    }
    return render_page(request, "creators/partnerships.html", context, fragment="panel")


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=Section.PARTNERSHIPS)
def partnership_add(request: PartnerRequest) -> HttpResponse:
    if wants_to_link(request):
        return redirect_to_link_flow(request)
    initial = {"handles": request.GET.get("handles", "")[:4000]}
    form = form_with_draft(request, BindingRequestForm, initial=initial, partner=request.partner)
    linked = gate_attach_profile(form, request.partner)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.link_requests_send(
                partner=request.partner,
                sent_by=request.user,
                creators=data["handles"],
                last_day=data["last_day"],
                message=data["message"],
                attach_profile=data["attach_profile"],
            )
        except services.ProposalError as error:
            form.add_error(None, str(error))
        else:
            _report_send(
                request,
                result,
                sent=ngettext(
                    "Sent %(count)s link request.", "Sent %(count)s link requests.", result.sent
                ),
                nothing="No link requests were sent.",
            )
            return redirect(f"{reverse('creators:partnerships')}?tab=link_requested")
    context = {
        "form": form,
        "linked_profile": linked,
        "quota": selectors.link_request_quota(request.partner),
    }
    return render(
        request, "creators/partnership_add.html", context, status=400 if form.errors else 200
    )


def _get_request_for_partner(request: PartnerRequest, code: uuid.UUID) -> BindingRequest:
    return get_object_or_404(
        BindingRequest.objects.select_related("creator__tiktok_account"),
        code=code,
        partner=request.partner,
    )


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=Section.PARTNERSHIPS)
def binding_request_cancel(request: PartnerRequest, code: uuid.UUID) -> HttpResponse:
    """GET asks (a page, or in place of the Cancel button for htmx); the question's own
    button, a POST, cancels."""
    binding_request = _get_request_for_partner(request, code)
    back_url = f"{reverse('creators:partnerships')}?tab=link_requested"
    if request.method == "GET":
        context = {"binding": binding_request, "back_url": back_url}
        return render_page(request, "creators/cancel_request.html", context, fragment="question")
    try:
        services.binding_request_cancel(binding_request=binding_request, partner=request.partner)
    except services.ProposalError as error:
        messages.error(request, f"Not cancelled: {error}")
    else:
        messages.success(request, f"Link request to {binding_request.creator} cancelled.")
    return redirect(back_url)


def _back(tab: str = "all") -> str:
    return f"{reverse('creators:partnerships')}?tab={tab}"


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=Section.PARTNERSHIPS)
def link_remove(request: PartnerRequest, code: uuid.UUID) -> HttpResponse:
    """GET asks (in the UK: says the creator will be asked); the question's POST removes."""
    link = _get_request_for_partner(request, code)
    asks = rules.removal_asks_the_creator(request.partner.market)
    if request.method == "GET":
        context = {"link": link, "asks": asks, "back_url": _back("linked")}
        return render_page(request, "creators/link_remove.html", context, fragment="question")
    try:
        state = services.link_remove(link=link, partner=request.partner, removed_by=request.user)
    except services.ProposalError as error:
        messages.error(request, f"Not removed: {error}")
        return redirect(_back("linked"))
    if state == rules.State.UNLINK_REQUESTED:
        messages.success(request, f"Unlink request sent to {link.creator}: they have 7 days.")
        return redirect(_back("unlink_requested"))
    messages.success(request, f"{link.creator} removed: unlinked.")
    return redirect(_back("not_linked"))


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=Section.PARTNERSHIPS)
def link_extend(request: PartnerRequest, code: uuid.UUID) -> HttpResponse:
    link = _get_request_for_partner(request, code)
    if wants_to_link(request):
        return redirect_to_link_flow(request)
    form = form_with_draft(request, ExtensionForm, link=link)
    linked = gate_attach_profile(form, request.partner)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.extension_request_send(
                link=link,
                partner=request.partner,
                sent_by=request.user,
                last_day=data["last_day"],
                message=data["message"],
                attach_profile=data["attach_profile"],
            )
        except services.ProposalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Extension request sent to {link.creator}.")
            return redirect(_back("linked"))
    context = {"form": form, "link": link, "linked_profile": linked, "back_url": _back("linked")}
    return render(request, "creators/link_extend.html", context, status=400 if form.errors else 200)


def _unlink_answer(request: PartnerRequest, code: uuid.UUID, *, approve: bool) -> HttpResponse:
    link = _get_request_for_partner(request, code)
    try:
        services.link_unlink_answer_by_agency(
            link=link, partner=request.partner, answered_by=request.user, approve=approve
        )
    except services.ProposalError as error:
        messages.error(request, str(error))
        return redirect(_back("unlink_requested"))
    if approve:
        messages.success(request, f"Unlink request approved: {link.creator} is unlinked.")
        return redirect(_back("not_linked"))
    messages.success(request, f"Unlink request declined: {link.creator} stays linked.")
    return redirect(_back("linked"))


@require_POST
@partner_staff_required(section=Section.PARTNERSHIPS)
def link_unlink_approve(request: PartnerRequest, code: uuid.UUID) -> HttpResponse:
    return _unlink_answer(request, code, approve=True)


@require_POST
@partner_staff_required(section=Section.PARTNERSHIPS)
def link_unlink_decline(request: PartnerRequest, code: uuid.UUID) -> HttpResponse:
    return _unlink_answer(request, code, approve=False)


# --- Invitation history ---------------------------------------------------------------------


@require_safe
@partner_staff_required(section=Section.FIND_CREATORS)
def invitations(request: PartnerRequest) -> HttpResponse:
    form = InvitationHistoryForm(request.GET)
    filters = form.filters()
    history = selectors.invitation_history(partner=request.partner, filters=filters)
    page = Paginator(history, filters["per_page"]).get_page(filters["page"])
    context = {
        "form": form,
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number),
        "page_query": _without(request.GET, "page"),
        "market_zone": rules.market_zone(request.partner.market),
        "nav": "invitations",
    }
    status = 400 if form.errors else 200
    return render_page(
        request, "creators/invitations.html", context, fragment="results", status=status
    )


def _get_invitation_for_partner(request: PartnerRequest, code: uuid.UUID) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("creator__tiktok_account", "creator__user", "sent_by"),
        code=code,
        partner=request.partner,
    )


def _invitation_page(
    request: PartnerRequest, invitation: Invitation, *, resend_error: str = "", status: int = 200
) -> HttpResponse:
    now = timezone.now()
    resend_from = selectors.invitation_resend_from(
        partner=request.partner, creator_id=invitation.creator_id, now=now
    )
    context = {
        "invitation": invitation,
        "status_now": invitation.status_at(now),
        # What the creator sees now: the card of the agency's linked account, if attached.
        "profile": linked_profile(request.partner) if invitation.attach_profile else None,
        "creator_contact": selectors.interested_creator_contact(invitation),
        "can_resend": resend_from is not None and now >= resend_from,
        "resend_from": resend_from,
        "resend_error": resend_error,
        "market_zone": rules.market_zone(request.partner.market),
        "nav": "invitations",
    }
    return render(request, "creators/invitation.html", context, status=status)


@require_safe
@partner_staff_required(section=Section.FIND_CREATORS)
def invitation_detail(request: PartnerRequest, code: uuid.UUID) -> HttpResponse:
    return _invitation_page(request, _get_invitation_for_partner(request, code))


@require_POST
@partner_staff_required(section=Section.FIND_CREATORS)
def invitation_resend(request: PartnerRequest, code: uuid.UUID) -> HttpResponse:
    invitation = _get_invitation_for_partner(request, code)
    try:
        new = services.invitation_resend(
            invitation=invitation, user=request.user, partner=request.partner
        )
    except services.ProposalError as error:
        return _invitation_page(request, invitation, resend_error=str(error), status=409)
    messages.success(request, f"Invitation sent to {invitation.creator} again.")
    return redirect("creators:invitation", code=new.code)


# --- A creator's page -----------------------------------------------------------------------


@require_safe
@partner_staff_required(section=Section.FIND_CREATORS)
def creator_detail(request: PartnerRequest, code: uuid.UUID) -> HttpResponse:
    """A creator of the directory: profile, figures, a link and a QR code to their TikTok
    profile, Invite, and this agency's history with them."""
    creator = get_object_or_404(
        Creator.objects.select_related("tiktok_account"),
        code=code,
        account_kind=Creator.AccountKind.CREATOR,
    )
    account = creator.tiktok_account
    profile_url = request.build_absolute_uri(account.profile_url)
    context = {
        "creator": creator,
        "account": account,
        "profile_url": profile_url,
        "qr": qr_svg(profile_url, title=f"QR code of @{account.handle}'s TikTok profile"),
        "invite_query": urlencode({"creator": creator.code}),
        "history": selectors.creator_history(partner=request.partner, creator=creator),
    }
    return render(request, "creators/creator.html", context)
