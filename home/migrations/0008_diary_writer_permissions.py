"""The editors' permissions on the diary's writer profiles (diary.Writer, new in diary.0003)."""

from django.db import migrations

from home import roles


def forwards(apps, schema_editor):
    roles.ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_editors_manage_users"),
        ("diary", "0003_series_writers_baton"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
