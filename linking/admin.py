"""Admin: links are only ever removed here, by an account manager, with a reason; the audit
trail and sessions are read-only. An account manager sees only the partners they manage."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from partner_center.admin import ManagedPartnersAdmin

from . import services
from .forms import UnlinkForm
from .models import LinkEvent, LinkSession, TikTokLink


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


@admin.register(LinkSession)
class LinkSessionAdmin(ReadOnlyAdmin):
    list_display = ["code", "partner", "status", "failure_reason", "tiktok_account", "created_at"]
    list_filter = ["status", "failure_reason"]
    list_select_related = ["partner", "tiktok_account"]
    search_fields = ["partner__name", "tiktok_account__handle"]
