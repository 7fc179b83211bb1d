"""Reads for creator management: the directory, the partner's binding requests by tab, and
the creator's inbox. Each page costs a fixed number of queries whatever its size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import Partner
from linking.selectors import LinkedProfile, linked_profiles

from .models import BindingRequest, BulkInviteJob, Creator, Invitation, Proposal

SORTS = {
    "followers": ("-followers", "-id"),
    "sales": ("-sales_30d", "-id"),
    "newest": ("-created_at", "-id"),
}
MATCH_CAP = BulkInviteJob.MAX_CREATORS
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


# --- Find Creators ------------------------------------------------------------------------


def directory_queryset(filters: dict[str, Any]) -> QuerySet[Creator]:
    """Creators matching the directory's filters (cleaned form data), in the chosen order.
    Reads only the creators table, whose indexes match the filters and sorts."""
    creators = Creator.objects.all()
    q = _search_term(filters)
    if len(q) >= TRIGRAM:
        # search_text is stored lower-case, so a plain LIKE uses the trigram index.
        creators = creators.filter(search_text__contains=q)
    elif q:
        creators = creators.filter(search_text__startswith=q)
    if filters.get("category"):
        creators = creators.filter(category=filters["category"])
    if filters.get("market"):
        creators = creators.filter(market=filters["market"])
    for field, name in (("followers", "followers"), ("sales_30d", "sales")):
        if filters.get(f"{name}_min") is not None:
            creators = creators.filter(**{f"{field}__gte": filters[f"{name}_min"]})
        if filters.get(f"{name}_max") is not None:
            creators = creators.filter(**{f"{field}__lte": filters[f"{name}_max"]})
    return creators.order_by(*SORTS.get(filters.get("sort") or "", SORTS["followers"]))


def _search_term(filters: dict[str, Any]) -> str:
    return (filters.get("q") or "").strip().lstrip("@").lower()


@dataclass(frozen=True)
class DirectoryPage:
    page: Page
    matches: int  # capped at MATCH_CAP + 1
    invited_ids: frozenset[int]

    @property
    def matches_capped(self) -> bool:
        return self.matches > MATCH_CAP


def directory_page(
    *, partner: Partner, filters: dict[str, Any], number: int, per_page: int
) -> DirectoryPage:
    creators = directory_queryset(filters)
    offset = (number - 1) * per_page
    text_search = len(_search_term(filters)) >= TRIGRAM
    ids = _all_ids_in_order(creators) if text_search else None
    if ids is not None:
        matches = len(ids)
        page_ids = ids[offset : offset + per_page + 1]
        found = Creator.objects.select_related("tiktok_account").in_bulk(page_ids)
        rows = [found[pk] for pk in page_ids if pk in found]
    else:
        rows = list(creators.select_related("tiktok_account")[offset : offset + per_page + 1])
        # Counting stops at the bulk-invite cap: cheap at a million rows, and all a user needs.
        # A text search that got here has already found more matches than that.
        matches = MATCH_CAP + 1 if text_search else creators.order_by()[: MATCH_CAP + 1].count()
    page = _page(rows, number, per_page)
    return DirectoryPage(
        page=page,
        matches=matches,
        invited_ids=frozenset(open_invitation_creator_ids(partner, [c.pk for c in page.items])),
    )


def _all_ids_in_order(creators: QuerySet[Creator]) -> list[int] | None:
    """The ids of every match in the directory's order, or None past the bulk-invite cap.

    For text searches, whose cost is the trigram index scan: the page and the count would each
    run it, so it runs once, unordered and stopping at the cap, and the order is applied here
    (every directory sort is by one column descending, then id descending). Ordering in SQL
    instead would sort every match of a broad search (100,000 for a common surname).
    """
    sort_field = creators.query.order_by[0].lstrip("-")
    rows = list(creators.order_by().values_list(sort_field, "pk")[: MATCH_CAP + 1])
    if len(rows) > MATCH_CAP:
        return None
    rows.sort(reverse=True)
    return [pk for _key, pk in rows]


def directory_ids(
    filters: dict[str, Any], *, number: int = 1, per_page: int = MATCH_CAP
) -> list[int]:
    """The ids of the creators matching the filters: one page of them, or by default all of
    them up to the bulk-invite cap."""
    offset = (number - 1) * per_page
    ids = directory_queryset(filters).values_list("pk", flat=True)
    return list(ids[offset : offset + min(per_page, MATCH_CAP)])


def open_invitation_creator_ids(partner: Partner, creator_ids: list[int]) -> set[int]:
    if not creator_ids:
        return set()
    return set(
        Invitation.objects.filter(partner=partner, creator_id__in=creator_ids)
        .open(timezone.now())
        .values_list("creator_id", flat=True)
    )


# --- Manage Partnerships ------------------------------------------------------------------

# One tab per status as it reads now: a request pending past its expiry is under Expired.
TABS = [
    (Proposal.Status.ACCEPTED.value, "Bound creators"),
    (Proposal.Status.PENDING.value, "Pending"),
    (Proposal.Status.DECLINED.value, "Declined"),
    (Proposal.Status.EXPIRED.value, "Expired"),
    (Proposal.Status.CANCELLED.value, "Cancelled"),
]


def partnership_counts(partner: Partner) -> dict[str, int]:
    counts = dict(
        BindingRequest.objects.filter(partner=partner)
        .with_current_status(timezone.now())
        .values_list("status_now")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {tab: counts.get(tab, 0) for tab, _label in TABS}


def partnership_page(*, partner: Partner, tab: str, number: int, per_page: int) -> Page:
    requests = (
        BindingRequest.objects.filter(partner=partner)
        .with_status(tab, timezone.now())
        .select_related("creator__tiktok_account", "sent_by")
        .order_by("-created_at", "-id")
    )
    offset = (number - 1) * per_page
    return _page(list(requests[offset : offset + per_page + 1]), number, per_page)


# --- The creator's inbox ------------------------------------------------------------------


@dataclass(frozen=True)
class InboxItem:
    kind: str  # "Invitation" or "Binding request"
    proposal: Invitation | BindingRequest
    url: str
    profile: LinkedProfile | None


def inbox_page(*, creator: Creator, number: int, per_page: int) -> Page:
    """Invitations and binding requests to `creator`, newest first, merged from two queries.
    Each query fetches no more than the rows up to the end of this page."""
    limit = number * per_page + 1
    kinds = (
        (Invitation, "Invitation", "creator:invitation"),
        (BindingRequest, "Binding request", "creator:request"),
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
