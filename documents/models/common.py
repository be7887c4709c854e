"""Small pieces shared by the model modules."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.domain.collation import collation_key
from documents.domain.validation import Violation, valid_period
from documents.domain.vietnamese import fold
from documents.language import local_text, violation_text


def raise_violations(violations: list[Violation]) -> None:
    """A model's ``clean()``: raise the broken rules (``documents/domain/validation.py``) as a
    ``ValidationError`` by field, their messages in the active language; nothing if none."""
    if violations:
        errors: dict[str, list[str]] = {}
        for v in violations:
            errors.setdefault(v.field, []).append(violation_text(v))
        raise ValidationError(errors)


def clean_text(value: str | None) -> str:
    """NFC, with surrounding white space removed (all stored text goes through this)."""
    return unicodedata.normalize("NFC", value or "").strip()


#: "In name order": Vietnamese collation, then the id so that equal names (hundreds of
#: "Phường 1" across the country) always come out in the same order, page after page.
#: Every named model's default ordering, and every list of names.
BY_NAME = ("name_sort", "id")


class NamedModel(models.Model):
    """A model with a Vietnamese name, its folded match key and its collation key.

    ``name_key`` (folded: no diacritics, one tone placement) is what makes
    ``Thành uỷ`` and ``Thành ủy`` the same name; ``name_sort`` orders by
    Vietnamese collation on every database.
    """

    name = models.CharField(_("tên"), max_length=300)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=300, blank=True)
    name_key = models.CharField(max_length=300, editable=False, db_index=True)
    name_sort = models.CharField(max_length=250, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        self.name_en = clean_text(self.name_en)
        self.name_key = fold(self.name)
        self.name_sort = collation_key(self.name)
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.name

    @property
    def local_name(self) -> str:
        """The name in the active language: the English name on English pages when there is
        one, else the (Vietnamese) name."""
        return local_text(self.name, self.name_en)


class PeriodMixin(models.Model):
    """A period of existence (localities and bodies change; history is never rewritten)."""

    valid_from = models.DateField(_("tồn tại từ"), null=True, blank=True)
    valid_to = models.DateField(_("tồn tại đến"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        raise_violations(valid_period(self.valid_from, self.valid_to))


def period_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(valid_to__isnull=True)
        | models.Q(valid_from__isnull=True)
        | models.Q(valid_to__gte=models.F("valid_from")),
        name=name,
    )


#: Where in a document's text a link, a target or a source's quote points, as the source
#: writes it; validated against the text's provisions by ``documents.provision_refs``.
PROVISION_HELP = _("Nơi trong văn bản, như nguồn viết: “Điều 5, khoản 2”, “mục 2 phần I”.")


def provision_field(help_text=PROVISION_HELP) -> models.CharField:
    """THE provision field of links, targets and source mentions ("Điều 5, khoản 2")."""
    return models.CharField(_("điều khoản"), max_length=120, blank=True, help_text=help_text)
