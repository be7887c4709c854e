"""The document list's FilterSet (``/documents/``), shared by the API and the exports.

Free of HTML: values arrive as query-string text and are validated by the FilterSet's form;
an invalid value is reported in ``filterset.errors`` and that one filter is left out (the
others still apply; an invalid ``sort`` leaves the default order), so a bad value never breaks
a page. An API that prefers to refuse bad input checks ``filterset.is_valid()`` and answers
400 with ``filterset.errors``.
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from documents.applies_here import (
    APPLIES,
    HERE_AND_BELOW,
    ISSUED_HERE,
    SCOPES,
    AppliesHere,
    in_scope,
)
from documents.domain.vocabulary import DOCUMENT_TYPES, LEVEL_NAMES, STATUSES
from documents.models import Document, Target
from documents.search import DocumentSearch

from .facets import DocumentFacets
from .fields import (
    ModifierChoiceFilter,
    SearchFilter,
    SwitchFilter,
    YearFilter,
    issued_date_filter,
    topic_filter,
    vocabulary_choices,
)
from .ordering import DocumentOrderingFilter
from .place_fields import body_filter, place_filter
from .widgets import FastSelect, FilterForm

#: The administrative levels of the place a document was issued at (the home page's "Theo
#: cấp ban hành" rows link to them), and "none": no known place.
UNKNOWN_LEVEL = "none"
LEVEL_CHOICES = [*vocabulary_choices(LEVEL_NAMES), (UNKNOWN_LEVEL, _("Chưa rõ địa bàn"))]
HAS_TARGETS_CHOICES = [("yes", _("Có chỉ tiêu")), ("no", _("Không có chỉ tiêu"))]
#: The place scopes (``applies_here.SCOPES``) as the list offers them: here and below first,
#: the list's default (a link ``?locality=ha-noi`` has always meant it).
LIST_SCOPES = sorted(SCOPES, key=lambda scope: scope[0] != HERE_AND_BELOW)


class DocumentFilterForm(FilterForm):
    """Checks that ranges are not upside down (the later bound is then dropped), and that a
    place scope comes with a place."""

    scope_without_place = _("Phạm vi chỉ dùng được khi đã chọn một địa bàn.")

    def clean(self):
        data = super().clean()
        if data.get("scope") and not data.get("locality") and "locality" not in self.errors:
            self.add_error("scope", self.scope_without_place)
        start, end = data.get("issued_from"), data.get("issued_to")
        if start and end and end < start:
            self.add_error("issued_to", _("Ngày kết thúc không thể trước ngày bắt đầu."))
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", _("Năm kết thúc không thể trước năm bắt đầu."))
        # A list always has an order: an invalid sort (reported in the errors) leaves the
        # default one, which the ordering filter applies when it has no value.
        data.setdefault("sort", None)
        return data


class DocumentFilterSet(DocumentFacets, django_filters.FilterSet):
    """Filters of the document list (``/documents/``) and of the API's document endpoint;
    its facets are :class:`~documents.filters.facets.DocumentFacets`."""

    q = SearchFilter(label=_("Tìm kiếm"), method="filter_q")
    #: Search titles and symbols (the documents' metadata) only, not their full texts.
    titles_only = SwitchFilter(label=_("Chỉ tìm trong trích yếu và số ký hiệu"))
    locality = place_filter()
    exact_locality = SwitchFilter(label=_("Chỉ văn bản ban hành đúng tại địa bàn này"))
    #: How ``locality`` reads its place (``applies_here.in_scope``); none: here and below, or
    #: issued exactly here with ``exact_locality`` (kept for the links that use it).
    scope = ModifierChoiceFilter(
        widget=FastSelect,
        label=_("Phạm vi"),
        choices=LIST_SCOPES,
        empty_label=None,
        error_messages={"invalid_choice": _(
            "Không có phạm vi “%(value)s”: chọn áp dụng tại đây (applies), ban hành tại đây"
            " (here) hoặc tại đây và cấp dưới (below).")},
    )
    body = body_filter(method="filter_body")
    level = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Cấp ban hành"),
        choices=LEVEL_CHOICES,
        empty_label=_("Mọi cấp"),
        method="filter_level",
        error_messages={"invalid_choice": _(
            "Không có cấp “%(value)s”: chọn 0 (trung ương) đến 4 (thôn, tổ dân phố)"
            " hoặc none (chưa rõ).")},
    )
    type = django_filters.MultipleChoiceFilter(
        label=_("Loại văn bản"),
        choices=vocabulary_choices(DOCUMENT_TYPES),
        method="filter_type",
        error_messages={
            "invalid_choice": _("Không có loại văn bản “%(value)s”."),
        },
    )
    topic = topic_filter("topics")
    status = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Tình trạng hiệu lực"),
        choices=vocabulary_choices(STATUSES),
        empty_label=_("Tất cả"),
        method="filter_status",
        error_messages={"invalid_choice": _("Không có tình trạng “%(value)s”.")},
    )
    issued_from = issued_date_filter("gte", _("Ban hành từ ngày"))
    issued_to = issued_date_filter("lte", _("Ban hành đến ngày"))
    year_from = YearFilter(field_name="issued_year", lookup_expr="gte", label=_("Từ năm"))
    year_to = YearFilter(field_name="issued_year", lookup_expr="lte", label=_("Đến năm"))
    period = YearFilter(label=_("Giai đoạn bao gồm năm"), method="filter_period")
    has_targets = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Chỉ tiêu"),
        choices=HAS_TARGETS_CHOICES,
        empty_label=_("Không phân biệt"),
        method="filter_has_targets",
        error_messages={"invalid_choice": _("Giá trị “%(value)s” không hợp lệ: chọn có/không.")},
    )
    #: The order (declared last: applied after every other filter).
    sort = DocumentOrderingFilter(label=_("Sắp xếp"))

    class Meta:
        model = Document
        fields: list[str] = []
        form = DocumentFilterForm

    # --- the search -------------------------------------------------------------------
    @property
    def search(self) -> DocumentSearch | None:
        """The valid search query, parsed once per FilterSet (None without one)."""
        if not hasattr(self, "_search"):
            q = self.cleaned_value("q")
            self._search = (DocumentSearch(q, in_texts=not self.cleaned_value("titles_only"))
                            if q else None)
        return self._search

    def cleaned_value(self, name):
        """The validated value of one filter (None when absent or invalid)."""
        self.errors  # noqa: B018 - validate the form first
        return getattr(self.form, "cleaned_data", {}).get(name)

    # --- filter methods ---------------------------------------------------------------
    def filter_q(self, queryset, name, value):
        return self.search.filter(queryset) if self.search else queryset

    @property
    def place_scope(self) -> str:
        """The scope the place filter reads its place in: ``scope`` when given, else issued
        exactly here with ``exact_locality``, else here and below."""
        if self.cleaned_value("scope"):
            return self.cleaned_value("scope")
        return ISSUED_HERE if self.cleaned_value("exact_locality") else HERE_AND_BELOW

    @property
    def applies_here(self) -> AppliesHere | None:
        """What applies at the chosen place, read once per FilterSet (the facets apply the
        place filter again): None unless the scope is applies here."""
        if not hasattr(self, "_applies_here"):
            place = self.cleaned_value("locality")
            self._applies_here = (AppliesHere.of(place)
                                  if place is not None and self.place_scope == APPLIES else None)
        return self._applies_here

    def filter_locality(self, queryset, name, value):
        return in_scope(queryset, value, self.place_scope, applies=self.applies_here)

    def filter_body(self, queryset, name, value):
        return queryset.issued_by(value)  # main issuer or co-issuer


    def filter_status(self, queryset, name, value):
        """The status as of today, as every page shows it (``with_status()``)."""
        return queryset.status_is(value)

    def filter_type(self, queryset, name, value):
        return queryset.filter(doc_type__in=value)

    def filter_period(self, queryset, name, value):
        starts = Q(period_start__lte=value) | Q(period_start__isnull=True)
        ends = Q(period_end__gte=value) | Q(period_end__isnull=True)
        known = Q(period_start__isnull=False) | Q(period_end__isnull=False)
        return queryset.filter(starts & ends & known)

    def filter_level(self, queryset, name, value):
        """Issued at a place of this administrative level (as the home page counts them:
        ``DocumentCounts.counts_by_level``), or at no known place."""
        if value == UNKNOWN_LEVEL:
            return queryset.filter(locality__isnull=True)
        return queryset.filter(locality__level=int(value))

    def filter_has_targets(self, queryset, name, value):
        has = Exists(Target.objects.filter(document=OuterRef("pk")))
        return queryset.filter(has if value == "yes" else ~has)

    # --- the order and the filters but some ---------------------------------------------
    @property
    def effective_sort(self) -> str:
        """The order in effect: relevance by default when searching, else newest first."""
        return self.filters["sort"].effective(self.cleaned_value("sort"))

    def queryset_without(self, *names: str, using: str | None = None):
        """The queryset with every valid filter applied except *names* (and unordered), read
        from the database *using* when given (else where reads go)."""
        self.errors  # noqa: B018
        queryset = self.queryset.all() if using is None else self.queryset.using(using)
        for name, value in getattr(self.form, "cleaned_data", {}).items():
            filter_ = self.filters[name]
            if name in names or isinstance(filter_, django_filters.OrderingFilter):
                continue
            queryset = filter_.filter(queryset, value)
        return queryset
