"""``generate_demo_data``: realistic synthetic data at scale, deterministic for a seed, built
with the models' own derived fields, never touching the seed data; and the number of queries
of the key pages does not grow with it (a small run: 300 documents)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Max, Min
from place_consistency import stale_places
from public_urls import query_counts

from documents.demo import PREFIX, SOURCE_PREFIX
from documents.domain.collation import collation_key
from documents.domain.symbols import parse_symbol
from documents.domain.vietnamese import fold
from documents.gazetteer.loader import load_gazetteer
from documents.models import (
    Document,
    DocumentLink,
    DocumentText,
    Event,
    EventParticipant,
    Figure,
    Indicator,
    IssuingBody,
    Locality,
    Person,
    Provision,
    Source,
    SourceMention,
    Target,
    Term,
    Topic,
)

N = 300
SEED_MODELS = [Locality, IssuingBody, Term, Person, Topic, Indicator, Source, Document,
               DocumentLink, SourceMention, Target, Figure, Event, EventParticipant]
SKIP = {"created_at", "updated_at", "version"}


def generate(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_demo_data", "--documents", str(N), *args, stdout=out)
    return out.getvalue()


def all_rows() -> dict:
    """Every row of the catalogue's tables by primary key, field by field (timestamps
    aside), and the many-to-many pairs."""
    rows = {}
    for model in SEED_MODELS:
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in SKIP]
        rows[model.__name__] = {row[0]: row for row in model.objects.values_list(*fields)}
    rows["topics"] = set(Document.topics.through.objects.values_list("document_id",
                                                                     "topic_id"))
    rows["successors"] = set(Locality.successors.through.objects.values_list(
        "from_locality_id", "to_locality_id"))
    return rows


def assert_untouched(before: dict) -> None:
    """Every row that was there before is still there, unchanged; and nothing was added to a
    row of before: no topic for an old document, no successor for an old place."""
    after = all_rows()
    for name, rows in before.items():
        if isinstance(rows, dict):
            assert {pk: after[name].get(pk) for pk in rows} == rows, name
    old_docs = set(before["Document"])
    assert {p for p in after["topics"] if p[0] in old_docs} == before["topics"]
    old_places = set(before["Locality"])
    assert {p for p in after["successors"] if p[0] in old_places} == before["successors"]


def demo_snapshot() -> dict:
    """The generated data by stable keys (no database ids, no timestamps)."""
    docs = Document.objects.filter(slug__startswith=PREFIX)
    return {
        "localities": list(Locality.objects.filter(slug__startswith=PREFIX).order_by("slug")
                           .values_list("slug", "name", "kind", "parent__slug", "valid_from",
                                        "valid_to", "level")),
        "successors": sorted(Locality.successors.through.objects.filter(
            from_locality__slug__startswith=PREFIX
        ).values_list("from_locality__slug", "to_locality__slug")),
        "bodies": list(IssuingBody.objects.filter(slug__startswith=PREFIX).order_by("slug")
                       .values_list("slug", "name", "code", "kind", "locality__slug",
                                    "parent__slug", "successor__slug")),
        "documents": list(docs.order_by("slug").values_list(
            "slug", "symbol", "doc_type", "title", "issuing_body__slug", "locality__slug",
            "term__name", "issued_date", "status", "period_start", "period_end", "signer__slug",
            "search_text")),
        "topics": sorted(Document.topics.through.objects.filter(document__in=docs)
                         .values_list("document__slug", "topic__slug")),
        "links": sorted(DocumentLink.objects.filter(from_document__in=docs).values_list(
            "from_document__slug", "kind", "to_document__slug", "uncertain")),
        "targets": sorted(Target.objects.filter(document__in=docs).values_list(
            "document__slug", "position", "indicator__slug", "value", "deadline_year")),
        "mentions": sorted(SourceMention.objects.filter(document__in=docs).values_list(
            "document__slug", "source__reference")),
        "figures": Figure.objects.filter(source__reference__startswith=SOURCE_PREFIX).count(),
        "events": Event.objects.filter(source__reference__startswith=SOURCE_PREFIX).count(),
        "provisions": list(Provision.objects.filter(document__in=docs).order_by(
            "document__slug", "position").values_list(
            "document__slug", "position", "kind", "anchor", "label", "heading", "body",
            "parent__anchor", "search_text")),
    }


@pytest.fixture
def generated(db, gazetteer_sample):
    call_command("load_seed", verbosity=0)
    load_gazetteer(gazetteer_sample)  # the real units the generator puts documents in
    before = all_rows()
    generate("--seed", "7")
    return before


# --- determinism and the seed ---------------------------------------------------------------


def test_same_seed_same_data_and_the_seed_untouched(generated):
    first = demo_snapshot()
    assert len(first["documents"]) == N
    assert_untouched(generated)
    with pytest.raises(CommandError, match="--clear"):
        generate("--seed", "7")
    generate("--seed", "7", "--clear")
    assert demo_snapshot() == first
    assert_untouched(generated)
    generate("--seed", "8", "--clear")
    other = demo_snapshot()
    assert other["documents"] != first["documents"]
    assert_untouched(generated)


def test_no_link_touches_a_seed_document(generated):
    seed_docs = Document.objects.exclude(slug__startswith=PREFIX)
    assert not DocumentLink.objects.filter(from_document__slug__startswith=PREFIX,
                                           to_document__in=seed_docs).exists()
    assert not DocumentLink.objects.filter(to_document__slug__startswith=PREFIX,
                                           from_document__in=seed_docs).exists()


# --- the shape of the data ------------------------------------------------------------------


def test_documents_in_the_real_units_before_and_after_the_reform(generated):
    """The generator puts documents in the gazetteer's units (tests/gazetteer_sample.py), each
    within the unit's period, and makes up only villages and residential groups."""
    demo = Locality.objects.filter(slug__startswith=PREFIX)
    assert set(demo.values_list("level", flat=True)) == {4}
    assert not demo.exclude(parent__valid_from="2025-07-01").exists()  # under today's communes
    docs = Document.objects.filter(slug__startswith=PREFIX)
    assert set(docs.values_list("locality__level", flat=True)) >= {0, 1, 2, 3}
    real = docs.filter(locality__level__in=(1, 2, 3))
    assert not real.filter(locality__code="").exists()
    assert docs.filter(locality__valid_to="2025-06-30").exists()  # districts, former wards
    assert docs.filter(locality__valid_from="2025-07-01").exists()  # today's communes
    assert not docs.filter(locality__valid_to__lt=F("issued_date")).exists()
    assert not docs.filter(locality__valid_from__gt=F("issued_date")).exists()
    # Places the gazetteer did not give (villages): derived columns as Locality.save() does.
    for loc in demo.select_related("parent").order_by("?")[:50]:
        assert loc.path == f"{loc.parent.path}{loc.pk}/"
        assert loc.name_key == fold(loc.name) and loc.name_sort == collation_key(loc.name)


