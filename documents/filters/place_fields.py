"""The place and issuing-body fields of the filter forms: a text box, not a list of choices.

There are some 14.000 places (every unit before and after 01/07/2025) and hundreds of bodies,
so the field takes what a reader types and finds the one meant, on the server:

- a slug (``ha-noi``: every old address keeps working);
- for a place, an official code (``00127``: :meth:`LocalityQuerySet.by_code`, the unit with
  that code today, else the one that had it last);
- a name, with or without diacritics (``viet hung``, ``long bien``, ``thu duc``), found by the
  ONE search of places (:meth:`LocalityQuerySet.search`) or of bodies
  (:meth:`IssuingBodyQuerySet.search`).

One place or body found (one of exactly that name, or the only one found): the field's value
is it, and :attr:`SearchChoiceField.chosen` says so (the pages then send the reader to the
address with its slug). Several: the value is refused as ambiguous and
:attr:`SearchChoiceField.candidates` lists them (each with its kind, parent and period; the
pages link each one). None: refused, "nothing found". With JavaScript the box suggests as one
types (``static/js/suggest.js``, from the API's ``?q=``); without, it is a plain text box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from documents.language import body_label, is_english, local_name, place_label
from documents.models import BY_NAME, PLACE_ORDER, IssuingBody, Locality

#: Candidates listed when a name is ambiguous (and suggestions shown as one types).
MAX_CANDIDATES = 20
#: What a field takes, at most (a name, a slug or a code).
MAX_LENGTH = 150
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@dataclass
class Candidate:
    """One place or body a typed name may mean; ``url`` is set by the page."""

    obj: object
    label: str
    url: str = ""

    @property
    def slug(self) -> str:
        return self.obj.slug


class SuggestInput(forms.TextInput):
    """A text box; with JavaScript (``static/js/suggest.js``) a combobox that suggests from
    ``data-suggest`` (an API address answering ``?q=``, each result with ``slug`` and
    ``label``)."""

    def __init__(self, source=None, attrs=None):
        attrs = {"autocomplete": "off", "spellcheck": "false", "maxlength": MAX_LENGTH,
                 **(attrs or {})}
        super().__init__(attrs)
        self.source = source

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.source:
            attrs = context["widget"]["attrs"]
            # The suggestions' labels in the page's language ("ward Việt Hưng" in English).
            source = str(self.source)
            attrs["data-suggest"] = source + ("?lang=en" if is_english() else "")
            # What the script announces (a live region), in the page's language.
            attrs["data-suggest-found"] = gettext(
                "%(count)s gợi ý: phím mũi tên lên, xuống để chọn, Enter để dùng, Esc để đóng.")
            attrs["data-suggest-none"] = gettext("Không có gợi ý.")
            attrs["data-suggest-chosen"] = gettext("Đang chọn: %(label)s.")
        return context


class SearchChoiceField(forms.Field):
    """A place or body typed as a slug, a code or a name (see the module). Its value is the
    object found; after cleaning, :attr:`chosen` is it (with :attr:`chosen_label`), or
    :attr:`candidates` lists those an ambiguous name may mean (:attr:`more`: and others)."""

    widget = SuggestInput
    default_error_messages = {
        "invalid_choice": _("Không tìm thấy “%(value)s”."),
        "ambiguous": _("Có nhiều kết quả cho “%(value)s”; hãy chọn một."),
        "too_long": _("Dài quá: tối đa %(limit)d ký tự."),
        "null": _("Có ký tự không hợp lệ (ký tự rỗng)."),
    }

    def __init__(self, *, queryset, to_field_name="slug", empty_label=None, **kwargs):
        self.queryset = queryset
        kwargs.setdefault("widget", SuggestInput(self.source))
        super().__init__(**kwargs)
        self.chosen = None
        self.candidates: list[Candidate] = []
        self.more = False

    #: The API address the suggestions come from (set by subclasses).
    source = None

    def label_from_instance(self, obj) -> str:
        return local_name(obj)

    @property
    def chosen_label(self) -> str:
        return self.label_from_instance(self.chosen) if self.chosen is not None else ""

    def by_slug(self, text: str):
        return self.queryset.filter(slug=text).first() if _SLUG.fullmatch(text) else None

    def by_code(self, text: str):
        return None

    def search(self, text: str):
        raise NotImplementedError

    def clean(self, value):
        self.chosen, self.candidates, self.more = None, [], False
        text = " ".join(str(value or "").split())
        if not text:
            return super().clean(None)
        if "\x00" in text:
            raise forms.ValidationError(self.error_messages["null"], code="null")
        if len(text) > MAX_LENGTH:
            raise forms.ValidationError(self.error_messages["too_long"], code="too_long",
                                        params={"limit": MAX_LENGTH})
        found = self.by_slug(text) or self.by_code(text)
        if found is None:
            results = list(self.search(text)[: MAX_CANDIDATES + 1])
            exact = [obj for obj in results if getattr(obj, "exact", 1) == 0]
            if len(exact) == 1 or len(results) == 1:
                found = (exact or results)[0]
            elif results:
                self.candidates = [Candidate(obj, self.label_from_instance(obj))
                                   for obj in results[:MAX_CANDIDATES]]
                self.more = len(results) > MAX_CANDIDATES
                raise forms.ValidationError(self.error_messages["ambiguous"],
                                            code="ambiguous", params={"value": text[:80]})
            else:
                raise forms.ValidationError(self.error_messages["invalid_choice"],
                                            code="invalid_choice", params={"value": text[:80]})
        self.chosen = found
        return found


class PlaceSearchField(SearchChoiceField):
    """A place: slug, code (``00127``) or name (``viet hung``)."""

    source = reverse_lazy("locality-list")

    def label_from_instance(self, obj) -> str:
        return place_label(obj)

    def by_code(self, text: str):
        return self.queryset.by_code(text) if text.isdigit() else None

    def search(self, text: str):
        return self.queryset.search(text)


class BodySearchField(SearchChoiceField):
    """An issuing body: slug or name (``thanh uy ha noi``)."""

    source = reverse_lazy("body-list")

    def label_from_instance(self, obj) -> str:
        return body_label(obj)

    def search(self, text: str):
        return self.queryset.search(text)


class _SearchChoiceFilter(django_filters.filters.QuerySetRequestMixin, django_filters.Filter):
    """A filter whose field is a :class:`SearchChoiceField` (its queryset may be a callable
    of the request, as django-filter's model choice filters take)."""


@extend_schema_field(OpenApiTypes.STR)
class LocalityFilter(_SearchChoiceFilter):
    field_class = PlaceSearchField


@extend_schema_field(OpenApiTypes.STR)
class BodyFilter(_SearchChoiceFilter):
    field_class = BodySearchField


def localities(request=None):
    """Every place, with its parent (each place is labelled with it)."""
    return Locality.objects.select_related("parent").order_by(*PLACE_ORDER)


def place_filter(**kwargs) -> LocalityFilter:
    """The place filter of the list page and the targets page (one definition): "this place
    and everything below it", the FilterSet's ``filter_locality`` method applying it."""
    return LocalityFilter(
        label=_("Địa bàn"),
        queryset=localities,
        method="filter_locality",
        help_text=_("Tên (không cần dấu), mã đơn vị hành chính hoặc đường dẫn, ví dụ: "
                    "viet hung, 00127, ha-noi."),
        error_messages={
            "invalid_choice": _("Không tìm thấy địa bàn nào cho “%(value)s”."),
            "ambiguous": _("Có nhiều địa bàn tên “%(value)s”; hãy chọn một."),
        },
        **kwargs,
    )


def body_filter(**kwargs) -> BodyFilter:
    """The issuing-body filter of the list page."""
    return BodyFilter(
        label=_("Cơ quan ban hành"),
        queryset=IssuingBody.objects.select_related("locality").order_by(*BY_NAME),
        help_text=_("Tên (không cần dấu) hoặc đường dẫn, ví dụ: thanh uy ha noi."),
        error_messages={
            "invalid_choice": _("Không tìm thấy cơ quan ban hành nào cho “%(value)s”."),
            "ambiguous": _("Có nhiều cơ quan ban hành khớp với “%(value)s”; hãy chọn một."),
        },
        **kwargs,
    )
