"""Polls that change nothing answer 204 from the cache.

Every open session page polls its status every 2 s. The page sends back the state it shows
(`shown`). A full poll — the user row loaded, the role check and the scoped session lookup
passed — remembers for a few seconds that this login session may see this link session, and
the state it showed. While that holds, the link session is not past its expiry, and its state
is still the one shown, the poll answers 204 No Content (htmx swaps nothing) after the
session row and one cache round trip (which also counts the poll against the rate limit),
instead of the user row, the scoped query and a render.

The 204 tells nothing that the login session did not see a few seconds ago, so the user row
is not needed for it: logging out deletes the session row, which ends the 204s at once; a
password change elsewhere or a removed membership ends them within `TTL_SECONDS`, when the
remembered entry lapses. The services forget a link session's state when they change it
(after commit), and so does a save of the TikTok account that scanned it, which can change the
problems the session shows (`eligibility.current_problems`). Every entry lapses within
`TTL_SECONDS`, so a change is seen within a poll or two even if a forget was lost; any cache
error means "changed": the full poll, which is always correct.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from partner_center import ratelimit

from . import eligibility
from .models import LinkSession

log = logging.getLogger(__name__)

TTL_SECONDS = 10


def _seen_key(login: str, code) -> str:
    return f"link-poll:seen:{login}:{code}"


def _state_key(code) -> str:
    return f"link-poll:state:{code}"


def fingerprint(session: LinkSession) -> str:
    """What the status fragment shows, in a few characters: the problems as they read now,
    not the stored reasons, which a switch to a personal account leaves behind."""
    reasons = ",".join(problem.reason for problem in eligibility.current_problems(session))
    return f"{session.current_status}:{reasons}:{session.tiktok_account_id or ''}"


def remember(*, login: str, session: LinkSession) -> None:
    """After a full poll: this login session may see this link session, which shows this
    state. `login` is the session key."""
    if not session.is_open:
        return
    entries = {
        _seen_key(login, session.code): session.expires_at.timestamp(),
        _state_key(session.code): fingerprint(session),
    }
    try:
        cache.set_many(entries, timeout=TTL_SECONDS)
    except Exception:
        log.warning("Poll cache unavailable", exc_info=True)


def count_and_check(*, user_id, login: str, code, shown: str) -> tuple[bool, bool]:
    """Count this poll against the user's polling rate, and say whether this login session
    was shown the link session's current state: (allowed, unchanged), in one round trip."""
    seen, state = _seen_key(login, code), _state_key(code)
    allowed, entries = ratelimit.allow_and_read(
        f"link-status:user:{user_id}",
        settings.LINK_STATUS_POLL_RATE,
        [seen, state] if shown else [],
    )
    expires_at = entries.get(seen)
    unchanged = expires_at is not None and time.time() < expires_at and entries.get(state) == shown
    return allowed, unchanged


def forget_on_commit(session: LinkSession) -> None:
    """A service changed the session: the next poll reads it afresh."""
    _forget_on_commit([_state_key(session.code)])


def forget_sessions_scanned_by(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A TikTok account was saved (post_save, connected in apps.py): the TikTok side cannot tell
    linking itself, as tiktok imports no app to its right. What an open session shows depends
    on the account that scanned it — a business account switched to personal no longer has a
    problem — so the next polls of those sessions read them afresh."""
    if created or raw:
        return
    codes = LinkSession.objects.filter(
        tiktok_account_id=instance.pk, status__in=LinkSession.OPEN_STATUSES
    ).values_list("code", flat=True)
    keys = [_state_key(code) for code in codes]
    if keys:
        _forget_on_commit(keys)


def _forget_on_commit(keys: list[str]) -> None:
    def forget():
        try:
            cache.delete_many(keys)
        except Exception:
            log.warning("Poll cache unavailable", exc_info=True)

    transaction.on_commit(forget)
