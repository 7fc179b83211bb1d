"""Reads for creator management: the directory, the partner's binding requests by tab, and
the creator's inbox. Each page costs a fixed number of queries whatever its size."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, Max, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone

from accounts.models import Market, Partner
from linking.selectors import LinkedProfile, linked_profiles

from . import directory_rules, invitation_rules
from . import partnership_rules as rules
from .models import (
    LISTED,
    BindingRequest,
    Creator,
    ExtensionRequest,
    Invitation,
    Outreach,
    OutreachCreator,
    Proposal,
    SearchWord,
    status_condition,
)


@dataclass(frozen=True)
class Sort:
    """One of Find Creators' orders: by one column, either way, ties broken by id the same way
    (so one index on the column and id serves both directions, read backwards for one)."""

    label: str
    column: str
    descending: bool

    @property
    def order_by(self) -> tuple[str, str]:
        sign = "-" if self.descending else ""
        return (f"{sign}{self.column}", f"{sign}id")


SORTS = {
    "followers": Sort("Most followers", "followers", True),
    "followers_asc": Sort("Fewest followers", "followers", False),
    "sales": Sort("Highest GMV", "sales_30d", True),
    "sales_asc": Sort("Lowest GMV", "sales_30d", False),
    "units": Sort("Most items sold", "units_sold_30d", True),
    "units_asc": Sort("Fewest items sold", "units_sold_30d", False),
    "views": Sort("Most views per video", "avg_views", True),
    "views_asc": Sort("Fewest views per video", "avg_views", False),
    "engagement": Sort("Highest engagement rate", "engagement_rate", True),
    "engagement_asc": Sort("Lowest engagement rate", "engagement_rate", False),
    "newest": Sort("Newest", "created_at", True),
    "oldest": Sort("Oldest", "created_at", False),
}
DEFAULT_SORT = "followers"
# The directory's range filters: form field prefix → column.
RANGES = {
    "followers": "followers",
    "sales": "sales_30d",
    "units": "units_sold_30d",
    "views": "avg_views",
    "engagement": "engagement_rate",
}
# A content type filter matches creators who post that kind, alone or with the other.
CONTENT_TYPES = {
    Creator.ContentType.VIDEO: [Creator.ContentType.VIDEO, Creator.ContentType.BOTH],
    Creator.ContentType.LIVE: [Creator.ContentType.LIVE, Creator.ContentType.BOTH],
}
# Find Creators counts matches up to here, as TikTok's does ("10,000+ creators match"), and
# numbers its pages up to it; "Select all matching" takes up to SELECT_CAP, an outreach's most.
MATCH_CAP = 10_000
SELECT_CAP = Outreach.MAX_CREATORS
TRIGRAM = 3  # shorter searches have no trigram to look up


@dataclass(frozen=True)
class Page:
    """One page of rows. `has_next` comes from fetching one row more than shown, so no page
    has to count every row behind it."""

    items: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _page(rows: list[Any], number: int, per_page: int) -> Page:
    return Page(items=rows[:per_page], number=number, has_next=len(rows) > per_page)


def _ids_first(rows: QuerySet, offset: int, limit: int, *related: str) -> list[Any]:
    """`limit` rows of `rows` from `offset`, in its order: their ids first, read on the order's
    index alone, then those rows with what they join. A deep page skips index entries, not
    joined rows, and the planner, which cannot tell how many rows a filter keeps, never joins
    every match before sorting them (10,000 joined links for a page of 20, at 100,000 links)."""
    ids = rows.values("pk")[offset : offset + limit]
    found = rows.model.objects.filter(pk__in=ids).select_related(*related)
    return list(found.order_by(*rows.query.order_by))


# --- Find Creators ------------------------------------------------------------------------


def directory_queryset(filters: dict[str, Any]) -> QuerySet[Creator]:
    """Creators matching the directory's filters (cleaned form data), in the chosen order.
    Reads only the creators table's listed rows, whose indexes match the filters and sorts."""
    creators = Creator.objects.filter(LISTED, *_conditions(filters))
    q = _search_term(filters)
    if len(q) >= TRIGRAM:
        # search_text is stored lower-case, so a plain LIKE uses the trigram index.
        creators = creators.filter(search_text__contains=q)
    elif q:
        creators = creators.filter(search_text__startswith=q)
    return creators.order_by(*directory_sort(filters).order_by)


