"""Partners (agencies), the people who work for them, and the simulated TikTok platform's
identities. Creators live in `creators`, sellers in `campaigns`."""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
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


handle_validator = RegexValidator(
    r"^[A-Za-z0-9_.]{2,24}(?<!\.)$",
    "Use 2–24 letters, numbers, underscores or periods, not ending with a period.",
)


class TikTokAccount(models.Model):
    """An identity on the simulated TikTok platform."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"

    class AccountType(models.TextChoices):
        PERSONAL = "personal", "Personal account"
        BUSINESS = "business", "Registered business account"

    class Affiliation(models.TextChoices):
        NONE = "", "None"
        OTHER_AGENCY = "other_agency", "Linked with another agency"
        CREATOR_NETWORK = "creator_network", "In the Creator Network"

    handle = models.CharField(max_length=24, validators=[handle_validator])
    display_name = models.CharField(max_length=30)
    avatar = models.ImageField(upload_to="avatars/", blank=True)
    bio = models.CharField(max_length=80, blank=True)
    birth_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    violation_count = models.PositiveIntegerField(default=0)
    account_type = models.CharField(
        max_length=10, choices=AccountType.choices, default=AccountType.PERSONAL
    )
    affiliation = models.CharField(
        max_length=20, choices=Affiliation.choices, default=Affiliation.NONE, blank=True
    )
    followers = models.PositiveBigIntegerField(default=0)
    following = models.PositiveBigIntegerField(default=0)
    likes = models.PositiveBigIntegerField(default=0)
    password = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "TikTok account"
        constraints = [
            models.UniqueConstraint(
                Lower("handle"),
                name="accounts_tiktokaccount_handle_ci_unique",
                violation_error_message="That TikTok handle is taken.",
            ),
        ]

    def __str__(self) -> str:
        return f"@{self.handle}"

    def set_password(self, raw_password: str) -> None:
        self.password = make_password(raw_password)

    def check_password(self, raw_password: str) -> bool:
        return bool(self.password) and check_password(raw_password, self.password)

    def age_on(self, day: date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def avatar_url(self) -> str:
        if self.avatar:
            return self.avatar.url
        return reverse("tiktok:avatar", args=[self.handle])

    @property
    def profile_url(self) -> str:
        return reverse("tiktok:profile", args=[self.handle])
