"""My Account → Team members: the main account invites members by e-mail, gives them roles,
deactivates them; the invited member sets a password through the e-mail's link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, TeamRole, User
from tests import factories

pytestmark = pytest.mark.django_db

STRONG = "a-long-new-passphrase-2026"


@pytest.fixture
def main(staff):
    return staff.membership


@pytest.fixture
def scout_role(partner):
    return factories.TeamRoleFactory(
        partner=partner, name="Creator scout", profile=False, campaigns=False, insights=False
    )


def _invite(client, role, email="nina@agency.example", **extra):
    data = {"email": email, "first_name": "Nina", "last_name": "Park", "role": role.pk, **extra}
    return client.post(reverse("accounts:team_invite"), data)


def _join_url(message) -> str:
    return re.search(r"http://\S+/team/join/\S+/", message.body).group(0)


@pytest.fixture
def invited(staff_client, scout_role, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(staff_client, scout_role)
    assert response.status_code == 302
    (message,) = mail.outbox
    return Membership.objects.get(user__email="nina@agency.example"), _join_url(message)


def _can_log_in(username: str, password: str = STRONG) -> bool:
    response = Client().post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    return response.status_code == 302


def _join(url, password=STRONG) -> Client:
    client = Client()
    response = client.post(url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302, response.content
    return client


# --- The team page ----------------------------------------------------------------------------


def test_it_lists_the_team_with_roles_and_statuses(staff_client, main, scout_role, partner):
    factories.MembershipFactory(
        partner=partner, team_role=scout_role, user__email="omar@agency.example"
    )
    page = staff_client.get(reverse("accounts:team")).text
    assert "Main account" in page and "omar@agency.example" in page
    assert "Creator scout" in page and "Active" in page


def test_it_sends_an_invitation_valid_for_120_hours(invited, scout_role):
    member, _url = invited
    assert member.status == Membership.Status.INVITED and member.team_role == scout_role
    assert not member.user.is_active and not member.user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["nina@agency.example"]
    assert "Northstar Creators" in message.subject
    assert "within 120 hours" in message.body and "Creator scout" in message.body


def test_it_refuses_an_address_that_already_has_an_account(staff_client, scout_role, creator):
    response = _invite(staff_client, scout_role, email=creator.user.email.upper())
    assert response.status_code == 400
    assert "already belongs to an account" in response.text
    assert not Membership.objects.filter(user__email__iexact=creator.user.email, is_main=False)
    assert mail.outbox == []


def test_it_refuses_a_role_of_another_agency(staff_client, other_partner):
    foreign = factories.TeamRoleFactory(partner=other_partner)
    response = _invite(staff_client, foreign)
    assert response.status_code == 400
    assert not User.objects.filter(email="nina@agency.example").exists()


def test_the_database_refuses_two_accounts_with_one_address(db):
    from django.db import IntegrityError

    factories.UserFactory(email="same@example.com")
    with pytest.raises(IntegrityError):
        factories.UserFactory(email="SAME@example.com")


def test_the_database_refuses_a_second_main_account(partner, main):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        factories.MembershipFactory(partner=partner, is_main=True, team_role=None)


# --- Joining ----------------------------------------------------------------------------------


def test_it_lets_the_invited_member_set_a_password_and_land_in_partner_center(invited):
    member, url = invited
    client = Client()
    page = client.get(url)
    assert page.status_code == 200 and "Creator scout" in page.text
    response = client.post(url, {"new_password1": STRONG, "new_password2": STRONG})
    assert response.status_code == 302 and response["Location"] == "/"
    member.refresh_from_db()
    assert member.status == Membership.Status.ACTIVE and member.user.is_active
    home = client.get("/").text
    assert "Find Creators" in home and "Insights" not in home
    # and the link has done its work
    assert Client().get(url).status_code == 404


def test_it_logs_the_new_member_in_with_their_email(invited):
    _member, url = invited
    _join(url)
    assert _can_log_in("nina@agency.example")


def test_it_refuses_a_weak_password_and_keeps_the_invitation(invited):
    member, url = invited
    response = Client().post(url, {"new_password1": "password", "new_password2": "password"})
    assert response.status_code == 400 and "too common" in response.text
    member.refresh_from_db()
    assert member.status == Membership.Status.INVITED


def test_it_says_an_invitation_expired_after_120_hours(invited):
    member, url = invited
    with time_machine.travel(timezone.now() + timedelta(hours=120, seconds=5)):
        response = Client().get(url)
        assert response.status_code == 410
        assert "has expired" in response.text and "new invitation" in response.text
        response = Client().post(url, {"new_password1": STRONG, "new_password2": STRONG})
        assert response.status_code == 410
    member.refresh_from_db()
    assert member.status == Membership.Status.INVITED


def test_it_still_accepts_the_link_just_before_120_hours(invited):
    _member, url = invited
    with time_machine.travel(timezone.now() + timedelta(hours=119, minutes=59)):
        _join(url)


def test_resending_replaces_the_link(invited, staff_client, django_capture_on_commit_callbacks):
    member, old_url = invited
    with time_machine.travel(timezone.now() + timedelta(hours=130)):
        page = staff_client.get(reverse("accounts:team_member", args=[member.code])).text
        assert "expired" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(reverse("accounts:team_member_resend", args=[member.code]))
        assert response.status_code == 302
        new_url = _join_url(mail.outbox[-1])
        assert new_url != old_url
        assert Client().get(old_url).status_code in (404, 410)
        _join(new_url)


def test_it_refuses_a_tampered_link(invited):
    _member, url = invited
    assert Client().get(url[:-3] + "xx/").status_code == 404
    assert Client().get("/team/join/not-a-token/").status_code == 404


# --- Roles and access -------------------------------------------------------------------------


def test_it_creates_a_role_and_a_change_applies_at_once(staff_client, partner, invited):
    member, url = invited
    member_client = _join(url)
    assert member_client.get(reverse("insights:index")).status_code == 403
    role = member.team_role
    response = staff_client.post(
        reverse("accounts:team_role", args=[role.code]),
        {"name": "Creator scout", "modules": ["find_creators", "insights"]},
    )
    assert response.status_code == 302
    assert member_client.get(reverse("insights:index")).status_code == 200
    assert member_client.get(reverse("creators:partnerships")).status_code == 403


def test_it_refuses_a_duplicate_role_name(staff_client, scout_role):
    response = staff_client.post(
        reverse("accounts:team_role_new"), {"name": "creator SCOUT", "modules": ["insights"]}
    )
    assert response.status_code == 400 and "already has a role" in response.text
    assert TeamRole.objects.filter(name__iexact="creator scout").count() == 1


def test_it_refuses_an_unknown_module(staff_client):
    response = staff_client.post(
        reverse("accounts:team_role_new"), {"name": "Boss", "modules": ["team"]}
    )
    assert response.status_code == 400
    assert not TeamRole.objects.filter(name="Boss").exists()


def test_it_changes_a_members_role(staff_client, invited, partner):
    member, _url = invited
    analyst = factories.TeamRoleFactory(partner=partner, name="Analyst")
    response = staff_client.post(
        reverse("accounts:team_member", args=[member.code]), {"role": analyst.pk}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.team_role == analyst


def test_it_keeps_a_role_members_hold(staff_client, scout_role, invited):
    response = staff_client.post(reverse("accounts:team_role_delete", args=[scout_role.code]))
    assert response.status_code == 302
    assert TeamRole.objects.filter(pk=scout_role.pk).exists()
    assert "give them another one first" in staff_client.get(response["Location"]).text


def test_it_deletes_an_unused_role(staff_client, partner):
    role = factories.TeamRoleFactory(partner=partner)
    staff_client.post(reverse("accounts:team_role_delete", args=[role.code]))
    assert not TeamRole.objects.filter(pk=role.pk).exists()


def test_deactivating_ends_the_members_session_at_once(staff_client, invited):
    member, url = invited
    member_client = _join(url)
    assert member_client.get(reverse("creators:find")).status_code == 200
    response = staff_client.post(reverse("accounts:team_member_deactivate", args=[member.code]))
    assert response.status_code == 302
    after = member_client.get(reverse("creators:find"))
    assert after.status_code == 302 and after["Location"].startswith("/login/")
    assert not _can_log_in("nina@agency.example")
    staff_client.post(reverse("accounts:team_member_reactivate", args=[member.code]))
    assert _can_log_in("nina@agency.example")


def test_a_deactivated_invitation_cannot_be_accepted(staff_client, invited):
    member, url = invited
    staff_client.post(reverse("accounts:team_member_deactivate", args=[member.code]))
    assert Client().get(url).status_code == 404
    staff_client.post(reverse("accounts:team_member_reactivate", args=[member.code]))
    _join(url)  # withdrawn, then given back: the same link works again


def test_members_do_not_see_or_reach_the_team(invited, partner):
    member, url = invited
    client = _join(url)
    assert "Team members" not in client.get("/").text
    for name, args in [
        ("accounts:team", []),
        ("accounts:team_role_new", []),
        ("accounts:team_member", [member.code]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 403
        assert "Only the main account" in response.text


def test_another_agencys_main_account_gets_404_on_our_team(other_staff_client, invited, scout_role):
    member, _url = invited
    for name, code in [
        ("accounts:team_member", member.code),
        ("accounts:team_member_deactivate", member.code),
        ("accounts:team_member_reactivate", member.code),
        ("accounts:team_member_resend", member.code),
        ("accounts:team_role", scout_role.code),
        ("accounts:team_role_delete", scout_role.code),
    ]:
        assert other_staff_client.post(reverse(name, args=[code])).status_code == 404
    member.refresh_from_db()
    assert member.status == Membership.Status.INVITED


def test_the_main_account_cannot_be_changed_from_the_team_page(staff_client, main):
    url = reverse("accounts:team_member_deactivate", args=[main.code])
    assert staff_client.post(url).status_code == 404
    main.refresh_from_db()
    assert main.is_active


def test_the_403_for_htmx_is_a_fragment_for_the_main_area(invited):
    _member, url = invited
    client = _join(url)
    response = client.get(reverse("insights:index"), headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#main" and "<html" not in response.text
    assert "does not include Insights" in response.text


def test_it_says_why_there_is_nothing_to_resend(staff_client, invited):
    member, url = invited
    _join(url)
    resend = reverse("accounts:team_member_resend", args=[member.code])
    page = staff_client.get(staff_client.post(resend)["Location"]).text
    assert "has already joined; there is nothing to resend" in page
    staff_client.post(reverse("accounts:team_member_deactivate", args=[member.code]))
    page = staff_client.get(staff_client.post(resend)["Location"]).text
    assert "reactivate them to send the invitation again" in page
    assert len(mail.outbox) == 1  # only the first invitation
