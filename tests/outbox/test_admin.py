"""The outbox in the admin: administrators see dead rows and send them again; nobody else
sees the outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linking.models import LinkSession
from outbox.models import OutboxMessage
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:outbox_outboxmessage_changelist")


@pytest.fixture
def dead():
    return OutboxMessage.objects.create(
        task_name="linking.tasks.expire_link_sessions",
        dead_at=timezone.now(),
        attempts=1,
        last_error="NotRegistered: 'linking.tasks.expire_link_sessions'",
    )


@pytest.fixture
def admin_client_():
    client = Client()
    client.force_login(factories.AccountManagerFactory(is_superuser=True))
    return client


def test_it_lists_dead_rows_with_their_error(admin_client_, dead):
    OutboxMessage.objects.create(task_name="linking.tasks.refresh_linked_profiles")
    response = admin_client_.get(CHANGELIST, {"state": "dead"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "NotRegistered" in html
    assert "refresh_linked_profiles" not in html  # waiting, not dead


def test_it_sends_a_dead_row_again(admin_client_, dead, django_capture_on_commit_callbacks):
    session = factories.LinkSessionFactory(expires_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            CHANGELIST, {"action": "retry", "_selected_action": [dead.pk]}
        )
    assert response.status_code == 302
    dead.refresh_from_db()
    assert dead.state == "sent"
    session.refresh_from_db()
    assert session.status == LinkSession.Status.EXPIRED


def test_it_leaves_sent_rows_alone(admin_client_, django_capture_on_commit_callbacks):
    sent = OutboxMessage.objects.create(task_name="t", sent_at=timezone.now(), attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_.post(CHANGELIST, {"action": "retry", "_selected_action": [sent.pk]})
    sent.refresh_from_db()
    assert (sent.state, sent.attempts) == ("sent", 1)


def test_it_is_read_only(admin_client_, dead):
    change = reverse("admin:outbox_outboxmessage_change", args=[dead.pk])
    assert admin_client_.get(change).status_code == 200
    assert admin_client_.post(change, {"task_name": "other"}).status_code == 403
    assert admin_client_.get(reverse("admin:outbox_outboxmessage_add")).status_code == 403
    delete = reverse("admin:outbox_outboxmessage_delete", args=[dead.pk])
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 403
    dead.refresh_from_db()
    assert dead.task_name == "linking.tasks.expire_link_sessions"


def test_it_hides_the_outbox_from_staff_who_are_not_administrators(dead):
    client = Client()
    client.force_login(factories.AccountManagerFactory(is_superuser=False))
    assert client.get(CHANGELIST).status_code == 403
    response = client.post(CHANGELIST, {"action": "retry", "_selected_action": [dead.pk]})
    assert response.status_code == 403
    dead.refresh_from_db()
    assert dead.state == "dead"
