"""An unlink or change request's status rule: `UnlinkRequest.status_at` in Python and
`UnlinkRequestQuerySet` in SQL say the same thing at every boundary of `expires_at`; and the
database refuses what must never be stored (a second open request, a decline without a note…)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from linking.models import UnlinkRequest
from tests.factories import AccountManagerFactory, PartnerFactory, UnlinkRequestFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TICK = timedelta(microseconds=1)  # the finest difference the database keeps
MOMENTS = pytest.mark.parametrize(
    "moment", [T0 - TICK, T0, T0 + TICK], ids=["just-before", "at-expiry", "just-after"]
)
Status = UnlinkRequest.Status


def _stored(status: str, **fields) -> UnlinkRequest:
    if status in (Status.APPROVED, Status.DECLINED):
        fields = {"decided_by": AccountManagerFactory(), "decided_at": T0, **fields}
    if status == Status.DECLINED:
        fields.setdefault("decision_note", "Not now.")
    return UnlinkRequestFactory(status=status, **fields)


@pytest.mark.parametrize(
    ("status", "moment", "reads"),
    [
        (Status.PENDING, T0 - TICK, Status.PENDING),
        (Status.PENDING, T0, Status.EXPIRED),
        (Status.PENDING, T0 + TICK, Status.EXPIRED),
        (Status.APPROVED, T0 + TICK, Status.APPROVED),
        (Status.DECLINED, T0 + TICK, Status.DECLINED),
        (Status.EXPIRED, T0 - TICK, Status.EXPIRED),
    ],
)
def test_it_reads_a_pending_request_past_its_expiry_as_expired(status, moment, reads):
    assert UnlinkRequest(status=status, expires_at=T0).status_at(moment) == reads


def test_it_expires_seven_days_after_it_was_made():
    made = timezone.now()
    unlink_request = UnlinkRequestFactory(created_at=made)
    assert unlink_request.expires_at == made + timedelta(days=7)
    assert unlink_request.status_at(made + timedelta(days=7) - TICK) == Status.PENDING
    assert unlink_request.status_at(made + timedelta(days=7)) == Status.EXPIRED


@pytest.mark.parametrize("status", list(Status))
@MOMENTS
def test_it_reads_the_status_in_sql_as_in_python(status, moment):
    unlink_request = _stored(status, created_at=T0 - timedelta(days=7), expires_at=T0)
    reads = unlink_request.status_at(moment)
    rows = UnlinkRequest.objects.filter(pk=unlink_request.pk)

    annotated = rows.with_current_status(moment).get()
    assert annotated.status_now == reads
    assert annotated.open_first == (0 if reads == Status.PENDING else 1)
    assert [s for s in Status if rows.with_status(s, moment).exists()] == [reads]
    assert rows.open(moment).exists() == (reads == Status.PENDING)
    # What the expiry task marks: stored as pending, reading as expired.
    assert rows.lapsed(moment).exists() == (status == Status.PENDING and reads == Status.EXPIRED)


def test_the_database_refuses_a_second_open_request_per_partner():
    partner = PartnerFactory()
    UnlinkRequestFactory(partner=partner)
    # PostgreSQL names the constraint; SQLite names the column of its unique index.
    refused = pytest.raises(IntegrityError, match=r"one_open_per_partner|partner_id")
    with refused, transaction.atomic():
        UnlinkRequestFactory(partner=partner)
    # Closed ones do not count, and another partner has its own.
    assert _stored(Status.EXPIRED, partner=partner).pk
    assert _stored(Status.DECLINED, partner=partner).pk
    assert UnlinkRequestFactory().pk


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"reason": ""}, "has_a_reason"),
        ({"kind": UnlinkRequest.Kind.UNLINK, "wanted_handle": "new.brand"}, "handle_only_for"),
        (
            {"status": Status.DECLINED, "decided_at": T0, "decision_note": ""},
            "declined_with_a_note",
        ),
        ({"status": Status.APPROVED}, "answered_by_someone"),
        ({"status": Status.PENDING, "decided_at": T0}, "answered_by_someone"),
    ],
)
def test_the_database_refuses_an_inconsistent_request(fields, constraint):
    if "decided_at" in fields and fields["status"] == Status.DECLINED:
        fields["decided_by"] = AccountManagerFactory()
    # Both SQLite and PostgreSQL name a failed check constraint.
    refused = pytest.raises(IntegrityError, match=f"linking_unlinkrequest_{constraint}")
    with refused, transaction.atomic():
        UnlinkRequestFactory(**fields)
    assert not UnlinkRequest.objects.exists()


def test_a_change_may_name_the_handle_wanted():
    change = UnlinkRequestFactory(kind=UnlinkRequest.Kind.CHANGE, wanted_handle="new.brand")
    assert change.is_change and change.wanted_handle == "new.brand"
