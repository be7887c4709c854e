"""Form fields and filters of the filter forms, shared by the document and target FilterSets.

Each validates query-string text and says what is wrong in Vietnamese (English on /en/):
free text (:class:`SearchTextField`), years (:class:`YearField`), dates in dd/mm/yyyy
(:func:`issued_date_filter`), checkboxes (:class:`SwitchFilter`), and choices of topics
(:func:`topic_filter`, for documents and targets alike) and indicators by slug, labelled in
the active language. Places and bodies are typed, not chosen from a list: ``place_fields``.
"""

from __future__ import annotations

import unicodedata

import django_filters
from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from documents.language import term_label
from documents.models import BY_NAME, Topic
from documents.search import MAX_QUERY_LENGTH, DocumentSearch

from .widgets import FastSelect

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
MIN_YEAR, MAX_YEAR = 1930, 2100


_lazy_label = lazy(term_label, str)


def vocabulary_choices(terms) -> list[tuple[str, str]]:
    """Vocabulary choices whose labels follow the active language."""
    return [(t.key, _lazy_label(t)) for t in terms]


def unknown_value(message) -> dict:
    """The error messages of a choice filter whose value names nothing (*message* says what)."""
    return {"invalid_choice": message}


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


class ModifierChoiceFilter(django_filters.ChoiceFilter):
    """A choice that modifies another filter (the document list's ``scope`` says how the
    place filter reads its place); filters nothing itself."""

    def filter(self, qs, value):
        return qs


class NamedChoiceField(django_filters.fields.ModelChoiceField):
    """Choices labelled with the name in the active language (``NamedModel.local_name``)."""

    def label_from_instance(self, obj):
        return obj.local_name


class NamedChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = NamedChoiceField


def topic_filter(field_name: str) -> NamedChoiceFilter:
    """The topic filter (a topic's slug) of a FilterSet whose rows reach their document's
    topics through *field_name* (``topics`` on documents, ``document__topics`` on targets)."""
    return NamedChoiceFilter(
        widget=FastSelect,
        label=_("Chủ đề"),
        field_name=field_name,
        queryset=Topic.objects.order_by(*BY_NAME),
        to_field_name="slug",
        empty_label=_("Tất cả"),
        error_messages=unknown_value(_("Không có chủ đề “%(value)s”.")),
    )


def issued_date_filter(lookup, label):
    """A bound of the issue date, written dd/mm/yyyy (or yyyy-mm-dd)."""
    return django_filters.DateFilter(
        field_name="issued_date",
        lookup_expr=lookup,
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "invalid": _("Ngày không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 06/11/2023."),
        },
    )

