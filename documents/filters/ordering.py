"""The document list's order: the ``sort`` parameter, django-filter's ``OrderingFilter``.

``sort`` takes one of :data:`SORT_CHOICES`: ``-date`` newest first (``NEWEST_FIRST``, the
default), ``date`` oldest first, ``symbol`` by number, ``relevance`` best match first (when
searching; the default then). Anything else, several values included, is an invalid choice:
reported in the form's errors, and the default order applies.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, When
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from .widgets import FastSelect

SORT_CHOICES = [
    ("-date", _("Mới nhất trước")),
    ("date", _("Cũ nhất trước")),
    ("symbol", _("Theo số ký hiệu")),
    ("relevance", _("Phù hợp nhất (khi tìm kiếm)")),
]


class OneValueCSVField(django_filters.fields.BaseCSVField):
    """``OrderingFilter``'s comma-separated values, limited to one: a list has one order."""

    def clean(self, value):
        if value and len(value) > 1:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice",
                params={"value": ",".join(value)},
            )
        return super().clean(value)


def by_symbol(queryset):
    """Documents without a number last; numbers in numeric order (188 after 34)."""
    return queryset.annotate(
        sort_no_symbol=Case(When(symbol_key="", then=1), default=0),
        sort_number_length=Length("number"),
    ).order_by("sort_no_symbol", "sort_number_length", "number", "symbol_key", "id")


class DocumentOrderingFilter(django_filters.OrderingFilter):
    """Orders the documents the other filters left (the FilterSet applies it last: it is
    declared last). Relevance needs the FilterSet's search (``parent.search``)."""

    base_field_class = OneValueCSVField

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", SORT_CHOICES)
        kwargs.setdefault("widget", FastSelect)
        kwargs.setdefault("empty_label", None)
        kwargs.setdefault("error_messages", {
            "invalid_choice": _("Không có cách sắp xếp “%(value)s”."),
        })
        super().__init__(**kwargs)

    def effective(self, value) -> str:
        """The order in effect for the chosen *value* (a list of at most one, or None):
        relevance by default when searching, else newest first."""
        chosen = value[0] if value else None
        searching = self.parent.search is not None
        if chosen == "relevance" or (not chosen and searching):
            return "relevance" if searching else "-date"
        return chosen or "-date"

    def filter(self, qs, value):
        sort = self.effective(value)
        if sort == "relevance":
            return self.parent.search.order_by_relevance(qs)
        if sort == "date":
            return qs.oldest_first()
        if sort == "symbol":
            return by_symbol(qs)
        return qs.newest_first()