def test_documents_symbols_dates_and_derived_fields(generated):
    docs = Document.objects.filter(slug__startswith=PREFIX).select_related(
        "issuing_body", "signer")
    span = docs.aggregate(first=Min("issued_date"), last=Max("issued_date"))
    assert span["first"].year <= 2010 and span["last"].year == 2025
    assert docs.values("doc_type").distinct().count() >= 8
    levels = set(docs.values_list("locality__level", flat=True))
    assert levels == {0, 1, 2, 3}
    with_symbol = [d for d in docs if d.symbol]
    assert len(with_symbol) > 0.9 * N
    forms = {"party": 0, "state": 0, "normative": 0}
    for doc in with_symbol:
        parsed = parse_symbol(doc.symbol)
        assert parsed.canonical == doc.symbol and parsed.lookup_key == doc.symbol_key
        assert doc.doc_type in parsed.document_types, doc.symbol
        assert fold(parsed.issuer_code) == fold(doc.issuing_body.code), doc.symbol
        forms["party" if "-" in doc.symbol.split("/")[0] else "state"] += 1
        forms["normative"] += doc.symbol.count("/") == 2
        assert doc.search_text == doc.build_search_text()
        assert doc.issued_year == doc.issued_date.year
    assert all(forms.values()), forms
    # Party documents of committees with terms carry the term of their issue date.
    for doc in docs.filter(term__isnull=False).select_related("term")[:50]:
        assert doc.term.start_year - 1 <= doc.issued_date.year <= doc.term.end_year


