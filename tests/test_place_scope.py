""""This place and everything below it" has one definition per located model
(``in_place()`` on the querysets of documents, targets, figures and bodies): a place's page,
the targets page, the API and the admin's place filter list the same rows for every place."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.models import Document, Figure, IssuingBody, Locality, Target
from documents.target_figures import target_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_places(seed, settings):
    """The seed, with one target of Hà Nội left without a place of its own (written before
    the document had a place, or by an import): it takes its document's place."""
    placeless = Target.objects.order_by("id").first()
    Target.objects.filter(pk=placeless.pk).update(locality=None)
    return placeless


def _expected_targets(place) -> set[int]:
    """Targets whose place (their own, else their document's) is *place* or below it."""
    return {
        t.pk for t in Target.objects.select_related("locality", "document__locality")
        if target_place(t) is not None and target_place(t).path.startswith(place.path)
    }


def _ids(rows) -> list[int]:
    return [row.pk for row in rows]


def _api_ids(client, name: str, place) -> list[int]:
    response = client.get(reverse(name), {"locality": place.slug, "page_size": 200})
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    return [row["id"] for row in body["results"]]


def test_place_page_targets_page_and_api_agree_for_every_seed_place(client, seed_places):
    hanoi = Locality.objects.get(slug="ha-noi")
    assert seed_places.pk in _expected_targets(hanoi)  # the fallback is exercised
    for place in Locality.objects.order_by("path"):
        expected = _expected_targets(place)
        page = client.get(place.get_absolute_url())
        assert page.status_code == 200
        assert not page.context["more_targets"]
        on_page = _ids(page.context["targets"])
        listed = client.get(reverse("documents:targets"), {"locality": place.slug})
        assert listed.status_code == 200
        on_list = _ids(listed.context["targets"])
        in_api = _api_ids(client, "target-list", place)
        # The same targets, in the same order, everywhere.
        assert set(on_page) == expected, place.slug
        assert on_page == on_list == in_api, place.slug
        assert listed.context["total"] == len(expected), place.slug


def test_placeless_target_is_on_its_documents_place_page(client, seed_places):
    """Hà Nội's page lists a target that has no place of its own but whose document is Hà
    Nội's (it was left out, while /targets/?locality=ha-noi showed it)."""
    page = client.get(reverse("documents:locality", kwargs={"slug": "ha-noi"}))
    assert seed_places.pk in _ids(page.context["targets"])
    assert seed_places.document.get_absolute_url() in page.content.decode()
    long_bien = client.get(reverse("documents:locality", kwargs={"slug": "long-bien"}))
    assert seed_places.pk not in _ids(long_bien.context["targets"])


def test_place_page_figures_and_api_agree_for_every_seed_place(client, seed_places):
    for place in Locality.objects.order_by("path"):
        below = Figure.objects.filter(locality__path__startswith=place.path)
        expected = set(below.values_list("pk", flat=True))
        page = client.get(place.get_absolute_url())
        assert not page.context["more_figures"]
        on_page = _ids(page.context["figures"])
        assert set(on_page) == expected, place.slug
        assert on_page == _api_ids(client, "figure-list", place), place.slug


def test_every_located_model_has_one_place_scope(seed):
    """Each queryset's in_place() is the rows at or below the place (its exact form: at
    the place itself), as read from the locality paths."""
    for place in Locality.objects.all():
        below = {place.pk, *place.subtree().values_list("pk", flat=True)}
        for model in (Document, Figure, IssuingBody):
            expected = set(model.objects.filter(locality__in=below).values_list("pk", flat=True))
            assert set(model.objects.in_place(place).values_list("pk", flat=True)) == expected
            exact = set(model.objects.filter(locality=place).values_list("pk", flat=True))
            assert set(model.objects.in_place(place, exact=True).values_list(
                "pk", flat=True)) == exact
        assert set(Target.objects.in_place(place).values_list("pk", flat=True)) == (
            _expected_targets(place))


def test_admin_place_filter_uses_the_same_scope(admin_client, seed):
    """The admin's "place, with the places below" box lists the documents in_place() finds."""
    hanoi = Locality.objects.get(slug="ha-noi")
    response = admin_client.get(reverse("admin:documents_document_changelist"),
                                {"place": "Hà Nội"})
    listed = {doc.pk for doc in response.context["cl"].result_list}
    assert listed == set(Document.objects.in_place(hanoi).values_list("pk", flat=True))
    assert listed
