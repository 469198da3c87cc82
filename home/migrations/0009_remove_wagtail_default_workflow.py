"""Wagtail's default workflow "Moderators approval", retired since home.0002, is deleted with its
task when no page ever went through it: the admin's workflow reports listed it by its English
name beside the site's 「編集者による審査」."""

from django.db import migrations

from home import roles


def forwards(apps, schema_editor):
    roles.ensure_review_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0008_diary_writer_permissions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
