"""Localities: Việt Nam → province/city → district → commune/ward → village.

A locality has a period of existence and successors (the 2025 reform merged
provinces and removed districts); documents keep the locality they were issued in.
``path`` is a materialised path of ids (``/1/2/5/``) so "this place and
everything below it" is one indexed prefix query.
"""

from __future__ import annotations

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.domain.validation import locality_parent
from documents.domain.vietnamese import fold
from documents.domain.vocabulary import LOCALITY_KINDS, LOCALITY_LEVEL, choices
from documents.reversing import address

from .common import BY_NAME, NamedModel, PeriodMixin, period_constraint, raise_violations

#: Depths of the tree whose ancestor each document stores (``Document.place_1`` …
#: ``place_3``): the country is depth 0, a province or centrally-run city 1, a district (or,
#: after the 2025 reform, a commune directly under its province) 2, a commune or ward under a
#: district 3.
PLACE_DEPTHS = (1, 2, 3)

#: Places in order: level by level from the country down, by name within a level (the id
#: breaks ties between equal names). The default ordering, and every list of places.
PLACE_ORDER = ("level", *BY_NAME)


def path_ids(path: str) -> list[int]:
    """The ids of a materialised path, the country first: ``/1/2/5/`` → 1, 2, 5."""
    return [int(part) for part in (path or "").strip("/").split("/") if part.isdigit()]


def place_depth(locality) -> int:
    """How deep *locality* is in the tree (a root, the country: 0)."""
    return len(path_ids(locality.path)) - 1


def place_columns(path: str | None) -> dict[str, int | None]:
    """``Document.place_1_id`` … ``place_3_id`` for a document issued at the locality whose
    path is *path* (all None without a locality)."""
    ids = path_ids(path)
    return {f"place_{depth}_id": ids[depth] if len(ids) > depth else None
            for depth in PLACE_DEPTHS}


class PlaceScopedQuerySet(models.QuerySet):
    """"This place and everything below it": the ONE definition for every model that has a
    place (documents, targets, figures, issuing bodies). Every page, filter, API endpoint and
    the admin's search reach a place's rows through :meth:`in_place`.

    A model says what its place is by overriding :meth:`place_q`; by default it is the row's
    own ``locality`` (figures, bodies). Documents read their stored ancestors
    (``place_1`` … ``place_3``); a target without a place of its own takes its document's.
    """

    def place_q(self, locality, exact: bool = False) -> models.Q:
        """The condition for rows at *locality* or (unless *exact*) anywhere below it."""
        if exact:
            return models.Q(locality=locality)
        # A subquery of ids: the places are looked up once (no join of every row with them).
        return models.Q(locality_id__in=locality.subtree().values("pk"))

    def in_place(self, locality, exact: bool = False):
        """The rows at *locality* or (unless *exact*) anywhere below it."""
        return self.filter(self.place_q(locality, exact))

    def in_any_place(self, localities):
        """The rows at or below any of *localities* (none: no rows)."""
        condition = models.Q(pk__in=[])
        for locality in localities:
            condition |= self.place_q(locality)
        return self.filter(condition)


#: Words a place's name may be typed with, folded, and the kinds they mean ("phuong viet hung").
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "thanh pho": ("city", "provincial_city", "municipal_city"),
    "tp": ("city", "provincial_city", "municipal_city"),
    "tinh": ("province",),
    "quan": ("urban_district",),
    "huyen": ("rural_district",),
    "thi xa": ("town",),
    "phuong": ("ward",),
    "xa": ("commune",),
    "thi tran": ("township",),
    "dac khu": ("special_zone",),
}

#: Short forms typed for a name (folded): ``tp.hcm``, ``hcm``.
NAME_ALIASES = {"hcm": "ho chi minh", "tphcm": "thanh pho ho chi minh"}


