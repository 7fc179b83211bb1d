"""An "owner" world with distinctive private markers, strangers who have no reason to see
them, and the URL kwargs of every named route of the project, keyed by its full name.

Partner A (US) has a linked TikTok account (and its audit row), an open request to its account
manager to change it, an open link session scanned by a TikTok user, four campaigns (Ready,
Upcoming, Ongoing — aimed at seller C alone, by shop code — and Closed), a bulk invite job, an
invitation and a binding request to creator B, and a notification for its staff; the TikTok
user has a message in the app's inbox; seller C (US) registered a product for A's ongoing
campaign; A's account manager sees A in the admin. The strangers: another partner's staff, a
creator with an inbox of their own, a seller of another market (so A's campaigns are not theirs
to browse), a seller of A's market whom A's campaigns do not target, a TikTok user who did not
scan, the account manager of another partner, and anonymous.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts import team
from accounts.models import (
    Market,
    Membership,
    Notification,
    NotificationPreference,
    Partner,
    TeamRole,
    User,
)
from accounts.notifications import notification_send
from accounts.services import account_managers_group_get_or_create
from campaigns.models import Campaign, RegisteredProduct, Seller
from creators.models import BindingRequest, BulkInviteJob, Creator, ExtensionRequest, Invitation
from linking import services as linking_services
from linking.models import LinkEvent, LinkSession, TikTokLink, UnlinkRequest
from outbox.models import OutboxMessage
from tests import factories
from tiktok.auth import SESSION_KEY as TIKTOK_SESSION_KEY
from tiktok.models import InboxMessage, TikTokAccount
from tiktok.services import inbox_message_send

# What only the owners may see. Plain words, so escaping cannot hide them.
PARTNER_NAME = "Zqpartnernorthstar"  # one word: its slug names the insights CSV
MANAGER_EMAIL = "zqmanager@northstar.example"
STAFF_NAME = "Zqstaffname"
SCANNER_HANDLE = "zqscanner"
CAMPAIGN_OPEN = "Zqcampopen"
CAMPAIGN_UPCOMING = "Zqcampupcoming"
CAMPAIGN_ENDED = "Zqcampended"
CAMPAIGN_READY = "Zqcampready"
PRODUCT_NAME = "Zqproductname"
CAMPAIGN_DESCRIPTION = "Zqcampdescription"
INVITATION_MESSAGE = "Zqinvitemessage"
INVITATION_PRODUCTS = "Zqinviteproducts"
BINDING_MESSAGE = "Zqbindmessage"
LINK_UNLINK_REASON = "Zqlinkunlinkreason"
EXTENSION_MESSAGE = "Zqextensionmessage"
BULK_TOTAL = "4,321"
BULK_MESSAGE = "Zqbulkmessage"
SHOP_NAME = "Zqshopname"
LINK_REASON = "Zqlinkreason"
UNLINK_REQUEST_REASON = "Zqunlinkrequestreason"
CREATOR_EMAIL = "zqcreatorb@example.com"
SELLER_EMAIL = "zqsellerc@example.com"
NOTICE_TEXT = "Zqnoticetext"
INBOX_MESSAGE = "Zqinboxmessage"
TEAM_ROLE_NAME = "Zqteamrole"
MEMBER_EMAIL = "zqmember@northstar.example"

PRIVATE_MARKERS = [
    PARTNER_NAME,
    MANAGER_EMAIL,
    STAFF_NAME,
    SCANNER_HANDLE,
    CAMPAIGN_OPEN,
    CAMPAIGN_UPCOMING,
    CAMPAIGN_ENDED,
    CAMPAIGN_READY,
    PRODUCT_NAME,
    CAMPAIGN_DESCRIPTION,
    INVITATION_MESSAGE,
    INVITATION_PRODUCTS,
    BINDING_MESSAGE,
    LINK_UNLINK_REASON,
    EXTENSION_MESSAGE,
    f"Inviting {BULK_TOTAL} creators",
    BULK_MESSAGE,
    SHOP_NAME,
    LINK_REASON,
    UNLINK_REQUEST_REASON,
    CREATOR_EMAIL,
    SELLER_EMAIL,
    NOTICE_TEXT,
    INBOX_MESSAGE,
    TEAM_ROLE_NAME,
    MEMBER_EMAIL,
]

# The strangers' own: no owner of A's world has a reason to see them.
RIVAL_NAME = "Zqrival Agency"
RIVAL_CAMPAIGN = "Zqrivalcampaign"
RIVAL_MESSAGE = "Zqrivalmessage"
STRANGER_MARKERS = [RIVAL_NAME, RIVAL_CAMPAIGN, RIVAL_MESSAGE]

# Public: A's linked TikTok account is on its public TikTok profile.
LINKED_HANDLE = "northstar.official"

STRANGERS = [
    "anonymous",
    "other_staff",
    "other_creator",
    "other_seller",
    "other_tiktok",
    "other_manager",
    "untargeted_seller",
]


@dataclass
class World:
    partner: object
    staff: object
    manager: object
    link: TikTokLink
    event: LinkEvent
    unlink_request: UnlinkRequest
    scanner: object
    session: LinkSession
    token: str
    creator: object
    invitation: Invitation
    binding_request: BindingRequest
    live_link: BindingRequest
    extension: ExtensionRequest
    bulk_job: BulkInviteJob
    campaign_open: Campaign
    campaign_upcoming: Campaign
    campaign_ended: Campaign
    campaign_ready: Campaign
    product: RegisteredProduct
    seller: object
    notification: Notification
    team_role: TeamRole
    member: Membership  # an active member of A's team
    invited: Membership  # invited, not yet joined
    join_token: str
    people: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)

    def client(self, role: str, *, fresh: bool = False, **client_kwargs) -> Client:
        """A client logged in as `role`: an owner ("staff", "creator", "seller", "tiktok",
        "manager") or one of STRANGERS; one per role unless `fresh` or with client options."""
        if fresh or client_kwargs:
            return self._log_in(role, **client_kwargs)
        if role not in self.clients:
            self.clients[role] = self._log_in(role)
        return self.clients[role]

    def _log_in(self, role: str, **client_kwargs) -> Client:
        client = Client(raise_request_exception=False, **client_kwargs)
        person = self.people[role]
        if role.endswith("tiktok") or role == "tiktok":
            session = client.session
            session[TIKTOK_SESSION_KEY] = person.pk
            session.save()
        elif person is not None:
            client.force_login(person)
        return client


def build_world() -> World:
    now = timezone.now()
    manager = factories.AccountManagerFactory(
        username="zq_manager", email=MANAGER_EMAIL, first_name="Morgan"
    )
    partner = factories.PartnerFactory(name=PARTNER_NAME, market=Market.US, account_manager=manager)
    staff = factories.MembershipFactory(
        partner=partner, user__username="owner_staff", user__first_name=STAFF_NAME
    ).user
    linked = factories.TikTokAccountFactory(handle=LINKED_HANDLE, display_name="Northstar HQ")
    scanner = factories.TikTokAccountFactory(handle=SCANNER_HANDLE, display_name="Scanner")
    # Started before the link went through: a linked partner starts no session.
    session, token = linking_services.link_session_start(partner=partner, started_by=staff)
    session = linking_services.link_session_scan(token=token, account=scanner)
    link = factories.TikTokLinkFactory(partner=partner, tiktok_account=linked, linked_by=staff)
    event = factories.LinkEventFactory(
        partner=partner, tiktok_account=linked, actor=staff, reason=LINK_REASON
    )
    unlink_request = linking_services.unlink_request_create(
        partner=partner,
        requested_by=staff,
        kind=UnlinkRequest.Kind.CHANGE,
        reason=UNLINK_REQUEST_REASON,
        wanted_handle="northstar.new",
    )

    creator = factories.CreatorFactory(
        user__username="owner_creator",
        user__email=CREATOR_EMAIL,
        tiktok_account__handle="creator.b",
    )
    invitation = factories.InvitationFactory(
        partner=partner,
        creator=creator,
        sent_by=staff,
        message=INVITATION_MESSAGE,
        products=INVITATION_PRODUCTS,
        attach_profile=True,
    )
    binding_request = factories.BindingRequestFactory(
        partner=partner, creator=creator, sent_by=staff, message=BINDING_MESSAGE
    )
    # A live link with another creator, expiring soon (Remove, Extend, an unlink request), and
    # an extension request to A's creator on a link of theirs that has since ended.
    live_link = factories.LinkFactory(
        partner=partner,
        sent_by=staff,
        creator__tiktok_account__handle="linked.creator",
        link_expires_at=timezone.now() + timedelta(days=10),
        unlink_raised_by="creator",
        unlink_reason=LINK_UNLINK_REASON,
        unlink_requested_at=timezone.now(),
        unlink_expires_at=timezone.now() + timedelta(days=7),
    )
    extension = factories.ExtensionRequestFactory(
        link=factories.LinkFactory(
            partner=partner, creator=creator, sent_by=staff, end_reason="unlinked"
        ),
        sent_by=staff,
        message=EXTENSION_MESSAGE,
    )
    bulk_job = BulkInviteJob.objects.create(
        partner=partner,
        created_by=staff,
        message=BULK_MESSAGE,
        contact_email="team@agency.example",
        creator_ids=[creator.pk],
        status=BulkInviteJob.Status.RUNNING,
        total=4321,
        processed=1234,
    )
    seller = factories.SellerFactory(
        user__username="owner_seller",
        user__email=SELLER_EMAIL,
        shop_name=SHOP_NAME,
        market=Market.US,
    )
    campaign_open = factories.CampaignFactory(
        partner=partner,
        created_by=staff,
        name=CAMPAIGN_OPEN,
        description=CAMPAIGN_DESCRIPTION,
        attach_profile=True,
        target=Campaign.Target.SELECTED,
    )
    campaign_open.target_sellers.add(seller)
    campaign_upcoming = factories.CampaignFactory(
        partner=partner,
        created_by=staff,
        name=CAMPAIGN_UPCOMING,
        registration_starts_at=now + timedelta(days=2),
        registration_ends_at=now + timedelta(days=5),
        target=Campaign.Target.SELECTED,
    )
    campaign_upcoming.target_sellers.add(seller)
    campaign_ended = factories.CampaignFactory(
        partner=partner,
        created_by=staff,
        name=CAMPAIGN_ENDED,
        registration_starts_at=now - timedelta(days=60),
        registration_ends_at=now - timedelta(days=50),
        ends_at=now - timedelta(days=10),
    )
    campaign_ready = factories.CampaignFactory(
        partner=partner,
        created_by=staff,
        name=CAMPAIGN_READY,
        description=CAMPAIGN_DESCRIPTION,
        registration_starts_at=now + timedelta(days=3),
        registration_ends_at=now + timedelta(days=6),
        published_at=None,
    )
    product = factories.RegisteredProductFactory(
        campaign=campaign_open, seller=seller, product_name=PRODUCT_NAME
    )
    (notification,) = notification_send(
        partner=partner, kind=Notification.Kind.TIKTOK_LINKED, text=NOTICE_TEXT, url="/"
    )
    inbox_message_send(account=scanner, title="Linked", body=INBOX_MESSAGE)
    main = Membership.objects.get(user=staff)
    team_role = factories.TeamRoleFactory(partner=partner, name=TEAM_ROLE_NAME)
    member = factories.MembershipFactory(
        partner=partner, team_role=team_role, user__username=MEMBER_EMAIL, user__email=MEMBER_EMAIL
    )
    invited = team.team_member_invite(
        by=main, email="zqinvited@example.com", first_name="Ivy", last_name="", role=team_role
    )

    world = World(
        partner=partner,
        staff=staff,
        manager=manager,
        link=link,
        event=event,
        unlink_request=unlink_request,
        scanner=scanner,
        session=session,
        token=token,
        creator=creator,
        invitation=invitation,
        binding_request=binding_request,
        live_link=live_link,
        extension=extension,
        bulk_job=bulk_job,
        campaign_open=campaign_open,
        campaign_upcoming=campaign_upcoming,
        campaign_ended=campaign_ended,
        campaign_ready=campaign_ready,
        product=product,
        seller=seller,
        notification=notification,
        team_role=team_role,
        member=member,
        invited=invited,
        join_token=team.invitation_token(invited),
    )
    world.people = {
        "staff": staff,
        "creator": creator.user,
        "seller": seller.user,
        "tiktok": scanner,
        "manager": manager,
        **_strangers(),
    }
    return world


def _strangers() -> dict:
    """People with worlds of their own, none of which is A's."""
    rival = factories.PartnerFactory(name=RIVAL_NAME, market=Market.GB)
    other_staff = factories.MembershipFactory(partner=rival, user__username="stranger_staff").user
    factories.CampaignFactory(partner=rival, name=RIVAL_CAMPAIGN)
    other_creator = factories.CreatorFactory(user__username="stranger_creator")
    factories.InvitationFactory(partner=rival, creator=other_creator, message=RIVAL_MESSAGE)
    other_seller = factories.SellerFactory(user__username="stranger_seller", market=Market.GB)
    untargeted = factories.SellerFactory(user__username="untargeted_seller", market=Market.US)
    other_tiktok = factories.TikTokAccountFactory(handle="stranger.tt")
    return {
        "anonymous": None,
        "other_staff": other_staff,
        "other_creator": other_creator.user,
        "other_seller": other_seller.user,
        "other_tiktok": other_tiktok,
        "other_manager": rival.account_manager,
        "untargeted_seller": untargeted.user,
    }


