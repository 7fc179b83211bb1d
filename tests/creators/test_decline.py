"""Declining an invitation or a binding request asks first: the Decline button leads to the
question (a page, or in place with htmx), and only its own Decline answers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from creators.models import BindingRequest, Invitation
from tests import factories

pytestmark = pytest.mark.django_db

FACTORIES = [factories.InvitationFactory, factories.BindingRequestFactory]
QUESTIONS = ["Not interested in this invitation", "Decline this account linking request"]
KINDS = list(zip(FACTORIES, QUESTIONS, strict=True))


def _urls(proposal) -> tuple[str, str]:
    """(detail, decline) URLs."""
    prefix = "creator:invitation" if isinstance(proposal, Invitation) else "creator:request"
    return reverse(prefix, args=[proposal.code]), reverse(f"{prefix}_decline", args=[proposal.code])


@pytest.mark.parametrize("factory", FACTORIES)
def test_the_decline_button_asks_rather_than_declines(creator_client, creator, factory):
    proposal = factory(creator=creator)
    detail_url, decline_url = _urls(proposal)
    html = creator_client.get(detail_url).content.decode()
    assert f'<a class="button" href="{decline_url}"' in html
    assert f'action="{decline_url}"' not in html  # no form that declines in one click


@pytest.mark.parametrize(("factory", "kind"), KINDS)
def test_it_asks_whether_to_decline(creator_client, creator, partner, factory, kind):
    proposal = factory(creator=creator, partner=partner)
    detail_url, decline_url = _urls(proposal)
    response = creator_client.get(decline_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{kind} from Northstar Creators?" in html
    assert f'<form method="post" action="{decline_url}">' in html
    assert f'<a class="button" href="{detail_url}">Back</a>' in html
    proposal.refresh_from_db()
    assert proposal.status == "pending"


@pytest.mark.parametrize(("factory", "kind"), KINDS)
def test_it_asks_in_place_for_htmx(creator_client, creator, factory, kind):
    proposal = factory(creator=creator)
    html = creator_client.get(_urls(proposal)[1], headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<div id="answer"')
    assert f"{kind} from" in html
    assert "<html" not in html


@pytest.mark.parametrize("factory", FACTORIES)
def test_confirming_declines(creator_client, creator, factory):
    proposal = factory(creator=creator)
    detail_url, decline_url = _urls(proposal)
    response = creator_client.post(decline_url)
    assert response["Location"] == detail_url
    proposal.refresh_from_db()
    assert proposal.status == "declined"


def test_it_offers_nothing_to_decline_once_answered(creator_client, creator):
    request = factories.BindingRequestFactory(creator=creator, status="accepted")
    response = creator_client.get(_urls(request)[1])
    html = response.content.decode()
    assert response.status_code == 200
    assert "can no longer be declined" in html
    assert f'action="{_urls(request)[1]}"' not in html
    assert BindingRequest.objects.get(pk=request.pk).status == "accepted"


@pytest.mark.parametrize("factory", FACTORIES)
def test_it_is_the_creators_own(client, staff_client, factory):
    proposal = factory()
    client.force_login(factories.CreatorFactory().user)
    decline_url = _urls(proposal)[1]
    assert client.get(decline_url).status_code == 404
    assert client.post(decline_url).status_code == 404
    assert staff_client.get(decline_url).status_code == 403
    assert type(proposal).objects.get(pk=proposal.pk).status == "pending"


def test_it_refuses_other_methods(creator_client, creator):
    invitation = factories.InvitationFactory(creator=creator)
    assert creator_client.put(_urls(invitation)[1]).status_code == 405
