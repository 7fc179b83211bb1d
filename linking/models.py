"""Linking a partner's official TikTok account by QR code.

A `LinkSession` is one attempt; its QR code is a `LinkToken`, replaced by a new one every
LINK_QR_ROTATE_SECONDS while the page is open; a `TikTokLink` is the link itself; every link,
failed attempt, cancellation, rejection and unlink is kept as a `LinkEvent`. Partners cannot
unlink: they ask their account manager with an `UnlinkRequest`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Partner, User
from tiktok.models import TikTokAccount, handle_validator


class LinkSessionStatus(models.TextChoices):
    """A link session's states, the one place they are listed:

    pending → scanned → linked | cancelled | rejected | failed(reason)
    pending | scanned → expired (its time passed) | superseded (a new session was started)

    Scanned is the TikTok user's tap on the scan screen; linked, failed and cancelled are
    Connect Now and Cancel on the phone; rejected is the agency's **Not our account**. A
    registered business account's failure leaves the session scanned (it can switch and try
    again)."""

    PENDING = "pending", "Waiting for scan"
    SCANNED = "scanned", "Scanned, waiting for confirmation"
    LINKED = "linked", "Linked"
    CANCELLED = "cancelled", "Cancelled"
    REJECTED = "rejected", "Rejected by the agency"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"
    SUPERSEDED = "superseded", "Replaced by a newer QR code"


# Outside the model so that its Meta (which cannot see the class body) builds the
# one-open-session constraint and the expiry index from them too.
OPEN_STATUSES = (LinkSessionStatus.PENDING, LinkSessionStatus.SCANNED)


class LinkSessionQuerySet(models.QuerySet):
    def lapsed(self, now: datetime) -> LinkSessionQuerySet:
        """Still stored as open but past their time: they read as expired
        (`LinkSession.is_expired`)."""
        return self.filter(status__in=OPEN_STATUSES, expires_at__lte=now)


class LinkSession(models.Model):
    Status = LinkSessionStatus
    OPEN_STATUSES = OPEN_STATUSES

    class FailureReason(models.TextChoices):
        """One per requirement, in the order eligibility checks them and the checklist on the
        phone and in Partner Center lists them (`eligibility.failure_reasons`)."""

        PARTNER_ALREADY_LINKED = (
            "partner_already_linked",
            "This partner already has a linked account",
        )
        UNDER_18 = "under_18", "The account holder is under 18"
        SUSPENDED = "suspended", "The account is suspended"
        VIOLATION_HISTORY = "violation_history", "The account has a violation history"
        OTHER_AGENCY = "other_agency", "The account is linked with another agency"
        CREATOR_NETWORK = "creator_network", "The account is in the Creator Network"
        LINKED_ELSEWHERE = (
            "linked_elsewhere",
            "The account is linked to another Partner Center account",
        )
        BUSINESS_ACCOUNT = "business_account", "The account is a registered business account"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="link_sessions")
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Every requirement the last Connect Now failed, as `FailureReason` values in their order.
    failure_reasons = models.JSONField(default=list, blank=True)
    tiktok_account = models.ForeignKey(
        TikTokAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where it was started, as the phone and the account holder's inbox name it.
    user_agent = models.CharField(max_length=400, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    scanned_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = LinkSessionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="linking_linksession_one_open_per_partner",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=LinkSessionStatus.FAILED, failure_reasons=[]),
                name="linking_linksession_failed_says_why",
                violation_error_message="A failed link session names what it failed.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["expires_at"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="linking_linksession_open_exp",
            ),
        ]

    def __str__(self) -> str:
        return f"Link session for {self.partner} ({self.current_status})"

    def is_expired_at(self, now: datetime) -> bool:
        """Open past its time is expired, task or no task (`LinkSessionQuerySet.lapsed`)."""
        return self.status in self.OPEN_STATUSES and now >= self.expires_at

    @property
    def is_expired(self) -> bool:
        return self.is_expired_at(timezone.now())

    @property
    def current_status(self) -> str:
        """The status as it reads now: an open session past its time is expired at once."""
        return self.Status.EXPIRED if self.is_expired else self.status

    @property
    def is_open(self) -> bool:
        return self.current_status in self.OPEN_STATUSES

    @property
    def failure_labels(self) -> list[str]:
        """The failed requirements in short, for the admin (`eligibility` has their messages)."""
        return [self.FailureReason(reason).label for reason in self.failure_reasons]


class LinkToken(models.Model):
    """One QR code of a link session: only the newest one (not replaced) scans, and only while
    the session waits for a scan; its scan binds the session to the TikTok account that made
    it, after which the phone acts on the session by its code, not by the token.

    The token itself is never stored: it is an HMAC of `seed` under SECRET_KEY, so the page can
    draw its QR code again, while a copy of the database alone (a backup, an admin's query)
    opens nothing. `token_hash` (SHA-256) finds the code when it is scanned. The seed is
    dropped when the code is replaced or its session ends; a code without one cannot be drawn.
    """

    session = models.ForeignKey(LinkSession, on_delete=models.CASCADE, related_name="tokens")
    seed = models.CharField(max_length=64, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=models.Q(replaced_at__isnull=True),
                name="linking_linktoken_one_current_per_session",
                violation_error_message="A link session shows one QR code at a time.",
            ),
        ]

    def __str__(self) -> str:
        state = "replaced" if self.replaced_at else "current"
        return f"QR code of {self.session_id} ({state})"

    @classmethod
    def new(cls, *, session: LinkSession, now: datetime) -> LinkToken:
        """A new current code for `session`, not saved: 32 random bytes of seed, so the token
        derived from it has 256 bits."""
        seed = secrets.token_hex(32)
        return cls(
            session=session, seed=seed, token_hash=cls.hash(cls.derive(seed)), created_at=now
        )

    @staticmethod
    def derive(seed: str) -> str:
        digest = hmac.new(
            settings.SECRET_KEY.encode(), f"linking.LinkToken:{seed}".encode(), hashlib.sha256
        ).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    @staticmethod
    def hash(token: str) -> str:
        # surrogatepass: a scanned token is whatever was posted, lone surrogates included.
        return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()

    @property
    def raw(self) -> str:
        """The token the QR code carries ("" once the seed was dropped)."""
        return self.derive(self.seed) if self.seed else ""


class TikTokLink(models.Model):
    """One TikTok account per partner and one partner per TikTok account."""

    partner = models.OneToOneField(Partner, on_delete=models.CASCADE, related_name="tiktok_link")
    tiktok_account = models.OneToOneField(
        TikTokAccount, on_delete=models.PROTECT, related_name="partner_link"
    )
    linked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    session = models.OneToOneField(
        LinkSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="link"
    )
    linked_at = models.DateTimeField(default=timezone.now)
    # Public figures as last fetched from the TikTok side (refresh_linked_profiles).
    followers = models.PositiveBigIntegerField(null=True, blank=True)
    likes = models.PositiveBigIntegerField(null=True, blank=True)
    figures_refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "TikTok link"

    def __str__(self) -> str:
        return f"{self.partner} ↔ {self.tiktok_account}"


class LinkEvent(models.Model):
    """The audit trail: written by the services, read-only everywhere else."""

    class Event(models.TextChoices):
        LINKED = "linked", "Linked"
        FAILED = "failed", "Failed attempt"
        CANCELLED = "cancelled", "Cancelled"
        REJECTED = "rejected", "Scan rejected by the agency"
        SUPERSEDED = "superseded", "Superseded by a new session"
        UNLINKED = "unlinked", "Unlinked"

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="link_events")
    tiktok_account = models.ForeignKey(
        TikTokAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    event = models.CharField(max_length=12, choices=Event.choices)
    reason = models.TextField(blank=True)
    session = models.ForeignKey(
        LinkSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.partner} {self.tiktok_account or ''}".strip()


# --- Asking the account manager to unlink or change the account --------------------------------


class UnlinkRequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the account manager"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"


class UnlinkRequestKind(models.TextChoices):
    UNLINK = "unlink", "Unlink the account"
    CHANGE = "change", "Change to another account"


# An unanswered request expires this long after it was made (PRODUCT.md, "Linking", Rules).
UNLINK_REQUEST_TTL = timedelta(days=7)
_ANSWERED = (UnlinkRequestStatus.APPROVED, UnlinkRequestStatus.DECLINED)
_UNANSWERED = (UnlinkRequestStatus.PENDING, UnlinkRequestStatus.EXPIRED)


def _request_lapsed(now: datetime) -> models.Q:
    """Still stored as pending, but past its expiry: it reads as expired."""
    return models.Q(status=UnlinkRequestStatus.PENDING, expires_at__lte=now)


def unlink_request_status_condition(status: str, now: datetime) -> models.Q:
    """The requests whose status at `now` is `status`: `UnlinkRequest.status_at` in SQL."""
    if status == UnlinkRequestStatus.PENDING:
        return models.Q(status=UnlinkRequestStatus.PENDING, expires_at__gt=now)
    if status == UnlinkRequestStatus.EXPIRED:
        return models.Q(status=UnlinkRequestStatus.EXPIRED) | _request_lapsed(now)
    return models.Q(status=status)


class UnlinkRequestQuerySet(models.QuerySet):
    def with_status(self, status: str, now: datetime) -> UnlinkRequestQuerySet:
        return self.filter(unlink_request_status_condition(status, now))

    def open(self, now: datetime) -> UnlinkRequestQuerySet:
        """Pending and not yet expired: the account manager can still answer."""
        return self.with_status(UnlinkRequestStatus.PENDING, now)

    def lapsed(self, now: datetime) -> UnlinkRequestQuerySet:
        """The rows the expiry task marks expired: they already read as expired."""
        return self.filter(_request_lapsed(now))

    def with_current_status(self, now: datetime) -> UnlinkRequestQuerySet:
        """Annotate `status_now`, the status as it reads at `now` (`UnlinkRequest.status_at`),
        and `open_first` (`unlink_request_open_first`)."""
        return self.annotate(
            status_now=models.Case(
                models.When(_request_lapsed(now), then=models.Value(UnlinkRequestStatus.EXPIRED)),
                default=models.F("status"),
                output_field=models.CharField(),
            ),
            open_first=unlink_request_open_first(now),
        )


def unlink_request_open_first(now: datetime) -> models.Case:
    """0 for the requests still open at `now`, 1 for the others: sorting by it puts the ones
    waiting for an answer first."""
    return models.Case(
        models.When(
            unlink_request_status_condition(UnlinkRequestStatus.PENDING, now),
            then=models.Value(0),
        ),
        default=models.Value(1),
        output_field=models.IntegerField(),
    )


class UnlinkRequest(models.Model):
    """A partner's request to its account manager to unlink its TikTok account, or to unlink it
    so that another one can be linked (a change: the agency then links the wanted account
    through the QR flow). Answered once — approved (the audited unlink) or declined with a
    note — or expired after UNLINK_REQUEST_TTL; one open request per partner."""

    Status = UnlinkRequestStatus
    Kind = UnlinkRequestKind
    TTL = UNLINK_REQUEST_TTL

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="unlink_requests")
    # The account linked when it was asked: approving unlinks only that one.
    tiktok_account = models.ForeignKey(
        TikTokAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=6, choices=Kind.choices, default=Kind.UNLINK)
    reason = models.TextField(max_length=1000)
    wanted_handle = models.CharField(
        "handle wanted instead", max_length=24, blank=True, validators=[handle_validator]
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = UnlinkRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "unlink or change request"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=models.Q(status=UnlinkRequestStatus.PENDING),
                name="linking_unlinkrequest_one_open_per_partner",
                violation_error_message="This agency already has an open unlink or change request.",
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="linking_unlinkrequest_has_a_reason",
                violation_error_message="A request says why.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=UnlinkRequestKind.CHANGE) | models.Q(wanted_handle=""),
                name="linking_unlinkrequest_handle_only_for_a_change",
                violation_error_message="Only a change names the handle wanted instead.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=UnlinkRequestStatus.DECLINED)
                | ~models.Q(decision_note=""),
                name="linking_unlinkrequest_declined_with_a_note",
                violation_error_message="A declined request says why in its note.",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=_ANSWERED, decided_by__isnull=False, decided_at__isnull=False
                )
                | models.Q(
                    status__in=_UNANSWERED, decided_by__isnull=True, decided_at__isnull=True
                ),
                name="linking_unlinkrequest_answered_by_someone",
                violation_error_message="An approved or declined request says who answered, and when.",
            ),
        ]
        indexes = [
            models.Index(fields=["partner", "-created_at"], name="linking_unlinkreq_partner"),
            models.Index(
                fields=["expires_at"],
                condition=models.Q(status=UnlinkRequestStatus.PENDING),
                name="linking_unlinkreq_open_exp",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request of {self.partner} ({self.current_status})"

    def status_at(self, now: datetime) -> str:
        """Pending past its expiry is expired, task or no task (`unlink_request_status_condition`
        in SQL)."""
        if self.status == self.Status.PENDING and now >= self.expires_at:
            return self.Status.EXPIRED
        return self.status

    @property
    def current_status(self) -> str:
        return self.status_at(timezone.now())

    @property
    def current_status_label(self) -> str:
        return self.Status(self.current_status).label

    @property
    def is_open(self) -> bool:
        return self.current_status == self.Status.PENDING

    @property
    def is_change(self) -> bool:
        return self.kind == self.Kind.CHANGE
