"""The simulated TikTok platform's identities: accounts with their public figures, standing and
the app's own password, and the messages in their inbox. Partner Center reads them through
`tiktok.api` as it would TikTok's."""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from partner_center.headers import single_line, single_line_validator

handle_validator = RegexValidator(
    r"^[A-Za-z0-9_.]{2,24}(?<!\.)$",
    "Use 2–24 letters, numbers, underscores or periods, not ending with a period.",
)

# Nobody alive was born before 1900: an earlier date is a typo (or a fuzzer's "0001-01-01").
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def validate_birth_date(born: date) -> None:
    if born < EARLIEST_BIRTH_DATE:
        raise ValidationError("Enter a birth date from 1900 on.", code="too_early")
    if born > timezone.localdate():
        raise ValidationError("Your birth date cannot be in the future.", code="in_future")


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
    display_name = models.CharField(max_length=30, validators=[single_line_validator])
    email = models.EmailField(
        "e-mail",
        blank=True,
        validators=[single_line_validator],
        help_text="Optional: where a password reset link is sent if you forget your password.",
    )
    avatar = models.ImageField(upload_to="avatars/", blank=True)
    bio = models.CharField(max_length=80, blank=True)
    birth_date = models.DateField(validators=[validate_birth_date])
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
    # One more on every password change: a login session remembers the version it logged in
    # with, and a newer one ends it (tiktok.auth), as a changed password ends Django's sessions.
    password_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "TikTok account"
        # Moved here from `accounts`, keeping its table (and its data).
        db_table = "accounts_tiktokaccount"
        constraints = [
            models.UniqueConstraint(
                Lower("handle"),
                name="accounts_tiktokaccount_handle_ci_unique",
                violation_error_message="That TikTok handle is taken.",
            ),
            models.CheckConstraint(
                condition=models.Q(birth_date__gte=EARLIEST_BIRTH_DATE),
                name="tiktok_account_born_from_1900",
                violation_error_message="Enter a birth date from 1900 on.",
            ),
            *(
                models.CheckConstraint(
                    condition=single_line(field),
                    name=f"tiktok_account_{field}_single_line",
                    violation_error_message=f"The {label} is one line.",
                )
                for field, label in [
                    ("handle", "handle"),
                    ("display_name", "name"),
                    ("email", "e-mail address"),
                ]
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


class InboxMessage(models.Model):
    """A message to a TikTok account in the app's inbox, e.g. that a Partner Center account was
    linked to it. TikTok accounts have no e-mail address: the inbox is how their holder is told."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    account = models.ForeignKey(
        TikTokAccount, on_delete=models.CASCADE, related_name="inbox_messages"
    )
    title = models.CharField(max_length=120)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["account", "-created_at", "-id"], name="tiktok_inbox_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (to {self.account})"
