"""Races the database must settle: only PostgreSQL has the row locks to test them against."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from linking import selectors, services
from linking.models import LinkEvent, LinkSession, LinkToken, TikTokLink, UnlinkRequest
from tests.factories import (
    MembershipFactory,
    TikTokAccountFactory,
    TikTokLinkFactory,
    UnlinkRequestFactory,
)

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
    session, token = services.link_session_start(partner=partner, started_by=staff)
    services.link_session_scan(token=token, account=account)

    results = _race([lambda: services.link_session_confirm(session=session, account=account)] * 20)

    linked = [r for r in results if isinstance(r, LinkSession)]
    assert len(linked) == 1 and linked[0].status == LinkSession.Status.LINKED
    assert all(isinstance(r, services.NotOpen) for r in results if r not in linked)
    assert TikTokLink.objects.count() == 1
    assert LinkEvent.objects.filter(event=LinkEvent.Event.LINKED).count() == 1


def test_one_account_confirming_two_partners_at_once_links_once(partner, staff, account):
    other_staff = MembershipFactory().user
    first, first_token = services.link_session_start(partner=partner, started_by=staff)
    second, second_token = services.link_session_start(
        partner=other_staff.membership.partner, started_by=other_staff
    )
    for token in (first_token, second_token):
        services.link_session_scan(token=token, account=account)

    results = _race(
        [
            lambda: services.link_session_confirm(session=first, account=account),
            lambda: services.link_session_confirm(session=second, account=account),
        ]
    )

    assert all(isinstance(r, LinkSession) for r in results), results
    assert sorted(r.status for r in results) == ["failed", "linked"]
    failed = next(r for r in results if r.status == "failed")
    assert failed.failure_reasons == [LinkSession.FailureReason.LINKED_ELSEWHERE]
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
        session, token = services.link_session_start(partner=partner, started_by=staff)
        services.link_session_scan(token=token, account=account)

        results = _race(
            [
                lambda: services.link_session_start(partner=partner, started_by=staff),
                lambda session=session, account=account: services.link_session_confirm(
                    session=session, account=account
                ),
            ]
        )

        started, confirmed = results
        # Get Started either superseded the scanned session, or found the partner linked.
        assert isinstance(started, tuple | services.AlreadyLinked), started
        # Connect Now either linked first, or found its session superseded.
        assert isinstance(confirmed, LinkSession | services.NotOpen), confirmed
        TikTokLink.objects.filter(partner=partner).delete()


def _age_current_code(session, seconds: int = 3600) -> None:
    from datetime import timedelta

    from django.utils import timezone

    LinkToken.objects.filter(session=session).update(
        created_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_twenty_pages_rotating_at_once_make_one_new_code(partner, staff):
    session, _ = services.link_session_start(partner=partner, started_by=staff)
    _age_current_code(session)

    results = _race([lambda: services.link_token_rotate(session=session)] * 20)

    assert all(isinstance(r, LinkToken) for r in results), results
    assert len({r.pk for r in results}) == 1  # every page got the same, newest code
    assert LinkToken.objects.filter(session=session).count() == 2
    assert LinkToken.objects.filter(session=session, replaced_at__isnull=True).count() == 1


def test_a_scan_racing_a_rotation_either_scans_or_is_told_the_code_was_replaced(
    partner, staff, account
):
    session, token = services.link_session_start(partner=partner, started_by=staff)
    _age_current_code(session)

    scanned, rotated = _race(
        [
            lambda: services.link_session_scan(token=token, account=account),
            lambda: services.link_token_rotate(session=session),
        ]
    )

    session.refresh_from_db()
    if isinstance(scanned, LinkSession):  # the scan went first: nothing to rotate any more
        assert rotated is None and session.status == LinkSession.Status.SCANNED
    else:
        assert isinstance(scanned, selectors.TokenReplaced), scanned
        assert isinstance(rotated, LinkToken) and session.status == LinkSession.Status.PENDING


def test_not_our_account_racing_connect_now_either_links_or_rejects(partner, staff, account):
    session, token = services.link_session_start(partner=partner, started_by=staff)
    services.link_session_scan(token=token, account=account)

    confirmed, rejected = _race(
        [
            lambda: services.link_session_confirm(session=session, account=account),
            lambda: services.link_session_reject(session=session, actor=staff),
        ]
    )

    statuses = sorted(LinkSession.objects.values_list("status", flat=True))
    if isinstance(confirmed, LinkSession):
        assert isinstance(rejected, services.NothingToReject), rejected
        assert statuses == ["linked"] and TikTokLink.objects.count() == 1
    else:
        assert isinstance(confirmed, services.NotOpen), confirmed
        assert isinstance(rejected, LinkSession), rejected
        assert statuses == ["pending", "rejected"] and not TikTokLink.objects.exists()


# --- Unlink or change requests --------------------------------------------------------------


def _unlink_request(partner, staff):
    return services.unlink_request_create(
        partner=partner, requested_by=staff, kind=UnlinkRequest.Kind.UNLINK, reason="Rebrand"
    )


def test_twenty_requests_at_once_make_one_and_explain_it_to_the_others(partner):
    TikTokLinkFactory(partner=partner)
    people = [MembershipFactory(partner=partner).user for _ in range(20)]

    results = _race([lambda user=user: _unlink_request(partner, user) for user in people])

    made = [r for r in results if isinstance(r, UnlinkRequest)]
    refused = [r for r in results if isinstance(r, services.UnlinkRequestRefused)]
    assert len(made) == 1 and len(refused) == 19, results
    assert all(str(r).startswith("You already asked on ") for r in refused)
    assert UnlinkRequest.objects.get() == made[0]


def test_the_constraint_has_the_last_word_when_a_request_skips_the_lock(partner, staff):
    """A row written without the partner's lock (a script, a future code path): the request
    waits on the one-open-request index, then explains it like any second request."""
    TikTokLinkFactory(partner=partner)
    holding, release = threading.Event(), threading.Event()
    outcome: list = []

    def sneak_in():
        from django.db import connection as thread_connection

        try:
            with transaction.atomic():
                UnlinkRequestFactory(partner=partner, requested_by=staff)
                holding.set()
                release.wait(timeout=30)
        finally:
            thread_connection.close()

    def ask():
        from django.db import connection as thread_connection

        holding.wait(timeout=30)
        try:
            outcome.append(_unlink_request(partner, staff))
        except Exception as exc:  # asserted on below
            outcome.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=sneak_in), threading.Thread(target=ask)]
    for t in threads:
        t.start()
    try:
        holding.wait(timeout=30)
        _wait_for_a_lock_wait()  # the request's insert waits for the uncommitted row
    finally:
        release.set()
        for t in threads:
            t.join(timeout=60)

    assert len(outcome) == 1 and isinstance(outcome[0], services.UnlinkRequestRefused), outcome
    assert str(outcome[0]).startswith("You already asked on ")
    assert UnlinkRequest.objects.count() == 1


def test_approve_and_decline_at_once_answer_once(partner, staff):
    link = TikTokLinkFactory(partner=partner)
    manager = partner.account_manager
    for _round in range(10):
        unlink_request = _unlink_request(partner, staff)

        results = _race(
            [
                lambda r=unlink_request: services.unlink_request_approve(
                    unlink_request=r, decided_by=manager
                ),
                lambda r=unlink_request: services.unlink_request_decline(
                    unlink_request=r, decided_by=manager, note="No"
                ),
            ]
        )

        answered = [r for r in results if isinstance(r, UnlinkRequest)]
        assert len(answered) == 1, results
        assert isinstance(
            next(r for r in results if r not in answered), services.UnlinkRequestRefused
        )
        unlink_request.refresh_from_db()
        assert unlink_request.status == answered[0].status
        linked = TikTokLink.objects.filter(partner=partner).exists()
        assert linked == (unlink_request.status == UnlinkRequest.Status.DECLINED)
        unlinks = LinkEvent.objects.filter(event=LinkEvent.Event.UNLINKED, partner=partner)
        assert unlinks.count() == (0 if linked else 1)
        unlinks.delete()
        if not linked:
            link = TikTokLinkFactory(partner=partner, tiktok_account=link.tiktok_account)