def owner_fingerprint(world: World) -> dict:
    """Every row of A's world that a request could change, as plain values."""
    partner = world.partner
    return {
        "invitations": list(Invitation.objects.filter(partner=partner).order_by("pk").values()),
        "requests": list(BindingRequest.objects.filter(partner=partner).order_by("pk").values()),
        "extensions": list(
            ExtensionRequest.objects.filter(partner=partner).order_by("pk").values()
        ),
        "jobs": list(BulkInviteJob.objects.filter(partner=partner).order_by("pk").values()),
        "campaigns": list(Campaign.objects.filter(partner=partner).order_by("pk").values()),
        "products": list(
            RegisteredProduct.objects.filter(campaign__partner=partner).order_by("pk").values()
        ),
        "targets": list(
            Campaign.target_sellers.through.objects.filter(campaign__partner=partner)
            .order_by("pk")
            .values()
        ),
        "sessions": list(LinkSession.objects.filter(partner=partner).order_by("pk").values()),
        "link": list(TikTokLink.objects.filter(partner=partner).values()),
        "events": list(LinkEvent.objects.filter(partner=partner).order_by("pk").values()),
        "unlink_requests": list(
            UnlinkRequest.objects.filter(partner=partner).order_by("pk").values()
        ),
        "notifications": list(Notification.objects.filter(partner=partner).values()),
        "notification_preferences": list(
            NotificationPreference.objects.filter(user=world.staff).order_by("pk").values()
        ),
        "inbox": list(InboxMessage.objects.filter(account=world.scanner).values()),
        "team": list(Membership.objects.filter(partner=partner).order_by("pk").values()),
        "team_users": list(
            User.objects.filter(membership__partner=partner)
            .order_by("pk")
            .values("pk", "username", "email", "password", "is_active")
        ),
        "roles": list(TeamRole.objects.filter(partner=partner).order_by("pk").values()),
        "accounts": list(
            type(world.scanner)
            .objects.filter(pk__in=[world.scanner.pk, world.link.tiktok_account_id])
            .order_by("pk")
            .values()
        ),
    }


