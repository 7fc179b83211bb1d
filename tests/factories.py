"""factory-boy factories for every model. Passwords: "pw" for logins, "tt" for TikTok."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Market, Membership, Partner, TeamRole, User
from accounts.permissions import MODULES
from accounts.services import account_managers_group_get_or_create
from campaigns.models import CATEGORY_BITS, Campaign, RegisteredProduct, Seller
from creators.models import BindingRequest, Category, Creator, ExtensionRequest, Invitation
from linking.models import LinkEvent, LinkSession, LinkToken, TikTokLink, UnlinkRequest
from tiktok.models import TikTokAccount

PASSWORD = "pw"
TIKTOK_PASSWORD = "tt"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AccountManagerFactory(UserFactory):
    """Staff in the "Account managers" group, not a superuser: the admin scopes them to the
    partners they manage."""

    username = factory.Sequence(lambda n: f"manager{n}")
    is_staff = True

    @factory.post_generation
    def _join_account_managers(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(account_managers_group_get_or_create())


class SuperuserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"superuser{n}")
    is_staff = True
    is_superuser = True


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Agency {n}")
    market = Market.US
    is_cap = True
    is_tap = True
    account_manager = factory.SubFactory(AccountManagerFactory)


class TeamRoleFactory(factory.django.DjangoModelFactory):
    """A role granting every module unless told otherwise (`campaigns=False`…)."""

    class Meta:
        model = TeamRole

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Role {n}")
    profile = True
    find_creators = True
    partnerships = True
    campaigns = True
    insights = True


def _full_access(membership) -> TeamRole | None:
    if membership.is_main:
        return None
    role, _ = TeamRole.objects.get_or_create(
        partner=membership.partner,
        name="Full access",
        defaults={module.value: True for module in MODULES},
    )
    return role


class MembershipFactory(factory.django.DjangoModelFactory):
    """An agency's first membership is its main account; later ones are active members with
    the role "Full access" unless given another (`team_role=`)."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, username=factory.Sequence(lambda n: f"staff{n}"))
    partner = factory.SubFactory(PartnerFactory)
    is_main = factory.LazyAttribute(
        lambda m: not Membership.objects.filter(partner=m.partner, is_main=True).exists()
    )
    team_role = factory.LazyAttribute(_full_access)
    activated_at = factory.LazyFunction(timezone.now)


class TikTokAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TikTokAccount
        skip_postgeneration_save = True

    handle = factory.Sequence(lambda n: f"tiktoker_{n}")
    display_name = factory.Faker("name")
    bio = "Hello from TikTok"
    birth_date = factory.LazyFunction(lambda: date.today() - timedelta(days=365 * 30))
    followers = 12_345
    following = 321
    likes = 98_765
    password = factory.PostGenerationMethodCall("set_password", TIKTOK_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CreatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Creator

    user = factory.SubFactory(UserFactory, username=factory.Sequence(lambda n: f"creator{n}"))
    tiktok_account = factory.SubFactory(TikTokAccountFactory)
    category = Category.BEAUTY
    market = Market.US
    sales_30d = 5_000
    units_sold_30d = 250
    avg_views = 12_000
    engagement_rate = Decimal("5.20")
    content_type = Creator.ContentType.VIDEO
    followers_growth_30d = Decimal("2.50")
    # The directory's copies of the TikTok account (see Creator.followers).
    followers = factory.SelfAttribute("tiktok_account.followers")
    search_text = factory.LazyAttribute(
        lambda c: Creator.search_text_for(c.tiktok_account.handle, c.tiktok_account.display_name)
    )


class SellerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seller

    user = factory.SubFactory(UserFactory, username=factory.Sequence(lambda n: f"seller{n}"))
    shop_name = factory.Sequence(lambda n: f"Shop {n}")
    market = Market.US
    shop_rating = Decimal("4.5")


class LinkTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LinkToken

    seed = factory.LazyFunction(lambda: secrets.token_hex(32))
    token_hash = factory.LazyAttribute(lambda t: LinkToken.hash(LinkToken.derive(t.seed)))


class LinkSessionFactory(factory.django.DjangoModelFactory):
    """A session with its current QR code, as `link_session_start` makes them."""

    class Meta:
        model = LinkSession
        skip_postgeneration_save = True

    partner = factory.SubFactory(PartnerFactory)
    started_by = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=5))
    token = factory.RelatedFactory(LinkTokenFactory, factory_related_name="session")


class TikTokLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TikTokLink

    partner = factory.SubFactory(PartnerFactory)
    tiktok_account = factory.SubFactory(TikTokAccountFactory)
    linked_by = factory.SubFactory(UserFactory)


class LinkEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LinkEvent

    partner = factory.SubFactory(PartnerFactory)
    event = LinkEvent.Event.LINKED


class UnlinkRequestFactory(factory.django.DjangoModelFactory):
    """A pending request by one of the partner's staff, about its linked account (when it has
    one); answered ones also need `decided_by` and `decided_at`."""

    class Meta:
        model = UnlinkRequest

    partner = factory.SubFactory(PartnerFactory)
    tiktok_account = factory.LazyAttribute(
        lambda r: getattr(getattr(r.partner, "tiktok_link", None), "tiktok_account", None)
    )
    requested_by = factory.SubFactory(
        UserFactory, username=factory.Sequence(lambda n: f"requester{n}")
    )
    reason = "We are moving to our new brand account."
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda r: r.created_at + UnlinkRequest.TTL)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    partner = factory.SubFactory(PartnerFactory)
    creator = factory.SubFactory(CreatorFactory)
    sent_by = factory.SubFactory(UserFactory)
    purpose = "distribution"
    message = "Let's work together"
    contact_email = "team@agency.example"
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class BindingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BindingRequest

    partner = factory.SubFactory(PartnerFactory)
    creator = factory.SubFactory(CreatorFactory)
    sent_by = factory.SubFactory(UserFactory)
    message = "Join our agency"
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda r: r.created_at + timedelta(days=7))
    link_expires_at = factory.LazyAttribute(lambda r: r.created_at + timedelta(days=60))


class LinkFactory(BindingRequestFactory):
    """A link the creator approved: linked until `link_expires_at`."""

    status = "accepted"
    answered_at = factory.LazyAttribute(lambda r: r.created_at + timedelta(hours=1))


class ExtensionRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtensionRequest

    link = factory.SubFactory(
        LinkFactory,
        link_expires_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=20)),
    )
    partner = factory.SelfAttribute("link.partner")
    creator = factory.SelfAttribute("link.creator")
    sent_by = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda r: r.created_at + timedelta(days=7))
    new_link_expires_at = factory.LazyAttribute(
        lambda r: r.link.link_expires_at + timedelta(days=180)
    )


class CampaignFactory(factory.django.DjangoModelFactory):
    """A published campaign, Ongoing and open for registration now, for all sellers of its
    partner's market. `published_at=None` makes it Ready."""

    class Meta:
        model = Campaign

    partner = factory.SubFactory(PartnerFactory)
    created_by = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Campaign {n}")
    description = "Sell more with us"
    registration_starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    registration_ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    starts_at = factory.SelfAttribute("registration_starts_at")
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    commission_rate = Decimal("12.0")
    category_bits = CATEGORY_BITS[Category.BEAUTY]
    min_shop_rating = Decimal("0")
    contact_email = "campaigns@example.com"
    published_at = factory.LazyAttribute(lambda c: c.registration_starts_at - timedelta(days=1))
    published_by = factory.LazyAttribute(lambda c: c.created_by if c.published_at else None)


class RegisteredProductFactory(factory.django.DjangoModelFactory):
    """A product pending review."""

    class Meta:
        model = RegisteredProduct

    campaign = factory.SubFactory(CampaignFactory)
    seller = factory.SubFactory(SellerFactory)
    product_name = factory.Sequence(lambda n: f"Product {n}")
    price = Decimal("19.99")
    commission_rate = factory.LazyAttribute(lambda p: p.campaign.commission_rate)
    free_samples = 5
