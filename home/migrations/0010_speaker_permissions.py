"""Speakers (events.Speaker) may be added by organisers and kept by editors: before this, only a
superuser could add the speaker of an event."""

from django.db import migrations

from home import roles


def forwards(apps, schema_editor):
    roles.ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0009_remove_wagtail_default_workflow"),
        ("events", "0003_programme_speakers_reports"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
