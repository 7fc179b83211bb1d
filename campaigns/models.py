"""Sellers, the partner campaigns aimed at them, and the products they register.

A campaign's status is derived from whether it is published and from its dates, never stored:
`Campaign.status_at(now)` for one campaign and `status_condition(status, now)` for a query say
the same thing. Likewise `Campaign.registration_open_at` and `registration_open_condition`, and
`Campaign.targets` and `targets_condition` (which sellers a campaign is aimed at).
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import Market, Partner, User
from creators.models import Category
from partner_center.headers import single_line, single_line_validator

SHOP_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_shop_code() -> str:
    """A shop code, as a seller reads it in their seller profile and gives it to an agency."""
    return "".join(secrets.choice(SHOP_CODE_ALPHABET) for _ in range(10))


class Seller(models.Model):
    class Origin(models.TextChoices):
        LOCAL = "local", "Local seller"
        CROSS_BORDER = "cross_border", "Cross-border seller"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="seller")
    shop_name = models.CharField(max_length=120, validators=[single_line_validator])
    shop_code = models.CharField(max_length=10, unique=True, default=new_shop_code, editable=False)
    market = models.CharField(max_length=2, choices=Market.choices)
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.LOCAL)
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
    published = Q(published_at__isnull=False)
    return {
        Campaign.Status.READY: Q(published_at__isnull=True),
        Campaign.Status.UPCOMING: published & Q(registration_starts_at__gt=now),
        Campaign.Status.ONGOING: published & Q(registration_starts_at__lte=now, ends_at__gt=now),
        Campaign.Status.CLOSED: published & Q(ends_at__lte=now),
    }[Campaign.Status(status)]


def registration_open_condition(now: datetime) -> Q:
    """The campaigns sellers can register products for at `now`: the same rule as
    `Campaign.registration_open_at`."""
    return Q(
        published_at__isnull=False, registration_starts_at__lte=now, registration_ends_at__gt=now
    )


def targets_condition(seller: Seller) -> Q:
    """The campaigns aimed at `seller`: the same rule as `Campaign.targets`."""
    selected = Campaign.target_sellers.through.objects.filter(
        campaign=OuterRef("pk"), seller=seller
    )
    return Q(partner__market=seller.market) & (
        Q(
            target=Campaign.Target.ALL,
            seller_origin__in=[Campaign.SellerOrigin.BOTH, seller.origin],
        )
        | Q(Exists(selected), target=Campaign.Target.SELECTED)
    )


class CampaignQuerySet(models.QuerySet):
    def with_status(self, status: str, now: datetime) -> CampaignQuerySet:
        return self.filter(status_condition(status, now))

    def published(self, now: datetime) -> CampaignQuerySet:
        """Upcoming and Ongoing: what counts against the quota of published campaigns."""
        return self.filter(published_at__isnull=False, ends_at__gt=now)

    def in_category(self, category: str) -> CampaignQuerySet:
        bit = CATEGORY_BITS[Category(category)]
        return self.alias(category_hit=F("category_bits").bitand(bit)).filter(category_hit__gt=0)


class Campaign(models.Model):
    """A partner campaign: saved Ready, then published to the sellers it targets, who register
    products for it while registration is open."""

    class Status(models.TextChoices):
        READY = "ready", "Ready"
        UPCOMING = "upcoming", "Upcoming"
        ONGOING = "ongoing", "Ongoing"
        CLOSED = "closed", "Closed"

    class Target(models.TextChoices):
        SELECTED = "selected", "Selected sellers"
        ALL = "all", "All sellers"

    class SellerOrigin(models.TextChoices):
        LOCAL = "local", "Local sellers"
        CROSS_BORDER = "cross_border", "Cross-border sellers"
        BOTH = "both", "Local and cross-border sellers"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="campaigns")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("title", max_length=400, validators=[single_line_validator])
    description = models.TextField("requirements", max_length=8000, blank=True)
    registration_starts_at = models.DateTimeField("registration opens")
    registration_ends_at = models.DateTimeField("registration closes")
    starts_at = models.DateTimeField("campaign starts")
    ends_at = models.DateTimeField("campaign ends")
    commission_rate = models.DecimalField(
        "commission requirement (%)",
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(1, "The commission requirement is at least 1 %%."),
            MaxValueValidator(80, "The commission requirement is at most 80 %%."),
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
    target = models.CharField(
        "target sellers", max_length=8, choices=Target.choices, default=Target.ALL
    )
    seller_origin = models.CharField(
        "sellers of the market",
        max_length=12,
        choices=SellerOrigin.choices,
        default=SellerOrigin.BOTH,
    )
    target_sellers = models.ManyToManyField(
        Seller, blank=True, related_name="targeting_campaigns", verbose_name="selected sellers"
    )
    contact_email = models.EmailField("contact e-mail", validators=[single_line_validator])
    contact_phone = models.CharField(
        "WhatsApp or phone",
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ()-]{5,28}$",
                "Enter a phone number with its country code, e.g. +1 415 555 0100.",
            )
        ],
    )
    attach_profile = models.BooleanField("Attach TikTok profile", default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
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
                violation_error_message="The commission requirement is between 1 and 80 %%.",
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
                violation_error_message="A campaign's title is one line.",
            ),
            models.CheckConstraint(
                condition=single_line("contact_email"),
                name="campaigns_campaign_contact_email_single_line",
                violation_error_message="The contact e-mail is one line.",
            ),
            models.CheckConstraint(
                condition=single_line("contact_phone"),
                name="campaigns_campaign_contact_phone_single_line",
                violation_error_message="The contact phone number is one line.",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True, published_by__isnull=True)
                | Q(published_at__isnull=False, published_by__isnull=False),
                name="campaigns_campaign_published_by_someone",
                violation_error_message="A published campaign records who published it.",
            ),
            models.CheckConstraint(
                condition=Q(target__in=["selected", "all"])
                & Q(seller_origin__in=["local", "cross_border", "both"]),
                name="campaigns_campaign_known_target",
                violation_error_message="Choose which sellers the campaign is for.",
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
        """Ready until published. Once published: Upcoming until registration opens (which is
        when the campaign starts), Ongoing — registration and promotion — until the campaign
        ends, then Closed. Registration may close before the campaign ends: still Ongoing."""
        if self.published_at is None:
            return self.Status.READY
        if now < self.registration_starts_at:
            return self.Status.UPCOMING
        if now < self.ends_at:
            return self.Status.ONGOING
        return self.Status.CLOSED

    @property
    def status(self) -> Status:
        return self.status_at(timezone.now())

    def registration_open_at(self, now: datetime) -> bool:
        return (
            self.published_at is not None
            and self.registration_starts_at <= now < self.registration_ends_at
        )

    def targets(self, seller: Seller) -> bool:
        """Whether the campaign is aimed at `seller` (published or not)."""
        if seller.market != self.partner.market:
            return False
        if self.target == self.Target.ALL:
            return self.seller_origin in (self.SellerOrigin.BOTH, seller.origin)
        return self.target_sellers.filter(pk=seller.pk).exists()

    def registration_refusal(self, seller: Seller, now: datetime) -> str | None:
        """Why `seller` cannot register products now, or None when they can."""
        if self.published_at is None:
            return "This campaign is not published."
        if now < self.registration_starts_at:
            return "Registration for this campaign has not opened yet."
        if not self.registration_open_at(now):
            return "Registration for this campaign has closed."
        if seller.market != self.partner.market:
            return (
                f"This campaign is for sellers in {Market(self.partner.market).label}; "
                f"your shop is in {Market(seller.market).label}."
            )
        if not self.targets(seller):
            return "This campaign is for other sellers than your shop."
        if seller.shop_rating < self.min_shop_rating:
            return (
                f"This campaign needs a shop rating of at least {self.min_shop_rating}; "
                f"your shop's rating is {seller.shop_rating}."
            )
        return None


PRODUCT_LINK_BASE = "https://shop.tiktok.example/affiliate/product/"
REJECTION_REASONS = [
    "commission_too_low",
    "hard_to_promote",
    "too_expensive",
    "no_suitable_creator",
]


class RegisteredProduct(models.Model):
    """A product a seller registered for a campaign, and the agency's review of it.

    A product is registered once per campaign: again only after a rejection that allows it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    class RejectionReason(models.TextChoices):
        COMMISSION_TOO_LOW = "commission_too_low", "Commission too low"
        HARD_TO_PROMOTE = "hard_to_promote", "Product hard to promote"
        TOO_EXPENSIVE = "too_expensive", "Product too expensive"
        NO_SUITABLE_CREATOR = "no_suitable_creator", "No suitable creator"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="products")
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="products")
    product_name = models.CharField(max_length=200, validators=[single_line_validator])
    # None only for a whole-shop registration from before products were registered (`legacy`).
    price = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    commission_rate = models.DecimalField("commission offered (%)", max_digits=4, decimal_places=1)
    free_samples = models.PositiveIntegerField("free sample quantity", default=0)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    rejection_reason = models.CharField(max_length=20, choices=RejectionReason.choices, blank=True)
    reregistration_allowed = models.BooleanField("seller may register it again", default=True)
    reviewed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    registered_at = models.DateTimeField(default=timezone.now)
    legacy = models.BooleanField(
        "whole-shop registration", default=False, help_text="Registered before products were."
    )

    class Meta:
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                F("campaign"),
                F("seller"),
                Lower("product_name"),
                condition=~Q(status="rejected", reregistration_allowed=True),
                name="campaigns_product_once_per_campaign",
                violation_error_message="This product is already registered for the campaign.",
            ),
            models.CheckConstraint(
                condition=Q(commission_rate__gte=1, commission_rate__lte=80),
                name="campaigns_product_commission_range",
                violation_error_message="The commission offered is between 1 and 80 %%.",
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=False, price__gt=0) | Q(price__isnull=True, legacy=True),
                name="campaigns_product_has_a_price",
                violation_error_message="A product's price is more than 0.",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", reviewed_at__isnull=True)
                | Q(status__in=["approved", "rejected"], reviewed_at__isnull=False),
                name="campaigns_product_reviewed_when_decided",
                violation_error_message="An approved or rejected product has been reviewed.",
            ),
            models.CheckConstraint(
                condition=Q(status="rejected", rejection_reason__in=REJECTION_REASONS)
                | (~Q(status="rejected") & Q(rejection_reason="")),
                name="campaigns_product_rejected_for_a_reason",
                violation_error_message="A rejected product has a reason, and only it.",
            ),
            models.CheckConstraint(
                condition=single_line("product_name"),
                name="campaigns_product_name_single_line",
                violation_error_message="A product's name is one line.",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "status", "-registered_at"], name="campaigns_review"),
            models.Index(fields=["seller", "-registered_at"], name="campaigns_seller_products"),
        ]

    def __str__(self) -> str:
        return f"{self.product_name} in {self.campaign.name}"

    @property
    def product_link(self) -> str | None:
        """The (simulated) link an agency shares with creators, once approved."""
        if self.status != self.Status.APPROVED:
            return None
        return f"{PRODUCT_LINK_BASE}{self.code}"
