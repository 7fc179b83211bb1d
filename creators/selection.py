"""The creators picked on Find Creators, kept in the session across its pages and searches until
they are invited or the selection is cleared. With htmx, every tick posts its page's part of
the selection; without JavaScript, the Invite button sends the ticks of its own page only."""

from __future__ import annotations

import uuid

from django.http import HttpRequest

SESSION_KEY = "find-creators-selection"
# The session is read by every request; past this many, "Select all matching" is the way.
MAX_KEPT = 1000


def kept(request: HttpRequest) -> list[uuid.UUID]:
    codes = []
    for value in request.session.get(SESSION_KEY, []):
        try:
            codes.append(uuid.UUID(value))
        except (TypeError, ValueError, AttributeError):
            continue  # not ours: whatever wrote it, it is no creator
    return codes


def keep_page(request: HttpRequest, *, shown: list[uuid.UUID], ticked: list[uuid.UUID]) -> bool:
    """The page's part of the selection becomes what is ticked on it now. False when some
    ticks were not kept, the selection being full."""
    on_page = set(shown)
    codes = [c for c in kept(request) if c not in on_page]
    ticked = [c for c in dict.fromkeys(ticked) if c in on_page]
    room = max(MAX_KEPT - len(codes), 0)
    request.session[SESSION_KEY] = [str(c) for c in codes + ticked[:room]]
    return len(ticked) <= room


def clear(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
