"""The transactional outbox: a task is written with the change that needs it, sent right after
the commit, and whatever that misses — the broker was down, the process died — is sent by the
sweep, once; a row that can never be sent is marked dead and does not hold up the others."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from linking.models import LinkSession
from linking.tasks import expire_link_sessions
from outbox.models import OutboxMessage
from outbox.services import outbox_flush, outbox_message_send, outbox_prune
from partner_center.celery import app
from partner_center.queue import enqueue_on_commit
from tests.factories import LinkSessionFactory

pytestmark = pytest.mark.django_db

RUNS: list[int] = []


@app.task(name="tests.outbox.record")
def record(n: int) -> None:
    RUNS.append(n)


@pytest.fixture(autouse=True)
def _no_runs():
    RUNS.clear()


def _old(**fields) -> OutboxMessage:
    """A row the fast path missed a while ago."""
    fields.setdefault("created_at", timezone.now() - timedelta(minutes=1))
    return OutboxMessage.objects.create(**fields)


def test_it_writes_the_task_in_the_changes_transaction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_on_commit(record, n=1)
        message = OutboxMessage.objects.get()  # before the commit, with the change
    assert (message.task_name, message.kwargs, message.state) == (
        "tests.outbox.record",
        {"n": 1},
        "waiting",
    )
    assert len(callbacks) == 1
    assert RUNS == []  # nothing is sent before the commit


def test_it_is_rolled_back_with_the_change():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(record, n=1)
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()


def test_it_sends_right_after_the_commit(django_capture_on_commit_callbacks):
    session = LinkSessionFactory(expires_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(expire_link_sessions)
    message = OutboxMessage.objects.get()
    assert (message.state, message.attempts) == ("sent", 1)
    session.refresh_from_db()
    assert session.status == LinkSession.Status.EXPIRED  # tasks run in-process here


@pytest.mark.django_db(transaction=True)
def test_the_sweep_sends_once_what_a_process_that_died_after_the_commit_did_not(monkeypatch):
    def process_dies(**kwargs):
        raise SystemExit("killed between the commit and the send")

    monkeypatch.setattr("outbox.services.outbox_message_send", process_dies)
    with pytest.raises(SystemExit), transaction.atomic():
        enqueue_on_commit(record, n=7)
    monkeypatch.undo()
    assert OutboxMessage.objects.get().state == "waiting"  # committed, not sent
    assert RUNS == []

    assert outbox_flush() == 0  # the sweep leaves young rows to the fast path...
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(seconds=6))
    assert outbox_flush() == 1  # ...and sends them once they are a few seconds old
    assert outbox_flush() == 0
    assert outbox_message_send(message_id=OutboxMessage.objects.get().pk) is None
    assert RUNS == [7]


def test_it_marks_a_poison_row_dead_and_sends_the_good_ones_around_it_once():
    _old(task_name="tests.outbox.record", kwargs={"n": 1})
    poison = _old(task_name="shop.tasks.gone_since_the_last_deploy", kwargs={})
    bad_arguments = _old(task_name="tests.outbox.record", kwargs={"count": 2})
    _old(task_name="tests.outbox.record", kwargs={"n": 3})

    assert outbox_flush() == 2
    assert outbox_flush() == 0
    assert RUNS == [1, 3]
    poison.refresh_from_db()
    assert poison.state == "dead"
    assert "NotRegistered" in poison.last_error
    assert "shop.tasks.gone_since_the_last_deploy" in poison.last_error
    bad_arguments.refresh_from_db()
    assert bad_arguments.state == "dead"
    assert "TypeError" in bad_arguments.last_error


def test_it_keeps_a_task_the_broker_could_not_take(django_capture_on_commit_callbacks, broker_down):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(expire_link_sessions)
    message = OutboxMessage.objects.get()
    assert (message.state, message.attempts) == ("waiting", 1)
    assert "OperationalError" in message.last_error

    assert outbox_flush(min_age=timedelta(0)) == 0  # still down: kept, not lost
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("waiting", 2)


def test_the_sweep_stops_at_a_broker_failure_and_keeps_every_row(broker_down):
    first = _old(task_name="linking.tasks.expire_link_sessions")
    second = _old(task_name="linking.tasks.expire_link_sessions")
    assert outbox_flush() == 0
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.attempts) == ("waiting", 1)
    assert (second.state, second.attempts) == ("waiting", 0)  # not tried: the broker is down


def test_it_sends_what_was_kept_once_the_broker_is_back():
    session = LinkSessionFactory(expires_at=timezone.now() - timedelta(seconds=1))
    _old(task_name="linking.tasks.expire_link_sessions", attempts=3, last_error="down")

    assert outbox_flush() == 1
    session.refresh_from_db()
    assert session.status == LinkSession.Status.EXPIRED
    assert OutboxMessage.objects.get().state == "sent"
    assert outbox_flush() == 0  # sent once


def test_it_prunes_rows_sent_over_a_week_ago():
    now = timezone.now()
    old_sent = _old(task_name="t", sent_at=now - timedelta(days=8))
    recent_sent = _old(task_name="t", sent_at=now - timedelta(days=6))
    old_waiting = _old(task_name="t", created_at=now - timedelta(days=30))
    old_dead = _old(task_name="t", dead_at=now - timedelta(days=30))

    assert outbox_prune() == 1
    left = set(OutboxMessage.objects.values_list("pk", flat=True))
    assert left == {recent_sent.pk, old_waiting.pk, old_dead.pk}
    assert old_sent.pk not in left


def test_the_database_refuses_a_row_both_sent_and_dead():
    from django.db import IntegrityError

    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboxMessage.objects.create(task_name="t", sent_at=now, dead_at=now)