def test_links_central_to_every_province_and_down_to_districts_and_communes(generated):
    links = DocumentLink.objects.filter(from_document__slug__startswith=PREFIX)
    assert links.count() >= N  # several per document
    assert set(links.values_list("kind", flat=True)) >= {"implements", "based_on",
                                                        "references"}
    # A key central document carried out by a plan of every province (of its time).
    key = (
        links.filter(kind="implements", to_document__locality__level=0,
                     from_document__locality__level=1)
        .values("to_document").annotate(n=Count("from_document__locality", distinct=True))
        .order_by("-n").first()
    )
    provinces_today = Locality.objects.filter(level=1, valid_to__isnull=True).count()
    assert key is not None and key["n"] >= provinces_today
    # Provinces' plans carried out by districts and communes.
    down = links.filter(kind="implements", to_document__locality__level=1)
    assert down.filter(from_document__locality__level=2).exists()
    assert down.filter(from_document__locality__level=3).exists()
    for link in links.select_related("from_document__locality",
                                     "to_document__locality").filter(kind="implements")[:50]:
        assert link.from_document.issued_date > link.to_document.issued_date
        assert link.from_document.locality.path.startswith(link.to_document.locality.path)


def test_topics_targets_sources_people(generated):
    docs = Document.objects.filter(slug__startswith=PREFIX)
    assert not docs.filter(topics__isnull=True).exists()
    targets = Target.objects.filter(document__in=docs)
    assert 0.2 * N <= targets.count() <= 1.2 * N
    for target in targets.select_related("document", "indicator")[:30]:
        assert target.unit == target.indicator.unit
        assert target.locality_id == target.document.locality_id
        if target.unit == "percent":
            assert 0 <= target.value <= 100
    assert Source.objects.filter(reference__startswith=SOURCE_PREFIX).exists()
    assert SourceMention.objects.filter(document__in=docs).exists()
    assert docs.filter(signer__isnull=False).exists()
    assert Figure.objects.filter(source__reference__startswith=SOURCE_PREFIX).exists()


def test_clear_removes_only_the_demo_data(generated):
    from documents.demo import clear_demo_data

    clear_demo_data()
    assert not Document.objects.filter(slug__startswith=PREFIX).exists()
    assert not Locality.objects.filter(slug__startswith=PREFIX).exists()
    assert not IssuingBody.objects.filter(slug__startswith=PREFIX).exists()
    assert not Source.objects.filter(reference__startswith=SOURCE_PREFIX).exists()
    assert not DocumentText.objects.filter(document__slug__startswith=PREFIX).exists()
    assert not Provision.objects.exists()  # the seed has no texts
    assert_untouched(generated)
    after = all_rows()
    for model in SEED_MODELS:
        if model is not Term:  # terms added to seed bodies stay (empty), for the next run
            assert set(after[model.__name__]) == set(generated[model.__name__]), model


def test_demo_documents_store_their_place_ancestors(generated):
    assert Document.objects.filter(slug__startswith=PREFIX, place_2__isnull=False).exists()
    assert stale_places() == []


# --- pages do not need more queries with more data --------------------------------------------


def test_query_counts_of_every_public_address_do_not_grow(db, client, gazetteer_sample):
    """Every sample address of tests/public_urls.py, on the seed and real places and then
    with 300 demo documents (their links, targets, places and bodies) added."""
    call_command("load_seed", verbosity=0)
    load_gazetteer(gazetteer_sample)
    small = query_counts(client)
    generate("--seed", "3")
    large = query_counts(client)
    grew = {url: (small[url], large[url]) for url in small if large[url] > small[url]}
    assert not grew, grew


