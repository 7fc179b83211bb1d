from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from creators import services
from creators.models import Invitation, Outreach
from tests import factories

from .conftest import make_creators

pytestmark = pytest.mark.django_db
URL = reverse("creators:invite")
VALID = {
    "purpose": "distribution",
    "message": "Let's collaborate",
    "contact_whatsapp": "+1 415 555 0100",
    "attach_profile": "on",
}


def _url(creators) -> str:
    return f"{URL}?{urlencode([('creators', c.code) for c in creators])}"


def test_it_shows_the_selection_with_the_profile_checked_when_linked(staff_client, link):
    creators = make_creators(2)
    response = staff_client.get(_url(creators))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 creators selected" in html
    assert f"@{creators[0].tiktok_account.handle}" in html
    assert 'name="attach_profile" id="id_attach_profile" checked' in html
    assert "@northstar.official" in html


def test_it_disables_the_profile_and_offers_linking_when_unlinked(staff_client):
    html = staff_client.get(_url(make_creators(1))).content.decode()
    assert 'id="id_attach_profile" disabled' in html
    assert "Link TikTok Account" in html


def test_it_invites_the_selected_creators(staff_client, partner, link):
    creators = make_creators(3)
    response = staff_client.post(_url(creators), VALID, follow=True)
    assert response.redirect_chain[-1][0] == reverse("creators:find")
    assert '<p class="message message-success">Invited 3 creators.</p>' in response.text
    invitations = Invitation.objects.filter(partner=partner)
    assert invitations.count() == 3
    assert all(i.attach_profile for i in invitations)


def test_it_returns_to_find_creators_with_its_filters_and_page(staff_client):
    query = urlencode(
        [("creators", make_creators(1)[0].code), ("from", "category=pets&q=mi&page=2")]
    )
    response = staff_client.post(f"{URL}?{query}", VALID)
    assert response["Location"] == reverse("creators:find") + "?category=pets&q=mi&page=2"


def test_it_keeps_only_find_creators_own_filters_in_the_way_back(staff_client):
    query = urlencode([("creators", make_creators(1)[0].code), ("from", "q=mi&next=//evil&x=1")])
    assert staff_client.post(f"{URL}?{query}", VALID)["Location"] == (
        reverse("creators:find") + "?q=mi"
    )


def test_its_way_back_to_find_creators_keeps_the_filters(staff_client):
    query = urlencode([("creators", make_creators(1)[0].code), ("from", "category=pets&page=2")])
    html = staff_client.get(f"{URL}?{query}").content.decode()
    assert (
        f'<a href="{reverse("creators:find")}?category=pets&amp;page=2">← Find Creators</a>' in html
    )


def test_it_says_one_in_the_singular(staff_client):
    response = staff_client.post(_url(make_creators(1)), VALID, follow=True)
    assert '<p class="message message-success">Invited 1 creator.</p>' in response.text


def test_it_warns_naming_who_was_skipped_and_why(staff_client, partner):
    creators = [factories.CreatorFactory(tiktok_account__handle=h) for h in ("mia", "kofi")]
    factories.InvitationFactory(partner=partner, creator=creators[0])
    response = staff_client.post(_url(creators), VALID, follow=True)
    assert '<p class="message message-success">Invited 1 creator.</p>' in response.text
    assert (
        '<p class="message message-warning">'
        "Skipped @mia: already invited, not answered yet.</p>" in response.text
    )


def test_it_sends_nothing_as_a_warning_not_a_success(staff_client, partner):
    creators = [factories.CreatorFactory(tiktok_account__handle=h) for h in ("mia", "kofi")]
    for creator in creators:
        factories.InvitationFactory(partner=partner, creator=creator)
    response = staff_client.post(_url(creators), VALID, follow=True)
    assert "message-success" not in response.text
    assert (
        '<p class="message message-warning">No invitations were sent. '
        "Skipped @kofi, @mia: already invited, not answered yet.</p>" in response.text
    )


def test_it_warns_of_creators_gone_from_the_directory(staff_client, monkeypatch):
    # A creator deleted between choosing and sending.
    gone = services.SendResult(sent=1, skipped=0, failed=2)
    monkeypatch.setattr(services, "invitations_send", lambda **_: gone)
    response = staff_client.post(_url(make_creators(3)), VALID, follow=True)
    assert '<p class="message message-success">Invited 1 creator.</p>' in response.text
    assert (
        '<p class="message message-warning">'
        "2 creators are no longer in the directory.</p>" in response.text
    )


def test_it_names_ten_skipped_creators_and_counts_the_rest(staff_client, partner):
    creators = [factories.CreatorFactory(tiktok_account__handle=f"c{i:02}") for i in range(12)]
    for creator in creators:
        factories.InvitationFactory(partner=partner, creator=creator)
    response = staff_client.post(_url(creators), VALID, follow=True)
    named = ", ".join(f"@c{i:02}" for i in range(10))
    assert f"Skipped {named} and 2 more: already invited" in response.text


def test_a_crafted_post_cannot_attach_a_profile_while_unlinked(staff_client):
    staff_client.post(_url(make_creators(1)), VALID)
    assert not Invitation.objects.get().attach_profile


