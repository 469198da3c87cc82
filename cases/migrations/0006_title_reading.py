from django.db import migrations, models

from search.text import reading


def fill_readings(apps, schema_editor):
    """Cases saved before the field get their reading now (later saves keep it)."""
    CasePage = apps.get_model("cases", "CasePage")
    for case in CasePage.objects.only("pk", "title").iterator():
        CasePage.objects.filter(pk=case.pk).update(title_reading=reading(case.title))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_language_plural_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="casepage",
            name="title_reading",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="タイトル順（五十音順）の並べ替えに使う読み。保存のたびにタイトルから作られます",
                max_length=255,
                verbose_name="タイトルの読み",
            ),
        ),
        migrations.RunPython(fill_readings, migrations.RunPython.noop),
    ]
