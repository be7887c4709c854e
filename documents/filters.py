"""Filters for the document list and the targets page (django-filter FilterSets).

Free of HTML: the public pages and the JSON API use the same FilterSets. Values arrive as
query-string text and are validated by the FilterSet's form; an invalid value is reported
in ``filterset.errors`` and that one filter is left out (the others still apply), so a bad
value never breaks a page. An API that prefers to refuse bad input checks
``filterset.is_valid()`` and answers 400 with ``filterset.errors``.

:class:`DocumentFilterSet` also computes facet counts (:meth:`DocumentFilterSet.facets`):
for each facet, the documents matching every active filter except the facet's own, counted
per value with ONE grouped query.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    When,
)
from django.db.models.functions import Length
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from documents.domain.vocabulary import DOCUMENT_TYPES, STATUSES
from documents.language import term_label
from documents.models import Document, Indicator, IssuingBody, Locality, Target, Topic
from documents.search import MAX_QUERY_LENGTH, DocumentSearch
from documents.widgets import FastSelect

__all__ = [
    "DATE_INPUT_FORMATS",
    "SORT_CHOICES",
    "DocumentFilterSet",
    "Facet",
    "FacetItem",
    "TargetFilterSet",
]

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
#: Issuing bodies listed in the body facet (those with most documents, and the chosen one).
BODY_FACET_SIZE = 25
#: Places listed in the place facet: the children with most documents, in name order (a
#: province has a hundred communes and more; its page lists every one).
LOCALITY_FACET_SIZE = 40
MIN_YEAR, MAX_YEAR = 1930, 2100


_lazy_label = lazy(term_label, str)


def _choices(terms) -> list[tuple[str, str]]:
    """Vocabulary choices whose labels follow the active language."""
    return [(t.key, _lazy_label(t)) for t in terms]


SORT_CHOICES = [
    ("-date", _("Mới nhất trước")),
    ("date", _("Cũ nhất trước")),
    ("symbol", _("Theo số ký hiệu")),
    ("relevance", _("Phù hợp nhất (khi tìm kiếm)")),
]
HAS_TARGETS_CHOICES = [("yes", _("Có chỉ tiêu")), ("no", _("Không có chỉ tiêu"))]


# --- form fields ---------------------------------------------------------------------------


class SearchTextField(forms.CharField):
    """Free text: NFC; zero-width and other format characters dropped; control, private-use
    and unassigned characters refused; must contain a letter or a digit."""

    default_error_messages = {
        "control": _("Nội dung tìm kiếm có ký tự không hợp lệ (ký tự điều khiển)."),
        "strange": _("Nội dung tìm kiếm có ký tự không đọc được."),
        "no_words": _("Nội dung tìm kiếm cần có ít nhất một chữ cái hoặc chữ số."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        kwargs.setdefault(
            "error_messages",
            {
                "max_length": _(
                    "Nội dung tìm kiếm dài quá: tối đa %(limit_value)d ký tự"
                    " (đã nhập %(show_value)d)."
                ),
                "null_characters_not_allowed": _(
                    "Nội dung tìm kiếm có ký tự không hợp lệ (ký tự rỗng)."
                ),
            },
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        value = unicodedata.normalize("NFC", value)
        value = "".join(c for c in value if unicodedata.category(c) != "Cf")
        return " ".join(value.split())

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        categories = {unicodedata.category(c) for c in value}
        if "Cc" in categories:
            raise forms.ValidationError(self.error_messages["control"], code="control")
        if categories & {"Cs", "Co", "Cn"}:
            raise forms.ValidationError(self.error_messages["strange"], code="strange")
        if DocumentSearch(value).is_empty:
            raise forms.ValidationError(self.error_messages["no_words"], code="no_words")


class SearchFilter(django_filters.CharFilter):
    field_class = SearchTextField


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Năm không hợp lệ: hãy nhập 4 chữ số, ví dụ 2025."),
                "min_value": _("Năm phải từ %(limit_value)s trở đi."),
                "max_value": _("Năm phải không quá %(limit_value)s."),
            },
        )
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR})
class YearFilter(django_filters.NumberFilter):
    field_class = YearField

    def get_max_validator(self):
        return None


@extend_schema_field(OpenApiTypes.BOOL)  # a boolean in the API's OpenAPI schema
class SwitchFilter(django_filters.Filter):
    """A checkbox: present and not false → True. Modifies another filter; filters nothing."""

    field_class = forms.BooleanField

    def filter(self, qs, value):
        return qs


def _unknown(message) -> dict:
    return {"invalid_choice": message}


# --- choices that stay small at 100.000 documents and tens of thousands of places -----------


class BoundedChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """Iterates only the rows the field *lists* (``field.listed()``: e.g. the provinces, not
    every commune); validation still accepts any row of the field's queryset."""

    def __init__(self, field):
        super().__init__(field)
        self.queryset = field.listed(field.queryset)


