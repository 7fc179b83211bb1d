"""The agency's notifications in Partner Center: the top bar's bell, the list with mark as read,
and the e-mail settings. Each staff member sees their own notices from their own agency; a
notice of anyone else's is a 404."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partner_center.htmx import vary_on_htmx
from partner_center.next_url import safe_next_url

from . import notifications, selectors
from .forms import NotificationSettingsForm
from .models import Notification
from .roles import PartnerRequest, partner_staff_required

PER_PAGE = 20


def _get_notification_for_staff(request: PartnerRequest, code: UUID) -> Notification:
    return get_object_or_404(
        selectors.notifications_for(user=request.user, partner=request.partner), code=code
    )


def _page(request: PartnerRequest, number: str | None) -> Page:
    notices = selectors.notifications_for(user=request.user, partner=request.partner)
    return Paginator(notices, PER_PAGE).get_page(number)


def _unread(request: PartnerRequest) -> int:
    """The count after a change; the one on request.membership was read before it."""
    return selectors.unread_count(user=request.user, partner=request.partner)


def _back(request: PartnerRequest) -> str:
    return safe_next_url(request, reverse("accounts:notifications"))


@require_safe
@partner_staff_required(section=None)
def notification_list(request: PartnerRequest) -> HttpResponse:
    context = {
        "page": _page(request, request.GET.get("page")),
        "unread": request.membership.unread_notifications,
        "here": request.get_full_path(),
    }
    return render(request, "accounts/notifications.html", context)


@require_safe
@vary_on_htmx
@partner_staff_required(section=None)
def bell(request: PartnerRequest) -> HttpResponse:
    """The bell's fragment, polled by every Partner Center page; its count came with the
    membership, so a poll costs no query beyond the role check."""
    if not request.htmx:
        return redirect("accounts:notifications")
    context = {"unread": request.membership.unread_notifications}
    return render(request, "accounts/_bell.html", context)


@require_POST
@partner_staff_required(section=None)
def mark_read(request: PartnerRequest, code: UUID) -> HttpResponse:
    notification = notifications.notification_mark_read(
        notification=_get_notification_for_staff(request, code)
    )
    if request.htmx:
        context = {
            "notification": notification,
            "unread": _unread(request),
            "here": _back(request),
            "item_oob": True,
        }
        return render(request, "accounts/notifications.html#item", context)
    return redirect(_back(request))


@require_POST
@partner_staff_required(section=None)
def mark_all_read(request: PartnerRequest) -> HttpResponse:
    marked = notifications.notifications_mark_all_read(user=request.user, partner=request.partner)
    if request.htmx:
        context = {
            "page": _page(request, request.POST.get("page")),
            "unread": _unread(request),
            "here": _back(request),
            "list_oob": True,
        }
        return render(request, "accounts/notifications.html#list", context)
    if marked:
        messages.success(request, f"Marked {marked} notification{'s' * (marked != 1)} as read.")
    return redirect(_back(request))


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=None)
def notification_settings(request: PartnerRequest) -> HttpResponse:
    initial = {"email_kinds": sorted(notifications.email_kinds_for(request.user))}
    data = request.POST if request.method == "POST" else None
    form = NotificationSettingsForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        notifications.notification_preferences_set(
            user=request.user, email_kinds=form.cleaned_data["email_kinds"]
        )
        messages.success(request, "Your notification settings are saved.")
        return redirect("accounts:notification_settings")
    return render(request, "accounts/notification_settings.html", {"form": form})
