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


def test_the_place_box_is_a_text_input_with_its_suggestions_address():
    """documents.filters.place_fields.SuggestInput: a plain text box (what was typed, escaped)
    that the script turns into a combobox fed by data-suggest."""
    from documents.filters.place_fields import SuggestInput

    html = SuggestInput("/api/localities/").render("locality", 'viet "hung" <b>', {"id": "id_x"})
    box = parse_html(html)
    assert box.name == "input"
    attrs = dict(box.attributes)
    assert attrs["type"] == "text" and attrs["value"] == 'viet "hung" <b>'
    assert attrs["data-suggest"] == "/api/localities/" and attrs["autocomplete"] == "off"
    assert "%(count)s" in attrs["data-suggest-found"]
    assert "&lt;b&gt;" in html and "&quot;hung&quot;" in html  # escaped
