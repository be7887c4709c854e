"""A target's unit is its indicator's: the admin's target forms (inline on a document's
page, and the target's own page) take it, ask for it only when the indicator has none, and
never refuse a save because the unit box said something else."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from test_admin import _document_post, _management

from documents.models import Document, Figure, Indicator, Target

ADD_DOCUMENT = "admin:documents_document_add"


def _with_target(bodies, indicator, **fields) -> dict:
    data = _document_post(bodies)
    data.update(_management("targets", 1))
    data.update({"targets-0-indicator": str(indicator.pk), "targets-0-comparator": "at_least",
                 "targets-0-value": "10", "targets-0-position": "0"})
    data.update({f"targets-0-{name}": value for name, value in fields.items()})
    return data


@pytest.mark.parametrize("unit", ["", "percent", "people"])
def test_the_document_page_takes_the_indicators_unit(admin_client, bodies, percent_indicator,
                                                     unit):
    response = admin_client.post(reverse(ADD_DOCUMENT),
                                 _with_target(bodies, percent_indicator, unit=unit))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    target = Target.objects.get(document__symbol="188-KH/TU")
    assert (target.value, target.unit) == (10, "percent")


def test_the_indicators_unit_still_bounds_the_value(admin_client, bodies, percent_indicator):
    response = admin_client.post(reverse(ADD_DOCUMENT), _with_target(
        bodies, percent_indicator, unit="people", value="140"))
    assert response.status_code == 200
    assert "0–100" in response.content.decode()
    assert not Document.objects.filter(symbol="188-KH/TU").exists()


def test_a_unit_is_asked_for_only_when_the_indicator_has_none(admin_client, bodies, db):
    bare = Indicator.objects.create(slug="so-can-bo", name="Số cán bộ được luân chuyển", unit="")
    response = admin_client.post(reverse(ADD_DOCUMENT), _with_target(bodies, bare, unit=""))
    assert response.status_code == 200
    assert "Chỉ số này chưa có đơn vị: hãy chọn đơn vị." in response.content.decode()
    assert not Document.objects.filter(symbol="188-KH/TU").exists()

    response = admin_client.post(reverse(ADD_DOCUMENT), _with_target(bodies, bare, unit="people"))
    assert response.status_code == 302
    assert Target.objects.get(document__symbol="188-KH/TU").unit == "people"


def test_the_unit_box_says_it_is_optional(admin_client, docs):
    html = admin_client.get(reverse("admin:documents_document_change",
                                    args=[docs["da34"].pk])).content.decode()
    assert "Lấy theo đơn vị của chỉ số; chỉ chọn khi chỉ số chưa có đơn vị." in html
    unit_box = re.search(r'<select name="targets-__prefix__-unit"[^>]*>', html).group(0)
    assert "required" not in unit_box


def test_the_targets_own_page_takes_the_indicators_unit(admin_client, docs, percent_indicator):
    target = Target.objects.create(document=docs["da34"], indicator=percent_indicator,
                                   value=Decimal("10"), position=1)
    address = reverse("admin:documents_target_change", args=[target.pk])
    form = admin_client.get(address).context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items()
            if name in form.fields}
    data.update({"value": "20", "unit": "people", "uncertain": "{}", "deadline_year": "2030",
                 "deadline": "", "baseline_date": "", "baseline_value": ""})
    response = admin_client.post(address, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    target.refresh_from_db()
    assert (target.value, target.unit) == (20, "percent")


def test_a_figures_unit_defaults_to_its_indicators(admin_client, places, percent_indicator):
    response = admin_client.post(reverse("admin:documents_figure_add"), {
        "indicator": str(percent_indicator.pk), "locality": str(places["hanoi"].pk),
        "as_of": dt.date(2024, 12, 31).strftime("%d/%m/%Y"), "value": "17.9", "unit": "",
        "uncertain": "{}"})
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert Figure.objects.get().unit == "percent"

