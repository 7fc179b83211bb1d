"""Creators (the directory), and what partners send them: agency invitations, link requests (a `BindingRequest` is the agency-creator link from its request
to its end) and extension requests.

A proposal's status as it reads now is `Proposal.status_at(now)` for one row and
`ProposalQuerySet` (`status_condition`) for a query: pending past its expiry is expired, whether
or not the expiry task has run. Both say the same thing, and tests/creators/test_models.py
checks it at every boundary.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.utils import timezone

from accounts.models import Market, Partner, User
from tiktok.models import TikTokAccount

from . import directory_rules, invitation_rules
from . import partnership_rules as rules
from .invitation_rules import Purpose


class Category(models.TextChoices):
    BEAUTY = "beauty", "Beauty & Personal Care"
    FASHION = "fashion", "Womenswear & Menswear"
    HOME = "home", "Home & Living"
    FOOD = "food", "Food & Beverages"
    TECH = "tech", "Phones & Electronics"
    SPORTS = "sports", "Sports & Outdoor"
    TOYS = "toys", "Toys & Hobbies"
    PETS = "pets", "Pet Supplies"


# Find Creators lists creator accounts only (TikTok: creators with e-commerce permission).
# Brands' and TikTok's own accounts stay in the table so that Manage Partnerships can name them
# when it refuses them; every directory index covers only the listed rows.
LISTED_KIND = "creator"
LISTED = models.Q(account_kind=LISTED_KIND)


class Creator(models.Model):
    """A TikTok creator in the directory. Creators who log in to the inbox have a `user`."""

    class AccountKind(models.TextChoices):
        CREATOR = LISTED_KIND, "Creator account"
        # Brands' and TikTok's own accounts: agencies cannot link with these.
        OFFICIAL = "official", "Official account"
        MARKETING = "marketing", "Marketing account"

    class ContentType(models.TextChoices):
        VIDEO = "video", "Video"
        LIVE = "live", "LIVE"
        BOTH = "both", "Video and LIVE"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="creator"
    )
    tiktok_account = models.OneToOneField(
        TikTokAccount, on_delete=models.PROTECT, related_name="creator"
    )
    category = models.CharField(max_length=10, choices=Category.choices)
    market = models.CharField(max_length=2, choices=Market.choices)
    account_kind = models.CharField(
        max_length=10, choices=AccountKind.choices, default=AccountKind.CREATOR
    )
    sales_30d = models.PositiveBigIntegerField("GMV in the last 30 days (USD)", default=0)
    units_sold_30d = models.PositiveIntegerField("Items sold in the last 30 days", default=0)
    avg_views = models.PositiveBigIntegerField("Average views per video", default=0)
    engagement_rate = models.DecimalField(
        "Engagement rate (%)",
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[
            MinValueValidator(0),
            MaxValueValidator(directory_rules.MAX_ENGAGEMENT_PERCENT),
        ],
    )
    content_type = models.CharField(
        max_length=5, choices=ContentType.choices, default=ContentType.VIDEO
    )
    followers_growth_30d = models.DecimalField(
        "Follower growth over 30 days (%)", max_digits=8, decimal_places=2, default=0
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Copies of the TikTok account's figures and names, so that the directory filters, sorts
    # and searches a million creators on indexes of this one table. Written only by
    # services.creators_sync_from_tiktok().
    followers = models.PositiveBigIntegerField(default=0)
    search_text = models.CharField(max_length=60, blank=True, editable=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["-followers", "-id"], name="creators_dir_followers", condition=LISTED
            ),
            models.Index(fields=["-sales_30d", "-id"], name="creators_dir_sales", condition=LISTED),
            models.Index(
                fields=["-created_at", "-id"], name="creators_dir_newest", condition=LISTED
            ),
            models.Index(
                fields=["-units_sold_30d", "-id"], name="creators_dir_units", condition=LISTED
            ),
            models.Index(fields=["-avg_views", "-id"], name="creators_dir_views", condition=LISTED),
            models.Index(
                fields=["-engagement_rate", "-id"], name="creators_dir_engagement", condition=LISTED
            ),
            # Fast growing and content type alone with the default sort: the page and the
            # capped count read only the creators that match.
            models.Index(
                fields=["-followers", "-id"],
                condition=LISTED & directory_rules.fast_growing_condition(),
                name="creators_dir_fast_growing",
            ),
            models.Index(
                fields=["content_type", "-followers", "-id"],
                name="creators_dir_content",
                condition=LISTED,
            ),
            models.Index(
                fields=["category", "-followers"],
                name="creators_dir_cat_followers",
                condition=LISTED,
            ),
            models.Index(
                fields=["category", "-sales_30d"], name="creators_dir_cat_sales", condition=LISTED
            ),
            models.Index(
                fields=["market", "-followers"], name="creators_dir_mkt_followers", condition=LISTED
            ),
            models.Index(
                fields=["market", "-sales_30d"], name="creators_dir_mkt_sales", condition=LISTED
            ),
            # Category and market together: the count of matches stops at the count's cap
            # after that many index entries instead of reading a whole category's rows.
            models.Index(
                fields=["category", "market", "-followers"],
                name="creators_dir_cat_mkt",
                condition=LISTED,
            ),
            # Searches too short for trigrams match the start of the handle instead.
            models.Index(
                fields=["search_text"],
                name="creators_dir_search_prefix",
                opclasses=["varchar_pattern_ops"],
                condition=LISTED,
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(engagement_rate__gte=0, engagement_rate__lte=100),
                name="creators_creator_engagement_rate_percent",
                violation_error_message="The engagement rate is a percentage, from 0 to 100.",
            ),
        ]

    def __str__(self) -> str:
        return str(self.tiktok_account)

    @property
    def fast_growing(self) -> bool:
        return directory_rules.fast_growing(self.followers_growth_30d)

    @staticmethod
    def search_text_for(handle: str, display_name: str) -> str:
        return f"{handle} {display_name}".lower()[:60]


class SearchWord(models.Model):
    """A word of a listed creator's search text: a run of three letters or more.

    Find Creators reads it only to learn that a search has more matches than it counts: a
    creator with the word `nguyen` contains the search "nguyen", so if more than the cap of
    creators have that word, the count is capped. The B-tree answers that after the cap's
    number of entries, where the trigram index would collect every candidate first (135,000
    for a common surname at ten million creators).

    PostgreSQL keeps the rows in step with the creators, in the same statement, by triggers
    (migration creators 0015): so a word never outlives its creator's search text. SQLite has
    no such triggers; there the table stays empty and searches count their matches.
    """

    pk = models.CompositePrimaryKey("word", "creator")
    word = models.CharField(max_length=60)  # COLLATE "C" on PostgreSQL (creators 0015)
    creator = models.ForeignKey(Creator, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return self.word

    @staticmethod
    def kept() -> bool:
        """Whether the database keeps these rows (PostgreSQL's triggers do)."""
        return connection.vendor == "postgresql"


def _lapsed(now: datetime) -> models.Q:
    """Still stored as pending, but past its expiry: it reads as expired."""
    return models.Q(status=Proposal.Status.PENDING, expires_at__lte=now)


def status_condition(status: str, now: datetime) -> models.Q:
    """The proposals whose status at `now` is `status`: the same rule as `Proposal.status_at`."""
    if status == Proposal.Status.PENDING:
        return models.Q(status=Proposal.Status.PENDING, expires_at__gt=now)
    if status == Proposal.Status.EXPIRED:
        return models.Q(status=Proposal.Status.EXPIRED) | _lapsed(now)
    return models.Q(status=status)


class ProposalQuerySet(models.QuerySet):
    def with_status(self, status: str, now: datetime) -> ProposalQuerySet:
        return self.filter(status_condition(status, now))

    def open(self, now: datetime) -> ProposalQuerySet:
        """Pending and not yet expired: the creator can still answer."""
        return self.with_status(Proposal.Status.PENDING, now)

    def expired(self, now: datetime) -> ProposalQuerySet:
        return self.with_status(Proposal.Status.EXPIRED, now)

    def lapsed(self, now: datetime) -> ProposalQuerySet:
        """The rows the expiry task marks expired: they already read as expired."""
        return self.filter(_lapsed(now))

    def with_current_status(self, now: datetime) -> ProposalQuerySet:
        """Annotate `status_now`, the status as it reads at `now` (`Proposal.status_at`)."""
        return self.annotate(
            status_now=models.Case(
                models.When(_lapsed(now), then=models.Value(Proposal.Status.EXPIRED.value)),
                default=models.F("status"),
                output_field=models.CharField(),
            )
        )


class Proposal(models.Model):
    """What invitations and binding requests share: sent by a partner's staff to a creator,
    answered once, or expired, or cancelled."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Expired"
        CANCELLED = "cancelled", "Cancelled"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    creator = models.ForeignKey(Creator, on_delete=models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(max_length=2000, blank=True)
    attach_profile = models.BooleanField("Attach TikTok profile", default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        abstract = True

    def status_at(self, now: datetime) -> str:
        """Pending past its expiry is expired, task or no task (`status_condition` in SQL)."""
        if self.status == self.Status.PENDING and now >= self.expires_at:
            return self.Status.EXPIRED
        return self.status

    @property
    def current_status(self) -> str:
        """The status as it reads now."""
        return self.status_at(timezone.now())

    @property
    def can_be_answered(self) -> bool:
        return self.current_status == self.Status.PENDING


class _Contact(models.Model):
    """How the creator can reach the agency: at least one of WhatsApp, e-mail, phone."""

    contact_whatsapp = models.CharField(
        "WhatsApp", max_length=32, blank=True, validators=[invitation_rules.validate_phone]
    )
    contact_email = models.EmailField("E-mail", max_length=254, blank=True)
    contact_phone = models.CharField(
        "Phone", max_length=32, blank=True, validators=[invitation_rules.validate_phone]
    )

    class Meta:
        abstract = True

    @property
    def contacts(self) -> list[tuple[str, str]]:
        """(method, value) for each contact method given."""
        fields = (("WhatsApp", self.contact_whatsapp), ("E-mail", self.contact_email))
        return [(k, v) for k, v in (*fields, ("Phone", self.contact_phone)) if v]


class Invitation(_Contact, Proposal):
    """The agency invitation: a purpose that follows the agency's programme, a message (at most
    500 words), contact information and, optionally, the agency's TikTok profile. The creator
    answers I'm interested (accepted) or Not interested (declined).

    `commission_rate` and `products` are kept from invitations sent before (a product
    collaboration's terms); new invitations leave them empty."""

    message = models.TextField(
        max_length=5000, blank=True, validators=[invitation_rules.validate_message]
    )
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.DISTRIBUTION)
    commission_rate = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(80)],
    )
    products = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "creator"],
                condition=models.Q(status=Proposal.Status.PENDING),
                name="creators_invitation_one_open_per_creator",
            ),
            models.CheckConstraint(
                condition=models.Q(commission_rate__gte=1, commission_rate__lte=80),
                name="creators_invitation_commission_range",
            ),
            models.CheckConstraint(
                condition=invitation_rules.has_contact_condition()
                | models.Q(commission_rate__isnull=False),
                name="creators_invitation_has_contact",
                violation_error_message=(
                    "Give at least one way to contact you: WhatsApp, e-mail or phone."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(purpose__in=Purpose.values),
                name="creators_invitation_purpose",
                violation_error_message="Choose what you invite the creator to.",
            ),
        ]
        indexes = [
            models.Index(fields=["creator", "-created_at"], name="creators_inv_inbox"),
            models.Index(fields=["partner", "-created_at"], name="creators_inv_partner"),
            models.Index(
                fields=["expires_at"],
                condition=models.Q(status=Proposal.Status.PENDING),
                name="creators_inv_open_exp",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation from {self.partner} to {self.creator} ({self.current_status})"


class BindingRequestQuerySet(ProposalQuerySet):
    """Links by their state now (`partnership_rules.state_condition`)."""

    def in_state(self, state: str, now: datetime) -> BindingRequestQuerySet:
        return self.filter(rules.state_condition(state, now))

    def live(self, now: datetime) -> BindingRequestQuerySet:
        """Linked (an unlink request open or not) and not past the link's expiry."""
        return self.filter(rules.live_condition(now))

    def in_tab(self, tab: str, now: datetime) -> BindingRequestQuerySet:
        return self.filter(rules.tab_condition(tab, now))

    def with_state(self, now: datetime) -> BindingRequestQuerySet:
        return self.annotate(state_now=rules.state_case(now))


class BindingRequest(Proposal):
    """The agency-creator link, from the agency's link request to its end: the request
    (`status`, answered by the creator within 7 days) and, once accepted, the link until
    `link_expires_at`, with its unlink request if one is open and how it ended. The link's
    state is `state_at(now)` (creators/partnership_rules.py), derived from these fields."""

    link_expires_at = models.DateTimeField("link expires at")
    # An unlink request: the agency's (a removal in the UK) or the creator's, with a reason.
    unlink_raised_by = models.CharField(
        max_length=7, choices=rules.RaisedBy.choices, blank=True, default=""
    )
    unlink_reason = models.TextField(max_length=500, blank=True)
    unlink_requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unlink_requested_at = models.DateTimeField(null=True, blank=True)
    unlink_expires_at = models.DateTimeField(null=True, blank=True)
    unlink_outcome = models.CharField(
        max_length=8, choices=rules.UnlinkOutcome.choices, blank=True, default=""
    )
    unlink_answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unlink_answered_at = models.DateTimeField(null=True, blank=True)
    # When the creator was e-mailed the agency's unlink request.
    unlink_notified_at = models.DateTimeField(null=True, blank=True)
    # The creator's earlier unlink requests the agency left unanswered.
    unlink_ignored = models.PositiveSmallIntegerField(default=0)
    # How the link ended, stored once it has (a derived end is stored by the housekeeping).
    end_reason = models.CharField(
        max_length=12, choices=rules.EndReason.choices, blank=True, default=""
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When the agency was told the link expires within 30 days (again after an extension).
    expiry_reminded_at = models.DateTimeField(null=True, blank=True)

    objects = BindingRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "creator"],
                condition=models.Q(status=Proposal.Status.PENDING)
                | models.Q(status=Proposal.Status.ACCEPTED, end_reason=""),
                name="creators_bindingrequest_one_open_per_creator",
                violation_error_message=(
                    "This creator already has a link or a link request with your agency."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(link_expires_at__gt=models.F("created_at")),
                name="creators_bindingrequest_link_ends_after_request",
                violation_error_message="A link ends after it was requested.",
            ),
        ]
        indexes = [
            models.Index(fields=["creator", "-created_at"], name="creators_bind_inbox"),
            models.Index(fields=["partner", "status"], name="creators_bind_partner"),
            models.Index(
                fields=["partner", "status", "-created_at"], name="creators_bind_partner_tab"
            ),
            models.Index(
                fields=["expires_at"],
                condition=models.Q(status=Proposal.Status.PENDING),
                name="creators_bind_open_exp",
            ),
            models.Index(
                fields=["partner", "link_expires_at"],
                condition=models.Q(status=Proposal.Status.ACCEPTED, end_reason=""),
                name="creators_bind_live_expiry",
            ),
            # Link requested and Unlink requested: few rows among many links.
            models.Index(
                fields=["partner", "expires_at"],
                condition=models.Q(status=Proposal.Status.PENDING),
                name="creators_bind_partner_open",
            ),
            models.Index(
                fields=["partner", "unlink_expires_at"],
                condition=models.Q(
                    status=Proposal.Status.ACCEPTED, end_reason="", unlink_outcome=""
                )
                & ~models.Q(unlink_raised_by=""),
                name="creators_bind_unlink_open",
            ),
            # Manage Partnerships' tabs, newest first: read in order, filtered by state.
            models.Index(
                fields=["partner", "-created_at", "-id"], name="creators_bind_partner_recent"
            ),
        ]

    def __str__(self) -> str:
        return f"Link of {self.partner} with {self.creator} ({self.state_at(timezone.now())})"

    @property
    def facts(self) -> rules.LinkFacts:
        return rules.LinkFacts(
            status=self.status,
            expires_at=self.expires_at,
            link_expires_at=self.link_expires_at,
            end_reason=self.end_reason,
            unlink_raised_by=self.unlink_raised_by,
            unlink_expires_at=self.unlink_expires_at,
            unlink_outcome=self.unlink_outcome,
            unlink_ignored=self.unlink_ignored,
        )

    def state_at(self, now: datetime) -> rules.State:
        return rules.state_at(self.facts, now)

    @property
    def state(self) -> rules.State:
        return self.state_at(timezone.now())

    @property
    def days_left(self) -> int:
        return rules.days_left(self.link_expires_at, timezone.now())

    @property
    def last_day(self):
        """The link's expiry date, in its partner's market."""
        return rules.last_day_of(self.partner.market, self.link_expires_at)

    @property
    def unlink_request_open(self) -> bool:
        return self.state == rules.State.UNLINK_REQUESTED


class ExtensionRequest(Proposal):
    """The agency's proposal to extend a link to `new_link_expires_at` (the new period starts
    at the current expiry). The creator accepts within 7 days, or before the link ends."""

    link = models.ForeignKey(BindingRequest, on_delete=models.CASCADE, related_name="extensions")
    new_link_expires_at = models.DateTimeField("new link expiry")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["link"],
                condition=models.Q(status=Proposal.Status.PENDING),
                name="creators_extensionrequest_one_open_per_link",
                violation_error_message="This link already has an extension request.",
            ),
        ]
        indexes = [
            models.Index(fields=["creator", "-created_at"], name="creators_ext_inbox"),
            models.Index(fields=["partner", "-created_at"], name="creators_ext_partner"),
        ]

    def __str__(self) -> str:
        return f"Extension of {self.link_id} by {self.partner} ({self.current_status})"


