"""Issuing bodies (cơ quan ban hành), their terms (khóa) and people."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.domain import uncertainty
from documents.domain.validation import body_not_its_own, term_years
from documents.domain.vietnamese import fold
from documents.domain.vocabulary import BODY_KINDS, choices
from documents.reversing import address

from .common import BY_NAME, NamedModel, PeriodMixin, period_constraint, raise_violations
from .places import PlaceScopedQuerySet
from .uncertainty import editorial_note_field, uncertain_field, uncertainty_constraint

#: Words of a body search at most (the rest are ignored).
MAX_SEARCH_WORDS = 8


class IssuingBodyQuerySet(PlaceScopedQuerySet):
    def search(self, query: str):
        """Bodies found by *query*, the one search of issuing bodies (the list form's body
        field, ``/api/bodies/?q=``, the body index, the admin's body filter): every word of
        the query without diacritics (``thanh uy ha noi``, ``ubnd ha noi``) in the name or
        the slug. Best first: the name exactly, bodies that exist today, then by name."""
        words = fold((query or "").replace("\x00", " ")).replace(".", " ").split()
        if not words:
            return self.none()
        found = models.Q()
        for word in words[:MAX_SEARCH_WORDS]:
            found &= models.Q(name_key__contains=word) | models.Q(slug__contains=word)
        return self.filter(found).annotate(
            exact=models.Case(models.When(name_key=" ".join(words), then=0), default=1),
            gone=models.Case(models.When(valid_to__isnull=True, then=0), default=1),
        ).order_by("exact", "gone", "name_sort", "pk")

    def with_document_counts(self):
        """Each body with ``n``, its number of documents, co-issued ones included (0 for
        none): correlated subqueries,
        so the documents are counted only for the bodies actually read (slice first)."""
        from .co_issuers import DocumentCoIssuer
        from .documents import Document

        def count(rows, column):
            return Coalesce(models.Subquery(
                rows.filter(**{column: models.OuterRef("pk")}).order_by().values(column)
                .annotate(n=models.Count("*")).values("n"),
                output_field=models.IntegerField(),
            ), 0)

        # as main issuer or co-issuer (Document.objects.issued_by): the body page's count
        return self.annotate(n=count(Document.objects, "issuing_body")
                             + count(DocumentCoIssuer.objects, "body"))


class IssuingBody(NamedModel, PeriodMixin):
    """An organ that issues documents: a Party committee or its standing committee,
    a Party board, a People's Committee or Council, the Government, a ministry…"""

    slug = models.SlugField(_("đường dẫn"), max_length=150, unique=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    code = models.CharField(
        _("mã trong số ký hiệu"),
        max_length=20,
        blank=True,
        help_text=_("Mã cơ quan dùng trong số ký hiệu, ví dụ TU, QU, TW, UBND, CP."),
    )
    kind = models.CharField(_("loại cơ quan"), max_length=32, choices=choices(BODY_KINDS))
    locality = models.ForeignKey(
        "documents.Locality",
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        related_name="bodies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan kế thừa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    uncertain = uncertain_field("body")
    editorial_note = editorial_note_field()
    history = HistoricalRecords(excluded_fields=["name_key", "name_sort"])

    objects = IssuingBodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")
        ordering = BY_NAME
        constraints = [
            models.UniqueConstraint(fields=["name_key"], name="body_unique_name"),
            period_constraint("body_period_valid"),
            models.CheckConstraint(
                condition=~models.Q(successor=models.F("id")), name="body_not_own_successor"
            ),
            uncertainty_constraint("body", "body_uncertain_valid"),
        ]

    def get_absolute_url(self) -> str:
        return self.url_of(self.slug)

    @staticmethod
    def url_of(slug: str) -> str:
        """The address of the body whose slug is *slug* (for bodies read as values)."""
        return address("documents:body", slug)  # reverse(), found once

    def clean(self):
        super().clean()
        raise_violations(body_not_its_own(self.pk, parent=self.parent_id,
                                          successor=self.successor_id)
                         + uncertainty.violations("body", self.uncertain))


class Term(models.Model):
    """A committee's term: Thành ủy Hà Nội khóa XVII (2020–2025)."""

    body = models.ForeignKey(
        IssuingBody, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="terms"
    )
    name = models.CharField(_("khóa"), max_length=40, help_text=_("Ví dụ: khóa XVII"))
    number = models.PositiveSmallIntegerField(_("số thứ tự khóa"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("từ năm"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["body", "-start_year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="term_unique_name"),
            # The years are optional (often unknown): "khóa XIV" of the National Assembly.
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True) | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="term_years_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.name} {self.label}"

    @property
    def years(self) -> str:
        """``2020–2025``, ``2020–``, ``–2025``; ``""`` when neither year is known."""
        if self.start_year is None and self.end_year is None:
            return ""
        return f"{self.start_year or ''}–{self.end_year or ''}"

    @property
    def label(self) -> str:
        """``khóa XVII (2020–2025)``, or the name alone when its years are unknown."""
        return f"{self.name} ({self.years})" if self.years else self.name

    def clean(self):
        super().clean()
        raise_violations(term_years(self.start_year, self.end_year))


class Person(NamedModel):
    """Somebody who signed a document or presided over a meeting."""

    slug = models.SlugField(_("đường dẫn"), max_length=150, unique=True)
    note = models.TextField(_("ghi chú"), blank=True)
    editorial_note = editorial_note_field()
    history = HistoricalRecords(excluded_fields=["name_key", "name_sort"])

    class Meta:
        verbose_name = _("người")
        verbose_name_plural = _("người")
        ordering = BY_NAME
        constraints = [models.UniqueConstraint(fields=["name_key"], name="person_unique_name")]
