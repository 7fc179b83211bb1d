"""Migrating the test database to a mix of apps' migrations, for tests of a data migration
that django-test-migrations' single-target `migrator` cannot express."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets: list[tuple[str, str | None]]):
    """Migrate the apps of `targets` to them (None: before their first migration) and every
    other app to its latest; returns the historical apps of that state."""
    executor = MigrationExecutor(connection)  # its loader reads the graph and what is applied
    ours = {app for app, _name in targets}
    targets = [*targets, *(n for n in executor.loader.graph.leaf_nodes() if n[0] not in ours)]
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps
