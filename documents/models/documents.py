"""Documents (văn bản); their topics are in ``topics.py``."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.domain import uncertainty
from documents.domain.symbols import SymbolError, parse_symbol, symbol_key
from documents.domain.validation import (
    covered_period,
    document_symbol,
    effective_period,
    term_of_issuer,
)
from documents.domain.vietnamese import fold
from documents.domain.vocabulary import DOCUMENT_TYPES, STATUSES, choices
from documents.language import vocabulary_label
from documents.reversing import address
from documents.search import search_vector_expression

from .co_issuers import DocumentCoIssuer
from .common import clean_text, raise_violations
from .document_identity import DocumentIdentity
from .document_queries import NEWEST_FIRST, DocumentQuerySet
from .places import PLACE_DEPTHS, place_columns
from .topics import Topic
from .uncertainty import editorial_note_field, uncertain_field, uncertainty_constraint


class Document(DocumentIdentity, models.Model):
    """A decision, plan, resolution… identified by issuer + symbol + term (or year).

    Some documents are known only by title (no number yet) or only by reference
    (another document or an article mentions them): ``symbol`` is then empty or
    ``known_by_reference`` is set. ``slug`` is fixed at creation: the address
    never changes when the title is edited.
    """

    slug = models.SlugField(_("đường dẫn cố định"), max_length=120, unique=True, editable=False)

    # --- identification -------------------------------------------------
    symbol = models.CharField(
        _("số ký hiệu"),
        max_length=60,
        blank=True,
        help_text=_("Dạng chuẩn, ví dụ 188-KH/TU, 29/2023/NĐ-CP. Để trống nếu chưa có số."),
    )
    symbol_as_written = models.CharField(
        _("số ký hiệu như nguồn ghi"), max_length=80, blank=True
    )
    symbol_key = models.CharField(max_length=60, editable=False, db_index=True, blank=True)
    number = models.CharField(_("số"), max_length=20, blank=True, editable=False)
    type_code = models.CharField(_("mã loại"), max_length=10, blank=True, editable=False)
    issuer_code = models.CharField(_("mã cơ quan"), max_length=20, blank=True, editable=False)
    doc_type = models.CharField(
        _("loại văn bản"), max_length=32, choices=choices(DOCUMENT_TYPES), db_index=True
    )
    title = models.CharField(_("trích yếu"), max_length=600)
    summary = models.TextField(_("tóm tắt"), blank=True)

    # --- who and where --------------------------------------------------
    issuing_body = models.ForeignKey(
        "documents.IssuingBody",
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    co_issuers = models.ManyToManyField(
        "documents.IssuingBody", through=DocumentCoIssuer, blank=True,
        related_name="co_issued_documents", verbose_name=_("cơ quan cùng ban hành"),
    )
    term = models.ForeignKey(
        "documents.Term",
        verbose_name=_("khóa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    locality = models.ForeignKey(
        "documents.Locality",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("Mặc định là địa bàn của cơ quan ban hành."),
    )
    # The locality's ancestors at depths 1–3 (itself included), kept by save() and by
    # Locality.save() when a place moves: "this place and below" is then one indexed equality.
    place_1 = models.ForeignKey(
        "documents.Locality", null=True, blank=True, editable=False, db_index=False,
        on_delete=models.PROTECT, related_name="+",
    )
    place_2 = models.ForeignKey(
        "documents.Locality", null=True, blank=True, editable=False, db_index=False,
        on_delete=models.PROTECT, related_name="+",
    )
    place_3 = models.ForeignKey(
        "documents.Locality", null=True, blank=True, editable=False, db_index=False,
        on_delete=models.PROTECT, related_name="+",
    )
    signer = models.ForeignKey(
        "documents.Person",
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signed_documents",
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)

    # --- dates and status ---------------------------------------------------
    issued_date = models.DateField(_("ngày ban hành"), null=True, blank=True, db_index=True)
    issued_year = models.PositiveSmallIntegerField(
        _("năm ban hành"), null=True, blank=True, db_index=True
    )
    date_note = models.CharField(
        _("ghi chú về ngày"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: năm không ghi trong nguồn, suy ra từ ngữ cảnh."),
    )
    # --- what a reader can trust (documents/models/uncertainty.py) --------------
    uncertain = uncertain_field("document")
    editorial_note = editorial_note_field()
    effective_from = models.DateField(_("có hiệu lực từ"), null=True, blank=True)
    effective_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    period_start = models.PositiveSmallIntegerField(_("giai đoạn từ năm"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("giai đoạn đến năm"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=24, choices=choices(STATUSES), default="unknown", db_index=True
    )
    known_by_reference = models.BooleanField(
        _("chỉ biết qua dẫn chiếu"),
        default=False,
        help_text=_("Văn bản được nhắc đến nhưng catalogue chưa có đủ thông tin."),
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("chủ đề"), blank=True, related_name="documents"
    )

    # --- bookkeeping --------------------------------------------------------
    search_text = models.TextField(editable=False, blank=True)
    #: The words of search_text for full-text search, computed by the database (GIN index).
    search_vector = models.GeneratedField(
        expression=search_vector_expression(), output_field=SearchVectorField(), db_persist=True
    )
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày sửa gần nhất"), auto_now=True, db_index=True)
    #: Optimistic locking: raised by one on every save. The admin's change form carries the
    #: version it showed and refuses to save over a newer one (documents.admin.documents).
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    history = HistoricalRecords(
        excluded_fields=["search_text", "search_vector", "symbol_key", "version", "place_1",
                         "place_2", "place_3"]
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = NEWEST_FIRST
        constraints = [
            # A Party symbol repeats across terms and provinces: unique per body and term.
            # (Without a known issuing body a symbol such as 1-KH/QU may be any district's.)
            models.UniqueConstraint(
                fields=["issuing_body", "symbol_key", "term"],
                condition=~models.Q(symbol_key="") & models.Q(term__isnull=False)
                & models.Q(issuing_body__isnull=False),
                name="document_unique_symbol_per_term",
                nulls_distinct=False,
            ),
            # A state symbol repeats across years: unique per body and year; with neither term
            # nor year known, unique per body (NULLS NOT DISTINCT: an unknown year is a value).
            models.UniqueConstraint(
                fields=["issuing_body", "symbol_key", "issued_year"],
                condition=~models.Q(symbol_key="") & models.Q(term__isnull=True)
                & models.Q(issuing_body__isnull=False),
                name="document_unique_symbol_per_year",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_from__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="document_effective_period_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="document_covered_period_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.key for s in STATUSES]),
                name="document_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(doc_type__in=[t.key for t in DOCUMENT_TYPES]),
                name="document_type_valid",
            ),
            uncertainty_constraint("document", "document_uncertain_valid"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="document_search_vector"),
            models.Index(fields=["locality", "-issued_date"], name="document_locality_date"),
            models.Index(fields=["issuing_body", "-issued_date"], name="document_body_date"),
            # "This place and below" with the columns the filters and facets read, so a
            # province's (district's, commune's) facet counts are index-only scans; the next
            # depth comes second: the place facet groups by it.
            *(
                models.Index(
                    fields=[f"place_{depth}", *([f"place_{depth + 1}"] if depth < 3 else [])],
                    include=["id", "doc_type", "status", "issued_year", "issuing_body", "locality"],
                    name=f"document_place{depth}_cover",
                )
                for depth in PLACE_DEPTHS
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    # --- presentation ---------------------------------------------------------
    @property
    def type_name(self) -> str:
        """The Vietnamese type name (search text, slugs and citations use it)."""
        return vocabulary_label("doc_type", self.doc_type, "vi") if self.doc_type else ""

    @property
    def type_label(self) -> str:
        """The type name in the active language."""
        return vocabulary_label("doc_type", self.doc_type) if self.doc_type else ""

    @property
    def display_name(self) -> str:
        """``Kế hoạch 188-KH/TU`` or, without a number, ``Đề án về …`` (``Plan 188-KH/TU``
        in English)."""
        if self.symbol:
            return f"{self.type_label} {self.symbol}"
        if not self.title_known:
            return self.described_name
        return f"{self.type_label} {self.title}".strip()

    @property
    def status_now(self) -> str:
        """The status as of today (``documents/validity.py``), not the one typed once."""
        from documents.validity import status_now

        return status_now(self)

    def get_absolute_url(self) -> str:
        return address("documents:detail", self.slug)

    # --- validation and derived fields ----------------------------------------
    def clean(self):
        super().clean()
        body = self.issuing_body if self.issuing_body_id else None
        raw = clean_text(self.symbol) or clean_text(self.symbol_as_written)
        parsed, violations = document_symbol(raw, self.doc_type, body.code if body else "")
        if parsed is not None and parsed.term_number and body and not self.term_id:
            # 52/2019/QH14: the legislature's khóa XIV, when the catalogue has it.
            self.term = self.term_numbered(body.pk, parsed.term_number)
        violations += effective_period(self.effective_from, self.effective_to)
        violations += covered_period(self.period_start, self.period_end)
        if self.term_id and body:
            violations += term_of_issuer(self.term.body_id, body.pk, body.parent_id)
        violations += uncertainty.violations("document", self.uncertain)
        raise_violations(violations)

    def validate_constraints(self, exclude=None):
        """Also what the constraints document_unique_symbol_per_* check, on the symbol the
        form was given (``symbol_key`` is derived only when saving), so the admin says it in
        the form rather than failing with a database error."""
        errors: dict = {}
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        raw = clean_text(self.symbol) or clean_text(self.symbol_as_written)
        if raw and "symbol" not in (exclude or ()):
            try:
                parsed = parse_symbol(raw)
            except SymbolError:
                parsed = None  # clean() reports it
            if parsed is not None and self._same_symbol(parsed.lookup_key).exists():
                errors.setdefault("symbol", []).append(ValidationError(
                    _("Đã có văn bản số “%(symbol)s” của cơ quan này trong cùng khóa hoặc "
                      "cùng năm (kể cả khi chưa rõ khóa và năm).")
                    % {"symbol": parsed.canonical}, code="unique_symbol"))
        if errors:
            raise ValidationError(errors)

    def _same_symbol(self, symbol_key: str):
        """Other documents that the symbol's unique constraints make this one a duplicate of:
        same symbol and (known) issuing body, and same term, or (no term) same year, unknown
        counting as a value."""
        if self.issuing_body_id is None:
            return Document.objects.none()  # not constrained (see Meta.constraints)
        year = self.issued_date.year if self.issued_date else self.issued_year
        others = Document.objects.filter(symbol_key=symbol_key,
                                         issuing_body_id=self.issuing_body_id)
        if self.term_id is not None:
            others = others.filter(term_id=self.term_id)
        else:
            others = others.filter(term__isnull=True, issued_year=year)
        return others.exclude(pk=self.pk) if self.pk is not None else others

    def _apply_symbol(self) -> None:
        raw = clean_text(self.symbol) or clean_text(self.symbol_as_written)
        if not raw:
            self.symbol = self.symbol_key = self.number = self.type_code = self.issuer_code = ""
            return
        try:
            parsed = parse_symbol(raw)
        except SymbolError:
            # Keep what was written; clean() reports it in forms.
            self.symbol = clean_text(self.symbol) or raw
            self.symbol_key = symbol_key(self.symbol)
            return
        self.symbol = parsed.canonical
        self.symbol_key = parsed.lookup_key
        self.number = parsed.number
        self.type_code = parsed.type_code
        self.issuer_code = parsed.issuer_code
        if not self.symbol_as_written:
            self.symbol_as_written = raw

    @staticmethod
    def term_numbered(body_id: int, number: int):
        """The body's term of this number (khóa XIV of the National Assembly for
        ``52/2019/QH14``), or None when the catalogue has no such record. :meth:`clean`
        links it (the admin, the article entry); the dataset import finds it itself
        (``interchange/checking_documents.py``); ``save()`` runs no query for it."""
        from .bodies import Term

        return Term.objects.filter(body_id=body_id, number=number).order_by("id").first()

    def co_issuer_names(self) -> list[str]:
        """The names (and short names) of the document's co-issuing bodies, for its search
        text: given by whoever knows them already (``_co_issuer_names``: the importer), else
        read (one query; none for a new document, which has none yet)."""
        names = self.__dict__.pop("_co_issuer_names", None)
        if names is not None:
            return names
        if self.pk is None or self._state.adding:
            return []
        rows = DocumentCoIssuer.objects.filter(document_id=self.pk).order_by(
            "position", "id").values_list("body__name", "body__short_name")
        return [name for row in rows for name in row if name]

    def build_search_text(self) -> str:
        """Folded text searched by the admin and (with its index) the public site: the
        symbol, type, title, summary, issuing body, co-issuing bodies and signer."""
        parts = [
            self.symbol,
            self.symbol_as_written,
            self.symbol.replace("-", " ").replace("/", " ") if self.symbol else "",
            self.number,
            self.type_name,
            self.title,
            self.summary,
        ]
        if self.issuing_body_id:
            parts += [self.issuing_body.name, self.issuing_body.short_name]
        parts += self.co_issuer_names()
        if self.signer_id:
            parts.append(self.signer.name)
        return fold(" | ".join(p for p in parts if p))

    @classmethod
    def refresh_search_text(cls, pks) -> None:
        """Recompute the stored search text of the documents *pks* (after their co-issuing
        bodies changed: ``DocumentCoIssuer.save()``/``delete()``); no history entry."""
        for doc in cls.objects.filter(pk__in=list(pks)).select_related("issuing_body", "signer"):
            cls.objects.filter(pk=doc.pk).update(search_text=doc.build_search_text())

    def apply_places(self) -> None:
        """Set ``place_1`` … ``place_3`` from the locality's path."""
        for name, value in place_columns(self.locality.path if self.locality_id else None).items():
            setattr(self, name, value)

    def _make_slug(self) -> str:
        if self.symbol:
            base = slugify(fold(self.symbol).replace("/", "-"))
            year = self.issued_year
            base = f"{base}-{year}" if year else base
        else:
            words = fold(f"{self.type_name} {self.title}").split()[:12]
            base = slugify(" ".join(words)) or "van-ban"
        base = base[:100]
        slug, n = base, 2
        while Document.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def save(self, *args, **kwargs):
        self.title = clean_text(self.title)
        self.summary = clean_text(self.summary)
        self.signer_title = clean_text(self.signer_title)
        self.symbol_as_written = clean_text(self.symbol_as_written)
        self._apply_symbol()
        if self.issued_date:
            self.issued_year = self.issued_date.year
        if self.locality_id is None and self.issuing_body_id:
            self.locality_id = self.issuing_body.locality_id
        if not self.slug:
            self.slug = self._make_slug()
        self.apply_places()
        self.search_text = self.build_search_text()
        if self.pk is None or (
            self._state.adding and not Document.objects.filter(pk=self.pk).exists()
        ):
            super().save(*args, **kwargs)
            return
        # An update (also of a copy rebuilt from history, whose state says "adding"): the
        # version is raised in the database (not from this possibly stale copy), then read back.
        shown = self.version
        self.version = models.F("version") + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.version = shown
            raise
        self.refresh_from_db(fields=["version"])
