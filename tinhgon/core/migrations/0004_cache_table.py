"""The table of the database cache (settings.CACHES, tinhgon.core.memo), created wherever the
database is migrated (make install, CI, tests, the benches) rather than by a separate command."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute("DROP TABLE IF EXISTS tinhgon_cache")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_job_worker_heartbeat")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