# --- Every named route: its kwargs, whose it is, and what its owner sees there --------------


@dataclass(frozen=True)
class Route:
    """`owner`: the role whose page it is ("public": anyone's); `kwargs` fills the URL from the
    world; `owner_sees`: a private marker the owner's GET shows (proof that the markers are
    real); `query`: a query string to add; `htmx_only`: the page is a fragment htmx asks for;
    `shows_publicly`: private markers that this page shows anyone, by design;
    `directory_object`: the object in the URL is the directory's (a creator), not A's, so other
    agencies' staff open it too."""

    owner: str
    kwargs: Callable[[World], dict] = lambda w: {}
    owner_sees: str = ""
    query: Callable[[World], str] | str = ""
    htmx_only: bool = False
    shows_publicly: tuple[str, ...] = ()
    directory_object: bool = False


def _code(attribute: str) -> Callable[[World], dict]:
    return lambda w: {"code": getattr(w, attribute).code}


def _product(world: World) -> dict:
    return {"code": world.product.campaign.code, "product": world.product.code}


ROUTES: dict[str, Route] = {
    # the health probe (partner_center/healthz.py)
    "healthz": Route("public"),
    "favicon": Route("public"),
    # accounts
    "accounts:home": Route("staff", owner_sees=PARTNER_NAME),
    "accounts:login": Route("public"),
    "accounts:logout": Route("public"),
    "accounts:no_role": Route("public"),
    "accounts:ping": Route("public"),
    "accounts:notifications": Route("staff", owner_sees=NOTICE_TEXT),
    "accounts:notifications_bell": Route("staff", htmx_only=True),
    "accounts:notification_read": Route("staff", _code("notification")),
    "accounts:notifications_read_all": Route("staff"),
    "accounts:notification_settings": Route("staff"),
    # Team members: the main account's (a member of A's team is walked in test_permissions)
    "accounts:team": Route("staff", owner_sees=MEMBER_EMAIL),
    "accounts:team_invite": Route("staff"),
    "accounts:team_member": Route("staff", _code("member"), owner_sees=MEMBER_EMAIL),
    "accounts:team_member_deactivate": Route("staff", _code("member")),
    "accounts:team_member_reactivate": Route("staff", _code("member")),
    "accounts:team_member_resend": Route("staff", _code("invited")),
    "accounts:team_role_new": Route("staff"),
    "accounts:team_role": Route("staff", _code("team_role"), owner_sees=TEAM_ROLE_NAME),
    "accounts:team_role_delete": Route("staff", _code("team_role")),
    # The invitation e-mail's link shows whom it invites, where, as what: to whoever holds it.
    "accounts:team_join": Route(
        "public",
        lambda w: {"token": w.join_token},
        shows_publicly=(PARTNER_NAME, TEAM_ROLE_NAME, STAFF_NAME),
    ),
    # anyone's own: "Confirm it's you", and the password pages (a reset link of nobody's)
    "accounts:reauthenticate": Route("public", query="next=/account/link/"),
    "accounts:password_reset": Route("public"),
    "accounts:password_reset_done": Route("public"),
    "accounts:password_reset_confirm": Route(
        "public", lambda w: {"uidb64": "MQ", "token": "set-password"}
    ),
    "accounts:password_reset_complete": Route("public"),
    "accounts:password_change": Route("public"),
    "accounts:password_change_done": Route("public"),
    # linking (Partner Center)
    "linking:profile": Route("staff", owner_sees=UNLINK_REQUEST_REASON),
    "linking:unlink_request": Route("staff"),
    "linking:agency_profile_edit": Route("staff"),
    "linking:start": Route("staff"),
    "linking:session": Route("staff", _code("session"), owner_sees=SCANNER_HANDLE),
    "linking:status": Route("staff", _code("session"), owner_sees=SCANNER_HANDLE, htmx_only=True),
    "linking:qr": Route("staff", _code("session")),
    "linking:reject": Route("staff", _code("session")),
    "linking:refresh": Route("staff", _code("session")),
    # the simulated TikTok app
    "tiktok:home": Route("public"),
    "tiktok:signup": Route("public"),
    "tiktok:login": Route("public"),
    "tiktok:logout": Route("public"),
    "tiktok:password_reset": Route("public"),
    "tiktok:password_reset_sent": Route("public"),
    "tiktok:password_reset_new": Route("public"),
    "tiktok:password_reset_link": Route("public", lambda w: {"token": "not-a-reset-token"}),
    "tiktok:password_change": Route("tiktok"),
    "tiktok:me": Route("tiktok", owner_sees=SCANNER_HANDLE),
    "tiktok:my_qr_code": Route("tiktok"),
    "tiktok:inbox": Route("tiktok", owner_sees=INBOX_MESSAGE),
    # The token travels in POST bodies only (tests/linking/test_scan.py); the scanner's screens
    # are found by the session's code, for the account that scanned it.
    "linking:scan": Route("tiktok"),
    "linking:scan_continue": Route("tiktok"),
    "linking:confirmation": Route("tiktok", _code("session"), owner_sees=PARTNER_NAME),
    "linking:confirm": Route("tiktok", _code("session")),
    "linking:cancel": Route("tiktok", _code("session")),
    # Logs out whoever is logged in (nobody, for a stranger) and leads to the TikTok log-in.
    "linking:scan_switch_account": Route("public"),
    "linking:switch_account": Route("tiktok", _code("session")),
    "tiktok:settings": Route("tiktok"),
    "tiktok:account_settings": Route("tiktok"),
    "tiktok:switch_to_personal": Route("tiktok"),
    # The linked account's badge names its agency (issue 22.5).
    "tiktok:profile": Route(
        "public", lambda w: {"handle": LINKED_HANDLE}, shows_publicly=(PARTNER_NAME,)
    ),
    "tiktok:avatar": Route("public", lambda w: {"handle": LINKED_HANDLE}),
    # Creator Management
    "creators:find": Route("staff", query="q=creator.b"),
    "creators:selection": Route("staff"),
    "creators:invite": Route("staff", query=lambda w: f"creators={w.creator.code}"),
    "creators:invite_job": Route("staff", _code("bulk_job"), owner_sees=f"Inviting {BULK_TOTAL}"),
    # A creator of the directory, whom every agency's staff may open; the page shows A's own
    # history with them (STAFF_NAME sent the invitation), which no stranger may see.
    "creators:creator": Route(
        "staff", _code("creator"), owner_sees=f"Sent by {STAFF_NAME}", directory_object=True
    ),
    "creators:invitations": Route("staff", query="q=creator.b", owner_sees="@creator.b"),
    "creators:invitation": Route("staff", _code("invitation"), owner_sees=INVITATION_MESSAGE),
    "creators:invitation_resend": Route("staff", _code("invitation")),
    "creators:partnerships": Route(
        "staff", query="tab=unlink_requested", owner_sees=LINK_UNLINK_REASON
    ),
    "creators:partnership_add": Route("staff"),
    "creators:request_cancel": Route("staff", _code("binding_request"), owner_sees="@creator.b"),
    "creators:link_remove": Route("staff", _code("live_link"), owner_sees="@linked.creator"),
    "creators:link_extend": Route("staff", _code("live_link"), owner_sees="@linked.creator"),
    "creators:link_unlink_approve": Route("staff", _code("live_link")),
    "creators:link_unlink_decline": Route("staff", _code("live_link")),
    # the creator's inbox
    "creator:inbox": Route("creator", owner_sees=PARTNER_NAME),
    "creator:invitation": Route("creator", _code("invitation"), owner_sees=INVITATION_MESSAGE),
    "creator:invitation_accept": Route("creator", _code("invitation")),
    "creator:invitation_decline": Route("creator", _code("invitation"), owner_sees=PARTNER_NAME),
    "creator:request": Route("creator", _code("binding_request"), owner_sees=BINDING_MESSAGE),
    "creator:request_accept": Route("creator", _code("binding_request")),
    "creator:request_decline": Route("creator", _code("binding_request"), owner_sees=PARTNER_NAME),
    "creator:request_unlink": Route("creator", _code("binding_request")),
    "creator:request_unlink_accept": Route("creator", _code("binding_request")),
    "creator:request_unlink_decline": Route("creator", _code("binding_request")),
    "creator:extension": Route("creator", _code("extension"), owner_sees=EXTENSION_MESSAGE),
    "creator:extension_accept": Route("creator", _code("extension")),
    "creator:extension_decline": Route("creator", _code("extension"), owner_sees=PARTNER_NAME),
    # Partner Campaigns
    "campaigns:list": Route("staff", owner_sees=CAMPAIGN_READY),
    "campaigns:create": Route("staff"),
    "campaigns:detail": Route("staff", _code("campaign_open"), owner_sees=PRODUCT_NAME),
    "campaigns:edit": Route("staff", _code("campaign_ready"), owner_sees=CAMPAIGN_DESCRIPTION),
    "campaigns:publish": Route("staff", _code("campaign_ready")),
    "campaigns:unpublish": Route("staff", _code("campaign_upcoming")),
    "campaigns:delete": Route("staff", _code("campaign_ready"), owner_sees=CAMPAIGN_READY),
    "campaigns:products_approve": Route("staff", _code("campaign_open")),
    "campaigns:product_approve": Route("staff", _product),
    "campaigns:product_reject": Route("staff", _product),
    # the seller's area
    "seller:campaigns": Route("seller", owner_sees=CAMPAIGN_OPEN),
    "seller:registrations": Route("seller", owner_sees=PRODUCT_NAME),
    "seller:campaign": Route("seller", _code("campaign_open"), owner_sees=CAMPAIGN_DESCRIPTION),
    "seller:register": Route("seller", _code("campaign_open")),
    # The public agency profile page: the shareable link shows its name (and, when shared,
    # its linked TikTok account) to anyone, by design.
    "agency_profile:public": Route(
        "public",
        lambda w: {"code": w.partner.code},
        shows_publicly=(PARTNER_NAME, LINKED_HANDLE),
    ),
    # Insights
    "insights:index": Route("staff", owner_sees=PARTNER_NAME),
    "insights:csv": Route("staff", owner_sees=PARTNER_NAME),
    # unnamed: uploaded files (served only while DEBUG is on)
    "media": Route("public", lambda w: {"path": "avatars/none.png"}),
}