class BoundedSelect(FastSelect):
    """A select of the listed choices, plus the chosen value when it is not among them
    (a commune picked from the place facet still shows as chosen)."""

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        shown = {str(option["value"]) for _group, options, _i in groups for option in options}
        missing = [v for v in value if v and str(v) not in shown]
        field = getattr(self.choices, "field", None)
        if missing and field is not None:
            key = field.to_field_name or "pk"
            for obj in field.queryset.filter(**{f"{key}__in": missing[:5]}):
                option = self.create_option(
                    name, field.prepare_value(obj), field.label_from_instance(obj), True,
                    len(groups), attrs=attrs,
                )
                groups.append((None, [option], len(groups)))
        return groups


class NamedChoiceField(django_filters.fields.ModelChoiceField):
    """Choices labelled with the name in the active language (``NamedModel.local_name``)."""

    def label_from_instance(self, obj):
        return obj.local_name


class NamedChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = NamedChoiceField


class BoundedModelChoiceField(NamedChoiceField):
    iterator = BoundedChoiceIterator
    widget = BoundedSelect

    def listed(self, queryset):
        return queryset


class LocalityChoiceField(BoundedModelChoiceField):
    def listed(self, queryset):
        return queryset.filter(level__lte=1)  # the country, provinces and cities

    def label_from_instance(self, obj):
        if obj.parent_id and obj.level >= 2:
            return f"{obj.local_name} ({obj.parent.local_name})"
        return obj.local_name


class BodyChoiceField(BoundedModelChoiceField):
    def listed(self, queryset):
        # The central bodies that exist today (hundreds of provincial ones would weigh on
        # every list page); the body facet offers those with most documents, and any body
        # is accepted from a link or the address.
        return queryset.filter(locality__level=0, valid_to__isnull=True)


class LocalityFilter(django_filters.ModelChoiceFilter):
    field_class = LocalityChoiceField


class BodyFilter(django_filters.ModelChoiceFilter):
    field_class = BodyChoiceField


def _localities(request=None):
    return Locality.objects.select_related("parent").order_by("level", "name_sort")


def _date_filter(lookup, label):
    return django_filters.DateFilter(
        field_name="issued_date",
        lookup_expr=lookup,
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "invalid": _("Ngày không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 06/11/2023."),
        },
    )


class DocumentFilterForm(forms.Form):
    """Checks that ranges are not upside down (the later bound is then dropped)."""

    def clean(self):
        data = super().clean()
        start, end = data.get("issued_from"), data.get("issued_to")
        if start and end and end < start:
            self.add_error("issued_to", _("Ngày kết thúc không thể trước ngày bắt đầu."))
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", _("Năm kết thúc không thể trước năm bắt đầu."))
        return data


# --- facets ----------------------------------------------------------------------------------


