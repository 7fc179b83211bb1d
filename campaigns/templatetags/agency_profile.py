"""`{% agency_profile partner market %}`: the agency profile card, for templates of apps to
the left of campaigns (the creator portal's proposal pages), which may not import its figures.
A template loads a tag library by name when it renders, so no module import crosses the
dependency order."""

from __future__ import annotations

from django import template

from campaigns.agency_profile import profile_for

register = template.Library()


@register.inclusion_tag("_agency_profile.html")
def agency_profile(partner, market: str) -> dict:
    return {"shown": profile_for(partner, market)}
