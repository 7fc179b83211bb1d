"""Linking a partner's official TikTok account by QR code.

A `LinkSession` is one attempt (one QR code); a `TikTokLink` is the link itself; every link,
failed attempt, cancellation and unlink is kept as a `LinkEvent`.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime

from django.db import models
from django.utils import timezone

from accounts.models import Partner, User
from tiktok.models import TikTokAccount


class LinkSessionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for scan"
    SCANNED = "scanned", "Scanned, waiting for confirmation"
    LINKED = "linked", "Linked"
    CANCELLED = "cancelled", "Cancelled"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"


# Outside the model so that its Meta (which cannot see the class body) builds the
# one-open-session constraint and the expiry index from them too.
OPEN_STATUSES = (LinkSessionStatus.PENDING, LinkSessionStatus.SCANNED)


class LinkSessionQuerySet(models.QuerySet):
    def lapsed(self, now: datetime) -> LinkSessionQuerySet:
        """Still stored as open but past their time: they read as expired
        (`LinkSession.is_expired`)."""
        return self.filter(status__in=OPEN_STATUSES, expires_at__lte=now)


class LinkSession(models.Model):
    Status = LinkSessionStatus
    OPEN_STATUSES = OPEN_STATUSES

    class FailureReason(models.TextChoices):
        UNDER_18 = "under_18", "The account holder is under 18"
        NOT_IN_GOOD_STANDING = "not_in_good_standing", "The account is suspended or has violations"
        BUSINESS_ACCOUNT = "business_account", "The account is a registered business account"
        AFFILIATED = (
            "affiliated",
            "The account is linked with another agency or the Creator Network",
        )
        PARTNER_ALREADY_LINKED = (
            "partner_already_linked",
            "This partner already has a linked account",
        )

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="link_sessions")
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    failure_reason = models.CharField(max_length=30, choices=FailureReason.choices, blank=True)
    tiktok_account = models.ForeignKey(
        TikTokAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where it was started, as the phone and the account holder's inbox name it.
    user_agent = models.CharField(max_length=400, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    scanned_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = LinkSessionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="linking_linksession_one_open_per_partner",
            ),
        ]
        indexes = [
            models.Index(
                fields=["expires_at"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="linking_linksession_open_exp",
            ),
        ]

    def __str__(self) -> str:
        return f"Link session for {self.partner} ({self.current_status})"

    def is_expired_at(self, now: datetime) -> bool:
        """Open past its time is expired, task or no task (`LinkSessionQuerySet.lapsed`)."""
        return self.status in self.OPEN_STATUSES and now >= self.expires_at

    @property
    def is_expired(self) -> bool:
        return self.is_expired_at(timezone.now())

    @property
    def current_status(self) -> str:
        """The status as it reads now: an open session past its time is expired at once."""
        return self.Status.EXPIRED if self.is_expired else self.status

    @property
    def is_open(self) -> bool:
        return self.current_status in self.OPEN_STATUSES

    @staticmethod
    def hash_token(token: str) -> str:
        """Only this hash of a session's token is stored; the token itself is in the QR code."""
        return hashlib.sha256(token.encode()).hexdigest()


class TikTokLink(models.Model):
    """One TikTok account per partner and one partner per TikTok account."""

    partner = models.OneToOneField(Partner, on_delete=models.CASCADE, related_name="tiktok_link")
    tiktok_account = models.OneToOneField(
        TikTokAccount, on_delete=models.PROTECT, related_name="partner_link"
    )
    linked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    session = models.OneToOneField(
        LinkSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="link"
    )
    linked_at = models.DateTimeField(default=timezone.now)
    # Public figures as last fetched from the TikTok side (refresh_linked_profiles).
    followers = models.PositiveBigIntegerField(null=True, blank=True)
    likes = models.PositiveBigIntegerField(null=True, blank=True)
    figures_refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "TikTok link"

    def __str__(self) -> str:
        return f"{self.partner} ↔ {self.tiktok_account}"


class LinkEvent(models.Model):
    """The audit trail: written by the services, read-only everywhere else."""

    class Event(models.TextChoices):
        LINKED = "linked", "Linked"
        FAILED = "failed", "Failed attempt"
        CANCELLED = "cancelled", "Cancelled"
        SUPERSEDED = "superseded", "Superseded by a new session"
        UNLINKED = "unlinked", "Unlinked"

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="link_events")
    tiktok_account = models.ForeignKey(
        TikTokAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    event = models.CharField(max_length=12, choices=Event.choices)
    reason = models.TextField(blank=True)
    session = models.ForeignKey(
        LinkSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.partner} {self.tiktok_account or ''}".strip()
