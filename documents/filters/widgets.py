"""Widgets of the filter forms.

:class:`FastSelect` renders the same ``<select>`` as Django's :class:`~django.forms.Select`
(the same context from ``get_context()``, the same attributes, escaping and ``selected``
marks), but builds the markup in Python instead of rendering one template per option: a
filter form lists some hundred options (the provinces, the central bodies, the topics…)
on every list page, and Django's per-option template rendering was a fifth of the page's time
at 100.000 documents (docs/PERFORMANCE.md).

:class:`BoundedSelect` and :class:`BoundedChoiceIterator` keep the choices small at 100.000
documents and tens of thousands of places: the select lists only some rows of its field's
queryset (the provinces, not every commune), plus the chosen one.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def _option(option: dict) -> SafeString:
    return format_html(
        '<option value="{}"{}>{}</option>', str(option["value"]), flatatt(option["attrs"]),
        option["label"],
    )


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, options, _index in widget["optgroups"]:
            inner = mark_safe("".join(_option(option) for option in options))
            if group:
                parts.append(format_html('<optgroup label="{}">{}</optgroup>', group, inner))
            else:
                parts.append(inner)
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]),
            mark_safe("".join(parts)),  # every part was built by format_html
        )


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
