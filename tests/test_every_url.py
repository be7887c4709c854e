"""Every public address, found from the URL resolver (the pattern of
django-councilmatic's smoke tests): each answers GET with 200 and the right content type,
HEAD with 200 and no body, and refuses POST, PUT, PATCH and DELETE with 405; each needs a
bounded number of queries. ``tests/public_urls.py`` holds the samples; a named pattern
without samples fails :func:`test_every_public_pattern_has_samples`."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from public_urls import NOT_PUBLIC, PATTERNS, REDIRECTS, query_counts, samples

#: No public page or endpoint needs more queries than this on the seed data. (A document page
#: shows its co-issuers, files, validity history and its linked documents' status today: 20
#: queries once its link picture, chain and tree are kept, 26 on the request that renders and
#: keeps them — documents.renderings: the walks, the fingerprint, the write; its targets'
#: latest figures in two: the candidates as values, then the chosen ones (target_figures);
#: that none grows with the rows shown is test_no_page_needs_more_queries_with_more_rows.)
QUERY_BOUND = 26


def _named_patterns(resolver=None, namespace=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            yield from _named_patterns(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def test_every_public_pattern_has_samples():
    names = set(_named_patterns())
    missing = names - set(PATTERNS) - set(REDIRECTS) - NOT_PUBLIC
    assert not missing, f"public URL patterns without a sample in public_urls.py: {missing}"
    stale = (set(PATTERNS) | set(REDIRECTS)) - names
    assert not stale, f"samples for patterns that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_get_head_and_refused_writes(client, seed, name, django_assert_max_num_queries):
    for _name, url, kind in samples({name}):
        with django_assert_max_num_queries(QUERY_BOUND):
            response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(kind), (url, response["Content-Type"])
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body, url
        head = client.head(url)
        assert head.status_code == 200, f"HEAD {url}"
        head_body = b"".join(head.streaming_content) if head.streaming else head.content
        assert head_body == b"", f"HEAD {url}"
        for method in ("post", "put", "patch", "delete"):
            refused = getattr(client, method)(url)
            assert refused.status_code == 405, f"{method.upper()} {url}"
            assert "GET" in refused["Allow"], f"{method.upper()} {url}: Allow header"


@pytest.mark.parametrize("name", sorted(REDIRECTS))
def test_redirects_are_permanent_and_read_only(client, seed, name):
    for url, _kind in REDIRECTS[name]():
        response = client.get(url)
        assert response.status_code == 301
        location = response["Location"]
        if location.startswith(settings.STATIC_URL):  # served by whitenoise, not by views
            assert finders.find(location.removeprefix(settings.STATIC_URL)), location
        else:
            assert client.get(location).status_code == 200
        assert client.post(url).status_code == 405


def test_no_page_needs_more_queries_with_more_rows(client, seed):
    """Add documents to every list a sample shows (the same place, body, topic, links to and
    from 34-ĐA/TU, targets): no address may need one query more."""
    from documents.models import Document, DocumentLink, Target

    before = query_counts(client)
    doc = Document.objects.get(symbol="34-ĐA/TU", issued_year=2023)
    target = Target.objects.filter(document=doc).order_by("pk").first()
    topics = list(doc.topics.all())
    for i in range(12):
        extra = Document.objects.create(
            doc_type="ke_hoach", symbol=f"{900 + i}-KH/TU", title=f"Kế hoạch thêm {i}",
            issuing_body=doc.issuing_body, term=doc.term, issued_date=doc.issued_date,
            locality=doc.locality, status="in_force",
        )
        extra.topics.set(topics)
        DocumentLink.objects.create(from_document=extra, to_document=doc, kind="implements")
        DocumentLink.objects.create(from_document=doc, to_document=extra, kind="references")
        Target.objects.create(
            document=extra, indicator=target.indicator, comparator=target.comparator,
            value=target.value, unit=target.unit, deadline_year=2025,
        )
    after = query_counts(client)
    grew = {url: (before[url], after[url]) for url in before if after[url] > before[url]}
    assert not grew, grew
