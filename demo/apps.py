from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and `seed_demo`. It may import every app; no app imports it."""

    name = "demo"
    verbose_name = "Demo data"
