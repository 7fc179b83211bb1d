"""Races the database must settle: only PostgreSQL has the row locks to test them against."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from linking import services
from linking.models import LinkEvent, LinkSession, TikTokLink
from tests.factories import MembershipFactory, TikTokAccountFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has no row locks and serialises all writers; run with a PostgreSQL DATABASE_URL",
    ),
]


def _race(calls) -> list:
    """Run `calls` at the same moment, each in its own thread with its own connection."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # collected and asserted on below
            results[i] = exc
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_twenty_confirmations_of_one_session_link_once(partner, staff, account):
    _session, token = services.link_session_start(partner=partner, started_by=staff)
    services.link_session_scan(token=token, account=account)

    results = _race([lambda: services.link_session_confirm(token=token, account=account)] * 20)

    linked = [r for r in results if isinstance(r, LinkSession)]
    assert len(linked) == 1 and linked[0].status == LinkSession.Status.LINKED
    assert all(isinstance(r, services.InvalidToken) for r in results if r not in linked)
    assert TikTokLink.objects.count() == 1
    assert LinkEvent.objects.filter(event=LinkEvent.Event.LINKED).count() == 1


def test_one_account_confirming_two_partners_at_once_links_once(partner, staff, account):
    other_staff = MembershipFactory().user
    _first, first_token = services.link_session_start(partner=partner, started_by=staff)
    _second, second_token = services.link_session_start(
        partner=other_staff.membership.partner, started_by=other_staff
    )
    for token in (first_token, second_token):
        services.link_session_scan(token=token, account=account)

    results = _race(
        [
            lambda: services.link_session_confirm(token=first_token, account=account),
            lambda: services.link_session_confirm(token=second_token, account=account),
        ]
    )

    assert all(isinstance(r, LinkSession) for r in results), results
    assert sorted(r.status for r in results) == ["failed", "linked"]
    failed = next(r for r in results if r.status == "failed")
    assert failed.failure_reason == LinkSession.FailureReason.AFFILIATED
    assert TikTokLink.objects.filter(tiktok_account=account).count() == 1
    assert LinkEvent.objects.filter(event=LinkEvent.Event.FAILED, session=failed).exists()


def _wait_for_a_lock_wait(timeout: float = 10) -> None:
    """Until another connection waits for a row lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("Nothing waited for a lock")


def test_a_link_made_while_a_start_waits_means_no_new_session(partner, staff, account):
    session, token = services.link_session_start(partner=partner, started_by=staff)
    services.link_session_scan(token=token, account=account)
    holding, release = threading.Event(), threading.Event()
    outcome: list = []

    def connect_now():
        # What Connect Now does, held open between its link and its commit.
        from django.db import connection as thread_connection

        try:
            with transaction.atomic():
                LinkSession.objects.select_for_update().get(pk=session.pk)
                TikTokLink.objects.create(
                    partner=partner, tiktok_account=account, linked_by=staff, session=session
                )
                LinkSession.objects.filter(pk=session.pk).update(status=LinkSession.Status.LINKED)
                holding.set()
                release.wait(timeout=30)
        finally:
            thread_connection.close()

    def get_started():
        from django.db import connection as thread_connection

        holding.wait(timeout=30)
        try:
            outcome.append(services.link_session_start(partner=partner, started_by=staff))
        except Exception as exc:  # asserted on below
            outcome.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=connect_now), threading.Thread(target=get_started)]
    for t in threads:
        t.start()
    try:
        holding.wait(timeout=30)
        _wait_for_a_lock_wait()  # Get Started waits for the session Connect Now holds
    finally:
        release.set()
        for t in threads:
            t.join(timeout=60)

    assert len(outcome) == 1 and isinstance(outcome[0], services.AlreadyLinked), outcome
    assert list(LinkSession.objects.values_list("status", flat=True)) == ["linked"]


def test_get_started_racing_connect_now_never_deadlocks(partner, staff):
    """Get Started locks the partner, then its open session; Connect Now locked the session
    and the partner in one statement, the other way round. Both now lock in one order."""
    for round_ in range(25):
        account = TikTokAccountFactory(handle=f"race.{round_}")
        _session, token = services.link_session_start(partner=partner, started_by=staff)
        services.link_session_scan(token=token, account=account)

        results = _race(
            [
                lambda: services.link_session_start(partner=partner, started_by=staff),
                lambda token=token, account=account: services.link_session_confirm(
                    token=token, account=account
                ),
            ]
        )

        started, confirmed = results
        # Get Started either superseded the scanned session, or found the partner linked.
        assert isinstance(started, tuple | services.AlreadyLinked), started
        # Connect Now either linked first, or found its session superseded.
        assert isinstance(confirmed, LinkSession | services.InvalidToken), confirmed
        TikTokLink.objects.filter(partner=partner).delete()
