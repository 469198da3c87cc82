"""The editors' permissions on staff profiles (``accounts``), which came after the groups."""

from django.db import migrations

from home import roles


def forwards(apps, schema_editor):
    roles.ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_language_plural_names"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
