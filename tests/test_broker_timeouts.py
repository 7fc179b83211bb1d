"""A broker that accepts connections and never answers (a frozen Redis) costs a request one
socket timeout, not a hang: the invite answers, and its e-mail waits in the outbox until the
broker is back. (tests/faults/test_redis.py does the same with a real worker and beat.)"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail

from outbox.models import OutboxMessage
from outbox.services import outbox_flush
from partner_center.celery import app
from tests.conftest import broker_at
from tests.factories import CreatorFactory
from tests.netfaults import HungServer

pytestmark = pytest.mark.django_db(transaction=True)

INVITE = {"message": "Hi", "purpose": "distribution", "contact_email": "team@agency.example"}


def test_broker_connections_time_out_within_seconds():
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert options["socket_connect_timeout"] <= 2
    assert options["socket_timeout"] <= 2
    assert settings.CELERY_BROKER_CONNECTION_TIMEOUT <= 2
    assert settings.CELERY_TASK_PUBLISH_RETRY is False  # the outbox retries


def test_an_invite_answers_while_the_broker_hangs_and_its_mail_is_sent_later(staff_client):
    creator = CreatorFactory(user__email="mia@example.com")
    answered = {}
    with HungServer() as hung, broker_at(hung.url()):
        request = threading.Thread(
            target=lambda: answered.update(
                r=staff_client.post(f"/creators/invite/?creators={creator.code}", INVITE)
            )
        )
        request.start()
        request.join(timeout=30)  # without socket timeouts it would wait forever
        assert not request.is_alive(), "the invite hung on a broker that does not answer"
        assert hung.accepted, "the broker was never asked"
    assert answered["r"].status_code == 302
    waiting = OutboxMessage.objects.get()
    assert waiting.state == "waiting"
    assert "Timeout reading from socket" in waiting.last_error
    assert mail.outbox == []

    assert app.conf.task_always_eager  # the broker is back (tasks run in-process here)
    assert outbox_flush(min_age=timedelta(0)) == 1
    assert [m.to for m in mail.outbox] == [["mia@example.com"]]
    assert outbox_flush(min_age=timedelta(0)) == 0
