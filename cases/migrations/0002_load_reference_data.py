"""Load the 47 prefectures, 1,741 municipalities and 47 prefectural governments, and the themes."""

from django.db import migrations

from localgov import codes as localgov


def load_local_governments(apps, schema_editor):
    Prefecture = apps.get_model("cases", "Prefecture")
    LocalGovernment = apps.get_model("cases", "LocalGovernment")
    prefectures = {}
    for record in localgov.prefectures():
        prefectures[record.prefecture_code], _ = Prefecture.objects.update_or_create(
            code=record.prefecture_code,
            defaults={"name": record.name, "kana": record.hiragana, "region": record.region},
        )
    existing = set(LocalGovernment.objects.values_list("code", flat=True))
    LocalGovernment.objects.bulk_create(
        [
            LocalGovernment(
                code=record.code,
                prefecture=prefectures[record.prefecture_code],
                name=record.name,
                kana=record.hiragana,
                kind=record.kind,
            )
            for record in localgov.iter_local_governments()
            if record.code not in existing
        ]
    )


def load_themes(apps, schema_editor):
    from cases.themes import SEED_THEMES

    Theme = apps.get_model("cases", "Theme")
    for order, (slug, name, name_en, aliases, description) in enumerate(SEED_THEMES):
        Theme.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "aliases": aliases,
                "description": description,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.RunPython(load_local_governments, migrations.RunPython.noop),
        migrations.RunPython(load_themes, migrations.RunPython.noop),
    ]
