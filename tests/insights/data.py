"""A small fixed data set whose figures are worked out by hand in test_selectors.py.

NOW is a Wednesday; its week starts on Monday 16 November 2026 (UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from creators.models import Category
from tests import factories

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)


def _at(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def invitation(
    partner, *, attach, status, created, answered_after=None, expires=None, category="beauty"
):
    return factories.InvitationFactory(
        partner=partner,
        creator__category=category,
        attach_profile=attach,
        status=status,
        created_at=created,
        answered_at=created + answered_after if answered_after else None,
        expires_at=expires or created + 7 * D,
    )


def make_invitations(partner) -> None:
    fashion, food = Category.FASHION, Category.FOOD
    # With the profile attached.
    invitation(partner, attach=True, status="accepted", created=_at(11, 8), answered_after=2 * H)
    invitation(partner, attach=True, status="accepted", created=_at(11, 15), answered_after=4 * H)
    invitation(
        partner,
        attach=True,
        status="declined",
        created=_at(11, 15),
        answered_after=4 * H,
        category=fashion,
    )
    invitation(
        partner,
        attach=True,
        status="accepted",
        created=_at(11, 17),
        answered_after=10 * H,
        category=fashion,
    )
    # Still awaiting an answer: in Sent, not in the rates.
    invitation(partner, attach=True, status="pending", created=_at(11, 18, 11), expires=NOW + D)
    # Pending in the table but past its expiry: reads as expired.
    invitation(partner, attach=True, status="pending", created=_at(11, 10), expires=NOW - D)
    invitation(partner, attach=True, status="cancelled", created=_at(11, 16), category=fashion)
    # Without.
    invitation(partner, attach=False, status="accepted", created=_at(11, 16), answered_after=H)
    invitation(partner, attach=False, status="declined", created=_at(11, 16), answered_after=3 * H)
    invitation(
        partner,
        attach=False,
        status="declined",
        created=_at(11, 9),
        answered_after=30 * H,
        category=fashion,
    )
    invitation(
        partner, attach=False, status="expired", created=_at(10, 29), category=fashion
    )  # expired by the task
    invitation(partner, attach=False, status="pending", created=_at(11, 18, 10), expires=NOW + D)
    # Older than the twelve weeks: in the totals, not in the weekly series.
    invitation(
        partner,
        attach=False,
        status="accepted",
        created=NOW - 100 * D,
        answered_after=5 * H,
        category=food,
    )


def make_binding_requests(partner) -> None:
    factories.BindingRequestFactory(
        partner=partner,
        attach_profile=True,
        status="accepted",
        created_at=_at(11, 2),
        answered_at=_at(11, 3),
        expires_at=_at(11, 9),
    )


def make_extensions(partner) -> None:
    """Two extension requests, one with the profile (accepted), one without (declined)."""
    for attach, status in ((True, "accepted"), (False, "declined")):
        link = factories.LinkFactory(
            partner=partner, attach_profile=True, created_at=_at(9, 1), link_expires_at=_at(11, 30)
        )
        factories.ExtensionRequestFactory(
            link=link,
            attach_profile=attach,
            status=status,
            created_at=_at(11, 10),
            answered_at=_at(11, 11),
            expires_at=_at(11, 17),
        )
