"""Targets (chỉ tiêu) set by documents, and figures reported for localities.

A target reads baseline → target → deadline; figures with the same indicator
and locality are what it can be read against.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.domain import uncertainty
from documents.domain.validation import UNIT_LABELS, figure_values, provision_named, target_values
from documents.domain.vietnamese import format_number
from documents.domain.vocabulary import COMPARATORS, UNITS, choices

from .common import BY_NAME, NamedModel, clean_text, provision_field, raise_violations
from .places import PlaceScopedQuerySet, place_depth
from .uncertainty import editorial_note_field, uncertain_field, uncertainty_constraint

COMPARATOR_LABELS = {c.key: c.vi for c in COMPARATORS}


def _unit_constraints(prefix: str, value_field: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=~models.Q(unit="percent")
            | models.Q(**{f"{value_field}__isnull": True})
            | (models.Q(**{f"{value_field}__gte": 0}) & models.Q(**{f"{value_field}__lte": 100})),
            name=f"{prefix}_percent_in_range",
        ),
        models.CheckConstraint(
            condition=models.Q(unit="percent")
            | models.Q(**{f"{value_field}__isnull": True})
            | models.Q(**{f"{value_field}__gte": 0}),
            name=f"{prefix}_value_not_negative",
        ),
        models.CheckConstraint(
            condition=models.Q(unit__in=[u.key for u in UNITS]), name=f"{prefix}_unit_valid"
        ),
    ]


def show_value(value: Decimal | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "percent":
        return f"{format_number(value)}\u00a0%"
    return f"{format_number(value)} {UNIT_LABELS.get(unit, '')}".strip()


class Indicator(NamedModel):
    """What is measured: "tỷ lệ cán bộ chủ chốt cấp xã dưới 35 tuổi"."""

    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    unit = models.CharField(_("đơn vị"), max_length=16, choices=choices(UNITS))
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")
        ordering = BY_NAME
        constraints = [models.UniqueConstraint(fields=["name_key"], name="indicator_unique_name")]


#: From this depth of the tree down (districts, communes) a place's targets are found by id
#: (:meth:`TargetQuerySet.place_q`).
SPARSE_DEPTH = 2


class TargetQuerySet(PlaceScopedQuerySet):
    def place_q(self, locality, exact: bool = False) -> models.Q:
        """Targets for *locality* or (unless *exact*) any place below it: a target without a
        place of its own takes its document's (as :func:`documents.target_figures.target_place`
        does for one target)."""
        from .documents import Document

        own = super().place_q(locality, exact)
        documents = Document.objects.in_place(locality, exact).order_by().values("pk")
        placeless = models.Q(locality__isnull=True, document_id__in=documents)
        if place_depth(locality) < SPARSE_DEPTH:
            return own | placeless
        # Below a province a place has few targets: the two sets of ids joined (UNION ALL:
        # disjoint) and matched by id. As an OR of two subqueries PostgreSQL reads every
        # target in deadline order and tests both on each (80 ms for a ward at 50.000
        # targets); for a province or the country, whose targets are many, that reading stops
        # after a page, where the ids would all be read first (100–300 ms).
        ids = Target.objects.filter(own).order_by().values("pk").union(
            Target.objects.filter(placeless).order_by().values("pk"), all=True)
        return models.Q(pk__in=ids)

    def by_deadline(self):
        """The order targets are listed in (the targets page, a place's page, the API): the
        nearest deadline first (none last), then in their document's order."""
        return self.order_by(
            models.F("deadline_year").asc(nulls_last=True),
            models.F("document__issued_date").asc(nulls_last=True),
            "document_id",
            "position",
            "id",
        )


class FigureQuerySet(PlaceScopedQuerySet):
    def newest_first(self):
        """Newest first (undated last), then the place from the top, the indicator."""
        return self.order_by(*FIGURES_NEWEST_FIRST)


#: The order of figures everywhere they are listed (a place's page, the API).
FIGURES_NEWEST_FIRST = (
    models.F("as_of_year").desc(nulls_last=True), models.F("as_of").desc(nulls_last=True),
    "locality__level", "indicator__name_sort", "id",
)


class Target(models.Model):
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ số"), on_delete=models.PROTECT, related_name="targets"
    )
    applies_to = models.CharField(
        _("đối tượng áp dụng"), max_length=300, blank=True,
        help_text=_("Ví dụ: cán bộ chủ chốt cấp xã"),
    )
    locality = models.ForeignKey(
        "documents.Locality",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
        help_text=_("Mặc định là địa bàn của văn bản."),
    )
    comparator = models.CharField(
        _("so sánh"), max_length=12, choices=choices(COMPARATORS), default="at_least"
    )
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=4)
    unit = models.CharField(_("đơn vị"), max_length=16, choices=choices(UNITS))
    deadline_year = models.PositiveSmallIntegerField(_("hạn (năm)"), null=True, blank=True)
    deadline = models.DateField(_("hạn (ngày)"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("giá trị gốc"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    baseline_date = models.DateField(_("thời điểm giá trị gốc"), null=True, blank=True)
    baseline_source = models.ForeignKey(
        "documents.Source",
        verbose_name=_("nguồn giá trị gốc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="baselines",
    )
    source = models.ForeignKey(
        "documents.Source",
        verbose_name=_("nguồn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
    )
    quote = models.TextField(_("câu trích dẫn"), blank=True)
    provision = provision_field()
    note = models.TextField(_("ghi chú"), blank=True)
    uncertain = uncertain_field("target")
    editorial_note = editorial_note_field()
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["document", "position", "id"]
        constraints = [
            *_unit_constraints("target", "value"),
            models.CheckConstraint(
                condition=~models.Q(unit="percent")
                | models.Q(baseline_value__isnull=True)
                | (models.Q(baseline_value__gte=0) & models.Q(baseline_value__lte=100)),
                name="target_baseline_percent_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(comparator__in=[c.key for c in COMPARATORS]),
                name="target_comparator_valid",
            ),
            uncertainty_constraint("target", "target_uncertain_valid"),
        ]
        indexes = [models.Index(fields=["deadline_year"], name="target_deadline_year")]

    def __str__(self) -> str:
        return f"{self.indicator.name}: {self.comparator_label} {self.value_label}"

    @property
    def comparator_label(self) -> str:
        return COMPARATOR_LABELS.get(self.comparator, "")

    @property
    def value_label(self) -> str:
        return show_value(self.value, self.unit)

    def clean(self):
        super().clean()
        if self.indicator_id and not self.unit:
            self.unit = self.indicator.unit
        raise_violations(target_values(
            value=self.value, baseline_value=self.baseline_value, unit=self.unit,
            indicator_unit=self.indicator.unit if self.indicator_id else None,
            deadline=self.deadline, deadline_year=self.deadline_year,
        ) + provision_named(self.provision) + uncertainty.violations("target", self.uncertain))

    def save(self, *args, **kwargs):
        if not self.unit and self.indicator_id:
            self.unit = self.indicator.unit
        if self.deadline and not self.deadline_year:
            self.deadline_year = self.deadline.year
        if self.locality_id is None and self.document_id:
            self.locality_id = self.document.locality_id
        self.quote = clean_text(self.quote)
        self.provision = clean_text(self.provision)
        self.applies_to = clean_text(self.applies_to)
        super().save(*args, **kwargs)


class Figure(models.Model):
    """A figure a source reports for a locality at a date: 11.473 commune-level cadres
    in Hà Nội at 31/12/2022; 238 of 238 rated as meeting requirements."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ số"), on_delete=models.PROTECT, related_name="figures"
    )
    locality = models.ForeignKey(
        "documents.Locality",
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        related_name="figures",
    )
    as_of = models.DateField(_("tại thời điểm"), null=True, blank=True)
    as_of_year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=4)
    total = models.DecimalField(
        _("trên tổng số"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("Cho số liệu dạng “238/238”."),
    )
    unit = models.CharField(_("đơn vị"), max_length=16, choices=choices(UNITS))
    applies_to = models.CharField(_("đối tượng"), max_length=300, blank=True)
    source = models.ForeignKey(
        "documents.Source",
        verbose_name=_("nguồn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="figures",
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản nêu số liệu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="figures",
    )
    quote = models.TextField(_("câu trích dẫn"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    uncertain = uncertain_field("figure")
    editorial_note = editorial_note_field()
    history = HistoricalRecords()

    objects = FigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        ordering = ["indicator", "locality", "-as_of_year", "-as_of", "id"]
        constraints = [
            *_unit_constraints("figure", "value"),
            models.CheckConstraint(
                condition=models.Q(total__isnull=True) | models.Q(total__gte=models.F("value")),
                name="figure_total_not_below_value",
            ),
            uncertainty_constraint("figure", "figure_uncertain_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} ({self.locality.name}): {self.value_label}"

    @property
    def value_label(self) -> str:
        if self.total is not None:
            return f"{format_number(self.value)}/{format_number(self.total)}"
        return show_value(self.value, self.unit)

    def clean(self):
        super().clean()
        if self.indicator_id and not self.unit:
            self.unit = self.indicator.unit
        raise_violations(figure_values(value=self.value, total=self.total, unit=self.unit,
                                       as_of=self.as_of, as_of_year=self.as_of_year)
                         + uncertainty.violations("figure", self.uncertain))

    def save(self, *args, **kwargs):
        if not self.unit and self.indicator_id:
            self.unit = self.indicator.unit
        if self.as_of:
            self.as_of_year = self.as_of.year
        self.quote = clean_text(self.quote)
        super().save(*args, **kwargs)
