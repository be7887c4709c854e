"""Admin search that ignores diacritics and tone-mark placement, and list filters
that stay small at 100.000 rows (a text box instead of a list of every value).

Every ModelAdmin searches through :class:`FoldedSearchMixin` — the catalogue's own, and
those of Django's users and groups and of axes (:func:`fold_every_search` gives them the
mixin) — so the change lists and every autocomplete (which calls ``get_search_results``)
find "Tiền Phong" from "tien phong" as the public search does.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import chain

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, lookup_spawns_duplicates
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Lower
from django.db.models.lookups import Contains
from django.utils.translation import gettext_lazy as _

from documents.domain.symbols import try_parse_symbol
from documents.domain.vietnamese import DASHES, fold

#: Columns the models store already folded (``fold()`` in ``save()``): searched as they are.
FOLDED_COLUMNS = frozenset({"name_key", "search_text"})
#: Words of a query searched at most.
MAX_WORDS = 12


def _fold_table() -> tuple[str, str]:
    """The characters ``fold()`` turns into one other character (Latin letters with
    diacritics, đ, dashes), and what it turns them into; then the combining marks, which
    ``translate()`` deletes (text stored decomposed)."""
    source, target = [], []
    for code in chain(range(0xC0, 0x250), range(0x1E00, 0x1F00), map(ord, DASHES)):
        char = chr(code)
        folded = fold(char)
        if len(folded) == 1 and folded != char:
            source.append(char)
            target.append(folded)
    marks = "".join(map(chr, range(0x300, 0x370)))
    return "".join(source) + marks, "".join(target)


FOLD_FROM, FOLD_TO = _fold_table()


def folded(expression) -> Lower:
    """A text column folded in SQL as ``fold()`` folds it in Python (for one word: no
    whitespace collapsing), with PostgreSQL's built-in ``translate()`` and ``lower()``."""
    return Lower(Func(expression, Value(FOLD_FROM), Value(FOLD_TO), function="translate",
                      output_field=models.TextField()))


def _word_condition(model, path: str, word: str) -> Q:
    """*path* (from *model*) contains the folded *word*."""
    if path.rsplit("__", 1)[-1] in FOLDED_COLUMNS:
        return Q(**{f"{path}__contains": word})
    field = get_fields_from_path(model, path)[-1]
    if isinstance(field, (models.CharField, models.TextField)):
        return Q(Contains(folded(F(path)), word))
    return Q(**{f"{path}__icontains": word})  # numbers, addresses: as Django searches them


def folded_match(model, paths, words: list[str], symbol_key: str | None) -> Q:
    """Rows of *model* with every word in one of *paths* (folded, any order), or whose
    document has the symbol. A path through a foreign key is searched in the related table
    first (``document__in=<documents matching>``), not by joining every row to it."""
    local, related = [], defaultdict(list)
    for path in paths:
        first, _sep, rest = path.partition("__")
        field = model._meta.get_field(first) if rest else None
        if field is not None and field.concrete and (field.many_to_one or field.one_to_one):
            related[first].append(rest)
        else:
            local.append(path)
    found = Q(pk__in=[])
    if local:
        every_word = Q()
        for word in words:
            every_word &= _or(_word_condition(model, path, word) for path in local)
        found |= every_word
        if symbol_key and "search_text" in local and hasattr(model, "symbol_key"):
            found |= Q(symbol_key=symbol_key)
    for name, rests in related.items():
        target = model._meta.get_field(name).related_model
        matching = target._default_manager.filter(folded_match(target, rests, words, symbol_key))
        found |= Q(**{f"{name}__in": matching.values("pk")})
    return found


def _or(conditions) -> Q:
    result = Q(pk__in=[])
    for condition in conditions:
        result |= condition
    return result


class FoldedSearchMixin:
    """Search ``search_fields`` with the folded words of the query.

    ``34-DA/TU``, ``34-ĐA/TU`` and ``dao tao boi duong`` all match: the stored folded columns
    (``name_key``, ``search_text``) are compared as they are, every other text column through
    :func:`folded`; a symbol also matches the documents' ``symbol_key``. Django's prefixes
    (``^``, ``=``, ``@``) are read as "contains".
    """

    search_fields = ("name_key",)  # enables the search box and autocomplete

    def get_search_results(self, request, queryset, search_term):
        term = (search_term or "").strip()
        paths = [path.lstrip("^=@") for path in self.get_search_fields(request)]
        if not term or not paths:
            return queryset, False
        words = fold(term).split()[:MAX_WORDS]
        symbol = try_parse_symbol(term)
        model = queryset.model
        match = folded_match(model, paths, words, symbol.lookup_key if symbol else None)
        duplicates = any(lookup_spawns_duplicates(model._meta, path) for path in paths)
        return queryset.filter(match), duplicates


def fold_every_search(site: admin.AdminSite) -> None:
    """Give the mixin to every registered ModelAdmin that lacks it (users, groups, axes):
    one search for the whole admin."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, FoldedSearchMixin) or not model_admin.search_fields:
            continue
        admin_class = type(model_admin)
        folded = type(admin_class.__name__, (FoldedSearchMixin, admin_class),
                      {"__module__": admin_class.__module__,
                       "search_fields": admin_class.search_fields})
        site.unregister(model)
        site.register(model, folded)


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
