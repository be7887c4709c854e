"""Admin search that ignores diacritics and tone-mark placement, and list filters
that stay small at 100.000 rows (a text box instead of a list of every value)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from documents.domain.symbols import try_parse_symbol
from documents.domain.vietnamese import fold


class FoldedSearchMixin:
    """Search ``folded_search_fields`` with the folded words of the query.

    ``34-DA/TU``, ``34-ĐA/TU`` and ``dao tao boi duong`` all match, because the
    stored columns (``name_key``, ``search_text``…) are folded the same way.
    """

    folded_search_fields: tuple[str, ...] = ("name_key",)
    search_fields = ("name_key",)  # enables the search box and autocomplete

    def get_search_results(self, request, queryset, search_term):
        term = (search_term or "").strip()
        if not term:
            return queryset, False
        query = Q()
        symbol = try_parse_symbol(term)
        if symbol is not None and hasattr(queryset.model, "symbol_key"):
            query |= Q(symbol_key=symbol.lookup_key)
        words = fold(term).split()[:12]
        for field in self.folded_search_fields:
            field_query = Q()
            for word in words:
                field_query &= Q(**{f"{field}__contains": word})
            query |= field_query
        return queryset.filter(query), False


#: Places a typed name in the admin's place filter may match at most.
PLACES_MATCHED = 20


class TextInputFilter(admin.SimpleListFilter):
    """A list filter rendered as a text box (see ``admin/text_input_filter.html``)."""

    template = "admin/text_input_filter.html"

    def lookups(self, request, model_admin):
        return ((),)  # the template needs one entry to render the filter

    def choices(self, changelist):
        all_choice = next(super().choices(changelist))
        all_choice["query_parts"] = [
            (key, value)
            for key, values in changelist.get_filters_params().items()
            if key != self.parameter_name
            for value in (values if isinstance(values, list) else [values])
        ]
        yield all_choice


class IssuingBodyNameFilter(TextInputFilter):
    title = _("cơ quan ban hành (gõ tên)")
    parameter_name = "body"

    def queryset(self, request, queryset):
        from documents.models import IssuingBody

        if self.value():  # the one search of bodies
            # main or co-issuer: the one definition of a body's documents
            return queryset.issued_by(IssuingBody.objects.search(self.value()).values("pk"))
        return queryset


class LocalityNameFilter(TextInputFilter):
    """The rows of a place typed by name (diacritics optional: ``long bien``) or code
    (``00127``), and of every place below it: a text box, never a list of the ~14.000 places.
    The places are found by the one search of places (``Locality.objects.search``): those
    named exactly when there are some, else the best :data:`PLACES_MATCHED`."""

    title = _("địa bàn, gồm cả cấp dưới (gõ tên)")
    parameter_name = "place"

    def queryset(self, request, queryset):
        from documents.models import Locality

        if self.value():
            found = list(Locality.objects.search(self.value()[:100])
                         .only("pk", "path")[:PLACES_MATCHED])
            exact = [place for place in found if place.exact == 0]
            return queryset.in_any_place(exact or found)
        return queryset


class IssuedYearFilter(admin.SimpleListFilter):
    title = _("năm ban hành")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.model.objects.exclude(issued_year__isnull=True)
            .order_by("-issued_year")
            .values_list("issued_year", flat=True)
            .distinct()[:60]
        )
        return [(str(y), str(y)) for y in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(issued_year=int(value))
        return queryset
