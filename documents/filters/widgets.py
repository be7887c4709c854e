"""Widgets of the filter forms.

:class:`FastSelect` renders the same ``<select>`` as Django's :class:`~django.forms.Select`
(the same context from ``get_context()``, the same attributes, escaping and ``selected``
marks), but builds the markup in Python instead of rendering one template per option: a
filter form lists some hundred options (the provinces, the central bodies, the topics…)
on every list page, and Django's per-option template rendering was a fifth of the page's time
at 100.000 documents (docs/PERFORMANCE.md).

Places and bodies are typed in a text box (``place_fields.SuggestInput``), not chosen from a
select: there are some 14.000 places.
"""

from __future__ import annotations

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
