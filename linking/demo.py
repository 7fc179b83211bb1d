"""Demo data for `seed_demo` from the linking app. Idempotent: seeding twice leaves the same rows."""

from __future__ import annotations


def seed(*, log=print) -> None:
    """Nothing yet."""
