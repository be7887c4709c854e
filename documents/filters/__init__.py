"""Filters for the document list and the targets page (django-filter FilterSets), one module
each for what they hold:

- ``documents``: :class:`DocumentFilterSet` (the list page, the API and the exports);
- ``ordering``: its ``sort`` (:class:`~documents.filters.ordering.DocumentOrderingFilter`,
  django-filter's ``OrderingFilter``);
- ``facets``: its facet counts (:class:`Facet`, :class:`FacetItem`);
- ``targets``: :class:`TargetFilterSet`;
- ``fields``: the form fields and filters both use (search text, years, dates…);
- ``place_fields``: the place and body fields, typed (slug, code or name), not chosen;
- ``widgets``: ``FastSelect``.

Free of HTML: the public pages and the JSON API use the same FilterSets.
"""

from .documents import DocumentFilterSet
from .facets import Facet, FacetItem
from .fields import (
    DATE_INPUT_FORMATS,
    MAX_YEAR,
    MIN_YEAR,
    SwitchFilter,
    YearFilter,
)
from .ordering import SORT_CHOICES
from .place_fields import LocalityFilter, PlaceSearchField, SearchChoiceField
from .targets import TargetFilterSet

__all__ = [
    "DATE_INPUT_FORMATS",
    "MAX_YEAR",
    "MIN_YEAR",
    "SORT_CHOICES",
    "DocumentFilterSet",
    "Facet",
    "FacetItem",
    "LocalityFilter",
    "PlaceSearchField",
    "SearchChoiceField",
    "SwitchFilter",
    "TargetFilterSet",
    "YearFilter",
]
