"""One address per page (documents/views/addresses.py): a filter form's empty fields are
dropped with a permanent redirect, so the same page is never kept or linked under two
addresses."""

from __future__ import annotations

import pytest

from documents.views.addresses import filled_parameters


@pytest.mark.parametrize("path", ["/documents/", "/targets/", "/en/documents/", "/en/targets/"])
def test_empty_parameters_are_dropped_with_a_permanent_redirect(client, seed, path):
    response = client.get(path + "?q=&type=&locality=ha-noi&topic=%20&status=&year_from=2020")
    assert response.status_code == 301
    assert response["Location"] == path + "?locality=ha-noi&year_from=2020"
    assert client.get(response["Location"]).status_code == 200
    only_empty = client.get(path + "?q=&type=")
    assert only_empty.status_code == 301 and only_empty["Location"] == path


def test_a_filled_address_is_answered_as_it_is(client, seed):
    response = client.get("/documents/?q=%C4%91%C3%A0o+t%E1%BA%A1o&locality=ha-noi")
    assert response.status_code == 200
    assert client.head("/documents/?q=&page=2").status_code == 301
    assert client.get("/documents/").status_code == 200


def test_filled_parameters_keeps_order_and_repeats():
    from django.http import QueryDict

    assert filled_parameters(QueryDict("a=1&b=2&a=3")) is None  # repeated names are kept
    assert filled_parameters(QueryDict("a=1&b=&a=3&c=%20")) == [("a", "1"), ("a", "3")]
    assert filled_parameters(QueryDict("q=")) == []
