"""Targets past their deadline say met / not met / no figure on the document page, the targets
page (its ``outcome`` filter) and the API, against the latest figure, as of a fixed day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Figure, Indicator, Target


@pytest.fixture
def targets(docs, places, percent_indicator, settings):
    settings.CATALOGUE_TODAY = "2026-12-04"
    da34 = docs["da34"]
    da34.locality = places["hanoi"]
    da34.save()
    people = Indicator.objects.create(slug="nguoi", name="Số cán bộ luân chuyển", unit="people")
    met = Target.objects.create(document=da34, indicator=percent_indicator, value=D("10"),
                                unit="percent", deadline_year=2025, comparator="at_least")
    not_met = Target.objects.create(document=da34, indicator=people, value=D("300"),
                                     unit="people", deadline_year=2025, applies_to="luân chuyển")
    Figure.objects.create(indicator=percent_indicator, locality=places["hanoi"],
                          value=D("12.5"), unit="percent", as_of_year=2025)
    Figure.objects.create(indicator=percent_indicator, locality=places["hanoi"],
                          value=D("4"), unit="percent", as_of_year=2023)
    Figure.objects.create(indicator=people, locality=places["hanoi"], value=D("250"),
                          unit="people", as_of_year=2025)
    other = Indicator.objects.create(slug="khac", name="Chỉ số khác", unit="percent")
    no_figure = Target.objects.create(document=da34, indicator=other, value=D("50"),
                                      unit="percent", deadline=dt.date(2026, 6, 30))
    later = Target.objects.create(document=da34, indicator=other, value=D("60"),
                                  unit="percent", deadline_year=2030)
    return {"met": met, "not_met": not_met, "no_figure": no_figure, "later": later,
            "doc": da34}


def test_api_outcomes_and_filter(client, targets):
    rows = client.get("/api/targets/").json()
    rows = rows.get("results", rows)
    by_id = {r["id"]: r["outcome"] for r in rows}
    assert by_id == {targets["met"].pk: "met", targets["not_met"].pk: "not_met",
                     targets["no_figure"].pk: "no_figure", targets["later"].pk: None}
    for value, expected in [("met", {"met"}), ("not_met", {"not_met"}),
                            ("no_figure", {"no_figure"}), ("not_due", {"later"}),
                            ("due", {"met", "not_met", "no_figure"})]:
        rows = client.get(f"/api/targets/?outcome={value}").json()
        rows = rows.get("results", rows)
        assert {r["id"] for r in rows} == {targets[k].pk for k in expected}, value
    assert client.get("/api/targets/?outcome=nonsense").status_code == 400


def test_targets_page_and_document_page(client, targets):
    html = client.get("/targets/?outcome=not_met").content.decode()
    assert "Chưa đạt" in html and "Số cán bộ luân chuyển" in html
    # the indicator's cell (labelled for the phone's card layout)
    assert ">Chỉ số khác</td>" not in html and ">Số cán bộ luân chuyển</td>" in html
    html = client.get(targets["doc"].get_absolute_url()).content.decode()
    for label in ("Đã đạt", "Chưa đạt", "Quá hạn, chưa có số liệu", "chưa đến hạn"):
        assert label in html
    html = client.get("/en/targets/").content.decode()
    assert "Not met" in html and "Past deadline, no figure yet" in html


def test_the_filter_queries_are_bounded(client, targets):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/targets/?outcome=met").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(5):
        Target.objects.create(document=targets["doc"], indicator=targets["met"].indicator,
                              value=D(str(i)), unit="percent", deadline_year=2024)
    assert count() == before