class LocalityQuerySet(models.QuerySet):
    def search(self, query: str):
        """Places found by *query*, the one search of places (the place index, the API):

        - a code (``00127``; ``127`` is read as ``00127``, ``004`` …) finds the units with it,
          before and after 01/07/2025;
        - otherwise a name without diacritics (``viet hung``, ``long bien``, ``phuong viet
          hung``, ``tp thu duc``), anywhere in the name;
        - each place found brings the units that took it over (an old name finds the old unit
          and what replaced it).

        Best first: the name exactly, higher levels, places that exist today, then by name.
        """
        words = fold((query or "").replace("\x00", " ")).replace(".", " ").split()
        text = " ".join(NAME_ALIASES.get(word, word) for word in words)
        if not text:
            return self.none()
        if text.isdigit():
            found = exact = models.Q(code__in={text, text.zfill(2), text.zfill(3), text.zfill(5)})
        else:
            found, exact = models.Q(name_key__contains=text), models.Q(name_key=text)
            for word, kinds in KIND_WORDS.items():
                rest = text[len(word) + 1:] if text.startswith(word + " ") else ""
                if rest:  # "phuong viet hung": a ward whose name starts with "viet hung"
                    named = models.Q(name_key__startswith=rest) | models.Q(
                        name_key__endswith=f" {rest}")  # "tp hcm": Thành phố Hồ Chí Minh
                    found |= models.Q(kind__in=kinds) & named
                    exact |= models.Q(kind__in=kinds, name_key=rest)
        matches = Locality.objects.filter(found).values("pk")
        replacing = LocalitySuccession.objects.filter(from_locality__in=matches)
        return (
            self.filter(models.Q(pk__in=matches) | models.Q(pk__in=replacing.values("to_locality")))
            .annotate(
                exact=models.Case(models.When(exact, then=0), default=1),
                gone=models.Case(models.When(valid_to__isnull=True, then=0), default=1),
            )
            .order_by("exact", "level", "gone", "name_sort", "pk")
        )

    def existing_on(self, day):
        """The places that existed on *day* (a place without dates always existed): the
        country as it was that day."""
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
        )

    def by_code(self, code: str):
        """The unit a code names: the one that exists today, else the one that ended last
        (a 2025 unit often reuses an old unit's code); None when no unit has it."""
        return (
            self.filter(code=code)
            .order_by(models.F("valid_to").desc(nulls_first=True), "-valid_from", "pk")
            .first()
        )


class DateRange(models.Func):
    """PostgreSQL's ``daterange(from, to, '[]')``: a period, open where a date is missing."""

    function = "DATERANGE"
    output_field = DateRangeField()


