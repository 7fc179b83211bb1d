"""Partners (agencies) and the people who work for them. TikTok identities live in `tiktok`,
creators in `creators`, sellers in `campaigns`."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property

from partner_center.headers import single_line, single_line_validator

from .permissions import MODULES, sections_of


class Market(models.TextChoices):
    US = "US", "United States"
    GB = "GB", "United Kingdom"
    ID = "ID", "Indonesia"
    MY = "MY", "Malaysia"
    PH = "PH", "Philippines"
    SG = "SG", "Singapore"
    TH = "TH", "Thailand"
    VN = "VN", "Vietnam"


# Each market's time zone: where its calendar days (a link's expiry date, a daily limit) begin.
MARKET_TIME_ZONES = {
    Market.US: "America/Los_Angeles",
    Market.GB: "Europe/London",
    Market.ID: "Asia/Jakarta",
    Market.MY: "Asia/Kuala_Lumpur",
    Market.PH: "Asia/Manila",
    Market.SG: "Asia/Singapore",
    Market.TH: "Asia/Bangkok",
    Market.VN: "Asia/Ho_Chi_Minh",
}


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
        ] + [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique",
                violation_error_message="This e-mail address already belongs to an account.",
            ),
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
    # The agency profile creators see (`accounts.agency_profile`): the basics it edits itself.
    # The figures are computed by the product (campaigns.agency_figures), never stored here.
    logo = models.ImageField(upload_to="agency_logos/", blank=True)
    contact_email = models.EmailField(
        "contact e-mail", blank=True, validators=[single_line_validator]
    )
    website = models.URLField(blank=True, validators=[single_line_validator])

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

    @property
    def programme_list(self) -> list[str]:
        return [p for p, on in (("CAP", self.is_cap), ("TAP", self.is_tap)) if on]

    @property
    def markets_served(self) -> list[str]:
        """The markets whose creators it serves: its own, the one market a partner has here."""
        return [self.market]


class ProfileSharing(models.Model):
    """The agency's choice, per programme and market it serves, to share its profile's basics
    and figures with creators. No row means the programme's default
    (`accounts.agency_profile.SHARED_BY_DEFAULT`): a default is never written down, so
    changing it reaches every agency that never chose."""

    class Programme(models.TextChoices):
        CAP = "CAP", "Creator Agency Partner (CAP)"
        TAP = "TAP", "TikTok Shop Affiliate Partner (TAP)"

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="sharing")
    programme = models.CharField(max_length=3, choices=Programme.choices)
    market = models.CharField(max_length=2, choices=Market.choices)
    authorized = models.BooleanField()
    changed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["programme", "market"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "programme", "market"],
                name="accounts_profilesharing_one_choice",
                violation_error_message="The agency has one choice per programme and market.",
            ),
        ]

    def __str__(self) -> str:
        verb = "shares" if self.authorized else "does not share"
        return f"{self.partner} {verb} its {self.programme} profile in {self.market}"


class TeamRole(models.Model):
    """A name and the modules it grants (`accounts.permissions.MODULES`), defined by the
    agency's main account and held by members. Editing it applies at once to everyone holding
    it: permissions are read from here on every request, never copied."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="team_roles")
    name = models.CharField(max_length=50, validators=[single_line_validator])
    # One field per module, named as its Section.
    profile = models.BooleanField("Account & TikTok link", default=False)
    find_creators = models.BooleanField("Find Creators & invitations", default=False)
    partnerships = models.BooleanField("Manage Partnerships", default=False)
    campaigns = models.BooleanField("Partner Campaigns", default=False)
    insights = models.BooleanField("Insights", default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "partner",
                name="accounts_teamrole_unique_name",
                violation_error_message="Your agency already has a role with this name.",
            ),
            models.CheckConstraint(
                condition=single_line("name"),
                name="accounts_teamrole_name_single_line",
                violation_error_message="A role's name is one line.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def grants(self) -> list[tuple[str, bool]]:
        """(module label, granted) for every module, in the role form's order."""
        return [(label, getattr(self, module.value)) for module, label in MODULES.items()]


class Membership(models.Model):
    """A person on an agency's team: its main account (the administrator, one per agency) or
    a member holding a role. A member is invited by e-mail and active once they have set a
    password (`accounts.team`); the main account can deactivate them."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Active"
        DEACTIVATED = "deactivated", "Deactivated"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="memberships")
    is_main = models.BooleanField("main account", default=False)
    team_role = models.ForeignKey(
        TeamRole, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    # Changes with every invitation e-mail: a resent invitation's link replaces the last one.
    invitation_nonce = models.CharField(max_length=32, blank=True, editable=False)
    activated_at = models.DateTimeField(null=True, blank=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_main", "user__first_name", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=models.Q(is_main=True),
                name="accounts_membership_one_main_account",
                violation_error_message="An agency has one main account.",
            ),
            models.CheckConstraint(
                condition=models.Q(is_main=True, team_role__isnull=True)
                | models.Q(is_main=False, team_role__isnull=False),
                name="accounts_membership_member_holds_a_role",
                violation_error_message="A member holds a role; the main account holds none.",
            ),
            models.CheckConstraint(
                condition=models.Q(is_main=False) | models.Q(deactivated_at__isnull=True),
                name="accounts_membership_main_account_stays_active",
                violation_error_message="The main account cannot be deactivated.",
            ),
        ]

    def __str__(self) -> str:
        what = "main account" if self.is_main else self.team_role
        return f"{self.user} at {self.partner} ({what})"

    @property
    def status(self) -> Status:
        if self.deactivated_at is not None:
            return self.Status.DEACTIVATED
        if self.activated_at is None:
            return self.Status.INVITED
        return self.Status.ACTIVE

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @cached_property
    def sections(self) -> frozenset[str]:
        """The sections this member may use: what the navigation shows."""
        return sections_of(self)

    @property
    def role_name(self) -> str:
        return "Main account" if self.is_main else str(self.team_role)


class Notification(models.Model):
    """A notice to one staff member about something that happened to their agency.

    Sending a notice writes one row per staff member (`accounts.notifications`), so each
    person's read state is a column of their own row and "unread for this user" is a count over
    a small partial index."""

    class Kind(models.TextChoices):
        TIKTOK_LINKED = "tiktok_linked", "TikTok account linked"
        TIKTOK_UNLINKED = "tiktok_unlinked", "TikTok account unlinked"
        UNLINK_REQUEST_APPROVED = "unlink_request_approved", "Unlink or change request approved"
        UNLINK_REQUEST_DECLINED = "unlink_request_declined", "Unlink or change request declined"
        UNLINK_REQUEST_EXPIRED = "unlink_request_expired", "Unlink or change request expired"
        INVITATION_ANSWERED = "invitation_answered", "Invitation answered"
        BINDING_REQUEST_ANSWERED = "binding_request_answered", "Link request answered"
        EXTENSION_ANSWERED = "extension_answered", "Extension request answered"
        CREATOR_UNLINK_REQUESTED = (
            "creator_unlink_requested",
            "Your creator sent you an unlink request",
        )
        CREATOR_UNLINK_EXPIRED = "creator_unlink_expired", "Unlink request from a creator expired"
        CREATOR_UNLINKED = "creator_unlinked", "Creator unlinked"
        LINK_EXPIRING = "link_expiring", "Link expiring"
        # Kept for the notices sent before outreaches replaced bulk invitations.
        BULK_INVITE_DONE = "bulk_invite_done", "Bulk invitation finished"
        OUTREACH_FINISHED = "outreach_finished", "Outreach finished"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    text = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Whether the recipient asked for this kind by e-mail when it was sent, and when it went.
    by_email = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(url="")
                | (models.Q(url__startswith="/") & ~models.Q(url__startswith="//")),
                name="accounts_notification_url_is_a_local_path",
                violation_error_message="A notification links to a page of this site.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "partner", "-created_at", "-id"],
                name="accounts_notification_list",
            ),
            models.Index(
                fields=["recipient", "partner"],
                condition=models.Q(read_at__isnull=True),
                name="accounts_notification_unread",
            ),
            models.Index(
                fields=["created_at"],
                condition=models.Q(by_email=True, emailed_at__isnull=True),
                name="accounts_notification_unmailed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient} at {self.partner}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A staff member's choice to also get one kind of notification by e-mail. No row: no
    e-mail (the list in Partner Center always has it)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30, choices=Notification.Kind.choices)
    by_email = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="accounts_notificationpreference_one_per_kind",
                violation_error_message="There is already a setting for this kind.",
            ),
        ]

    def __str__(self) -> str:
        how = "by e-mail too" if self.by_email else "in Partner Center only"
        return f"{self.user}: {self.get_kind_display()} {how}"
