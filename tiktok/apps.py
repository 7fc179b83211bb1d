from __future__ import annotations

from django.apps import AppConfig


class TikTokConfig(AppConfig):
    name = "tiktok"
    verbose_name = "Simulated TikTok"
