from __future__ import annotations

from django.core.management.base import BaseCommand

import campaigns.demo
import creators.demo
import insights.demo
import linking.demo
from accounts import demo


class Command(BaseCommand):
    help = "Create demo data (idempotent). --creators N scales the creator directory to N."

    def add_arguments(self, parser):
        parser.add_argument(
            "--creators",
            dest="directory_size",
            type=int,
            default=60,
            help="How many generated creators the directory should hold (default 60).",
        )

    def handle(self, *args, directory_size: int, **options):
        if directory_size < 0:
            self.stderr.write("--creators must be 0 or more.")
            raise SystemExit(2)
        log = self.stdout.write
        demo.seed_people(log=log)
        added = demo.seed_directory(directory_size, log=log)
        log(f"Creator directory: {added:,} added.")
        linking.demo.seed(log=log)
        creators.demo.seed(log=log)
        campaigns.demo.seed(log=log)
        insights.demo.seed(log=log)
        log(self.style.SUCCESS("Demo data ready. Logins are listed in README.md."))
