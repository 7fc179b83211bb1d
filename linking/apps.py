from __future__ import annotations

from django.apps import AppConfig


class LinkingConfig(AppConfig):
    name = "linking"
    verbose_name = "TikTok account linking"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from tiktok.models import TikTokAccount

        from . import poll_cache

        post_save.connect(
            poll_cache.forget_sessions_scanned_by,
            sender=TikTokAccount,
            dispatch_uid="linking.poll_cache.forget_sessions_scanned_by",
        )
