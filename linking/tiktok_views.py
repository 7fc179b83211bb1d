"""Screens of the simulated TikTok app (mobile-sized)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from accounts.avatars import avatar_png
from accounts.models import TikTokAccount


@require_safe
def app_home(request):
    return render(request, "tiktok/home.html")


@require_safe
def profile(request, handle: str):
    account = get_object_or_404(TikTokAccount, handle__iexact=handle)
    return render(request, "tiktok/profile.html", {"account": account})


@require_safe
def avatar(request, handle: str):
    account = get_object_or_404(
        TikTokAccount.objects.only("handle", "display_name"), handle__iexact=handle
    )
    response = HttpResponse(
        avatar_png(account.handle, account.display_name), content_type="image/png"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
