import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def creators_from_the_audit_log(apps, schema_editor):
    """Speakers added before this field: their creator is in Wagtail's audit log."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    Speaker = apps.get_model("events", "Speaker")
    speaker_type = ContentType.objects.filter(app_label="events", model="speaker").first()
    if speaker_type is None:
        return
    entries = ModelLogEntry.objects.filter(
        content_type=speaker_type, action="wagtail.create", user__isnull=False
    ).values_list("object_id", "user_id")
    for object_id, user_id in entries:
        if object_id.isdigit():
            Speaker.objects.filter(pk=int(object_id), created_by__isnull=True).update(
                created_by_id=user_id
            )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_programme_speakers_reports"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="speaker",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="登録した人",
            ),
        ),
        migrations.RunPython(creators_from_the_audit_log, migrations.RunPython.noop),
    ]
