"""Writes for campaigns: each runs in a transaction that locks what it changes.

A campaign is saved Ready (editable, deletable, unseen by sellers), then published; it can be
taken offline back to Ready only while Upcoming. Sellers register products while registration
is open; the agency approves or rejects each one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Partner, User
from accounts.permissions import Section, require_user
from linking.selectors import linked_profile

from . import rules
from .models import Campaign, RegisteredProduct, Seller
from .rules import percent


class CampaignRefused(Exception):
    """The agency cannot do this to the campaign now; the message says why."""


class RegistrationRefused(Exception):
    """The seller cannot register the product; the message says why, in words a seller
    understands."""


@dataclass(frozen=True)
class CampaignTerms:
    """What Create Campaign and Edit set: the campaign form's cleaned data. Registration opens
    when the campaign starts."""

    name: str
    description: str
    starts_at: datetime
    registration_ends_at: datetime
    ends_at: datetime
    commission_rate: Decimal
    categories: list[str]
    min_shop_rating: Decimal
    target: str
    seller_origin: str
    contact_email: str
    attach_profile: bool
    contact_phone: str = ""
    target_sellers: list[Seller] = field(default_factory=list)


def campaign_create(*, partner: Partner, created_by: User, terms: CampaignTerms) -> Campaign:
    """Create Campaign: saved Ready. The TikTok profile is attached only while the partner is
    linked, whatever was posted."""
    require_user(created_by, partner, Section.CAMPAIGNS)
    with transaction.atomic():
        campaign = Campaign(partner=partner, created_by=created_by)
        _set_terms(campaign, terms, attach_profile=terms.attach_profile and _linked(partner))
        campaign.save()
        campaign.target_sellers.set(terms.target_sellers)
    return campaign


def campaign_update(
    *, campaign: Campaign, terms: CampaignTerms, now: datetime | None = None
) -> Campaign:
    """Edit, only while Ready. Attach TikTok profile can be turned on only while the partner is
    linked; a campaign that has it on keeps it while the partner is unlinked — waiting for a
    link: sellers see no handle until the agency is linked again — unless the agency turns it
    off."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(campaign)
        if locked.status_at(now) != Campaign.Status.READY:
            raise CampaignRefused("A published campaign can no longer be edited.")
        attach = terms.attach_profile and (locked.attach_profile or _linked(locked.partner))
        _set_terms(locked, terms, attach_profile=attach)
        locked.save()
        locked.target_sellers.set(terms.target_sellers)
    return locked


def campaign_delete(*, campaign: Campaign, now: datetime | None = None) -> None:
    """Delete, only while Ready."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(campaign)
        if locked.status_at(now) != Campaign.Status.READY:
            raise CampaignRefused("A published campaign cannot be deleted.")
        locked.delete()


def campaign_publish(
    *, campaign: Campaign, published_by: User, now: datetime | None = None
) -> Campaign:
    """Publish a Ready campaign to its sellers, within the agency's quota of published
    campaigns. The partner row is locked so that two publishes cannot both take the last
    place."""
    require_user(published_by, campaign.partner, Section.CAMPAIGNS)
    now = now or timezone.now()
    with transaction.atomic():
        Partner.objects.select_for_update().filter(pk=campaign.partner_id).first()
        locked = _lock(campaign)
        if locked.status_at(now) != Campaign.Status.READY:
            raise CampaignRefused("This campaign is published already.")
        if locked.registration_ends_at <= now:
            raise CampaignRefused(
                "Registration would already be closed: change the dates before publishing."
            )
        published = Campaign.objects.filter(partner_id=locked.partner_id).published(now).count()
        if published >= rules.PUBLISHED_LIMIT:
            raise CampaignRefused(
                f"Your agency has {rules.PUBLISHED_LIMIT} published campaigns, the most at once. "
                "Take an upcoming one offline or wait for one to close."
            )
        locked.published_at, locked.published_by = now, published_by
        locked.save(update_fields=["published_at", "published_by", "updated_at"])
    return locked


def campaign_unpublish(*, campaign: Campaign, now: datetime | None = None) -> Campaign:
    """Take offline: back to Ready, only before registration starts."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(campaign)
        if locked.status_at(now) != Campaign.Status.UPCOMING:
            raise CampaignRefused(
                "Only an upcoming campaign can be taken offline: registration has started."
                if locked.published_at
                else "This campaign is not published."
            )
        locked.published_at, locked.published_by = None, None
        locked.save(update_fields=["published_at", "published_by", "updated_at"])
    return locked


def _lock(campaign: Campaign) -> Campaign:
    return (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("partner")
        .get(pk=campaign.pk)
    )


def _linked(partner: Partner) -> bool:
    return linked_profile(partner) is not None


