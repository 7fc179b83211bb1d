"""Partners (agencies) and the people who work for them. TikTok identities live in `tiktok`,
creators in `creators`, sellers in `campaigns`."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from partner_center.headers import single_line, single_line_validator


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

    # AbstractUser's fields, each kept to one line: they reach e-mail headers (To, greetings).
    first_name = models.CharField(
        "first name", max_length=150, blank=True, validators=[single_line_validator]
    )
    last_name = models.CharField(
        "last name", max_length=150, blank=True, validators=[single_line_validator]
    )
    email = models.EmailField("email address", blank=True, validators=[single_line_validator])

    class Meta(AbstractUser.Meta):
        constraints = [
            models.CheckConstraint(
                condition=single_line(field),
                name=f"accounts_user_{field}_single_line",
                violation_error_message=f"The {label} is one line.",
            )
            for field, label in [
                ("first_name", "first name"),
                ("last_name", "last name"),
                ("email", "e-mail address"),
            ]
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Partner(models.Model):
    """An agency in the CAP and/or TAP programme."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120, validators=[single_line_validator])
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
            models.CheckConstraint(
                condition=single_line("name"),
                name="accounts_partner_name_single_line",
                violation_error_message="A partner's name is one line.",
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
