from __future__ import annotations

import pytest
from django.urls import reverse

from creators.forms import parse_handles
from creators.models import BindingRequest
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("creators:partnership_add")


@pytest.fixture
def creators():
    return [factories.CreatorFactory(tiktok_account__handle=h) for h in ("mia.makes", "Kofi_Cooks")]


def _post(client, handles, **extra):
    data = {"handles": handles, "message": "Join us", "contract_months": "12", **extra}
    return client.post(URL, data)


def test_it_parses_handles_in_any_separator():
    assert parse_handles("@mia, kofi\n@ayu  mia") == ["mia", "kofi", "ayu"]


def test_it_sends_requests_by_handle(staff_client, partner, creators, link):
    response = _post(staff_client, "@mia.makes,\nkofi_cooks", attach_profile="on")
    assert response["Location"] == reverse("creators:partnerships") + "?tab=pending"
    requests = BindingRequest.objects.filter(partner=partner)
    assert {r.creator for r in requests} == set(creators)
    assert all(r.attach_profile and r.contract_months == 12 for r in requests)


def test_it_says_what_was_sent_in_the_singular_or_plural(staff_client, creators):
    response = staff_client.post(
        URL, {"handles": "mia.makes", "contract_months": "12"}, follow=True
    )
    assert '<p class="message message-success">Sent 1 binding request.</p>' in response.text
    response = staff_client.post(
        URL, {"handles": "mia.makes kofi_cooks", "contract_months": "12"}, follow=True
    )
    assert '<p class="message message-success">Sent 1 binding request.</p>' in response.text
    assert (
        '<p class="message message-warning">'
        "Skipped @mia.makes: already asked, not answered yet.</p>" in response.text
    )


def test_it_warns_when_nothing_was_sent_naming_who_and_why(staff_client, partner, creators):
    factories.BindingRequestFactory(partner=partner, creator=creators[0], status="accepted")
    factories.BindingRequestFactory(partner=partner, creator=creators[1])
    response = staff_client.post(
        URL, {"handles": "mia.makes kofi_cooks", "contract_months": "12"}, follow=True
    )
    assert "message-success" not in response.text
    assert (
        '<p class="message message-warning">No binding requests were sent. '
        "Skipped @mia.makes: already bound to your agency; "
        "@Kofi_Cooks: already asked, not answered yet.</p>" in response.text
    )


def test_it_names_unknown_handles_and_saves_nothing(staff_client, creators):
    response = _post(staff_client, "mia.makes @nobody.here ghost")
    assert response.status_code == 400
    assert "No creator has these handles: @nobody.here, @ghost" in response.content.decode()
    assert not BindingRequest.objects.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"handles": " , "}, "Enter at least one TikTok handle."),
        ({"handles": "bad!handle"}, "These are not TikTok handles: @bad!handle"),
        ({"handles": "mia.makes", "contract_months": "0"}, "greater than or equal to 1"),
        ({"handles": "mia.makes", "contract_months": "37"}, "less than or equal to 36"),
        ({"handles": "mia.makes", "message": "x" * 9000}, "at most 2000 characters"),
        ({"handles": " ".join(f"h{i}" for i in range(101))}, "at most 100 handles"),
    ],
)
def test_it_rejects_bad_input(staff_client, creators, data, error):
    response = staff_client.post(URL, {"message": "", "contract_months": "6", **data})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not BindingRequest.objects.exists()


def test_a_crafted_post_cannot_attach_a_profile_while_unlinked(staff_client, creators):
    _post(staff_client, "mia.makes", attach_profile="on")
    assert not BindingRequest.objects.get().attach_profile


def test_it_gates_the_checkbox_on_the_link(staff_client, link):
    html = staff_client.get(URL).content.decode()
    assert 'id="id_attach_profile" checked' in html


def test_it_keeps_what_was_typed_across_the_link_flow(staff_client, creators):
    response = _post(staff_client, "mia.makes", _link_tiktok="1")
    assert response["Location"].startswith(reverse("linking:start"))
    back = staff_client.get(URL).content.decode()
    assert "mia.makes" in back
    assert "Join us" in back


def test_it_sends_strangers_away(client, creator_client, seller_client, creators):
    assert client.get(URL).status_code == 302
    assert creator_client.post(URL, {"handles": "mia.makes"}).status_code == 403
    assert seller_client.get(URL).status_code == 403
    assert not BindingRequest.objects.exists()


def test_it_refuses_other_methods(staff_client):
    assert staff_client.delete(URL).status_code == 405
