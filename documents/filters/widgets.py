"""Widgets of the filter forms.

:class:`FastSelect` renders the same ``<select>`` as Django's :class:`~django.forms.Select`
(the same context from ``get_context()``, the same attributes, escaping and ``selected``
marks), but builds the markup in Python instead of rendering one template per option: a
filter form lists some hundred options (the provinces, the central bodies, the topics…)
on every list page, and Django's per-option template rendering was a fifth of the page's time
at 100.000 documents (docs/PERFORMANCE.md).

:class:`FilterFormRenderer` does the same for the other controls of a filter form: it writes
Django's ``<input>`` (text, search, number, date, checkbox: ``input.html`` with ``attrs.html``)
and an empty error list in Python, byte for byte what the templates write (every other
template is rendered as ever). The filter forms use it (:class:`FilterForm`).

Places and bodies are typed in a text box (``place_fields.SuggestInput``), not chosen from a
select: there are some 14.000 places.
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
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


def _attrs(attrs: dict) -> str:
    """Django's ``django/forms/widgets/attrs.html``: in their order, ``True`` as a bare name,
    ``False`` left out, anything else as text (``None`` too), escaped."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}" if value is True
                     else f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(parts)


def _input(context: dict) -> str:
    """Django's ``django/forms/widgets/input.html``."""
    widget = context["widget"]
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(value)}"'
    return (f'<input type="{conditional_escape(widget["type"])}" '
            f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>')


#: The templates :class:`FilterFormRenderer` writes in Python (each only includes input.html).
_INPUTS = {f"django/forms/widgets/{name}.html"
           for name in ("input", "text", "search", "number", "date", "checkbox")}
_ERROR_LISTS = {"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"}


class FilterFormRenderer(DjangoTemplates):
    """Django's form renderer, with the inputs and empty error lists written in Python."""

    def render(self, template_name, context, request=None):
        if template_name in _INPUTS:
            return _input(context)
        if template_name in _ERROR_LISTS and not context["errors"]:
            return ""
        return super().render(template_name, context, request)


class FilterForm(forms.Form):
    """The filter forms' base: rendered with :class:`FilterFormRenderer`."""

    default_renderer = FilterFormRenderer