def _set_terms(campaign: Campaign, terms: CampaignTerms, *, attach_profile: bool) -> None:
    for f in fields(terms):
        if f.name != "target_sellers":
            setattr(campaign, f.name, getattr(terms, f.name))
    campaign.registration_starts_at = terms.starts_at
    campaign.attach_profile = attach_profile


@dataclass(frozen=True)
class ProductTerms:
    """What a seller registers: the product form's cleaned data."""

    product_name: str
    price: Decimal
    commission_rate: Decimal
    free_samples: int


def product_register(
    *, campaign: Campaign, seller: Seller, terms: ProductTerms, now: datetime | None = None
) -> RegisteredProduct:
    """Register a product of `seller` for `campaign` while registration is open, the campaign
    targets them and the commission offered meets the requirement. The campaign row is locked
    so that the checks and the insert see one state; the unique constraint still has the last
    word on a product registered twice."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(campaign)
        refusal = locked.registration_refusal(seller, now)
        if refusal:
            raise RegistrationRefused(refusal)
        if terms.commission_rate < locked.commission_rate:
            raise RegistrationRefused(
                f"Offer at least the campaign's commission requirement, "
                f"{percent(locked.commission_rate)} %."
            )
        blocking = (
            RegisteredProduct.objects.filter(
                campaign=locked, seller=seller, product_name__iexact=terms.product_name
            )
            .exclude(status=RegisteredProduct.Status.REJECTED, reregistration_allowed=True)
            .first()
        )
        if blocking is not None:
            raise RegistrationRefused(_blocked_because(blocking))
        try:
            with transaction.atomic():
                return RegisteredProduct.objects.create(
                    campaign=locked,
                    seller=seller,
                    registered_at=now,
                    product_name=terms.product_name,
                    price=terms.price,
                    commission_rate=terms.commission_rate,
                    free_samples=terms.free_samples,
                )
        except IntegrityError:
            raise RegistrationRefused(
                "This product is already registered for the campaign."
            ) from None


def _blocked_because(product: RegisteredProduct) -> str:
    if product.status == RegisteredProduct.Status.REJECTED:
        return "This product was rejected for the campaign and cannot be registered again."
    return "This product is already registered for the campaign."


def product_approve(
    *, product: RegisteredProduct, reviewed_by: User, now: datetime | None = None
) -> RegisteredProduct:
    """Approve a pending product: its product link can then be shared with creators."""
    return _review(product, reviewed_by, now, status=RegisteredProduct.Status.APPROVED)


def product_reject(
    *,
    product: RegisteredProduct,
    reviewed_by: User,
    reason: str,
    reregistration_allowed: bool,
    now: datetime | None = None,
) -> RegisteredProduct:
    """Reject a pending product for `reason`, allowing or barring registering it again."""
    return _review(
        product,
        reviewed_by,
        now,
        status=RegisteredProduct.Status.REJECTED,
        rejection_reason=RegisteredProduct.RejectionReason(reason),
        reregistration_allowed=reregistration_allowed,
    )


def _review(
    product: RegisteredProduct, reviewed_by: User, now: datetime | None, **decision
) -> RegisteredProduct:
    require_user(reviewed_by, product.campaign.partner, Section.CAMPAIGNS)
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            RegisteredProduct.objects.select_for_update(of=("self",))
            .select_related("campaign")
            .get(pk=product.pk)
        )
        if locked.status != RegisteredProduct.Status.PENDING:
            raise CampaignRefused(
                f"“{locked.product_name}” has been reviewed already "
                f"({locked.get_status_display().lower()})."
            )
        if locked.campaign.status_at(now) == Campaign.Status.CLOSED:
            raise CampaignRefused(
                "The campaign has closed: its products can no longer be reviewed."
            )
        for name, value in decision.items():
            setattr(locked, name, value)
        locked.reviewed_by, locked.reviewed_at = reviewed_by, now
        locked.save()
    return locked


def products_approve(
    *,
    campaign: Campaign,
    codes: list,
    reviewed_by: User,
    now: datetime | None = None,
) -> int:
    """Approve, in one go, those of the campaign's products with `codes` that are pending;
    the others (reviewed meanwhile, or not this campaign's) are left as they are. Returns how
    many were approved."""
    require_user(reviewed_by, campaign.partner, Section.CAMPAIGNS)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(campaign)
        if locked.status_at(now) == Campaign.Status.CLOSED:
            raise CampaignRefused(
                "The campaign has closed: its products can no longer be reviewed."
            )
        pending = list(
            RegisteredProduct.objects.select_for_update()
            .filter(campaign=locked, code__in=codes, status=RegisteredProduct.Status.PENDING)
            .values_list("pk", flat=True)
        )
        return RegisteredProduct.objects.filter(pk__in=pending).update(
            status=RegisteredProduct.Status.APPROVED, reviewed_by=reviewed_by, reviewed_at=now
        )