def test_it_selects_all_on_one_page_of_a_query(staff_client, partner):
    pets = make_creators(5, category="pets")
    make_creators(2, category="toys")
    query = urlencode({"page_of": "category=pets&sort=newest&per_page=20&page=1"})
    staff_client.post(f"{URL}?{query}", VALID)
    invited = {i.creator_id for i in Invitation.objects.filter(partner=partner)}
    assert invited == {c.pk for c in pets}
    staff_client.post(f"{URL}?{urlencode({'page_of': 'category=toys&page=2'})}", VALID)
    assert Invitation.objects.count() == 5  # page 2 of the toys is empty


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("purpose", "", "This field is required"),
        ("purpose", "collaboration", "Select a valid choice"),
        ("message", "word " * 501, "at most 500 words (it has 501)"),
        ("message", "x" * 50_000, "at most 5000 characters"),
        ("contact_whatsapp", "", "at least one way to contact you"),
        ("contact_whatsapp", "call me", "Enter a phone number of 7 to 15 digits"),
        ("contact_whatsapp", "+1 234", "Enter a phone number of 7 to 15 digits"),
        ("contact_whatsapp", "1" * 16, "Enter a phone number of 7 to 15 digits"),
    ],
)
def test_it_rejects_bad_input_and_saves_nothing(staff_client, field, value, error):
    response = staff_client.post(_url(make_creators(2)), {**VALID, field: value})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["", "creators=not-a-uuid", "creators=6f1c1d7e-0000-4000-8000-000000000000"],
)
def test_it_explains_an_empty_or_broken_selection(staff_client, query):
    response = staff_client.post(f"{URL}?{query}", VALID)
    assert response.status_code == 400
    assert b"choose creators again" in response.content or b"at least one creator" in (
        response.content
    )
    assert not Invitation.objects.exists()


def test_it_keeps_what_was_typed_across_the_link_flow(staff_client):
    creators = make_creators(2)
    url = _url(creators)
    response = staff_client.post(url, {**VALID, "message": "Hello there", "_link_tiktok": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("linking:start"))
    assert "next=%2Fcreators%2Finvite%2F%3Fcreators%3D" in response["Location"]
    assert not Invitation.objects.exists()
    back = staff_client.get(url).content.decode()
    assert "Hello there" in back
    assert 'value="+1 415 555 0100"' in back
    assert "2 creators selected" in back


def test_more_than_a_hundred_become_an_outreach_that_sends_today_s_hundred(
    staff_client, partner, django_capture_on_commit_callbacks
):
    factories.CreatorFactory.create_batch(101, category="pets")
    query = urlencode({"match": "category=pets"})
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"{URL}?{query}", VALID)
    outreach = Outreach.objects.get()
    assert response["Location"] == reverse("creators:outreach", args=[outreach.code])
    outreach.refresh_from_db()
    assert (outreach.total, outreach.sent, outreach.status) == (101, 100, "active")
    assert Invitation.objects.filter(partner=partner).count() == 100


def test_it_invites_a_hundred_at_once(staff_client, partner):
    factories.CreatorFactory.create_batch(100, category="pets")
    query = urlencode({"match": "category=pets"})
    response = staff_client.post(f"{URL}?{query}", VALID, follow=True)
    assert response.redirect_chain[-1][0] == reverse("creators:find")
    assert b"Invited 100 creators." in response.content
    assert not Outreach.objects.exists()
    assert Invitation.objects.filter(partner=partner).count() == 100


@pytest.mark.parametrize(("count", "outreach"), [(100, False), (101, True)])
def test_it_says_when_the_invitations_become_an_outreach(staff_client, count, outreach):
    factories.CreatorFactory.create_batch(count, category="pets")
    response = staff_client.get(f"{URL}?{urlencode({'match': 'category=pets'})}")
    html = response.content.decode()
    assert f"{count} creators selected" in html
    note = "sending makes an <strong>outreach</strong>"
    assert (note in html) == outreach


def test_a_form_submitted_twice_makes_one_outreach(staff_client, partner):
    factories.CreatorFactory.create_batch(101, category="pets")
    url = f"{URL}?{urlencode({'match': 'category=pets'})}"
    form = staff_client.get(url).content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', form).group(1)

    first = staff_client.post(url, {**VALID, "idempotency_key": key})
    second = staff_client.post(url, {**VALID, "idempotency_key": key})

    outreach = Outreach.objects.get()
    assert (
        first["Location"]
        == second["Location"]
        == reverse("creators:outreach", args=[outreach.code])
    )
    # Drawn again, the form is a new submission: a new key, a new outreach.
    assert key not in staff_client.get(url).content.decode()


def test_it_explains_a_tampered_submission_key(staff_client):
    response = staff_client.post(_url(make_creators(1)), {**VALID, "idempotency_key": "x"})
    assert response.status_code == 400
    assert b"This form is out of date: reload the page and send it again." in response.content
    assert not Invitation.objects.exists()


def test_it_selects_every_creator_matching_the_filters(staff_client):
    make_creators(3, category="pets")
    make_creators(2, category="toys")
    response = staff_client.get(f"{URL}?{urlencode({'match': 'category=pets'})}")
    assert b"3 creators selected (every creator matching your filters)" in response.content


def test_it_sends_strangers_away(client, creator_client, seller_client):
    url = _url(make_creators(1))
    assert client.get(url).status_code == 302
    assert creator_client.post(url, VALID).status_code == 403
    assert seller_client.post(url, VALID).status_code == 403
    assert not Invitation.objects.exists()


def test_it_refuses_other_methods(staff_client):
    assert staff_client.put(URL).status_code == 405
