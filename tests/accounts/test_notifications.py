"""accounts.notifications: a notice reaches every staff member of its agency, each with their
own read state, and by e-mail exactly once to those who asked for that kind."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import IntegrityError, transaction

from accounts import notifications, tasks
from accounts.models import Notification, NotificationPreference
from accounts.notifications import (
    notification_emails_send,
    notification_mark_read,
    notification_preferences_set,
    notification_send,
    notifications_mark_all_read,
)
from accounts.selectors import unread_count
from partner_center.celery import app as celery_app
from tests import factories

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


def _send(partner, kind=Kind.TIKTOK_LINKED, **kwargs):
    return notification_send(
        partner=partner, kind=kind, text="@north.hq was linked.", url="/account/profile/", **kwargs
    )


@pytest.fixture
def colleague(partner):
    return factories.MembershipFactory(partner=partner, user__username="colleague").user


def test_it_tells_every_active_staff_member_of_the_agency_and_no_one_else(
    partner, staff, colleague, other_staff
):
    factories.MembershipFactory(partner=partner, user__is_active=False)
    _send(partner)
    assert sorted(n.recipient.username for n in Notification.objects.all()) == [
        "colleague",
        "staff",
    ]
    assert unread_count(user=staff, partner=partner) == 1
    assert unread_count(user=other_staff, partner=other_staff.membership.partner) == 0


def test_it_can_tell_only_some_of_the_staff_but_never_outsiders(partner, staff, other_staff):
    _send(partner, recipients=[staff, other_staff])
    assert [n.recipient for n in Notification.objects.all()] == [staff]


def test_it_gives_each_staff_member_their_own_read_state(partner, staff, colleague):
    mine, _theirs = sorted(_send(partner), key=lambda n: n.recipient.username != "staff")
    notification_mark_read(notification=mine)
    assert unread_count(user=staff, partner=partner) == 0
    assert unread_count(user=colleague, partner=partner) == 1


def test_it_keeps_the_first_read_time_when_read_twice(partner, staff):
    (notice,) = _send(partner)
    first = notification_mark_read(notification=notice).read_at
    notice.refresh_from_db()
    assert notification_mark_read(notification=notice).read_at == first


def test_it_marks_all_of_a_users_notices_read_and_only_theirs(partner, staff, colleague):
    _send(partner)
    _send(partner, kind=Kind.BULK_INVITE_DONE)
    assert notifications_mark_all_read(user=staff, partner=partner) == 2
    assert notifications_mark_all_read(user=staff, partner=partner) == 0
    assert unread_count(user=colleague, partner=partner) == 2


def test_it_refuses_a_link_off_the_site(partner, staff):
    with pytest.raises(IntegrityError):
        notification_send(partner=partner, kind=Kind.TIKTOK_LINKED, text="x", url="//evil.example")


def test_the_unread_count_is_one_query(partner, staff, django_assert_num_queries):
    for _ in range(3):
        _send(partner)
    with django_assert_num_queries(1):
        assert unread_count(user=staff, partner=partner) == 3


# --- E-mail ---------------------------------------------------------------------------------


def test_it_emails_only_the_kinds_a_user_chose(
    partner, staff, colleague, settings, django_capture_on_commit_callbacks
):
    notification_preferences_set(user=staff, email_kinds=[Kind.TIKTOK_LINKED])
    with django_capture_on_commit_callbacks(execute=True):
        _send(partner)
        _send(partner, kind=Kind.BULK_INVITE_DONE)
    assert [m.to for m in mail.outbox] == [[staff.email]]
    (message,) = mail.outbox
    assert "TikTok account linked" in message.subject and partner.name in message.subject
    assert "@north.hq was linked." in message.body
    assert f"{settings.SITE_URL}/account/profile/" in message.body
    assert "/notifications/settings/" in message.body
    assert Notification.objects.get(recipient=staff, kind=Kind.TIKTOK_LINKED).emailed_at


def test_it_never_emails_a_user_without_an_address(
    partner, staff, django_capture_on_commit_callbacks
):
    staff.email = ""
    staff.save()
    notification_preferences_set(user=staff, email_kinds=Kind.values)
    with django_capture_on_commit_callbacks(execute=True):
        _send(partner)
    assert mail.outbox == []
    assert Notification.objects.get().by_email is False


def test_running_the_email_task_twice_sends_one_email(
    partner, staff, django_capture_on_commit_callbacks
):
    notification_preferences_set(user=staff, email_kinds=[Kind.TIKTOK_LINKED])
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = _send(partner)
    assert notification_emails_send(ids=[notice.pk]) == 0
    assert notification_emails_send() == 0  # the sweep finds nothing left either
    assert len(mail.outbox) == 1


class RefusingOnce(EmailBackend):
    """A mail server that refuses the first message it is given, then accepts."""

    refused = 0

    def send_messages(self, messages):
        if RefusingOnce.refused == 0:
            RefusingOnce.refused += 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def _errors_stay_in_the_task():
    """As in a worker, a task's error ends up in its result instead of the caller's lap (tests
    otherwise propagate errors of tasks run in-process)."""
    saved = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = saved


def _email_task_as_a_worker_runs_it(ids):
    """The e-mail task with its retries, in-process: apply() retries at once where a worker
    would wait (retry_backoff)."""
    return tasks.email_notifications.apply(kwargs={"ids": ids})


@pytest.mark.usefixtures("_errors_stay_in_the_task")
def test_an_smtp_error_is_retried_and_the_email_arrives_once(partner, staff, colleague, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingOnce"}}
    RefusingOnce.refused = 0
    for user in (staff, colleague):
        notification_preferences_set(user=user, email_kinds=[Kind.TIKTOK_LINKED])
    notices = _send(partner)
    result = _email_task_as_a_worker_runs_it([n.pk for n in notices])
    assert result.successful()
    assert RefusingOnce.refused == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff.email, colleague.email])
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


class Refusing(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({})


@pytest.mark.usefixtures("_errors_stay_in_the_task")
def test_the_sweep_sends_what_the_task_gave_up_on(partner, staff, settings):
    notification_preferences_set(user=staff, email_kinds=[Kind.TIKTOK_LINKED])
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.Refusing"}}
    (notice,) = _send(partner)
    assert _email_task_as_a_worker_runs_it([notice.pk]).failed()  # refused on every retry
    notice.refresh_from_db()
    assert notice.emailed_at is None and mail.outbox == []

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert tasks.email_unsent_notifications.apply().get() == 1
    assert notification_emails_send() == 0
    assert len(mail.outbox) == 1


class RefusingOneAddress(EmailBackend):
    address = ""

    def send_messages(self, messages):
        if messages[0].to == [RefusingOneAddress.address]:
            raise smtplib.SMTPRecipientsRefused({self.address: (550, b"No such user")})
        return super().send_messages(messages)


def test_one_refused_address_does_not_hold_back_the_others(partner, staff, colleague, settings):
    RefusingOneAddress.address = staff.email
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingOneAddress"}}
    for user in (staff, colleague):
        NotificationPreference.objects.create(user=user, kind=Kind.TIKTOK_LINKED, by_email=True)
    _send(partner)  # on-commit callbacks do not run in this test: nothing is mailed yet
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        notification_emails_send()
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    assert Notification.objects.get(recipient=colleague).emailed_at is not None
    assert Notification.objects.get(recipient=staff).emailed_at is None


# --- Preferences ----------------------------------------------------------------------------


def test_it_saves_preferences_one_row_per_kind(staff):
    notification_preferences_set(user=staff, email_kinds=[Kind.TIKTOK_LINKED])
    notification_preferences_set(user=staff, email_kinds=[Kind.BULK_INVITE_DONE])
    assert NotificationPreference.objects.filter(user=staff).count() == len(Kind.values)
    assert notifications.email_kinds_for(staff) == {Kind.BULK_INVITE_DONE}


def test_it_refuses_an_unknown_kind_and_saves_nothing(staff):
    with pytest.raises(ValueError, match="Unknown notification kinds"):
        notification_preferences_set(user=staff, email_kinds=["tiktok_linked", "gossip"])
    assert not NotificationPreference.objects.exists()


def test_the_database_keeps_one_preference_per_user_and_kind(staff):
    NotificationPreference.objects.create(user=staff, kind=Kind.TIKTOK_LINKED)
    with pytest.raises(IntegrityError), transaction.atomic():
        NotificationPreference.objects.create(user=staff, kind=Kind.TIKTOK_LINKED, by_email=True)


def test_beat_sweeps_unsent_emails(settings):
    tasks_by_beat = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks.email_unsent_notifications.name in tasks_by_beat


def test_it_tells_only_the_members_whose_role_covers_the_notice(partner, staff):
    scout = factories.TeamRoleFactory(partner=partner, profile=False, insights=False)
    analyst = factories.TeamRoleFactory(
        partner=partner, profile=False, find_creators=False, partnerships=False
    )
    scout_user = factories.MembershipFactory(partner=partner, team_role=scout).user
    analyst_user = factories.MembershipFactory(partner=partner, team_role=analyst).user
    notification_send(partner=partner, kind=Kind.INVITATION_ANSWERED, text="Mia said yes.")
    notification_send(partner=partner, kind=Kind.TIKTOK_LINKED, text="@north.hq was linked.")
    told = {(n.recipient_id, n.kind) for n in Notification.objects.filter(partner=partner)}
    assert told == {
        (staff.pk, Kind.INVITATION_ANSWERED),
        (staff.pk, Kind.TIKTOK_LINKED),
        (scout_user.pk, Kind.INVITATION_ANSWERED),
    }
    assert analyst_user.pk not in {pk for pk, _ in told}
