"""The table of the shared cache (settings CACHES["shared"]: rate-limit counters).

Django makes cache tables with ``createcachetable``; doing it in a migration means ``migrate``
alone prepares a new database, as it does for everything else.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_vector_extension")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
