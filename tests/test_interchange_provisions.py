"""The ``provision`` of links and targets in the interchange format (issue 15)."""

from __future__ import annotations

import json

from test_interchange import empty_database, export_text, refused, run_import

from documents.models import DocumentLink, Target


def test_provisions_round_trip(rich, tmp_path):
    link = DocumentLink.objects.order_by("pk").first()
    DocumentLink.objects.filter(pk=link.pk).update(provision="khoản 2 Điều 5")
    Target.objects.filter(pk=Target.objects.order_by("pk").first().pk).update(
        provision="mục 2 phần I")
    first = export_text()
    data = json.loads(first)
    assert "khoản 2 Điều 5" in [item["provision"] for item in data["links"]]
    targets = [t for d in data["documents"] for t in d["targets"]]
    assert "mục 2 phần I" in [t["provision"] for t in targets]
    empty_database()
    run_import(tmp_path, first)
    assert export_text() == first
    assert DocumentLink.objects.filter(provision="khoản 2 Điều 5").count() == 1
    assert Target.objects.filter(provision="mục 2 phần I").count() == 1


def test_a_provision_that_names_nothing_is_refused(rich, tmp_path):
    data = json.loads(export_text())
    data["links"][0]["provision"] = "khoản 2"
    index = next(i for i, d in enumerate(data["documents"]) if d["targets"])
    data["documents"][index]["targets"][0]["provision"] = "Chương Tư"
    errors = "\n".join(refused(tmp_path, data))
    assert "/links/0/provision" in errors
    assert f"/documents/{index}/targets/0/provision" in errors
    assert "Không đọc được điều khoản" in errors
