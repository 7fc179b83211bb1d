"""Polls that change nothing answer 204 from the cache.

Every open session page polls its status every 2 s. The page sends back the state it shows
(`shown`); when this user was allowed to see this session by a full poll a moment ago, the
session is not past its expiry, and its state is still the one shown, the poll answers 204
No Content (htmx swaps nothing) after one cache round trip, instead of the scoped query and a
render. The services forget a session's state when they change it (after commit), and every
entry lives a few seconds at most, so a change is seen within a poll or two even if a
forget was lost; any cache error means "changed": the full poll, which is always correct.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.db import transaction

from .models import LinkSession

log = logging.getLogger(__name__)

TTL_SECONDS = 10


def _seen_key(user_id: int, code) -> str:
    return f"link-poll:seen:{user_id}:{code}"


def _state_key(code) -> str:
    return f"link-poll:state:{code}"


def fingerprint(session: LinkSession) -> str:
    """What the status fragment shows, in a few characters."""
    return f"{session.current_status}:{session.failure_reason}:{session.tiktok_account_id or ''}"


def remember(*, user_id: int, session: LinkSession) -> None:
    """After a full poll: this user may see this session, which shows this state."""
    if not session.is_open:
        return
    entries = {
        _seen_key(user_id, session.code): session.expires_at.timestamp(),
        _state_key(session.code): fingerprint(session),
    }
    try:
        cache.set_many(entries, timeout=TTL_SECONDS)
    except Exception:
        log.warning("Poll cache unavailable", exc_info=True)


def unchanged(*, user_id: int, code, shown: str) -> bool:
    seen, state = _seen_key(user_id, code), _state_key(code)
    try:
        entries = cache.get_many([seen, state])
    except Exception:
        log.warning("Poll cache unavailable", exc_info=True)
        return False
    expires_at = entries.get(seen)
    return expires_at is not None and time.time() < expires_at and entries.get(state) == shown


def forget_on_commit(session: LinkSession) -> None:
    """A service changed the session: the next poll reads it afresh."""
    key = _state_key(session.code)

    def forget():
        try:
            cache.delete(key)
        except Exception:
            log.warning("Poll cache unavailable", exc_info=True)

    transaction.on_commit(forget)
