"""Admin: links are only ever removed here, by an account manager, with a reason — directly, or
by approving the partner's unlink or change request (or declining it with a note); the audit
trail and sessions are read-only. An account manager sees only the partners they manage."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from partner_center.admin import ManagedPartnersAdmin

from . import notices, services
from .forms import UnlinkForm, UnlinkRequestApproveForm, UnlinkRequestDeclineForm
from .models import (
    LinkEvent,
    LinkSession,
    TikTokLink,
    UnlinkRequest,
    unlink_request_open_first,
)


class ReadOnlyAdmin(ManagedPartnersAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TikTokLink)
class TikTokLinkAdmin(ReadOnlyAdmin):
    list_display = ["partner", "tiktok_account", "linked_at", "linked_by", "unlink_link"]
    list_select_related = ["partner", "tiktok_account", "linked_by"]
    search_fields = ["partner__name", "tiktok_account__handle"]

    def get_urls(self):
        unlink = self.admin_site.admin_view(self.unlink_view)
        return [
            path("<path:object_id>/unlink/", unlink, name="linking_tiktoklink_unlink"),
            *super().get_urls(),
        ]

    @admin.display(description="Unlink")
    def unlink_link(self, link: TikTokLink) -> str:
        url = reverse("admin:linking_tiktoklink_unlink", args=[link.pk])
        return format_html('<a href="{}">Unlink…</a>', url)

    def unlink_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        # Unlinking is what deleting a link means here, so it takes that permission.
        if not request.user.has_perm("linking.delete_tiktoklink"):
            raise PermissionDenied
        # get_object() is scoped to the manager's partners, and reads a malformed id (e.g.
        # "abc") as no object, not as a 500.
        link = self.get_object(request, object_id)
        if link is None:
            raise Http404("No such TikTok link.")
        form = UnlinkForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.tiktok_link_unlink(
                    partner=link.partner, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except services.NotLinked:
                self.message_user(request, "That link was already removed.", messages.WARNING)
                return redirect("admin:linking_tiktoklink_changelist")
            self.message_user(
                request, f"Unlinked {link.tiktok_account} from {link.partner}.", messages.SUCCESS
            )
            return redirect("admin:linking_tiktoklink_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "link": link,
            "form": form,
            "title": f"Unlink {link.tiktok_account} from {link.partner}",
        }
        return TemplateResponse(request, "admin/linking/tiktoklink/unlink.html", context)


@admin.register(LinkEvent)
class LinkEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "event", "partner", "tiktok_account", "actor", "reason"]
    list_filter = ["event"]
    list_select_related = ["partner", "tiktok_account", "actor"]
    search_fields = ["partner__name", "tiktok_account__handle", "reason"]
    date_hierarchy = "created_at"


class FailedRequirementFilter(admin.SimpleListFilter):
    title = "failed requirement"
    parameter_name = "failed"

    def lookups(self, request, model_admin):
        return LinkSession.FailureReason.choices

    def queryset(self, request, queryset):
        if self.value() not in LinkSession.FailureReason.values:
            return queryset
        # The stored list's text holds each reason in quotes; `contains` on a JSON list is
        # PostgreSQL's alone, and this reads the same on SQLite.
        return queryset.filter(failure_reasons__icontains=f'"{self.value()}"')


@admin.register(LinkSession)
class LinkSessionAdmin(ReadOnlyAdmin):
    list_display = ["code", "partner", "status", "failures", "tiktok_account", "created_at"]
    list_filter = ["status", FailedRequirementFilter]
    list_select_related = ["partner", "tiktok_account"]
    search_fields = ["partner__name", "tiktok_account__handle"]

    @admin.display(description="Failed requirements")
    def failures(self, session: LinkSession) -> str:
        return "; ".join(session.failure_labels)


class UnlinkRequestStatusFilter(admin.SimpleListFilter):
    """By status as it reads now: a request unanswered past its expiry is expired."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return UnlinkRequest.Status.choices

    def queryset(self, request, queryset):
        if self.value() in UnlinkRequest.Status.values:
            return queryset.with_status(self.value(), timezone.now())
        return queryset


