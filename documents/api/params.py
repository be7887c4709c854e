"""Query parameters of the API that are refused when they are wrong, never silently ignored.

Every refusal is a JSON 400 in the API's error format (``documents.api.errors``):
``{"detail": "Tham số không hợp lệ (invalid parameters).", "errors": {"<parameter>": […]}}``.

- ``page``: a whole number from 1 (or ``last``); a page beyond the last one is "not found"
  (404, DRF's convention, kept: the address is well formed, the page does not exist) with a
  message naming the parameter and the number of pages.
- ``page_size``: a whole number from 1 to :data:`MAX_PAGE_SIZE`.
- booleans (``exact_locality`` on documents, ``inferred`` on links): ``true``/``false``
  (also ``1``/``0``, ``yes``/``no``, ``on``/``off``); anything else is refused. The list page
  keeps its checkbox semantics (``documents.filters.SwitchFilter``); the API is stricter.
- ``sort`` (documents): one of the list page's orders; the schema states it as one value
  (:data:`SORT_PARAMETER`), which is what the ordering filter accepts.
- ``format``: one of the endpoint's formats (``json``, ``api``; ``json``, ``yaml`` for
  ``/api/schema/``).
- localities: ``level`` a whole number from 0 to the lowest level (``0.5`` is refused, not
  read as 0); ``q`` searches names and codes (``Locality.objects.search``, best first),
  ``code`` is exact. Bodies: ``q`` searches names (``IssuingBody.objects.search``). Both:
  ``lang`` (``vi``, ``en``) is the language of each result's ``label`` (the suggestions of an
  English page's place and body fields); another value is refused.
- a place (``locality`` on documents, targets, figures): its slug, its code (``00127``:
  the unit with that code today, else the one that had it last) or its name when only one
  place has it (``documents.filters.place_fields``: a name several places share is refused,
  "ambiguous"); ``body`` on documents likewise, by slug or name.
- ``scope`` (documents): how ``locality`` is read — ``applies``, ``here`` or ``below`` (the
  default), as on a place's page (``applies_here.in_scope``); another value, or a scope
  without a place, is refused.
- figures: ``locality`` a place as above, ``indicator`` a slug that must exist; ``year_from`` and
  ``year_to`` years from 1930 to 2100, ``year_to`` not before ``year_from``.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Q
from django.http import Http404
from django.utils.functional import lazy
from drf_spectacular.plumbing import build_choice_description_list
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

from documents.applies_here import SCOPES
from documents.catalogue_counts import KeptCountPaginator
from documents.domain.vocabulary import LOCALITY_LEVEL
from documents.filters import (
    SORT_CHOICES,
    DocumentFilterSet,
    LocalityFilter,
    TargetFilterSet,
    YearFilter,
)
from documents.filters.documents import DocumentFilterForm
from documents.filters.fields import ModifierChoiceFilter
from documents.filters.place_fields import localities
from documents.models import DocumentLink, Figure, Indicator, IssuingBody, Locality

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
_WHOLE_NUMBER = re.compile(r"[0-9]+")
#: Longer numbers are certainly beyond the last page (and too long for int() to be cheap).
_MAX_DIGITS = 15


def _shown(value: str) -> str:
    return value if len(value) <= 20 else value[:20] + "…"


# --- pagination ------------------------------------------------------------------------------


class Pagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    #: an unfiltered list's count (a whole table: links, targets, places…) kept per change
    django_paginator_class = KeptCountPaginator
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        if (not _WHOLE_NUMBER.fullmatch(raw) or len(raw) > _MAX_DIGITS
                or not 1 <= int(raw) <= self.max_page_size):
            raise ValidationError({self.page_size_query_param: [
                f"page_size phải là số nguyên từ 1 đến {self.max_page_size}, không phải "
                f"“{_shown(raw)}” (page_size must be a whole number from 1 to "
                f"{self.max_page_size})."
            ]})
        return int(raw)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param, "")
        if raw == "":
            return 1
        if raw in self.last_page_strings:
            return paginator.num_pages
        if not _WHOLE_NUMBER.fullmatch(raw) or (len(raw) <= _MAX_DIGITS and int(raw) < 1):
            raise ValidationError({self.page_query_param: [
                f"page phải là số nguyên từ 1 trở lên (hoặc “last”), không phải "
                f"“{_shown(raw)}” (page must be a whole number from 1, or “last”)."
            ]})
        if len(raw) > _MAX_DIGITS or int(raw) > paginator.num_pages:
            pages = paginator.num_pages
            raise NotFound(
                f"Không có trang {_shown(raw)} (tham số page): chỉ có {pages} trang. "
                f"(No page {_shown(raw)}: there {'is' if pages == 1 else 'are'} {pages} "
                f"page{'' if pages == 1 else 's'}.)"
            )
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
                parameter["description"] = (
                    f"Number of results per page, 1–{self.max_page_size} "
                    f"(default {self.page_size})."
                )
        return parameters


class DocumentPagination(Pagination):
    """The document list's pages, which also say whether a search's results are
    approximate (``approximate``): nothing matched exactly, so the documents most similar to
    the query are listed (typo tolerance), as the list page says in words. The view sets
    :attr:`approximate` before paginating."""

    approximate = False

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        results = response.data.pop("results")
        response.data["approximate"] = self.approximate
        response.data["results"] = results
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        properties = paginated["properties"]
        results = properties.pop("results")
        properties["approximate"] = {
            "type": "boolean",
            "example": False,
            "description": (
                "True when no document matches the search (q) exactly and the results are "
                "the documents most similar to it (typo tolerance), best first; false "
                "otherwise, and always without q. A symbol in any spelling (29/2023/NĐCP, "
                "1046/QĐTTg, 41-QĐ/TƯ) or a type and a number (Quyết định 244) is an exact "
                "match."
            ),
        }
        properties["results"] = results
        paginated.setdefault("required", [])
        if "approximate" not in paginated["required"]:
            paginated["required"].append("approximate")
        return paginated


# --- format ----------------------------------------------------------------------------------


class FormatParameterMixin:
    """``?format=`` naming no format of the view: a JSON 400 (DRF answers 404, rendered with
    the view's first renderer — YAML on ``/api/schema/``)."""

    def _json_renderer(self):
        renderers = self.get_renderers()
        for renderer in renderers:
            if renderer.media_type == "application/json":
                return renderer, renderer.media_type
        return renderers[0], renderers[0].media_type

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request)
        except Http404:
            if force:
                return self._json_renderer()
            formats = ", ".join(sorted({r.format for r in self.get_renderers()}))
            value = _shown(request.query_params.get("format", ""))
            raise ValidationError({"format": [
                f"Không có định dạng “{value}”; dùng một trong: {formats} "
                f"(unknown format; use one of: {formats})."
            ]}) from None
        except Exception:
            if force:
                return self._json_renderer()
            raise


