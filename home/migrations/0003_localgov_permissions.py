"""The editors' permissions on local governments, now models of ``localgov``.

On a database made before the move, ``localgov.0001_initial`` renamed the content types and the
groups kept their permissions: this changes nothing there. On a fresh database the groups were
made (home.0002) before the models of localgov joined the state; they get the permissions here.
"""

from django.db import migrations

from home import roles


def forwards(apps, schema_editor):
    roles.ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_roles_and_review_workflow"),
        ("localgov", "0001_initial"),
        ("cases", "0004_move_local_governments"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
