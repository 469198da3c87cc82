"""Prefecture and LocalGovernment move from ``cases`` to ``localgov`` without touching a row.

The tables stay where they are (``cases_prefecture``, ``cases_localgovernment``): this migration
only adds the models to the state of ``localgov``; ``cases.0004_move_local_governments`` takes
them out of the state of ``cases`` and re-points its foreign keys. The content types are renamed,
so the permissions granted on them (and the groups holding those permissions) stay as they are.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED_MODELS = ("prefecture", "localgovernment")


def rename_content_types(apps, schema_editor, old="cases", new="localgov"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MOVED_MODELS:
        moving = ContentType.objects.filter(app_label=old, model=model).first()
        if moving is None:  # a fresh database: post_migrate makes them later
            continue
        twin = ContentType.objects.filter(app_label=new, model=model).first()
        if twin is not None:
            # Made by post_migrate after a reverse migration, with no history: the content
            # type the rows point at wins, and takes over who was granted the twin's permissions.
            for permission in Permission.objects.filter(content_type=twin):
                kept = Permission.objects.filter(
                    content_type=moving, codename=permission.codename
                ).first()
                if kept is not None:
                    kept.group_set.add(*permission.group_set.all())
                    kept.user_set.add(*permission.user_set.all())
            twin.delete()
        moving.app_label = new
        moving.save(update_fields=["app_label"])


def restore_content_types(apps, schema_editor):
    rename_content_types(apps, schema_editor, old="localgov", new="cases")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0003_co_implementer_links"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Prefecture",
                    fields=[
                        (
                            "code",
                            models.PositiveSmallIntegerField(
                                primary_key=True, serialize=False, verbose_name="都道府県コード"
                            ),
                        ),
                        ("name", models.CharField(max_length=10, unique=True, verbose_name="名称")),
                        ("kana", models.CharField(blank=True, max_length=30, verbose_name="よみ")),
                        (
                            "region",
                            models.CharField(
                                choices=[
                                    ("hokkaido", "北海道"),
                                    ("tohoku", "東北"),
                                    ("kanto", "関東"),
                                    ("chubu", "中部"),
                                    ("kinki", "近畿"),
                                    ("chugoku", "中国"),
                                    ("shikoku", "四国"),
                                    ("kyushu-okinawa", "九州・沖縄"),
                                ],
                                max_length=20,
                                verbose_name="地方",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "都道府県",
                        "verbose_name_plural": "都道府県",
                        "db_table": "cases_prefecture",
                        "ordering": ["code"],
                    },
                ),
                migrations.CreateModel(
                    name="LocalGovernment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "code",
                            models.CharField(max_length=6, unique=True, verbose_name="団体コード"),
                        ),
                        ("name", models.CharField(max_length=30, verbose_name="名称")),
                        ("kana", models.CharField(blank=True, max_length=60, verbose_name="よみ")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("prefecture", "都道府県"),
                                    ("designated_city", "政令指定都市"),
                                    ("special_ward", "特別区"),
                                    ("city", "市"),
                                    ("town", "町"),
                                    ("village", "村"),
                                ],
                                max_length=20,
                                verbose_name="種別",
                            ),
                        ),
                        (
                            "population",
                            models.PositiveIntegerField(blank=True, null=True, verbose_name="人口"),
                        ),
                        (
                            "population_as_of",
                            models.DateField(blank=True, null=True, verbose_name="人口の基準日"),
                        ),
                        (
                            "prefecture",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="local_governments",
                                to="localgov.prefecture",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "自治体",
                        "verbose_name_plural": "自治体",
                        "db_table": "cases_localgovernment",
                        "ordering": ["code"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
