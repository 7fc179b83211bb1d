"""Creator Management in Partner Center: Find Creators, Invite, bulk invite progress, Manage
Partnerships and Add New Creator. Every view is scoped to `request.partner`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from accounts.roles import PartnerRequest, Section, partner_staff_required
from linking.attach import (
    form_with_draft,
    gate_attach_profile,
    redirect_to_link_flow,
    wants_to_link,
)
from partner_center.htmx import render_page, wants_fragment

from . import selectors, services
from .forms import BindingRequestForm, DirectoryForm, InviteForm, PageForm
from .models import BindingRequest, BulkInviteJob, Creator

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
    context = {
        "form": form,
        "result": result,
        "page_query": _without(request.GET, "page"),
        "match_query": _without(request.GET, "page", "per_page"),
        "this_page_query": _with(
            request.GET, page=result.page.number, per_page=filters["per_page"]
        ),
        "match_cap": selectors.MATCH_CAP,
        "fragment_only": wants_fragment(request),
    }
    return render_page(request, "creators/find.html", context, fragment="results")


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
        return [uuid.UUID(v) for v in values[: BulkInviteJob.MAX_CREATORS + 1]]
    except ValueError:
        raise BadSelection("That selection is not valid: choose creators again.") from None


def _selection(request: PartnerRequest) -> Selection:
    """The creators chosen on Find Creators, carried in the URL: every creator matching a
    filter query ("select all matching"), every creator on one page of a query ("select all on
    this page"), or ticked checkboxes. Queries rather than codes keep big selections' URLs short."""
    params = request.GET
    if "match" in params:
        filters = DirectoryForm(QueryDict(params["match"])).filters()
        ids = selectors.directory_ids(filters)
        from_filters = True
    elif "page_of" in params:
        filters = DirectoryForm(QueryDict(params["page_of"])).filters()
        ids = selectors.directory_ids(filters, number=filters["page"], per_page=filters["per_page"])
        from_filters = False
    else:
        codes = _codes(params.getlist("creators"))
        if len(codes) > BulkInviteJob.MAX_CREATORS:
            raise BadSelection(f"Select at most {BulkInviteJob.MAX_CREATORS:,} creators.")
        ids = list(Creator.objects.filter(code__in=codes).values_list("pk", flat=True))
        from_filters = False
    if not ids:
        raise BadSelection("Select at least one creator to invite.")
    preview = list(
        Creator.objects.filter(pk__in=ids[:PREVIEW_SIZE]).select_related("tiktok_account")
    )
    return Selection(creator_ids=ids, preview=preview, from_filters=from_filters)


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=Section.FIND_CREATORS)
def invite(request: PartnerRequest) -> HttpResponse:
    try:
        selection = _selection(request)
    except BadSelection as error:
        return render(request, "creators/invite.html", {"selection_error": str(error)}, status=400)
    if wants_to_link(request):
        return redirect_to_link_flow(request)
    form = form_with_draft(request, InviteForm)
    linked = gate_attach_profile(form, request.partner)
    if request.method == "POST" and form.is_valid():
        return _send_invitations(request, form, selection)
    context = {
        "form": form,
        "linked_profile": linked,
        "selection": selection,
        "in_background": services.runs_in_background(selection.count),
        "invite_now_limit": services.INVITE_NOW_LIMIT,
    }
    return render(request, "creators/invite.html", context, status=400 if form.errors else 200)


def _send_invitations(
    request: PartnerRequest, form: InviteForm, selection: Selection
) -> HttpResponse:
    result = services.invitations_send(
        partner=request.partner,
        sent_by=request.user,
        creator_ids=selection.creator_ids,
        terms=services.InviteTerms(**form.cleaned_data),
    )
    if isinstance(result, BulkInviteJob):
        return redirect("creators:invite_job", code=result.code)
    _report_send(
        request,
        result,
        sent=ngettext("Invited %(count)s creator.", "Invited %(count)s creators.", result.sent),
        nothing="No invitations were sent.",
    )
    return redirect("creators:find")


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


def _get_job_for_partner(request: PartnerRequest, code: uuid.UUID) -> BulkInviteJob:
    return get_object_or_404(BulkInviteJob, code=code, partner=request.partner)


@require_safe
@partner_staff_required(section=Section.FIND_CREATORS)
def invite_job(request: PartnerRequest, code: uuid.UUID) -> HttpResponse:
    job = _get_job_for_partner(request, code)
    return render_page(
        request,
        "creators/invite_job.html",
        {"job": job},
        fragment="progress",
        stop_polling=job.is_done,
    )


# --- Manage Partnerships ------------------------------------------------------------------


@require_safe
@partner_staff_required(section=Section.PARTNERSHIPS)
def partnerships(request: PartnerRequest) -> HttpResponse:
    tabs = dict(selectors.TABS)
    tab = request.GET.get("tab") if request.GET.get("tab") in tabs else "accepted"
    paging = PageForm(request.GET).filters()
    page = selectors.partnership_page(
        partner=request.partner, tab=tab, number=paging["page"], per_page=paging["per_page"]
    )
    counts = selectors.partnership_counts(request.partner)
    context = {
        "tab": tab,
        "tab_label": tabs[tab],
        "tabs": [(key, label, counts[key]) for key, label in selectors.TABS],
        "page": page,
        "page_query": _without(request.GET, "page"),
    }
    return render_page(request, "creators/partnerships.html", context, fragment="panel")


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=Section.PARTNERSHIPS)
def partnership_add(request: PartnerRequest) -> HttpResponse:
    if wants_to_link(request):
        return redirect_to_link_flow(request)
    form = form_with_draft(request, BindingRequestForm)
    linked = gate_attach_profile(form, request.partner)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = services.binding_requests_send(
            partner=request.partner,
            sent_by=request.user,
            creators=data["handles"],
            message=data["message"],
            contract_months=data["contract_months"],
            attach_profile=data["attach_profile"],
        )
        _report_send(
            request,
            result,
            sent=ngettext(
                "Sent %(count)s binding request.", "Sent %(count)s binding requests.", result.sent
            ),
            nothing="No binding requests were sent.",
        )
        return redirect(f"{reverse('creators:partnerships')}?tab=pending")
    context = {"form": form, "linked_profile": linked}
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
    back_url = f"{reverse('creators:partnerships')}?tab=pending"
    if request.method == "GET":
        context = {"binding": binding_request, "back_url": back_url}
        return render_page(request, "creators/cancel_request.html", context, fragment="question")
    try:
        services.binding_request_cancel(binding_request=binding_request, partner=request.partner)
    except services.ProposalError as error:
        messages.error(request, f"Not cancelled: {error}")
    else:
        messages.success(request, f"Binding request to {binding_request.creator} cancelled.")
    return redirect(back_url)
