"""Partners (agencies) and the people who work for them. TikTok identities live in `tiktok`,
creators in `creators`, sellers in `campaigns`."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class Market(models.TextChoices):
    US = "US", "United States"
    GB = "GB", "United Kingdom"
    ID = "ID", "Indonesia"
    MY = "MY", "Malaysia"
    PH = "PH", "Philippines"
    SG = "SG", "Singapore"
    TH = "TH", "Thailand"
    VN = "VN", "Vietnam"


class User(AbstractUser):
    """Everyone who logs in: agency staff, creators, sellers and account managers (is_staff)."""

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Partner(models.Model):
    """An agency in the CAP and/or TAP programme."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120)
    market = models.CharField(max_length=2, choices=Market.choices)
    is_cap = models.BooleanField("Creator Agency Partner (CAP)", default=False)
    is_tap = models.BooleanField("TikTok Shop Affiliate Partner (TAP)", default=False)
    account_manager = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="managed_partners",
        limit_choices_to={"is_staff": True},
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_cap=True) | models.Q(is_tap=True),
                name="accounts_partner_in_a_programme",
                violation_error_message="A partner takes part in CAP, TAP or both.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def partner_label(self) -> str:
        """The label shown on the linked TikTok profile: derived, never stored."""
        if self.is_cap:
            return "Creator Agency Partner"
        return "TikTok Shop Affiliate Partner"

    @property
    def programmes(self) -> str:
        return " + ".join(p for p, on in (("CAP", self.is_cap), ("TAP", self.is_tap)) if on)


class Membership(models.Model):
    """A staff user works for exactly one partner."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Admin"
        MEMBER = "member", "Member"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)

    def __str__(self) -> str:
        return f"{self.user} at {self.partner} ({self.get_role_display()})"