class Outreach(_Contact):
    """Invitations to more creators than today's quota (invitation_rules.DAILY_INVITATIONS a
    day per agency) allows: each market day, beat sends as many as the quota has left
    (services.outreaches_send), oldest outreach first, until every creator has been sent an
    invitation or skipped. Each creator's progress is an `OutreachCreator` row, updated in the
    same transaction as the invitations it sends, so nothing is sent twice. The counters move
    in that transaction too. `idempotency_key` comes with the invite form, so submitting one
    form twice makes one outreach."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Sending"
        PAUSED = "paused", "Paused"
        CANCELLED = "cancelled", "Cancelled"
        FINISHED = "finished", "Finished"

    # Our own feature (TikTok has no outreach): "Select all matching" takes up to this many.
    MAX_CREATORS = 100_000

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.DISTRIBUTION)
    message = models.TextField(
        max_length=5000, blank=True, validators=[invitation_rules.validate_message]
    )
    attach_profile = models.BooleanField("Attach TikTok profile", default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    total = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sent__lte=models.F("total") - models.F("skipped")),
                name="creators_outreach_done_le_total",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["active", "paused", "cancelled", "finished"]),
                name="creators_outreach_status",
            ),
            models.UniqueConstraint(
                fields=["partner", "idempotency_key"],
                name="creators_outreach_one_per_submit",
                violation_error_message="This invitation form was already sent.",
            ),
        ]
        indexes = [
            models.Index(fields=["partner", "-created_at", "-id"], name="creators_outreach_list"),
            models.Index(
                fields=["partner", "created_at"],
                condition=models.Q(status="active"),
                name="creators_outreach_active",
            ),
        ]

    def __str__(self) -> str:
        return f"Outreach by {self.partner}: {self.done}/{self.total} ({self.status})"

    @property
    def done(self) -> int:
        return self.sent + self.skipped

    @property
    def queued(self) -> int:
        return max(0, self.total - self.done)

    @property
    def percent(self) -> int:
        if self.status == self.Status.FINISHED or not self.total:
            return 100
        return self.done * 100 // self.total

    @property
    def is_open(self) -> bool:
        """Still to send (active or paused): it can be paused, resumed or cancelled."""
        return self.status in (self.Status.ACTIVE, self.Status.PAUSED)

    @property
    def terms(self) -> dict:
        return {
            "purpose": self.purpose,
            "message": self.message,
            "attach_profile": self.attach_profile,
            "contact_whatsapp": self.contact_whatsapp,
            "contact_email": self.contact_email,
            "contact_phone": self.contact_phone,
        }


class OutreachCreator(models.Model):
    """One creator of an outreach: queued, then sent (with its invitation, whose answer is the
    creator's: I'm interested, Not interested, or expired) or skipped with the reason."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped"

    outreach = models.ForeignKey(Outreach, on_delete=models.CASCADE, related_name="creators")
    creator = models.ForeignKey(Creator, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    skip_reason = models.CharField(
        max_length=10, choices=invitation_rules.SkipReason.choices, blank=True, default=""
    )
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["outreach", "creator"],
                name="creators_outreachcreator_once_per_outreach",
                violation_error_message="This creator is already in this outreach.",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "sent", "skipped"]),
                name="creators_outreachcreator_status",
            ),
            models.CheckConstraint(
                condition=(models.Q(status="skipped") & ~models.Q(skip_reason=""))
                | (~models.Q(status="skipped") & models.Q(skip_reason="")),
                name="creators_outreachcreator_skipped_has_reason",
            ),
        ]
        indexes = [
            # The next creators to send: the queued ones, in the order they were selected.
            models.Index(
                fields=["outreach", "id"],
                condition=models.Q(status="queued"),
                name="creators_outreach_queued",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.creator_id} in outreach {self.outreach_id} ({self.status})"
