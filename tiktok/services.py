"""Writes of the simulated TikTok platform: what its app's settings change on an account, and
messages to its inbox."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from .auth import password_reset_token
from .models import InboxMessage, TikTokAccount

logger = logging.getLogger(__name__)


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


def tiktok_account_set_password(*, account: TikTokAccount, password: str) -> TikTokAccount:
    """A new password, and a new password version: every login of the account from before
    ends, and so does every reset link (tiktok.auth)."""
    with transaction.atomic():
        account = TikTokAccount.objects.select_for_update().get(pk=account.pk)
        account.set_password(password)
        account.password_version += 1
        account.save(update_fields=["password", "password_version"])
    return account


def tiktok_account_password_reset_send(*, login: str) -> int:
    """E-mail a reset link to each account whose handle or e-mail is `login` and that has an
    e-mail address. Says how many, for tests: the person asking is told the same either way,
    and a mail server that fails is logged, not shown."""
    login = login.strip().lstrip("@")
    accounts = TikTokAccount.objects.filter(Q(handle__iexact=login) | Q(email__iexact=login))
    messages = [_reset_mail(account) for account in accounts.exclude(email="")]
    if messages:
        try:
            mailers.default.send_messages(messages)
        except Exception:
            logger.exception("Failed to send a TikTok password reset e-mail")
    return len(messages)


def _reset_mail(account: TikTokAccount) -> EmailMessage:
    link = settings.SITE_URL + reverse(
        "tiktok:password_reset_link", args=[password_reset_token(account)]
    )
    body = render_to_string("tiktok/password_reset_email.txt", {"account": account, "link": link})
    return EmailMessage("Reset your TikTok password", body, None, [account.email])
