"""Localities get their official code (unique per period), uncoded names unique per period, and the
successors' many-to-many table becomes ``LocalitySuccession`` (date, part, document, note).

The table keeps its name and its two columns (``from_locality_id``, ``to_locality_id``): the
model is declared over the existing table (state only), then the new columns are added.
"""

import django.contrib.postgres.constraints
import django.contrib.postgres.fields.ranges
import django.contrib.postgres.indexes
import django.db.models.deletion
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations, models

import documents.models.places


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0011_ordering_ties_broken_by_id"),
    ]

    operations = [
        BtreeGistExtension(),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LocalitySuccession",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("from_locality", models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="succeeded_by", to="documents.locality",
                            verbose_name="đơn vị trước")),
                        ("to_locality", models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="succeeded_from", to="documents.locality",
                            verbose_name="đơn vị kế thừa")),
                    ],
                    options={
                        "verbose_name": "kế thừa địa bàn",
                        "verbose_name_plural": "kế thừa địa bàn",
                        "db_table": "documents_locality_successors",
                        "unique_together": {("from_locality", "to_locality")},
                    },
                ),
                migrations.AlterField(
                    model_name="locality",
                    name="successors",
                    field=models.ManyToManyField(
                        blank=True, related_name="predecessors",
                        through="documents.LocalitySuccession",
                        through_fields=("from_locality", "to_locality"),
                        to="documents.locality", verbose_name="đơn vị kế thừa"),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="localitysuccession",
            name="effective_date",
            field=models.DateField(blank=True, null=True, verbose_name="có hiệu lực từ"),
        ),
        migrations.AddField(
            model_name="localitysuccession",
            name="partial",
            field=models.BooleanField(
                db_default=False, default=False,
                help_text="Đơn vị kế thừa chỉ nhận một phần địa bàn của đơn vị trước.",
                verbose_name="chỉ một phần"),
        ),
        migrations.AddField(
            model_name="localitysuccession",
            name="document",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                related_name="locality_successions", to="documents.document",
                verbose_name="văn bản quyết định"),
        ),
        migrations.AddField(
            model_name="localitysuccession",
            name="note",
            field=models.TextField(blank=True, db_default="", default="", verbose_name="ghi chú"),
        ),
        migrations.AddField(
            model_name="locality",
            name="code",
            field=models.CharField(blank=True, db_index=True, max_length=10,
                                   verbose_name="mã đơn vị hành chính"),
        ),
        migrations.AddField(
            model_name="historicallocality",
            name="code",
            field=models.CharField(blank=True, db_index=True, max_length=10,
                                   verbose_name="mã đơn vị hành chính"),
        ),
        migrations.AddIndex(
            model_name="locality",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["name_key"], name="locality_name_key_trgm", opclasses=["gin_trgm_ops"]),
        ),
        migrations.RemoveConstraint(
            model_name="locality",
            name="locality_unique_name_in_parent",
        ),
        migrations.AddConstraint(
            model_name="locality",
            constraint=models.UniqueConstraint(
                fields=("parent", "name_key", "kind", "valid_from"), condition=models.Q(("code", "")),
                name="locality_unique_name_in_parent_per_period", nulls_distinct=False),
        ),
        migrations.AddConstraint(
            model_name="locality",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                condition=models.Q(("code", ""), _negated=True),
                expressions=[
                    ("code", "="),
                    (documents.models.places.DateRange(
                        "valid_from", "valid_to",
                        django.contrib.postgres.fields.ranges.RangeBoundary(True, True)),
                     "&&"),
                ],
                name="locality_unique_code_per_period",
                violation_error_message="Một địa bàn khác có cùng mã trong cùng thời kỳ.",
            ),
        ),
    ]