@admin.register(UnlinkRequest)
class UnlinkRequestAdmin(ReadOnlyAdmin):
    """The partners' requests, open ones first; each is answered on its approve or decline page
    (the `change_unlinkrequest` permission), never by editing it."""

    list_display = [
        "created_at",
        "partner",
        "status_now",
        "answer",
        "kind",
        "tiktok_account",
        "wanted",
        "requested_by",
        "expires_at",
    ]
    list_filter = [UnlinkRequestStatusFilter, "kind"]
    list_select_related = ["partner", "tiktok_account", "requested_by"]
    search_fields = ["partner__name", "tiktok_account__handle", "wanted_handle", "reason"]
    fields = [
        "partner",
        "kind",
        "tiktok_account",
        "wanted_handle",
        "reason",
        "requested_by",
        "created_at",
        "expires_at",
        "status_now",
        "decided_by",
        "decided_at",
        "decision_note",
        "answer",
    ]
    readonly_fields = ["status_now", "answer"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_current_status(timezone.now())

    def get_ordering(self, request):
        # An expression, not the annotation: the admin orders the queryset before
        # get_queryset's annotation exists.
        return [unlink_request_open_first(timezone.now()).asc(), "-created_at"]

    def get_urls(self):
        approve = self.admin_site.admin_view(self.approve_view)
        decline = self.admin_site.admin_view(self.decline_view)
        return [
            path("<path:object_id>/approve/", approve, name="linking_unlinkrequest_approve"),
            path("<path:object_id>/decline/", decline, name="linking_unlinkrequest_decline"),
            *super().get_urls(),
        ]

    @admin.display(description="handle wanted instead")
    def wanted(self, unlink_request: UnlinkRequest) -> str:
        return f"@{unlink_request.wanted_handle}" if unlink_request.wanted_handle else "—"

    @admin.display(description="status", ordering="status_now")
    def status_now(self, unlink_request: UnlinkRequest) -> str:
        return UnlinkRequest.Status(unlink_request.status_now).label

    @admin.display(description="answer")
    def answer(self, unlink_request: UnlinkRequest) -> str:
        if unlink_request.status_now != UnlinkRequest.Status.PENDING:
            return "—"
        links = [
            (reverse(f"admin:linking_unlinkrequest_{action}", args=[unlink_request.pk]), label)
            for action, label in (("approve", "Approve…"), ("decline", "Decline…"))
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def approve_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._answer_view(request, object_id, approve=True)

    def decline_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._answer_view(request, object_id, approve=False)

    def _answer_view(self, request: HttpRequest, object_id: str, *, approve: bool) -> HttpResponse:
        if not request.user.has_perm("linking.change_unlinkrequest"):
            raise PermissionDenied
        # Scoped to the manager's partners: another partner's request is a 404.
        unlink_request = self.get_object(request, object_id)
        change_url = reverse("admin:linking_unlinkrequest_change", args=[unlink_request.pk])
        if not unlink_request.is_open:
            self.message_user(request, notices.why_closed(unlink_request), messages.WARNING)
            return redirect(change_url)
        form_class = UnlinkRequestApproveForm if approve else UnlinkRequestDeclineForm
        form = form_class(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                if approve:
                    services.unlink_request_approve(
                        unlink_request=unlink_request,
                        decided_by=request.user,
                        note=form.cleaned_data["note"],
                    )
                else:
                    services.unlink_request_decline(
                        unlink_request=unlink_request,
                        decided_by=request.user,
                        note=form.cleaned_data["note"],
                    )
            except services.UnlinkRequestRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return redirect(change_url)
            self.message_user(request, _answered(unlink_request, approve), messages.SUCCESS)
            return redirect("admin:linking_unlinkrequest_changelist")
        action = "Approve" if approve else "Decline"
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "unlink_request": unlink_request,
            "asked_for": notices.asked_for(unlink_request),
            "approve": approve,
            "form": form,
            "change_url": change_url,
            "title": f"{action} the request of {unlink_request.partner}",
        }
        template = "admin/linking/unlinkrequest/answer.html"
        return TemplateResponse(request, template, context, status=400 if form.errors else 200)


def _answered(unlink_request: UnlinkRequest, approved: bool) -> str:
    partner, account = unlink_request.partner, unlink_request.tiktok_account
    if not approved:
        return f"Declined {partner}'s request; {account} stays linked. The agency has been told."
    message = f"Unlinked {account} from {partner}, as its request asked."
    if unlink_request.is_change:
        wanted = f"@{unlink_request.wanted_handle}" if unlink_request.wanted_handle else "the new"
        message += (
            f" For the change, the agency now links {wanted} account itself through Link "
            "TikTok Account (the QR flow)."
        )
    return message + " The agency has been told."