# --- The admin: one object of A's world for every model it shows ----------------------------


def admin_objects(world: World) -> dict[type, object]:
    """What the admin's object URLs (change, history, delete, unlink…) are walked with. The
    partner-owned ones are A's; the rest belong to no partner. A new admin needs its entry."""
    return {
        Partner: world.partner,
        User: world.staff,
        TikTokAccount: world.scanner,
        TikTokLink: world.link,
        LinkEvent: world.event,
        LinkSession: world.session,
        UnlinkRequest: world.unlink_request,
        Invitation: world.invitation,
        BindingRequest: world.binding_request,
        ExtensionRequest: world.extension,
        BulkInviteJob: world.bulk_job,
        Campaign: world.campaign_open,
        RegisteredProduct: world.product,
        Creator: world.creator,
        Seller: world.seller,
        OutboxMessage: OutboxMessage.objects.get_or_create(task_name="world.noop")[0],
        Group: account_managers_group_get_or_create(),
        Notification: world.notification,
        InboxMessage: InboxMessage.objects.filter(account=world.scanner).first(),
    }


# --- Walking the URLconf ---------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # the full name, or "media" for the unnamed static-files pattern
    route: str
    has_kwargs: bool


def project_patterns() -> list[Pattern]:
    """Every URL pattern of the project outside the admin, found by walking the resolver."""
    found: list[Pattern] = []

    def walk(resolver: URLResolver, namespaces: tuple[str, ...], prefix: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                more = (entry.namespace,) if entry.namespace else ()
                walk(entry, namespaces + more, prefix + str(entry.pattern))
                continue
            route = prefix + str(entry.pattern)
            if entry.name:
                key = ":".join((*namespaces, entry.name))
            elif "document_root" in entry.default_args:
                key = "media"
            else:
                key = f"unnamed {route}"
            found.append(Pattern(key, route, bool(entry.pattern.regex.groupindex)))

    walk(get_resolver(), (), "")
    return found


def url_for(world: World, key: str) -> str:
    route = ROUTES[key]
    kwargs = route.kwargs(world)
    # The unnamed static-files pattern cannot be reversed.
    url = settings.MEDIA_URL + kwargs["path"] if key == "media" else reverse(key, kwargs=kwargs)
    query = route.query(world) if callable(route.query) else route.query
    return f"{url}?{query}" if query else url
