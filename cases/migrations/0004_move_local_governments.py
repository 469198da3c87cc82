"""Prefecture and LocalGovernment now belong to ``localgov`` (``localgov.0001_initial``).

State only: the foreign keys of the cases already point at ``cases_localgovernment``, which is
the table ``localgov.LocalGovernment`` keeps, so no column, constraint or row changes.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_co_implementer_links"),
        ("localgov", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="casepage",
                    name="local_government",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="localgov.localgovernment",
                        verbose_name="実施自治体",
                    ),
                ),
                migrations.AlterField(
                    model_name="casecoimplementer",
                    name="local_government",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="co_implemented_links",
                        to="localgov.localgovernment",
                        verbose_name="自治体",
                    ),
                ),
                migrations.DeleteModel(name="LocalGovernment"),
                migrations.DeleteModel(name="Prefecture"),
            ],
            database_operations=[],
        ),
    ]
