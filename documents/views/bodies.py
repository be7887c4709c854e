"""Issuing bodies: the index grouped by locality, and one body's page (its documents,
terms, parent and children, successor and predecessors)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from documents.models import BY_NAME, Document, IssuingBody

from .places import SEARCH_SHOWN, not_found, whole_levels

PAGE_SIZE = 20


#: The index lists whole levels of bodies (central, provincial…) as long as they add up to at
#: most this many; the others are on their place's page.
MAX_BODIES = 500


@require_safe
def body_index(request):
    # One query: the documents are counted (correlated subquery) only for the bodies listed.
    bodies = (
        IssuingBody.objects.select_related("locality", "successor").with_document_counts()
        .order_by("locality__level", "locality__name_sort", "locality_id", *BY_NAME)
    )
    bodies, cut = whole_levels(
        list(bodies[: MAX_BODIES + 1]), MAX_BODIES, lambda body: body.locality.level
    )
    query = request.GET.get("q", "")[:100].strip()
    found = list(IssuingBody.objects.select_related("locality").search(query)[: SEARCH_SHOWN + 1])
    return render(request, "documents/body_index.html", {
        "bodies": bodies, "cut": cut,
        "query": query, "found": found[:SEARCH_SHOWN], "more_found": len(found) > SEARCH_SHOWN,
    })


@require_safe
def body_detail(request, slug):
    body = (IssuingBody.objects.select_related("locality", "parent", "successor")
            .filter(slug=slug).first())
    if body is None:
        return not_found(request, "body", slug,
                         IssuingBody.objects.select_related("locality").search)
    documents = Document.objects.for_table().issued_by(body).newest_first()
    page_obj = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    terms = list(body.terms.annotate(n=Count("documents")).order_by("-start_year", "name", "id"))
    context = {
        "body": body,
        "ancestors": body.locality.ancestors() + [body.locality],
        "page_obj": page_obj,
        "documents": page_obj.object_list,
        "document_count": page_obj.paginator.count,
        "terms": terms,
        "children": list(body.children.order_by(*BY_NAME)),
        "predecessors": list(body.predecessors.order_by(*BY_NAME)),
        "list_url": reverse("documents:list") + f"?body={body.slug}",
    }
    return render(request, "documents/body_detail.html", context)