# --- booleans --------------------------------------------------------------------------------

TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off"}


class StrictBooleanField(forms.Field):
    """``true``/``false`` (and the usual synonyms); absent or empty is "not given"; anything
    else is an error naming the accepted words."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise forms.ValidationError(
            "Giá trị “%(value)s” không hợp lệ: dùng true hoặc false "
            "(invalid boolean “%(value)s”: use true or false).",
            code="invalid", params={"value": _shown(str(value))},
        )


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


@extend_schema_field(OpenApiTypes.BOOL)
class StrictSwitchFilter(StrictBooleanFilter):
    """Modifies another filter (like the list page's switch); filters nothing itself."""

    def filter(self, qs, value):
        return qs


class ApiDocumentFilterForm(DocumentFilterForm):
    scope_without_place = (
        "scope chỉ dùng được cùng locality (scope needs a place: give locality, its slug or "
        "code)."
    )


class ApiDocumentFilterSet(DocumentFilterSet):
    """The list page's filters, with ``exact_locality`` refusing what is not a boolean and
    ``scope`` saying its values in both languages."""

    exact_locality = StrictSwitchFilter(
        label="Chỉ văn bản ban hành đúng tại địa bàn này (only documents issued at exactly "
        "this place)",
    )
    titles_only = StrictSwitchFilter(
        label="Chỉ tìm trong trích yếu và số ký hiệu (search q in titles and symbols only, "
        "not in the documents' full texts)",
    )
    scope = ModifierChoiceFilter(
        label="Phạm vi của địa bàn (how locality is read): applies = áp dụng tại đây (this "
        "place's documents, those of every level above it and of the units it was formed "
        "from), here = ban hành tại đây (issued at exactly this place), below = tại đây và cấp "
        "dưới (this place and every place below it; the default)",
        choices=SCOPES,
        error_messages={"invalid_choice": (
            "Không có phạm vi “%(value)s” (no scope “%(value)s”): dùng applies, here hoặc "
            "below (use applies, here or below)."
        )},
    )

    class Meta(DocumentFilterSet.Meta):
        form = ApiDocumentFilterForm


def _sort_description() -> str:
    label = DocumentFilterSet.base_filters["sort"].label
    return f"{label}\n\n{build_choice_description_list(SORT_CHOICES)}"


#: ``sort`` of ``/api/documents/`` as the schema states it: ONE value. (Its filter is
#: django-filter's ``OrderingFilter``, which the schema generator would state as a
#: comma-separated list; the list page's ordering takes one value and refuses several.)
SORT_PARAMETER = OpenApiParameter(
    "sort", OpenApiTypes.STR, enum=[key for key, _label in SORT_CHOICES],
    description=lazy(_sort_description, str)(),
)


class ApiTargetFilterSet(TargetFilterSet):
    """The targets page's filters (the place by its slug, code or name, as on the page)."""


@extend_schema_field(OpenApiTypes.BOOL)
class UncertainLinkFilter(StrictBooleanFilter):
    """``inferred=true``: the links whose source does not state them (their ``uncertain``
    marks the fact ``link``); ``false``: the others."""

    def filter(self, qs, value):
        if value is None:
            return qs
        marked = Q(uncertain__has_key="link")
        return qs.filter(marked) if value else qs.exclude(marked)


class LinkFilterSet(django_filters.FilterSet):
    inferred = UncertainLinkFilter()

    class Meta:
        model = DocumentLink
        fields = ["kind"]


# --- figures ---------------------------------------------------------------------------------


class FigureFilterForm(forms.Form):
    """An upside-down year range is refused (``year_to`` before ``year_from``)."""

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None and end is not None and end < start:
            self.add_error("year_to", forms.ValidationError(
                "year_to (%(end)s) không thể trước year_from (%(start)s) "
                "(year_to cannot be before year_from).",
                code="invalid", params={"start": start, "end": end},
            ))
        return data


class FigureFilterSet(django_filters.FilterSet):
    """Figures (số liệu) of a place and the places below it (``exact_locality=true``: that
    place only), of an indicator, reported for years in a range (``as_of_year``)."""

    locality = LocalityFilter(
        label="Địa bàn, kể cả các địa bàn trực thuộc (place, including the places below it)",
        queryset=localities,
        method="filter_locality",
        error_messages={
            "invalid_choice": "Không có địa bàn “%(value)s” (no such place).",
            "ambiguous": "Có nhiều địa bàn tên “%(value)s”: dùng đường dẫn hoặc mã "
                         "(several places have that name: give the slug or the code).",
        },
    )
    exact_locality = StrictSwitchFilter(
        label="Chỉ số liệu của đúng địa bàn này (only figures for exactly this place)",
    )
    indicator = django_filters.ModelChoiceFilter(
        label="Chỉ số (indicator slug)",
        queryset=Indicator.objects.all(),
        to_field_name="slug",
        error_messages={"invalid_choice": "Không có chỉ số “%(value)s” (no such indicator)."},
    )
    year_from = YearFilter(
        label="Số liệu từ năm (as_of year from)", field_name="as_of_year", lookup_expr="gte"
    )
    year_to = YearFilter(
        label="Số liệu đến năm (as_of year up to)", field_name="as_of_year", lookup_expr="lte"
    )

    class Meta:
        model = Figure
        fields: list[str] = []
        form = FigureFilterForm

    def filter_locality(self, queryset, name, value):
        return queryset.in_place(value, exact=bool(self.form.cleaned_data.get("exact_locality")))


# --- localities ------------------------------------------------------------------------------

MAX_LEVEL = max(LOCALITY_LEVEL.values())


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": MAX_LEVEL})
class LevelFilter(django_filters.NumberFilter):
    """A place's level: a whole number (django-filter's ``NumberFilter`` takes a decimal and
    ``0.5`` matched level 0)."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_LEVEL)
        kwargs.setdefault("error_messages", {
            "invalid": f"Cấp phải là số nguyên từ 0 đến {MAX_LEVEL} (level must be a whole "
                       f"number from 0 to {MAX_LEVEL}).",
            "min_value": f"Cấp phải từ 0 đến {MAX_LEVEL} (level must be from 0 to {MAX_LEVEL}).",
            "max_value": f"Cấp phải từ 0 đến {MAX_LEVEL} (level must be from 0 to {MAX_LEVEL}).",
        })
        super().__init__(**kwargs)


#: The languages a place's or body's ``label`` may be given in (``?lang=``).
LABEL_LANGUAGES = (("vi", "Tiếng Việt"), ("en", "English"))


class LabelLanguageFilter(django_filters.ChoiceFilter):
    """``lang``: the language of each result's ``label`` (``vi``, the default, or ``en``: "ward
    Việt Hưng (…)"), so that the suggestions of an English page's place and body fields are in
    English. It narrows nothing; the serializers read it (``label_language``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", LABEL_LANGUAGES)
        kwargs.setdefault("method", lambda queryset, name, value: queryset)
        kwargs.setdefault("label", "Ngôn ngữ của nhãn (language of each label): vi, en")
        kwargs.setdefault("error_messages", {
            "invalid_choice": "Ngôn ngữ phải là vi hoặc en (lang must be vi or en)."})
        super().__init__(**kwargs)


def label_language(request) -> str:
    """The language the API's ``label`` fields are written in: ``?lang=`` when it is one of
    :data:`LABEL_LANGUAGES`, else Vietnamese."""
    value = request.query_params.get("lang") if request is not None else None
    return value if value in dict(LABEL_LANGUAGES) else "vi"


class LocalityApiFilterSet(django_filters.FilterSet):
    lang = LabelLanguageFilter()
    level = LevelFilter(field_name="level", label="Cấp (level: 0 central, 1 province…)")
    q = django_filters.CharFilter(
        method="search", max_length=100,
        label="Tìm theo tên không dấu hoặc mã đơn vị hành chính; kèm các đơn vị kế thừa "
        "(search by name without diacritics or by code; with the units that took over)",
    )
    code = django_filters.CharFilter(
        field_name="code", max_length=10,
        label="Mã đơn vị hành chính (official code; a 2025 unit may share an old unit's code)",
    )

    class Meta:
        model = Locality
        fields = ["kind", "level", "code"]

    def search(self, queryset, name, value):
        return queryset.search(value)  # best first (the name exactly, higher levels, today's)


# --- bodies ----------------------------------------------------------------------------------


class BodyApiFilterSet(django_filters.FilterSet):
    lang = LabelLanguageFilter()
    q = django_filters.CharFilter(
        method="search", max_length=100,
        label="Tìm theo tên không dấu (search by name without diacritics), ví dụ thanh uy ha noi",
    )

    class Meta:
        model = IssuingBody
        fields = ["kind", "code"]

    def search(self, queryset, name, value):
        return queryset.search(value)  # IssuingBody.objects.search: best first
