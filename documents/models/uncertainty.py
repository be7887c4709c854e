"""Uncertain facts and editorial notes, as every model that has them stores them.

- ``uncertain``: a JSON mapping fact → ``{"reason", "note"}`` (``documents/domain/
  uncertainty.py``: the rule, the vocabulary in ``vocabulary.UNCERTAINTY_REASONS``); the
  database refuses a key or reason outside the vocabulary (:func:`uncertainty_constraint`).
- ``editorial_note``: the curators' remarks, shown in the admin only — never on a public page,
  in the API or a public export (``tests/test_trust.py`` walks them all). The public ``note``
  (or ``date_note``) says what a reader needs.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.domain import uncertainty
from documents.domain.vocabulary import UNCERTAINTY_REASONS

_WORD = re.compile(r"^[a-z_]+$")


class UncertainField(models.JSONField):
    """The ``uncertain`` marks of a record of *kind* (``vocabulary.UNCERTAIN_FACTS``); in a
    form (the admin) one row per fact: a reason chosen from the vocabulary and a note
    (``documents/admin/uncertain.py``)."""

    def __init__(self, *args, kind: str = "document", **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        from documents.admin.uncertain import UncertainFormField

        return super().formfield(**{"form_class": UncertainFormField, "kind": self.kind,
                                    **kwargs})


def uncertain_field(kind: str):
    return UncertainField(
        _("dữ kiện chưa chắc chắn"), default=dict, blank=True, kind=kind,
        help_text=_("Mỗi dữ kiện chưa chắc chắn: lý do (trong danh mục) và ghi chú cho người "
                    "đọc. Lý do “khác” cần ghi chú."),
    )


def editorial_note_field():
    return models.TextField(
        _("ghi chú biên tập"), blank=True,
        help_text=_("Chỉ người quản trị thấy; không hiện trên trang công khai, API hay tệp xuất."),
    )


class UncertaintyIsValid(models.Func):
    """True when the JSON column holds an object whose keys are *facts* and whose marks are
    objects with a ``reason`` among *reasons* (and an optional string ``note``)."""

    output_field = models.BooleanField()

    def __init__(self, expression, facts=(), reasons=(), **extra):
        if isinstance(expression, str):
            expression = models.F(expression)
        self.facts, self.reasons = tuple(facts), tuple(reasons)
        if not all(_WORD.match(w) for w in self.facts + self.reasons):
            raise ValueError("facts and reasons are vocabulary keys")
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        col = f"({sql})::jsonb"
        keys = ", ".join(f"'{k}'" for k in self.facts) or "''"
        good = " || ".join(f'@.reason == "{r}"' for r in self.reasons)
        path = ('$.* ? (@.type() != "object" || !exists(@.reason) || '
                f'!({good}) || (exists(@.note) && @.note.type() != "string"))')
        template = (f"(jsonb_typeof({col}) = 'object' AND ({col} - ARRAY[{keys}]::text[]) = "
                    f"'{{}}'::jsonb AND NOT jsonb_path_exists({col}, '{path}'))")
        return template, (*params, *params, *params)


def uncertainty_constraint(kind: str, name: str) -> models.CheckConstraint:
    """The database's check that the ``uncertain`` column of a *kind* record only holds the
    vocabulary's facts and reasons."""
    return models.CheckConstraint(
        condition=UncertaintyIsValid(
            uncertainty.FIELD, facts=uncertainty.fact_keys(kind),
            reasons=tuple(r.key for r in UNCERTAINTY_REASONS),
        ),
        name=name,
    )
