"""The editors' permissions on reports of pages (``accounts.PageReport``)."""

from django.db import migrations

from home import roles


def forwards(apps, schema_editor):
    roles.ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_accounts_permissions"),
        ("accounts", "0002_pagereport"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
