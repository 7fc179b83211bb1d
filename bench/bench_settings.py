"""The production settings (DEBUG=0, from the environment), with static files collected into
bench/out/static instead of the project's staticfiles/, so a benchmark run never touches what
a developer or a deploy collected."""

from __future__ import annotations

from partner_center.settings import *  # noqa: F403
from partner_center.settings import BASE_DIR

STATIC_ROOT = BASE_DIR / "bench" / "out" / "static"