def _conditions(filters: dict[str, Any]) -> list[Q]:
    """The directory's filters other than the search."""
    conditions = []
    if filters.get("category"):
        conditions.append(Q(category=filters["category"]))
    if filters.get("market"):
        conditions.append(Q(market=filters["market"]))
    for name, column in RANGES.items():
        if filters.get(f"{name}_min") is not None:
            conditions.append(Q(**{f"{column}__gte": filters[f"{name}_min"]}))
        if filters.get(f"{name}_max") is not None:
            conditions.append(Q(**{f"{column}__lte": filters[f"{name}_max"]}))
    if filters.get("content_type") in CONTENT_TYPES:
        conditions.append(Q(content_type__in=CONTENT_TYPES[filters["content_type"]]))
    if filters.get("fast_growing"):
        conditions.append(directory_rules.fast_growing_condition())
    return conditions


def directory_sort(filters: dict[str, Any]) -> Sort:
    return SORTS.get(filters.get("sort") or "", SORTS[DEFAULT_SORT])


def _search_term(filters: dict[str, Any]) -> str:
    return (filters.get("q") or "").strip().lstrip("@").lower()


PAGE_LINKS_AROUND = 2  # page numbers linked either side of the current one


@dataclass(frozen=True)
class DirectoryPage:
    page: Page
    matches: int  # capped at MATCH_CAP + 1
    invited_ids: frozenset[int]
    per_page: int

    @property
    def matches_capped(self) -> bool:
        return self.matches > MATCH_CAP

    @property
    def pages(self) -> int:
        """How many pages the matches fill, counting no further than the cap."""
        return max(1, math.ceil(min(self.matches, MATCH_CAP) / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page.has_next and self.page.number < self.pages

    @property
    def page_numbers(self) -> list[int | None]:
        """The first, the last and those around the current page; None where some are left
        out."""
        current, last = self.page.number, self.pages
        shown = {1, last, *range(current - PAGE_LINKS_AROUND, current + PAGE_LINKS_AROUND + 1)}
        numbers: list[int | None] = []
        for number in sorted(n for n in shown if 1 <= n <= last):
            if numbers and number - (numbers[-1] or 0) > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers


def directory_page(
    *, partner: Partner, filters: dict[str, Any], number: int, per_page: int
) -> DirectoryPage:
    creators = directory_queryset(filters)
    offset = (number - 1) * per_page
    text_search = len(_search_term(filters)) >= TRIGRAM
    ids = _all_ids_in_order(creators, filters) if text_search else None
    if ids is not None:
        matches = len(ids)
        page_ids = ids[offset : offset + per_page + 1]
        found = Creator.objects.select_related("tiktok_account").in_bulk(page_ids)
        rows = [found[pk] for pk in page_ids if pk in found]
    else:
        rows = _ids_first(creators, offset, per_page + 1, "tiktok_account")
        # Counting stops at the cap: cheap at ten million rows, and all a user needs.
        # A text search that got here has already found more matches than that.
        matches = MATCH_CAP + 1 if text_search else creators.order_by()[: MATCH_CAP + 1].count()
    page = _page(rows, number, per_page)
    return DirectoryPage(
        page=page,
        matches=matches,
        invited_ids=frozenset(open_invitation_creator_ids(partner, [c.pk for c in page.items])),
        per_page=per_page,
    )


def _all_ids_in_order(creators: QuerySet[Creator], filters: dict[str, Any]) -> list[int] | None:
    """The ids of every match in the directory's order, or None past the count's cap.

    For text searches, whose cost is the trigram index scan: the page and the count would each
    run it, so it runs once, unordered and stopping at the cap, and the order is applied here
    (every directory sort is by one column, then id, the same way). Ordering in SQL
    instead would sort every match of a broad search (100,000 for a common surname).

    With no other filter, a search that is a word of more creators than the cap (SearchWord)
    is past the cap for certain, each of them containing it: then the same query skips the
    trigram index and returns one row, with no sort key, instead.
    """
    sort = directory_sort(filters)
    rows = creators.order_by().values_list(sort.column, "pk")
    if SearchWord.kept() and not _conditions(filters):
        broad = SearchWord.objects.filter(word=_search_term(filters))[MATCH_CAP : MATCH_CAP + 1]
        no_key = Value(None, output_field=Creator._meta.get_field(sort.column))
        rows = rows.filter(~Exists(broad))[: MATCH_CAP + 1].union(
            broad.values_list(no_key, "creator_id"), all=True
        )
    found = list(rows[: MATCH_CAP + 1])
    if len(found) > MATCH_CAP or (found and found[0][0] is None):
        return None
    found.sort(reverse=sort.descending)
    return [pk for _key, pk in found]


def directory_ids(
    filters: dict[str, Any], *, number: int = 1, per_page: int = SELECT_CAP
) -> list[int]:
    """The ids of the creators matching the filters: one page of them, or by default all of
    them up to the outreach cap."""
    offset = (number - 1) * per_page
    ids = directory_queryset(filters).values_list("pk", flat=True)
    return list(ids[offset : offset + min(per_page, SELECT_CAP)])


def open_invitation_creator_ids(partner: Partner, creator_ids: list[int]) -> set[int]:
    if not creator_ids:
        return set()
    return set(
        Invitation.objects.filter(partner=partner, creator_id__in=creator_ids)
        .open(timezone.now())
        .values_list("creator_id", flat=True)
    )


def recently_invited_creator_ids(
    partner: Partner, creator_ids: list[int], now: datetime
) -> set[int]:
    """Creators this agency invited within the last 7 days (any answer): not invited again.
    A long list (an outreach's) is matched here against the agency's invitations of the last
    7 days, at most 7 days' quota, rather than sent to the database."""
    if not creator_ids:
        return set()
    since = invitation_rules.reinvite_window_start(now)
    recent = Invitation.objects.filter(partner=partner, created_at__gt=since)
    if len(creator_ids) <= RECENT_IN_SQL:
        recent = recent.filter(creator_id__in=creator_ids)
        return set(recent.values_list("creator_id", flat=True).distinct())
    return set(recent.values_list("creator_id", flat=True)) & set(creator_ids)


RECENT_IN_SQL = 1_000


def invitations_used_today(partner: Partner, now: datetime) -> int:
    """Invitations the agency sent today, in its market's calendar (CAP and TAP together)."""
    since = rules.today_starts_at(partner.market, now)
    return Invitation.objects.filter(partner=partner, created_at__gte=since).count()


@dataclass(frozen=True)
class Quota:
    used: int
    limit: int

    @property
    def left(self) -> int:
        return max(0, self.limit - self.used)


def invitation_quota(partner: Partner, now: datetime | None = None) -> Quota:
    now = now or timezone.now()
    used = invitations_used_today(partner, now)
    return Quota(used=used, limit=invitation_rules.DAILY_INVITATIONS)


def outreach_queued_ahead(outreach: Outreach) -> int:
    """Creators still queued in the agency's older active outreaches: they take the quota
    first."""
    if outreach.status != Outreach.Status.ACTIVE:
        return 0
    older = Outreach.objects.filter(
        partner_id=outreach.partner_id,
        status=Outreach.Status.ACTIVE,
        created_at__lt=outreach.created_at,
    )
    return OutreachCreator.objects.filter(
        outreach__in=older, status=OutreachCreator.Status.QUEUED
    ).count()


def outreach_finishing_day(outreach: Outreach, quota: Quota, now: datetime) -> date | None:
    """The market day its last creator is expected to be sent: the queued creators (with those
    of older outreaches ahead of them) over today's quota left and a full quota a day after.
    None once it is no longer sending or paused."""
    if not outreach.is_open:
        return None
    return invitation_rules.finishing_day(
        outreach.partner.market,
        now,
        queued=outreach.queued + outreach_queued_ahead(outreach),
        left_today=quota.left,
    )


def outreach_list_page(*, partner: Partner, number: int, per_page: int) -> Page:
    rows = list(
        Outreach.objects.filter(partner=partner).order_by("-created_at", "-id")[
            (number - 1) * per_page : number * per_page + 1
        ]
    )
    return _page(rows, number, per_page)


def outreach_skip_counts(outreach: Outreach) -> dict[invitation_rules.SkipReason, int]:
    """How many of its creators were skipped, by reason, in SkipReason's order."""
    counts = dict(
        OutreachCreator.objects.filter(outreach=outreach, status=OutreachCreator.Status.SKIPPED)
        .order_by()
        .values_list("skip_reason")
        .annotate(n=Count("pk"))
        .values_list("skip_reason", "n")
    )
    return {r: counts[r.value] for r in invitation_rules.SkipReason if counts.get(r.value)}


@dataclass(frozen=True)
class OutreachRow:
    creator: Creator
    entry: OutreachCreator
    answer: str  # the invitation's status now: pending, accepted, declined, expired…


def outreach_creator_page(
    *, outreach: Outreach, number: int, per_page: int, now: datetime | None = None
) -> Page:
    """One page of the outreach's creators in the order selected, with each sent invitation's
    status as it reads now (I'm interested, Not interested, expired)."""
    now = now or timezone.now()
    entries = list(
        OutreachCreator.objects.filter(outreach=outreach)
        .select_related("creator__tiktok_account", "invitation")
        .order_by("id")[(number - 1) * per_page : number * per_page + 1]
    )
    items = [
        OutreachRow(
            creator=e.creator,
            entry=e,
            answer=e.invitation.status_at(now) if e.invitation_id else "",
        )
        for e in entries
    ]
    return _page(items, number, per_page)


# --- Manage Partnerships ------------------------------------------------------------------


def first_link_creator_ids(partner: Partner, creator_ids: list[int]) -> set[int]:
    """Of `creator_ids`, those that have never been linked with `partner`: for them a link
    is a first link (the shorter longest period)."""
    linked_before = set(
        BindingRequest.objects.filter(
            partner=partner, creator_id__in=creator_ids, status=Proposal.Status.ACCEPTED
        ).values_list("creator_id", flat=True)
    )
    return set(creator_ids) - linked_before


def link_request_problems(
    *, partner: Partner, creators: list[Creator], last_day: date, now: datetime
) -> list[str]:
    """Why these creators cannot be asked to link until `last_day`: one message per rule
    broken (another market, an official or marketing account, a period too long)."""
    problems = []
    market = Market(partner.market)
    elsewhere = [c for c in creators if c.market != partner.market]
    if elsewhere:
        problems.append(
            f"Only creators in your agency's market ({market.label}) can be added: "
            + ", ".join(f"@{c.tiktok_account.handle} ({c.get_market_display()})" for c in elsewhere)
            + "."
        )
    for kind in (Creator.AccountKind.OFFICIAL, Creator.AccountKind.MARKETING):
        found = [c for c in creators if c.account_kind == kind]
        if found:
            problems.append(
                f"{kind.label}s cannot be linked: "
                + ", ".join(f"@{c.tiktok_account.handle}" for c in found)
                + "."
            )
    today = rules.market_today(partner.market, now)
    first = first_link_creator_ids(partner, [c.pk for c in creators])
    for is_first in (True, False):
        group = [c for c in creators if (c.pk in first) == is_first]
        problem = group and rules.period_error(partner.market, today, last_day, first_link=is_first)
        if problem:
            who = ", ".join(f"@{c.tiktok_account.handle}" for c in group)
            problems.append(f"{problem} ({who})" if not is_first or len(creators) > 1 else problem)
    return problems


def link_request_quota(partner: Partner, now: datetime | None = None) -> Quota:
    """Today's link requests of the agency, in its market's calendar, against the daily limit."""
    since = rules.today_starts_at(partner.market, now or timezone.now())
    used = BindingRequest.objects.filter(partner=partner, created_at__gte=since).count()
    return Quota(used=used, limit=rules.DAILY_LINK_REQUESTS)


@dataclass(frozen=True)
class LinkRow:
    """One row of Manage Partnerships: the link and what it offers now."""

    link: BindingRequest
    state: rules.State
    days_left: int
    expiring: bool
    can_extend: bool
    extension: ExtensionRequest | None  # the latest one

    @property
    def shows_daily(self) -> bool:
        return self.state in (rules.State.LINKED, rules.State.UNLINK_REQUESTED) and (
            self.days_left <= rules.DAILY_FROM_DAYS
        )


# A tab's count stops here ("1,000+"): each count reads at most this many rows, so the page
# costs the same at 1,000 links and at 100,000 (`make bench`, P8), as Find Creators' does.
COUNT_CAP = 1_000


def partnership_counts(partner: Partner, now: datetime | None = None) -> dict[str, int]:
    """Each tab's count, up to COUNT_CAP + 1 (more reads as "1,000+"): one query per tab."""
    now = now or timezone.now()
    links = BindingRequest.objects.filter(partner=partner).order_by()
    return {
        key: links.in_tab(key, now)[: COUNT_CAP + 1].count() for key, _label, _states in rules.TABS
    }


def partnership_page(
    *,
    partner: Partner,
    tab: str,
    number: int,
    per_page: int,
    expiring_within: int | None = None,
    now: datetime | None = None,
) -> Page:
    now = now or timezone.now()
    links = BindingRequest.objects.filter(partner=partner).in_tab(tab, now)
    if expiring_within:
        links = links.filter(rules.expiring_condition(expiring_within, now))
        order = ("link_expires_at", "id")
    else:
        order = ("-created_at", "-id")
    offset = (number - 1) * per_page
    rows = _ids_first(
        links.order_by(*order),
        offset,
        per_page + 1,
        "creator__tiktok_account",
        "sent_by",
        "partner",
    )
    latest: dict[int, ExtensionRequest] = {}
    for extension in ExtensionRequest.objects.filter(link__in=rows[:per_page]).order_by(
        "created_at"
    ):
        latest[extension.link_id] = extension
    items = [_row(link, latest.get(link.pk), now) for link in rows]
    return _page(items, number, per_page)


def _row(link: BindingRequest, extension: ExtensionRequest | None, now: datetime) -> LinkRow:
    state = link.state_at(now)
    tried = extension is not None and extension.status_at(now) not in (
        Proposal.Status.ACCEPTED,
        Proposal.Status.CANCELLED,
    )
    return LinkRow(
        link=link,
        state=state,
        days_left=rules.days_left(link.link_expires_at, now),
        expiring=state in (rules.State.LINKED, rules.State.UNLINK_REQUESTED)
        and rules.is_expiring(link.link_expires_at, now),
        can_extend=rules.can_extend(state, link.link_expires_at, now, tried=tried),
        extension=extension,
    )


# --- The creator's inbox ------------------------------------------------------------------


@dataclass(frozen=True)
class InboxItem:
    kind: str  # "Invitation", "Account linking request" or "Extend partnership"
    proposal: Invitation | BindingRequest | ExtensionRequest
    url: str
    profile: LinkedProfile | None


def inbox_page(*, creator: Creator, number: int, per_page: int) -> Page:
    """Invitations, link and extension requests to `creator`, newest first, merged from three
    queries.
    Each query fetches no more than the rows up to the end of this page."""
    limit = number * per_page + 1
    kinds = (
        (Invitation, "Invitation", "creator:invitation"),
        (BindingRequest, "Account linking request", "creator:request"),
        (ExtensionRequest, "Extend partnership", "creator:extension"),
    )
    rows: list[tuple[Proposal, str, str]] = []
    for model, label, url_name in kinds:
        proposals = (
            model.objects.filter(creator=creator)
            .select_related("partner")
            .order_by("-created_at", "-id")[:limit]
        )
        rows.extend((p, label, url_name) for p in proposals)
    rows.sort(key=lambda row: row[0].created_at, reverse=True)
    offset = (number - 1) * per_page
    window = rows[offset : offset + per_page + 1]
    profiles = linked_profiles(p.partner_id for p, _, _ in window if p.attach_profile)
    items = [
        InboxItem(
            kind=label,
            proposal=p,
            url=reverse(url_name, args=[p.code]),
            profile=profiles.get(p.partner_id) if p.attach_profile else None,
        )
        for p, label, url_name in window
    ]
    return _page(items, number, per_page)


# --- Invitation history -------------------------------------------------------------------


def invitation_history(
    *, partner: Partner, filters: dict[str, Any], now: datetime | None = None
) -> QuerySet[Invitation]:
    """Every invitation `partner` sent, newest first, narrowed by Invitation history's filters
    (cleaned form data): creator (handle or name, as Find Creators searches), sent from / to
    (days in the agency's market), status as it reads now, profile attached. Each row carries
    `status_now` and what its line shows (creator, TikTok account, sender)."""
    now = now or timezone.now()
    invitations = Invitation.objects.filter(partner=partner)
    q = _search_term(filters)
    if len(q) >= TRIGRAM:
        invitations = invitations.filter(creator__search_text__contains=q)
    elif q:
        invitations = invitations.filter(creator__search_text__startswith=q)
    if filters.get("sent_from"):
        since = rules.day_starts_at(partner.market, filters["sent_from"])
        invitations = invitations.filter(created_at__gte=since)
    if filters.get("sent_to"):
        until = rules.day_starts_at(partner.market, filters["sent_to"] + timedelta(days=1))
        invitations = invitations.filter(created_at__lt=until)
    if filters.get("status"):
        invitations = invitations.with_status(filters["status"], now)
    if filters.get("profile") in ("yes", "no"):
        invitations = invitations.filter(attach_profile=filters["profile"] == "yes")
    return (
        invitations.with_current_status(now)
        .select_related("creator__tiktok_account", "sent_by")
        .order_by("-created_at", "-id")
    )


def invitation_resend_from(
    *, partner: Partner, creator_id: int, now: datetime | None = None
) -> datetime | None:
    """From when `partner` may resend an invitation to the creator (invitation_rules.resend_from),
    None if it never invited them. One query."""
    now = now or timezone.now()
    latest = Invitation.objects.filter(partner=partner, creator_id=creator_id).aggregate(
        last_sent_at=Max("created_at"),
        open_until=Max("expires_at", filter=status_condition(Proposal.Status.PENDING, now)),
    )
    if latest["last_sent_at"] is None:
        return None
    return invitation_rules.resend_from(**latest)


def interested_creator_contact(invitation: Invitation) -> str:
    """The contact exchange: once a creator answers I'm interested, the agency gets their
    e-mail ("" before that, or if they have none)."""
    if invitation.status != Proposal.Status.ACCEPTED or not invitation.creator.user_id:
        return ""
    return invitation.creator.user.email


# --- A creator's page in Find Creators ------------------------------------------------------

CREATOR_HISTORY_LINES = 5


@dataclass(frozen=True)
class CreatorHistory:
    """What an agency has done with one creator: its latest invitations and the link."""

    invitations: list[Invitation]  # newest first, at most CREATOR_HISTORY_LINES, `status_now`
    invitation_count: int
    link: BindingRequest | None  # the latest link or link request
    link_state: rules.State | None


def creator_history(*, partner: Partner, creator: Creator) -> CreatorHistory:
    now = timezone.now()
    invitations = Invitation.objects.filter(partner=partner, creator=creator)
    latest = list(
        invitations.with_current_status(now)
        .select_related("sent_by")
        .order_by("-created_at", "-id")[:CREATOR_HISTORY_LINES]
    )
    count = len(latest) if len(latest) < CREATOR_HISTORY_LINES else invitations.count()
    link = (
        BindingRequest.objects.filter(partner=partner, creator=creator)
        .order_by("-created_at", "-id")
        .first()
    )
    return CreatorHistory(
        invitations=latest,
        invitation_count=count,
        link=link,
        link_state=link.state_at(now) if link else None,
    )
