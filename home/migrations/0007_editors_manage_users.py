"""Editors change users' roles and deactivate them in Wagtail's user admin."""

from django.db import migrations

from home import roles


def forwards(apps, schema_editor):
    roles.ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("home", "0006_report_permissions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