@dataclass
class FacetItem:
    """One value of a facet: its query-string value, label, count, and whether it is chosen.

    ``params`` are the query-string changes that choose this value (for the locality facet,
    choosing "issued exactly here" also sets ``exact_locality``).
    """

    value: str
    label: str
    count: int
    selected: bool = False
    params: dict[str, str] = field(default_factory=dict)
    url: str = ""  # filled in by the HTML view; an API may build its own


@dataclass
class Facet:
    name: str  # the query-string parameter
    title: str
    items: list[FacetItem]
    multiple: bool = False  # several values may be chosen at once (type)
    parent: Locality | None = None  # locality facet: the place whose children are listed
    up_url: str | None = None  # filled in by the HTML view (locality: back to every place)
    hidden: int = 0  # values with documents left out (locality: past LOCALITY_FACET_SIZE)


# --- document list -------------------------------------------------------------------------


class DocumentFilterSet(django_filters.FilterSet):
    """Filters of the document list (``/documents/``) and of the API's document endpoint."""

    q = SearchFilter(label=_("Tìm kiếm"), method="filter_q")
    locality = LocalityFilter(
        label=_("Địa bàn"),
        queryset=_localities,
        to_field_name="slug",
        method="filter_locality",
        empty_label=_("Tất cả"),
        error_messages=_unknown(_("Không có địa bàn “%(value)s”.")),
    )
    exact_locality = SwitchFilter(label=_("Chỉ văn bản ban hành đúng tại địa bàn này"))
    body = BodyFilter(
        label=_("Cơ quan ban hành"),
        field_name="issuing_body",
        queryset=IssuingBody.objects.order_by("name_sort"),
        to_field_name="slug",
        empty_label=_("Tất cả"),
        error_messages=_unknown(_("Không có cơ quan ban hành “%(value)s”.")),
    )
    type = django_filters.MultipleChoiceFilter(
        label=_("Loại văn bản"),
        choices=_choices(DOCUMENT_TYPES),
        method="filter_type",
        error_messages={
            "invalid_choice": _("Không có loại văn bản “%(value)s”."),
        },
    )
    topic = NamedChoiceFilter(
        widget=FastSelect,
        label=_("Chủ đề"),
        field_name="topics",
        queryset=Topic.objects.order_by("name_sort"),
        to_field_name="slug",
        empty_label=_("Tất cả"),
        error_messages=_unknown(_("Không có chủ đề “%(value)s”.")),
    )
    status = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Tình trạng hiệu lực"),
        choices=_choices(STATUSES),
        empty_label=_("Tất cả"),
        error_messages={"invalid_choice": _("Không có tình trạng “%(value)s”.")},
    )
    issued_from = _date_filter("gte", _("Ban hành từ ngày"))
    issued_to = _date_filter("lte", _("Ban hành đến ngày"))
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
    sort = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Sắp xếp"),
        choices=SORT_CHOICES,
        method="filter_sort",
        empty_label=None,
        error_messages={"invalid_choice": _("Không có cách sắp xếp “%(value)s”.")},
    )

    #: The filter that orders rather than narrows: filter_queryset() applies it last.
    ORDERING = "sort"

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
            self._search = DocumentSearch(q) if q else None
        return self._search

    def cleaned_value(self, name):
        """The validated value of one filter (None when absent or invalid)."""
        self.errors  # noqa: B018 - validate the form first
        return getattr(self.form, "cleaned_data", {}).get(name)

    # --- filter methods ---------------------------------------------------------------
    def filter_q(self, queryset, name, value):
        return self.search.filter(queryset) if self.search else queryset

    def filter_locality(self, queryset, name, value):
        return queryset.in_place(value, exact=bool(self.cleaned_value("exact_locality")))

    def filter_type(self, queryset, name, value):
        return queryset.filter(doc_type__in=value)

    def filter_period(self, queryset, name, value):
        starts = Q(period_start__lte=value) | Q(period_start__isnull=True)
        ends = Q(period_end__gte=value) | Q(period_end__isnull=True)
        known = Q(period_start__isnull=False) | Q(period_end__isnull=False)
        return queryset.filter(starts & ends & known)

    def filter_has_targets(self, queryset, name, value):
        has = Exists(Target.objects.filter(document=OuterRef("pk")))
        return queryset.filter(has if value == "yes" else ~has)

    def filter_sort(self, queryset, name, value):
        return queryset  # ordering is applied by filter_queryset(), after every filter

    # --- applying filters -------------------------------------------------------------
    @property
    def effective_sort(self) -> str:
        """The ordering in effect: relevance by default when searching, else newest first."""
        chosen = self.cleaned_value("sort")
        if chosen == "relevance" or (not chosen and self.search):
            return "relevance" if self.search else "-date"
        return chosen or "-date"

    def queryset_without(self, *names: str):
        """The queryset with every valid filter applied except *names* (and unordered)."""
        self.errors  # noqa: B018
        queryset = self.queryset.all()
        for name, value in getattr(self.form, "cleaned_data", {}).items():
            if name in names or name == self.ORDERING:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_queryset(self, queryset):
        return self.order(self.queryset_without())

    def order(self, queryset):
        sort = self.effective_sort
        if sort == "relevance":
            return self.search.order_by_relevance(queryset)
        if sort == "date":
            return queryset.oldest_first()
        if sort == "symbol":
            # Documents without a number last; numbers in numeric order (188 after 34).
            return queryset.annotate(
                sort_no_symbol=Case(When(symbol_key="", then=1), default=0),
                sort_number_length=Length("number"),
            ).order_by("sort_no_symbol", "sort_number_length", "number", "symbol_key", "id")
        return queryset.newest_first()

    # --- facets -------------------------------------------------------------------------
    #: Each facet's own filters: its counts apply every active filter but these.
    FACET_FILTERS = {
        "type": ("type",),
        "status": ("status",),
        "topic": ("topic",),
        "locality": ("locality", "exact_locality"),
        "body": ("body",),
        "year": ("year_from", "year_to"),
    }

    def facets(self) -> list[Facet]:
        """Counts beside each choice, each respecting the OTHER active filters.

        One grouped query per facet (plus one small query for the locality facet's places),
        except when searching: the facets whose own filter is not in use all count the same
        documents, so they are counted in ONE statement that finds the matching documents
        once (:meth:`~documents.models.documents.DocumentQuerySet.grouped_counts`) — the
        full-text match is the expensive part of a search.
        """
        shared: dict[str, dict] = {}
        if self.search is not None:
            data = getattr(self.form, "cleaned_data", {})
            free = [name for name, own in self.FACET_FILTERS.items()
                    if not any(data.get(f) for f in own)]
            parent = self._place_parent()[0] if "locality" in free else None
            if "locality" in free and parent is None:
                free.remove("locality")  # several roots: counted by path, on its own
            if len(free) > 1:
                shared = self.queryset_without().grouped_counts(
                    free, place_parent=parent, top_bodies=BODY_FACET_SIZE
                )
        return [
            self.type_facet(shared.get("type")),
            self.status_facet(shared.get("status")),
            self.topic_facet(shared.get("topic")),
            self.locality_facet(shared.get("locality")),
            self.body_facet(shared.get("body")),
            self.year_facet(shared.get("year")),
        ]

    def _counts(self, own: str, column: str) -> dict:
        queryset = self.queryset_without(*self.FACET_FILTERS[own])
        return dict(queryset.order_by().values_list(column).annotate(n=Count("*")).order_by())

    def type_facet(self, counts: dict | None = None) -> Facet:
        chosen = set(self.cleaned_value("type") or [])
        counts = self._counts("type", "doc_type") if counts is None else counts
        items = [
            FacetItem(t.key, term_label(t), counts.get(t.key, 0), t.key in chosen)
            for t in DOCUMENT_TYPES
            if counts.get(t.key) or t.key in chosen
        ]
        return Facet("type", _("Loại văn bản"), items, multiple=True)

    def status_facet(self, counts: dict | None = None) -> Facet:
        chosen = self.cleaned_value("status")
        counts = self._counts("status", "status") if counts is None else counts
        items = [
            FacetItem(s.key, term_label(s), counts.get(s.key, 0), s.key == chosen)
            for s in STATUSES
            if counts.get(s.key) or s.key == chosen
        ]
        return Facet("status", _("Tình trạng hiệu lực"), items)

    def topic_facet(self, counts: dict | None = None) -> Facet:
        """Counted on the document–topic rows, grouped by topic id (an index-only scan), among
        the documents matching the other filters when there are any; the topics' names are
        read after (there are few). Joining every document with its topics' names and grouping
        by the names took several times longer at 100.000 documents."""
        chosen = self.cleaned_value("topic")
        if counts is None:
            queryset = self.queryset_without("topic")
            links = Document.topics.through.objects.all()
            if queryset.query.where:
                links = links.filter(document_id__in=queryset.order_by().values("pk"))
            counts = dict(
                links.order_by().values_list("topic_id").annotate(n=Count("*")).order_by()
            )
        wanted = [pk for pk, n in counts.items() if n]
        topics = sorted(
            Topic.objects.filter(pk__in=wanted).order_by() if wanted else [],
            key=lambda t: (-counts[t.pk], t.name_sort),
        )
        items = [
            FacetItem(t.slug, t.local_name, counts[t.pk],
                      bool(chosen and chosen.pk == t.pk))
            for t in topics
        ]
        if chosen and not any(i.selected for i in items):
            items.insert(0, FacetItem(chosen.slug, chosen.local_name, 0, True))
        return Facet("topic", _("Chủ đề"), items)

    def body_facet(self, counts: dict | None = None) -> Facet:
        """The BODY_FACET_SIZE bodies with most documents (and the chosen one), counted by
        body id (an index-only scan, the busiest picked in the database); their names are
        read after, for those bodies only."""
        chosen = self.cleaned_value("body")
        if counts is None:
            queryset = self.queryset_without("body").order_by()
            top = (
                queryset.filter(issuing_body_id__isnull=False).values_list("issuing_body_id")
                .annotate(n=Count("*")).order_by("-n", "issuing_body_id")[:BODY_FACET_SIZE]
            )
            counts = dict(top)
            if chosen is not None and chosen.pk not in counts:
                counts[chosen.pk] = queryset.filter(issuing_body=chosen).count()
        bodies = IssuingBody.objects.in_bulk([pk for pk, n in counts.items() if n])
        ordered = sorted(bodies.values(), key=lambda b: (-counts[b.pk], b.name_sort))
        items = [
            FacetItem(b.slug, b.local_name, counts[b.pk],
                      bool(chosen and chosen.pk == b.pk))
            for b in ordered
        ]
        if chosen and not any(i.selected for i in items):
            items.insert(0, FacetItem(chosen.slug, chosen.local_name, 0, True))
        return Facet("body", _("Cơ quan ban hành"), items)

    def year_facet(self, counts: dict | None = None) -> Facet:
        start, end = self.cleaned_value("year_from"), self.cleaned_value("year_to")
        counts = self._counts("year", "issued_year") if counts is None else counts
        items = [
            FacetItem(
                str(year),
                str(year),
                n,
                start == end == year,
                params={"year_from": str(year), "year_to": str(year)},
            )
            for year, n in sorted(counts.items(), key=lambda kv: -(kv[0] or 0))
            if year and n
        ]
        return Facet("year", _("Năm ban hành"), items)

    def _place_parent(self):
        """(the place whose children the locality facet lists — the chosen one, else the one
        root — or None with several roots; those children)."""
        chosen = self.cleaned_value("locality")
        if chosen is not None:
            return chosen, list(Locality.objects.filter(parent=chosen).order_by("name_sort"))
        if not hasattr(self, "_top_places"):
            # The roots and their children as a UNION of two index lookups (an OR of the two
            # conditions reads every place: 15 ms at 26.000 places, on every list page).
            roots = Locality.objects.filter(parent__isnull=True).order_by()
            children = Locality.objects.filter(parent__in=roots.values("pk")).order_by()
            self._top_places = list(
                roots.union(children, all=True).order_by("level", "name_sort")
            )
        roots = [loc for loc in self._top_places if loc.parent_id is None]
        if len(roots) == 1:
            return roots[0], [loc for loc in self._top_places if loc.parent_id == roots[0].pk]
        return None, roots

    def locality_facet(self, counted: tuple[dict, int] | None = None) -> Facet:
        """The children of the chosen place (or the top of the tree) with the number of
        documents issued in each or below it, and the documents issued exactly at the
        chosen place itself. One grouped query
        (:meth:`~documents.models.documents.DocumentQuerySet.counts_below`)."""
        chosen = self.cleaned_value("locality")
        exact = bool(self.cleaned_value("exact_locality"))
        parent, children = self._place_parent()
        if counted is None:
            queryset = self.queryset_without(*self.FACET_FILTERS["locality"])
            if parent is not None and (chosen is not None or parent.parent_id is not None):
                queryset = queryset.in_place(parent)
            counted = queryset.counts_below(parent)
        counts, here = counted
        items = []
        if parent is not None and (here or (chosen is not None and exact)):
            items.append(
                FacetItem(
                    parent.slug,
                    parent.local_name,
                    here,
                    selected=chosen is not None and exact,
                    params={"locality": parent.slug, "exact_locality": "1"},
                )
            )
        found = [child for child in children if counts.get(child.pk)]
        shown = {child.pk for child in sorted(
            found, key=lambda c: (-counts[c.pk], c.name_sort))[:LOCALITY_FACET_SIZE]}
        for child in found:
            if child.pk in shown:
                items.append(
                    FacetItem(
                        child.slug,
                        child.local_name,
                        counts[child.pk],
                        params={"locality": child.slug},
                    )
                )
        return Facet("locality", _("Địa bàn"), items, parent=parent,
                     hidden=len(found) - len(shown))


