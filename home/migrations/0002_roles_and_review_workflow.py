"""The site's role groups and the workflow 「編集者による審査」 on the root page (home.roles).

Without it, a fresh database has only Wagtail's default "Moderators approval", assigned to an
empty group: nothing a contributor submitted could ever be approved.
"""

from django.db import migrations

from home import roles


def forwards(apps, schema_editor):
    roles.ensure_groups(apps)
    roles.ensure_review_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("cases", "0002_load_reference_data"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
