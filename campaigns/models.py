"""Sellers, and the partner campaigns they register for.

A campaign's status is derived from its dates, never stored: `Campaign.status_at(now)` for one
campaign and `status_condition(status, now)` for a query say the same thing.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Market, Partner, User
from creators.models import Category
from partner_center.headers import single_line, single_line_validator


class Seller(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="seller")
    shop_name = models.CharField(max_length=120, validators=[single_line_validator])
    market = models.CharField(max_length=2, choices=Market.choices)
    shop_rating = models.DecimalField(
        max_digits=2,
        decimal_places=1,
        default=Decimal("4.5"),
        validators=[MinValueValidator(0), MaxValueValidator(5)],
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=single_line("shop_name"),
                name="campaigns_seller_shop_name_single_line",
                violation_error_message="A shop's name is one line.",
            ),
        ]

    def __str__(self) -> str:
        return self.shop_name


# Product categories are stored as bits of one integer, so that "campaigns in this category"
# is one integer test on SQLite and PostgreSQL alike. A category's bit must never change:
# give a new category the next free bit.
CATEGORY_BITS: dict[str, int] = {
    Category.BEAUTY: 1 << 0,
    Category.FASHION: 1 << 1,
    Category.HOME: 1 << 2,
    Category.FOOD: 1 << 3,
    Category.TECH: 1 << 4,
    Category.SPORTS: 1 << 5,
    Category.TOYS: 1 << 6,
    Category.PETS: 1 << 7,
}
ALL_CATEGORY_BITS = sum(CATEGORY_BITS.values())


def category_bits(categories) -> int:
    """The stored form of a collection of category values."""
    return sum(CATEGORY_BITS[Category(value)] for value in set(categories))


def status_condition(status: str, now: datetime) -> Q:
    """The campaigns whose status at `now` is `status`: the same rule as `Campaign.status_at`."""
    return {
        Campaign.Status.UPCOMING: Q(registration_starts_at__gt=now),
        Campaign.Status.OPEN: Q(registration_starts_at__lte=now, registration_ends_at__gt=now),
        Campaign.Status.ONGOING: Q(registration_ends_at__lte=now, ends_at__gt=now),
        Campaign.Status.ENDED: Q(ends_at__lte=now),
    }[Campaign.Status(status)]


class CampaignQuerySet(models.QuerySet):
    def with_status(self, status: str, now: datetime) -> CampaignQuerySet:
        return self.filter(status_condition(status, now))

    def in_category(self, category: str) -> CampaignQuerySet:
        bit = CATEGORY_BITS[Category(category)]
        return self.alias(category_hit=F("category_bits").bitand(bit)).filter(category_hit__gt=0)


class Campaign(models.Model):
    """A partner campaign that sellers of the partner's market register for."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", "Upcoming"
        OPEN = "open", "Open for registration"
        ONGOING = "ongoing", "Ongoing"
        ENDED = "ended", "Ended"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="campaigns")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120, validators=[single_line_validator])
    description = models.TextField(max_length=4000, blank=True)
    registration_starts_at = models.DateTimeField("registration opens")
    registration_ends_at = models.DateTimeField("registration closes")
    starts_at = models.DateTimeField("campaign starts")
    ends_at = models.DateTimeField("campaign ends")
    commission_rate = models.DecimalField(
        "commission rate (%)",
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(1, "The commission rate is at least 1 %%."),
            MaxValueValidator(80, "The commission rate is at most 80 %%."),
        ],
    )
    category_bits = models.PositiveSmallIntegerField("product categories")
    min_shop_rating = models.DecimalField(
        "minimum shop rating",
        max_digits=2,
        decimal_places=1,
        default=Decimal("0"),
        validators=[
            MinValueValidator(0, "The minimum shop rating is between 0 and 5."),
            MaxValueValidator(5, "The minimum shop rating is between 0 and 5."),
        ],
    )
    contact_email = models.EmailField("contact e-mail", validators=[single_line_validator])
    attach_profile = models.BooleanField("Attach TikTok profile", default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-registration_starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_starts_at__lt=F("registration_ends_at")),
                name="campaigns_campaign_registration_opens_before_it_closes",
                violation_error_message="Registration must open before it closes.",
            ),
            models.CheckConstraint(
                condition=Q(registration_ends_at__lte=F("ends_at")),
                name="campaigns_campaign_registration_closes_by_the_end",
                violation_error_message="Registration must close no later than the campaign ends.",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")),
                name="campaigns_campaign_ends_after_it_starts",
                violation_error_message="The campaign must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(commission_rate__gte=1, commission_rate__lte=80),
                name="campaigns_campaign_commission_range",
                violation_error_message="The commission rate is between 1 and 80 %%.",
            ),
            models.CheckConstraint(
                condition=Q(min_shop_rating__gte=0, min_shop_rating__lte=5),
                name="campaigns_campaign_min_shop_rating_range",
                violation_error_message="The minimum shop rating is between 0 and 5.",
            ),
            models.CheckConstraint(
                condition=Q(category_bits__gt=0, category_bits__lte=ALL_CATEGORY_BITS),
                name="campaigns_campaign_known_categories",
                violation_error_message="Choose at least one product category.",
            ),
            models.CheckConstraint(
                condition=single_line("name"),
                name="campaigns_campaign_name_single_line",
                violation_error_message="A campaign's name is one line.",
            ),
            models.CheckConstraint(
                condition=single_line("contact_email"),
                name="campaigns_campaign_contact_email_single_line",
                violation_error_message="The contact e-mail is one line.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["registration_starts_at", "registration_ends_at"],
                name="campaigns_campaign_reg_window",
            ),
            models.Index(fields=["partner", "-registration_starts_at"], name="campaigns_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.partner})"

    @property
    def categories(self) -> list[Category]:
        return [Category(value) for value, bit in CATEGORY_BITS.items() if self.category_bits & bit]

    @categories.setter
    def categories(self, values) -> None:
        self.category_bits = category_bits(values)

    @property
    def market(self) -> str:
        """Campaigns run in their partner's market."""
        return self.partner.market

    def status_at(self, now: datetime) -> Status:
        """Registration is open from when it opens until (not including) when it closes; after
        that the campaign reads as ongoing until it ends, even in a gap before it starts:
        registration is over and the campaign itself is what comes next."""
        if now < self.registration_starts_at:
            return self.Status.UPCOMING
        if now < self.registration_ends_at:
            return self.Status.OPEN
        if now < self.ends_at:
            return self.Status.ONGOING
        return self.Status.ENDED

    @property
    def status(self) -> Status:
        return self.status_at(timezone.now())

    def registration_refusal(self, seller: Seller, now: datetime) -> str | None:
        """Why `seller` cannot register now, or None when they can."""
        status = self.status_at(now)
        if status == self.Status.UPCOMING:
            return "Registration for this campaign has not opened yet."
        if status != self.Status.OPEN:
            return "Registration for this campaign has closed."
        if seller.market != self.partner.market:
            return (
                f"This campaign is for sellers in {Market(self.partner.market).label}; "
                f"your shop is in {Market(seller.market).label}."
            )
        if seller.shop_rating < self.min_shop_rating:
            return (
                f"This campaign needs a shop rating of at least {self.min_shop_rating}; "
                f"your shop's rating is {seller.shop_rating}."
            )
        return None


class CampaignRegistration(models.Model):
    """A seller registered for a campaign; once per seller and campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="registrations")
    seller = models.ForeignKey(
        Seller, on_delete=models.CASCADE, related_name="campaign_registrations"
    )
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "seller"],
                name="campaigns_registration_once_per_seller",
                violation_error_message="This seller is already registered for the campaign.",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "-registered_at"], name="campaigns_reg_by_campaign"),
        ]

    def __str__(self) -> str:
        return f"{self.seller} in {self.campaign.name}"
