from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.agency_profile import LOGO_SIDE, sharing_choices
from accounts.models import ProfileSharing
from tests.factories import MembershipFactory, TeamRoleFactory

pytestmark = pytest.mark.django_db
URL = reverse("linking:agency_profile_edit")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(side: int = 600) -> SimpleUploadedFile:
    out = BytesIO()
    Image.new("RGB", (side, side // 2), "teal").save(out, format="PNG")
    return SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")


def post(client, **extra):
    data = {
        "name": "Northstar Studio",
        "contact_email": "hello@northstar.example",
        "website": "https://northstar.example",
        "share_CAP_US": "on",
        **extra,
    }
    return client.post(URL, data)


def test_it_defaults_to_sharing_cap_and_not_tap(partner):
    assert sharing_choices(partner) == {("CAP", "US"): True, ("TAP", "US"): False}


def test_it_saves_the_basics_a_resized_logo_and_the_sharing_choices(staff_client, partner):
    response = post(staff_client, logo=png(), share_TAP_US="on")
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name == "Northstar Studio"
    assert partner.contact_email == "hello@northstar.example"
    assert partner.website == "https://northstar.example"
    with Image.open(partner.logo.path) as stored:
        assert max(stored.size) == LOGO_SIDE
    assert sharing_choices(partner) == {("CAP", "US"): True, ("TAP", "US"): True}
    page = staff_client.get(reverse("linking:profile"))
    assert "Your agency profile was saved." in page.text


def test_it_records_an_unchecked_cap_as_not_shared(staff_client, partner):
    post(staff_client, share_CAP_US="")
    assert ProfileSharing.objects.get(partner=partner, programme="CAP").authorized is False


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("logo.png", b"not an image at all"), "not an image we can read"),
        (SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024)), "larger than 2 MB"),
    ],
)
def test_it_refuses_a_bad_logo_and_saves_nothing(staff_client, partner, upload, message):
    response = post(staff_client, logo=upload)
    assert response.status_code == 400
    assert message in response.text
    partner.refresh_from_db()
    assert partner.name == "Northstar Creators" and not partner.logo
    assert not ProfileSharing.objects.exists()


def test_it_refuses_a_bad_e_mail_and_website(staff_client, partner):
    response = post(staff_client, contact_email="nope", website="javascript:alert(1)")
    assert response.status_code == 400
    partner.refresh_from_db()
    assert partner.contact_email == ""


def test_it_refuses_a_website_too_long_once_its_scheme_is_added(staff_client, partner):
    response = post(staff_client, website=".".join(["a" * 47] * 4) + ".com")  # 195 + 8
    assert response.status_code == 400
    assert "at most 200 characters (it has 203)" in response.text


def test_it_is_refused_to_a_member_without_the_profile_module(client, staff, partner):
    role = TeamRoleFactory(partner=partner, profile=False, find_creators=True)
    member = MembershipFactory(partner=partner, team_role=role).user
    client.force_login(member)
    assert post(client).status_code == 403
    partner.refresh_from_db()
    assert partner.name == "Northstar Creators"


def test_it_refuses_get(staff_client):
    assert staff_client.get(URL).status_code == 405


def test_it_shows_the_shareable_link_and_its_qr_code(staff_client, partner):
    page = staff_client.get(reverse("linking:profile"))
    assert reverse("agency_profile:public", args=[partner.code]) in page.text
    assert 'class="qr-code"' in page.text
