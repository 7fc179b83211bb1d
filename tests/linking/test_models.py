"""A link session's expiry rule: `LinkSession.is_expired_at` in Python and
`LinkSessionQuerySet.lapsed` in SQL agree at every boundary of `expires_at`; and the sessions
the database refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from linking.models import LinkSession
from tests.factories import LinkSessionFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TICK = timedelta(microseconds=1)
Status = LinkSession.Status
Reason = LinkSession.FailureReason


@pytest.mark.parametrize(
    ("status", "moment", "expired"),
    [
        (Status.PENDING, T0 - TICK, False),
        (Status.PENDING, T0, True),
        (Status.SCANNED, T0, True),
        (Status.LINKED, T0 + TICK, False),
        (Status.FAILED, T0 + TICK, False),
    ],
)
def test_it_reads_an_open_session_past_its_time_as_expired(status, moment, expired):
    assert LinkSession(status=status, expires_at=T0).is_expired_at(moment) == expired


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize(
    "moment", [T0 - TICK, T0, T0 + TICK], ids=["just-before", "at-expiry", "just-after"]
)
def test_it_finds_lapsed_sessions_in_sql_as_in_python(status, moment):
    session = LinkSessionFactory(
        status=status,
        failure_reasons=[Reason.UNDER_18] if status == Status.FAILED else [],
        created_at=T0 - timedelta(minutes=5),
        expires_at=T0,
    )
    lapsed = LinkSession.objects.filter(pk=session.pk).lapsed(moment).exists()
    assert lapsed == session.is_expired_at(moment)


@pytest.mark.parametrize("status", LinkSession.OPEN_STATUSES)
def test_the_database_refuses_a_second_open_session(status):
    first = LinkSessionFactory(status=status)
    with pytest.raises(IntegrityError), transaction.atomic():
        LinkSessionFactory(partner=first.partner)
    finished = LinkSessionFactory(partner=first.partner, status=Status.EXPIRED)
    assert finished.pk


def test_the_database_refuses_a_failed_session_that_does_not_say_why():
    with pytest.raises(IntegrityError), transaction.atomic():
        LinkSessionFactory(status=Status.FAILED, failure_reasons=[])
    failed = LinkSessionFactory(
        status=Status.FAILED, failure_reasons=[Reason.SUSPENDED, Reason.VIOLATION_HISTORY]
    )
    failed.refresh_from_db()
    assert failed.failure_reasons == [Reason.SUSPENDED, Reason.VIOLATION_HISTORY]
    assert failed.failure_labels == [
        "The account is suspended",
        "The account has a violation history",
    ]
    # A business account alone leaves the session open with its reason.
    assert LinkSessionFactory(status=Status.SCANNED, failure_reasons=[Reason.BUSINESS_ACCOUNT])