class Locality(NamedModel, PeriodMixin):
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    #: The statistics office's code (mã đơn vị hành chính): 2 digits for a province, 3 for a
    #: district, 5 for a commune. A 2025 unit often reuses the code of an old unit it was
    #: formed from, so a code is unique among the units that exist on a same day, not for ever.
    code = models.CharField(_("mã đơn vị hành chính"), max_length=10, blank=True, db_index=True)
    kind = models.CharField(
        _("loại"), max_length=32, choices=choices([t for t, _lvl in LOCALITY_KINDS])
    )
    level = models.PositiveSmallIntegerField(_("cấp"), default=0, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        through="LocalitySuccession",
        through_fields=("from_locality", "to_locality"),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords(excluded_fields=["name_key", "name_sort", "path"])

    objects = LocalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("địa bàn")
        verbose_name_plural = _("địa bàn")
        ordering = PLACE_ORDER
        indexes = [  # a name anywhere in the ~14.000 places' names (search())
            GinIndex(fields=["name_key"], opclasses=["gin_trgm_ops"],
                     name="locality_name_key_trgm"),
        ]
        constraints = [
            # A place without a code is told apart by its name. Places with a code may share
            # a folded name (phường Sa Pa and phường Sa Pả, one district) and two units of one
            # name may follow each other (tỉnh Lào Cai until 30/06/2025, the merged tỉnh Lào
            # Cai from 01/07/2025): the code and period tell them apart.
            models.UniqueConstraint(
                fields=["parent", "name_key", "kind", "valid_from"],
                condition=models.Q(code=""),
                nulls_distinct=False,
                name="locality_unique_name_in_parent_per_period",
            ),
            # No two units with one code exist on the same day.
            ExclusionConstraint(
                name="locality_unique_code_per_period",
                expressions=[
                    ("code", RangeOperators.EQUAL),
                    (DateRange("valid_from", "valid_to", RangeBoundary(True, True)),
                     RangeOperators.OVERLAPS),
                ],
                condition=~models.Q(code=""),
                violation_error_message=_(
                    "Một địa bàn khác có cùng mã trong cùng thời kỳ."
                ),
            ),
            period_constraint("locality_period_valid"),
        ]

    def get_absolute_url(self) -> str:
        return self.url_of(self.slug)

    @staticmethod
    def url_of(slug: str) -> str:
        """The address of the place whose slug is *slug* (for places read as values)."""
        return address("documents:locality", slug)  # reverse(), found once

    def clean(self):
        super().clean()
        if self.parent_id and self.kind:
            below_itself = bool(self.pk) and f"/{self.pk}/" in self.parent.path
            raise_violations(locality_parent(self.kind, self.parent.kind,
                                             own_parent=below_itself))

    def save(self, *args, **kwargs):
        self.level = LOCALITY_LEVEL[self.kind]
        super().save(*args, **kwargs)
        path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        if path != self.path:
            old = self.path
            self.path = path
            Locality.objects.filter(pk=self.pk).update(path=path)
            if old:  # moved: re-root the subtree, and its documents' stored ancestors
                moved = [self]
                for child in Locality.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    child.path = path + child.path[len(old):]
                    Locality.objects.filter(pk=child.pk).update(path=child.path)
                    moved.append(child)
                from .documents import Document

                for place in moved:
                    Document.objects.filter(locality=place).update(**place_columns(place.path))

    def ancestors(self) -> list[Locality]:
        """From the country down to this locality's parent (one query)."""
        from documents.compiled import compiled

        ids = [int(i) for i in self.path.strip("/").split("/") if i][:-1]
        if not ids:
            return []
        # The SQL compiled once per process and depth (documents.compiled): on every page
        # of a document or a place.
        found = compiled(("ancestors", len(ids)),
                         lambda *ids: Locality.objects.filter(pk__in=ids), *ids)
        by_id = {place.pk: place for place in found}
        return [by_id[i] for i in ids if i in by_id]

    @staticmethod
    def at_or_below(path: str, prefix: str = "") -> models.Q:
        """THE condition "the place of materialised *path* and every place below it", on the
        places (or, with *prefix* ``"locality__"``, on what refers to one)."""
        return models.Q(**{f"{prefix}path__startswith": path})

    def subtree(self):
        """This locality and every locality below it."""
        return Locality.objects.filter(Locality.at_or_below(self.path))


class LocalitySuccession(models.Model):
    """One unit taken over (wholly or in part) by another: the rows of ``Locality.successors``.

    The column names are those of the plain many-to-many table this model replaced, so code
    that writes ``Locality.successors.through`` rows with only the two ids still works.
    """

    from_locality = models.ForeignKey(
        Locality, verbose_name=_("đơn vị trước"), on_delete=models.CASCADE,
        related_name="succeeded_by",
    )
    to_locality = models.ForeignKey(
        Locality, verbose_name=_("đơn vị kế thừa"), on_delete=models.CASCADE,
        related_name="succeeded_from",
    )
    effective_date = models.DateField(_("có hiệu lực từ"), null=True, blank=True)
    partial = models.BooleanField(
        _("chỉ một phần"), default=False, db_default=False,
        help_text=_("Đơn vị kế thừa chỉ nhận một phần địa bàn của đơn vị trước."),
    )
    document = models.ForeignKey(
        "documents.Document", verbose_name=_("văn bản quyết định"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="locality_successions",
    )
    note = models.TextField(_("ghi chú"), blank=True, default="", db_default="")

    class Meta:
        db_table = "documents_locality_successors"
        verbose_name = _("kế thừa địa bàn")
        verbose_name_plural = _("kế thừa địa bàn")
        unique_together = [("from_locality", "to_locality")]

    def __str__(self) -> str:
        return f"{self.from_locality} → {self.to_locality}"
