"""documents.filters.widgets.FastSelect renders exactly what Django's Select renders (compared as
HTML: attributes in any order, white space between tags ignored), for every kind of value
and choice the filter forms use."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html

from documents.filters.widgets import FastSelect

CHOICES = [("", "Tất cả"), ("a&b", 'A <b> & "c"'), ("ha-noi", "Hà Nội"), (3, "Ba")]
GROUPED = [("Nhóm <1>", [("1", "Một"), ("2", "Hai")]), ("3", "Ba")]


class FastSelectMultiple(FastSelect):
    allow_multiple_selected = True


@pytest.mark.parametrize("value", ["ha-noi", "", None, 3, "3", "a&b", "không có"])
def test_same_html_as_django_select(value):
    attrs = {"class": "c", "aria-describedby": "q-error", "required": True, "disabled": False}
    ours = FastSelect(choices=CHOICES, attrs=attrs).render("locality", value, {"id": "id_x"})
    django = forms.Select(choices=CHOICES, attrs=attrs).render("locality", value, {"id": "id_x"})
    assert parse_html(ours) == parse_html(django)
    assert "&lt;b&gt;" in ours and 'value="a&amp;b"' in ours  # escaped


def test_groups_and_several_values():
    ours = FastSelectMultiple(choices=GROUPED).render("m", ["2", "3"])
    django = forms.SelectMultiple(choices=GROUPED).render("m", ["2", "3"])
    assert parse_html(ours) == parse_html(django)
    assert 'label="Nhóm &lt;1&gt;"' in ours and " multiple" in ours