# --- targets ---------------------------------------------------------------------------------


class TargetFilterSet(django_filters.FilterSet):
    """Filters of the targets page: "what is due by 2025 in Hà Nội"."""

    locality = LocalityFilter(
        label=_("Địa bàn"),
        queryset=_localities,
        to_field_name="slug",
        method="filter_locality",
        empty_label=_("Tất cả"),
        error_messages=_unknown(_("Không có địa bàn “%(value)s”.")),
    )
    topic = NamedChoiceFilter(
        widget=FastSelect,
        label=_("Chủ đề"),
        field_name="document__topics",
        queryset=Topic.objects.order_by("name_sort"),
        to_field_name="slug",
        empty_label=_("Tất cả"),
        error_messages=_unknown(_("Không có chủ đề “%(value)s”.")),
    )
    indicator = NamedChoiceFilter(
        widget=FastSelect,
        label=_("Chỉ số"),
        queryset=Indicator.objects.order_by("name_sort"),
        to_field_name="slug",
        empty_label=_("Tất cả"),
        error_messages=_unknown(_("Không có chỉ số “%(value)s”.")),
    )
    due_by = YearFilter(
        label=_("Đến hạn trước hoặc trong năm"), field_name="deadline_year", lookup_expr="lte"
    )

    class Meta:
        model = Target
        fields: list[str] = []

    def filter_locality(self, queryset, name, value):
        """Targets for this place or any place below it (a target without its own place
        takes its document's): :meth:`TargetQuerySet.in_place`."""
        return queryset.in_place(value)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).by_deadline()