def test_full_texts_for_a_share_structured_and_searchable(generated):
    texts = DocumentText.objects.filter(document__slug__startswith=PREFIX)
    assert texts.count() == round(N * 0.2)
    assert not texts.filter(source__isnull=True).exists()
    assert set(texts.values_list("method", "status").distinct()) == {("web_page", "done")}
    text = texts.select_related("document__issuing_body").order_by("id").first()
    provisions = list(text.provisions.order_by("position"))
    assert 1500 <= sum(len(p.body.split()) for p in provisions) <= 8000  # a few thousand words
    for provision in provisions[:40]:
        assert provision.document_id == text.document_id
        body = provision.body
        provision.save()  # the model's own derivation gives what the generator stored
        provision.refresh_from_db()
        assert provision.body == body
    stored = dict(Provision.objects.filter(document_text=text).values_list("pk", "search_text"))
    assert stored == {p.pk: p.search_text for p in provisions}
    kinds = set(Provision.objects.filter(document__slug__startswith=PREFIX)
                .values_list("kind", flat=True))
    assert {"chuong", "dieu", "khoan"} <= kinds  # state documents
    assert {"part", "item"} <= kinds  # Party documents
    khoan = Provision.objects.filter(kind="khoan", document__slug__startswith=PREFIX).first()
    assert khoan.parent.kind == "dieu" and khoan.anchor.startswith(khoan.parent.anchor + "-")
    # What the generator wrote, the search finds, diacritics or not.
    words = " ".join(khoan.body.split()[2:5])
    assert khoan.document in Document.objects.search(fold(words))
    assert DocumentText.objects.filter(document=khoan.document).exists()


def test_text_share_option(db, gazetteer_sample):
    call_command("load_seed", verbosity=0)
    load_gazetteer(gazetteer_sample)
    generate("--text-share", "0")
    assert not DocumentText.objects.exists() and not Provision.objects.exists()
    with pytest.raises(CommandError, match="text-share"):
        generate("--text-share", "1.5", "--clear")


# --- the bulk load (COPY, indexes built at the end, texts by several processes) ----------------


def index_definitions() -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'")
        return {row[0] for row in cursor.fetchall()}


def test_every_provisions_search_text_is_what_save_stores(generated):
    """The texts are assembled from a pool of paragraphs and their folds: every provision's
    stored search text is the fold of its label, heading and body, as Provision.save()
    computes it."""
    rows = Provision.objects.values_list("label", "heading", "body", "search_text")
    assert rows
    for label, heading, body, search_text in rows:
        assert search_text == fold(" ".join(filter(None, [label, heading, body])))


def test_the_shape_at_scale(generated):
    """About three links a document (fewer at this size: fewer siblings to refer to), a
    target for about one document in three, a text for the share asked."""
    docs = Document.objects.filter(slug__startswith=PREFIX)
    links = DocumentLink.objects.filter(from_document__in=docs).count()
    assert 1.5 * N <= links <= 4 * N
    assert 0.2 * N <= Target.objects.filter(document__in=docs).count() <= 1.2 * N
    assert DocumentText.objects.filter(document__in=docs).count() == round(0.2 * N)
    words = [len(t.split()) for t in DocumentText.objects.values_list("extracted", flat=True)]
    assert 1500 <= sum(words) / len(words) <= 4500  # some two to four thousand words


def test_the_bulk_load_in_parallel_makes_the_same_data(transactional_db, gazetteer_sample,
                                                       monkeypatch):
    """At scale the generator loads without foreign-key checks, builds the big tables'
    indexes at the end and loads the texts by two processes after the rest is committed:
    the same data as the plain load, every index back, every reference valid."""
    from documents.demo import generator as demo_generator
    from documents.demo.generator import Generator

    call_command("load_seed", verbosity=0)
    load_gazetteer(gazetteer_sample)
    indexes = index_definitions()
    generate("--seed", "5")
    plain = demo_snapshot()
    monkeypatch.setattr(Generator, "bulk_from", 1)
    monkeypatch.setattr(demo_generator, "PARALLEL_TEXTS_FROM", 10)
    monkeypatch.setattr(demo_generator, "TEXT_WORKERS", 2)
    generate("--seed", "5", "--clear")
    assert demo_snapshot() == plain
    assert index_definitions() == indexes
    assert not Provision.objects.filter(parent__isnull=False).exclude(
        parent__document_text=F("document_text")).exists()
    assert not Provision.objects.exclude(document=F("document_text__document")).exists()
    assert stale_places() == []
