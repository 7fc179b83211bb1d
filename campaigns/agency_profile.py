"""The agency profile as one creator sees it: what the agency shares with the creator's market
(`accounts.agency_profile`) and the figures of the programmes it shares
(`campaigns.agency_figures`). Read by the profile include in the creator portal and by the
public agency page."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.agency_profile import shared_programmes, sharing_choices
from accounts.models import Partner
from linking.selectors import LinkedProfile, linked_profile

from .agency_figures import Figures, Highlight, figures_for


@dataclass(frozen=True)
class ShownProfile:
    partner: Partner
    programmes: list[str]  # those shared with this market: empty shows the name only
    figures: Figures | None
    highlights: list[Highlight]
    # Read live, like the TikTok card: an unlinked account disappears at once.
    linked: LinkedProfile | None = None

    @property
    def shared(self) -> bool:
        return bool(self.programmes)


def profile_for(partner: Partner, market: str) -> ShownProfile:
    """What a creator of `market` sees of `partner`: the name only when the agency shares no
    programme there; its basics, tags, markets and figures when it shares some."""
    programmes = shared_programmes(sharing_choices(partner), market)
    if not programmes:
        return ShownProfile(partner, [], None, [])
    figures = figures_for(partner)
    return ShownProfile(
        partner, programmes, figures, figures.highlights(programmes), linked_profile(partner)
    )
