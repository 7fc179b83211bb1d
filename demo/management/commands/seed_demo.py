from __future__ import annotations

from django.core.management.base import BaseCommand

from demo import (
    agency_profiles,
    campaigns,
    creators,
    directory,
    insights,
    links,
    partnerships,
    people,
)


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
        people.seed_people(log=log)
        added = directory.seed(directory_size, log=log)
        log(f"Creator directory: {added:,} added.")
        links.seed(log=log)
        creators.seed(log=log)
        partnerships.seed(log=log)
        campaigns.seed(log=log)
        insights.seed(log=log)
        creators.seed_resendable(log=log)
        agency_profiles.seed(log=log)
        log(self.style.SUCCESS("Demo data ready. Logins are listed in README.md."))
