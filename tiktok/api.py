"""The simulated TikTok platform's read API: what Partner Center may fetch about an account.

In production this would be an HTTP call to TikTok; here the platform lives in the same
database, so it reads the account row. Callers treat it as the outside world.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import TikTokAccount


@dataclass(frozen=True)
class PublicFigures:
    followers: int
    likes: int


def public_figures(account_id: int) -> PublicFigures | None:
    """An account's current public figures, or None when the account is gone."""
    row = TikTokAccount.objects.filter(pk=account_id).values("followers", "likes").first()
    return PublicFigures(**row) if row else None
