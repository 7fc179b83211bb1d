"""Writes of the simulated TikTok platform: what its app's settings change on an account."""

from __future__ import annotations

from django.db import transaction

from .models import TikTokAccount


def tiktok_account_switch_to_personal(*, account: TikTokAccount) -> TikTokAccount:
    """Settings and privacy → Account → Switch to Personal Account → Switch anyway."""
    with transaction.atomic():
        account = TikTokAccount.objects.select_for_update().get(pk=account.pk)
        if account.account_type != TikTokAccount.AccountType.PERSONAL:
            account.account_type = TikTokAccount.AccountType.PERSONAL
            account.save(update_fields=["account_type"])
    return account
