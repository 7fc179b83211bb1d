"""E-mail senders racing for the same notices (the task, its retry and the sweep at once): only
PostgreSQL has the row locks to test them against."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection

from accounts.models import Notification
from accounts.notifications import notification_emails_send
from tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has no row locks and serialises all writers; run with a PostgreSQL DATABASE_URL",
    ),
]


def _race(calls) -> list:
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


def test_eight_senders_at_once_mail_each_notice_once(partner):
    staff = [factories.MembershipFactory(partner=partner).user for _ in range(5)]
    # Written as notification_send writes them, without its own task having sent them yet.
    notices = Notification.objects.bulk_create(
        Notification(
            partner=partner,
            recipient=user,
            kind=Notification.Kind.TIKTOK_LINKED,
            text="Linked.",
            by_email=True,
        )
        for user in staff
    )
    ids = [n.pk for n in notices]

    results = _race(
        [lambda: notification_emails_send(ids=ids)] * 4 + [notification_emails_send] * 4
    )

    assert all(isinstance(r, int) for r in results), results
    assert sum(results) == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in staff)
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
