"""The status rule of invitations and binding requests: `Proposal.status_at` in Python and
`ProposalQuerySet` in SQL say the same thing at every boundary of `expires_at`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from creators.models import BindingRequest, Invitation, Proposal
from tests.factories import BindingRequestFactory, InvitationFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TICK = timedelta(microseconds=1)  # the finest difference the database keeps
MOMENTS = pytest.mark.parametrize(
    "moment", [T0 - TICK, T0, T0 + TICK], ids=["just-before", "at-expiry", "just-after"]
)
Status = Proposal.Status


@pytest.mark.parametrize("model", [Invitation, BindingRequest])
@pytest.mark.parametrize(
    ("status", "moment", "reads"),
    [
        (Status.PENDING, T0 - TICK, Status.PENDING),
        (Status.PENDING, T0, Status.EXPIRED),
        (Status.PENDING, T0 + TICK, Status.EXPIRED),
        (Status.ACCEPTED, T0 + TICK, Status.ACCEPTED),
        (Status.DECLINED, T0 + TICK, Status.DECLINED),
        (Status.CANCELLED, T0 + TICK, Status.CANCELLED),
        (Status.EXPIRED, T0 - TICK, Status.EXPIRED),
    ],
)
def test_it_reads_a_pending_proposal_past_its_expiry_as_expired(model, status, moment, reads):
    proposal = model(status=status, expires_at=T0)
    assert proposal.status_at(moment) == reads
    assert proposal.can_be_answered == (proposal.current_status == Status.PENDING)


@pytest.mark.parametrize("factory", [InvitationFactory, BindingRequestFactory])
@pytest.mark.parametrize("status", list(Status))
@MOMENTS
def test_it_reads_the_status_in_sql_as_in_python(factory, status, moment):
    proposal = factory(status=status, created_at=T0 - timedelta(days=7), expires_at=T0)
    reads = proposal.status_at(moment)
    rows = type(proposal).objects.filter(pk=proposal.pk)

    assert rows.with_current_status(moment).get().status_now == reads
    assert [s for s in Status if rows.with_status(s, moment).exists()] == [reads]
    assert rows.open(moment).exists() == (reads == Status.PENDING)
    assert rows.expired(moment).exists() == (reads == Status.EXPIRED)
    # What the expiry task marks: stored as pending, reading as expired.
    assert rows.lapsed(moment).exists() == (status == Status.PENDING and reads == Status.EXPIRED)
