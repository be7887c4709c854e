"""Link graphs (a document's neighbourhood and the whole catalogue), their downloads
(GraphML, JSON) and a document's coverage table (HTML, CSV); :func:`page_figure` is the
small picture on the document page itself."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from documents import graphdraw
from documents.coverage import coverage, coverage_periods
from documents.exporting import csv_lines
from documents.filters import PlaceSearchField
from documents.language import active_language, local_name, vocabulary_label
from documents.linkgraph import catalogue_graph, direct_links, neighbourhood
from documents.models import BY_NAME, PLACE_ORDER, Document, Locality, Topic

MAX_DRAWN = 150
#: The document page draws its direct links only, at most this many (the oldest first); the
#: graph page draws more, to the depth asked for.
PAGE_DRAWN_LINKS = 40
#: The depths the graph page offers, and the one drawn when none (or another) is asked for.
DEPTHS = (1, 2, 3, 4)
DEFAULT_DEPTH = 2


class DepthForm(forms.Form):
    depth = forms.TypedChoiceField(
        label=_("Độ sâu"), choices=[(n, n) for n in DEPTHS], coerce=int, required=False,
        widget=forms.Select(attrs={"aria-describedby": "depth-help"}),
    )


class TopicChoiceField(forms.ModelChoiceField):
    """Topics named in the page's language."""

    def label_from_instance(self, obj):
        return local_name(obj)


class CatalogueGraphForm(forms.Form):
    # Typed (slug, code or name): some 14.000 places would make a select megabytes.
    locality = PlaceSearchField(
        label=_("Địa bàn (gồm cấp dưới)"),
        queryset=Locality.objects.select_related("parent").order_by(*PLACE_ORDER),
        required=False,
    )
    topic = TopicChoiceField(
        label=_("Chủ đề"), queryset=Topic.objects.order_by(*BY_NAME), to_field_name="slug",
        required=False,
    )


def figure(graph, interactive: bool = False) -> dict:
    """What ``partials/graph_figure.html`` shows: the graph, its picture (or None), the
    colour key, the documents by level in time order (the text equivalent) and whether the
    picture's lines wrap (the legend says so); *interactive*: also the data of the zoomable
    drawing (``static/js/graph.js``)."""
    language = active_language()
    rows = graphdraw.rows(graph)
    return {
        "graph": graph,
        "svg": graphdraw.svg(graph, language),
        "legend": graphdraw.legend(graph),
        "rows": rows,
        "levels": " → ".join(str(vocabulary_label("level", level)) for level, _docs in rows),
        "wrapped": any(len(docs) > graphdraw.ROW_WIDTH for _level, docs in rows),
        "row_width": graphdraw.ROW_WIDTH,
        "data": graphdraw.interactive(graph, language) if interactive and graph.nodes else None,
    }


def page_figure(document, outgoing, incoming, cut: bool = False) -> dict:
    """The document page's picture: the document and its direct links (depth 1), from the
    links the page has already loaded (no query). *cut*: the page lists only some links."""
    graph = direct_links(document, outgoing, incoming, truncated=cut,
                         max_links=PAGE_DRAWN_LINKS)
    return figure(graph)


def _document_graph(request, slug):
    document = get_object_or_404(Document.objects.select_related("locality", "issuing_body"),
                                 slug=slug)
    form = DepthForm(request.GET)
    depth = (form.cleaned_data.get("depth") if form.is_valid() else None) or DEFAULT_DEPTH
    return document, form, depth, neighbourhood(document, depth)


@require_safe
def document_graph(request, slug):
    document, form, depth, graph = _document_graph(request, slug)
    return render(request, "documents/graph.html", {
        "document": document,
        # The drop-down shows the depth drawn, also when none or an unavailable one was asked.
        "form": DepthForm(initial={"depth": depth}),
        "depth": depth, "graph": graph, "figure": figure(graph, interactive=True),
        # A depth asked for that is not offered (0, 99, abc): said on the page, not ignored.
        "depth_refused": None if form.is_valid() else request.GET.get("depth", ""),
        "depth_min": DEPTHS[0], "depth_max": DEPTHS[-1],
    })


def _download(request, graph, fmt: str, name: str):
    absolute = request.build_absolute_uri
    if fmt == "graphml":
        body, content_type = graphdraw.graphml(graph, absolute), "application/graphml+xml"
    else:
        body, content_type = graphdraw.node_link_json(graph, absolute), "application/json"
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_safe
def document_graph_download(request, slug, fmt):
    document, _form, _depth, graph = _document_graph(request, slug)
    return _download(request, graph, fmt, f"{document.slug}-lien-ket")


def _catalogue(request, limit):
    form = CatalogueGraphForm(request.GET)
    documents = Document.objects.all()
    if form.is_valid():
        if form.cleaned_data["locality"]:
            documents = documents.in_place(form.cleaned_data["locality"])
        if form.cleaned_data["topic"]:
            documents = documents.filter(topics=form.cleaned_data["topic"])
    return form, catalogue_graph(documents, limit=limit)


@require_safe
def catalogue_graph_page(request):
    form, graph = _catalogue(request, MAX_DRAWN)
    return render(request, "documents/catalogue_graph.html", {
        "form": form, "graph": graph, "figure": figure(graph, interactive=True),
        "max_drawn": MAX_DRAWN,
    })


@require_safe
def catalogue_graph_download(request, fmt):
    form, graph = _catalogue(request, None)
    if not form.is_valid():
        return HttpResponse("; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()),
                            status=400, content_type="text/plain; charset=utf-8")
    return _download(request, graph, fmt, "catalogue-lien-ket")


@require_safe
def document_coverage(request, slug, fmt=None):
    document = get_object_or_404(Document.objects.select_related("locality"), slug=slug)
    rows = coverage(document)
    if fmt == "csv":
        coverage_periods(document, rows)  # marks the rows counted in a later period
        columns = [("place", "địa bàn"), ("kind", "loại"), ("covered", "đã có văn bản triển khai"),
                   ("existed", "tồn tại khi văn bản ban hành"), ("valid_from", "tồn tại từ"),
                   ("valid_to", "tồn tại đến"), ("later", "tính cho các đơn vị từ ngày"),
                   ("documents", "văn bản triển khai")]
        # Built now, in the request's language (the response is streamed later).
        data = [{
            "place": row.locality.name,
            "kind": vocabulary_label("locality_kind", row.locality.kind),
            "covered": row.covered,
            "existed": row.existed,
            "valid_from": row.locality.valid_from.isoformat() if row.locality.valid_from else "",
            "valid_to": row.locality.valid_to.isoformat() if row.locality.valid_to else "",
            "later": row.later.isoformat() if row.later else "",
            "documents": [d.symbol or d.title for d in row.documents],
        } for row in rows]
        response = StreamingHttpResponse(csv_lines(data, columns),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{document.slug}-bao-phu.csv"'
        return response
    at_issue, *later = coverage_periods(document, rows)
    # The units of the document's date first, then those of the later period, then the rest.
    shown = sorted(rows, key=lambda r: (not r.existed, r.later is None))
    return render(request, "documents/coverage.html", {
        "document": document, "rows": shown,
        "covered": at_issue.covered, "applicable": at_issue.total,
        "later": later[0] if later else None,
    })
