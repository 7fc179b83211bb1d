"""Notification settings: which kinds a staff member also gets by e-mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Notification, NotificationPreference
from accounts.notifications import email_kinds_for, notification_send

pytestmark = pytest.mark.django_db
Kind = Notification.Kind
URL = reverse("accounts:notification_settings")


def test_it_shows_every_kind_unticked_at_first(staff_client, staff):
    page = staff_client.get(URL).text
    for label in Kind.labels:
        assert label in page
    assert "checked" not in page
    assert staff.email in page


def test_it_saves_the_chosen_kinds_and_shows_them_ticked(staff_client, staff):
    response = staff_client.post(
        URL, {"email_kinds": [Kind.TIKTOK_LINKED, Kind.INVITATION_ANSWERED]}, follow=True
    )
    assert response.redirect_chain == [(URL, 302)]
    assert "Your notification settings are saved." in response.text
    assert email_kinds_for(staff) == {Kind.TIKTOK_LINKED, Kind.INVITATION_ANSWERED}
    assert response.text.count("checked") == 2


def test_unticking_everything_turns_every_email_off(staff_client, staff):
    staff_client.post(URL, {"email_kinds": [Kind.TIKTOK_LINKED]})
    staff_client.post(URL, {})
    assert email_kinds_for(staff) == set()


def test_the_choice_decides_who_gets_an_email(
    staff_client, staff, partner, django_capture_on_commit_callbacks
):
    staff_client.post(URL, {"email_kinds": [Kind.BULK_INVITE_DONE]})
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(partner=partner, kind=Kind.TIKTOK_LINKED, text="Linked.")
        notification_send(partner=partner, kind=Kind.BULK_INVITE_DONE, text="Bulk done.")
    assert [m.body.count("Bulk done.") for m in mail.outbox] == [1]


def test_it_refuses_an_unknown_kind_and_saves_nothing(staff_client):
    response = staff_client.post(URL, {"email_kinds": ["tiktok_linked", "gossip"]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not NotificationPreference.objects.exists()


def test_it_warns_a_user_without_an_email_address(staff_client, staff):
    staff.email = ""
    staff.save()
    assert "no e-mail address" in staff_client.get(URL).text


def test_it_is_for_staff_only(client, creator_client, seller_client):
    assert client.get(URL).url.startswith(reverse("accounts:login"))
    assert creator_client.get(URL).status_code == 403
    assert seller_client.post(URL, {"email_kinds": ["tiktok_linked"]}).status_code == 403
    assert not NotificationPreference.objects.exists()


def test_it_answers_405_to_other_methods(staff_client):
    assert staff_client.put(URL).status_code == 405
    assert staff_client.delete(URL).status_code == 405


def test_another_agencys_staff_change_only_their_own(other_staff_client, staff, other_staff):
    other_staff_client.post(URL, {"email_kinds": [Kind.TIKTOK_LINKED]})
    assert email_kinds_for(staff) == set()
    assert email_kinds_for(other_staff) == {Kind.TIKTOK_LINKED}
