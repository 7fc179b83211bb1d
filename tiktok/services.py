"""Writes of the simulated TikTok platform: what its app's settings change on an account, and
messages to its inbox."""

from __future__ import annotations

from django.db import transaction

from .models import InboxMessage, TikTokAccount


def tiktok_account_switch_to_personal(*, account: TikTokAccount) -> TikTokAccount:
    """Settings and privacy → Account → Switch to Personal Account → Switch anyway."""
    with transaction.atomic():
        account = TikTokAccount.objects.select_for_update().get(pk=account.pk)
        if account.account_type != TikTokAccount.AccountType.PERSONAL:
            account.account_type = TikTokAccount.AccountType.PERSONAL
            account.save(update_fields=["account_type"])
    return account


def inbox_message_send(*, account: TikTokAccount, title: str, body: str) -> InboxMessage:
    """A message in the account's inbox in the app. Partner Center tells an account holder
    what was done with their account through this (linking writes, the platform shows)."""
    return InboxMessage.objects.create(account=account, title=title[:120], body=body)
