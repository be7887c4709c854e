"""Read-only API viewsets. The document list reuses the list page's FilterSet, so the
same parameters (q, locality, body, type, topic, status, dates…) work on both. Bad
parameters — filters, ``page``, ``page_size``, booleans, ``format`` — are refused with a
JSON 400 naming the parameter (``documents.api.params``)."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework import routers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from documents.document_links import attach_status
from documents.models import (
    BY_NAME,
    PLACE_ORDER,
    Document,
    DocumentLink,
    Figure,
    IssuingBody,
    Locality,
    LocalitySuccession,
    SourceMention,
    Target,
)
from documents.target_figures import attach_latest_figures
from documents.target_outcomes import attach_outcomes
from documents.text_search import matched_fields, text_passages

from . import serializers
from .pages import NewestFirstPagination
from .params import (
    SORT_PARAMETER,
    ApiDocumentFilterSet,
    ApiTargetFilterSet,
    BodyApiFilterSet,
    FigureFilterSet,
    FormatParameterMixin,
    LinkFilterSet,
    LocalityApiFilterSet,
    Pagination,
)
from .texts import DocumentTextsSerializer, document_texts

#: What a figure shows besides itself (one join each, no query per figure).
FIGURE_RELATED = ("indicator", "locality", "source", "document")


def attach_figures(targets) -> None:
    """Set ``latest_figure`` on every target as the targets page and the document page do
    (:mod:`documents.target_figures`), with its source and document: at most four queries
    for any number of targets (the figures' documents with their status today). Targets
    need their ``indicator``, ``locality`` and ``document__locality`` loaded."""
    targets = list(targets)
    attach_latest_figures(targets)
    attach_outcomes(targets)
    figures = []
    for target in targets:
        if target.latest_figure is not None:
            target.latest_figure.indicator = target.indicator  # the same indicator, loaded
            figures.append(target.latest_figure)
    prefetch_related_objects(figures, "document")
    attach_status([figure.document for figure in figures if figure.document_id])


class SchemaView(FormatParameterMixin, SpectacularAPIView):
    """The OpenAPI schema (YAML; ``?format=json``); an unknown format is a JSON 400."""


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI (``/api/docs/``, its script at ``?script=``): GET and HEAD only. DRF would
    answer OPTIONS by rendering its metadata with the page's HTML template renderer, which
    has no template for it (a 500); now OPTIONS and every other method are a 405."""

    http_method_names = ["get", "head"]


class RedocView(SpectacularRedocView):
    """ReDoc (``/api/redoc/``): GET and HEAD only, as :class:`SwaggerView`."""

    http_method_names = ["get", "head"]


class APIRootView(FormatParameterMixin, routers.APIRootView):
    pass


class Router(routers.DefaultRouter):
    APIRootView = APIRootView


class KeptFilterSetBackend(DjangoFilterBackend):
    """django-filter's backend, keeping the FilterSet it used on the view (``filterset``),
    so the view can read what it parsed (the search)."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        view.filterset = filterset
        return filterset


def attach_ref_status(objects, *paths: str) -> None:
    """Gives the documents at *paths* of *objects* ("document", "from_document"…) their
    status today, in one query for all (``DocumentRefSerializer`` shows it)."""
    documents = [getattr(obj, path) for obj in objects for path in paths]
    attach_status([doc for doc in documents if doc is not None])


class ReadOnly(FormatParameterMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    #: The related documents a row refers to (their status today is attached per page).
    document_refs: tuple[str, ...] = ()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.document_refs:
            attach_ref_status(page, *self.document_refs)
        return page

    def get_object(self):
        obj = super().get_object()
        if self.document_refs:
            attach_ref_status([obj], *self.document_refs)
        return obj


@extend_schema_view(list=extend_schema(parameters=[SORT_PARAMETER]))
class DocumentViewSet(ReadOnly):
    """Documents, filterable with the list page's parameters; one document by slug with
    its targets, links in both directions and sources."""

    lookup_field = "slug"
    filterset_class = ApiDocumentFilterSet
    filter_backends = [KeptFilterSetBackend]
    pagination_class = NewestFirstPagination

    def paginate_queryset(self, queryset):
        # The search decided once whether it falls back on typo tolerance (cached: no query).
        filterset = getattr(self, "filterset", None)
        search = filterset.search if filterset is not None else None
        self.paginator.approximate = bool(search and search.uses_trigram(queryset))
        page = super().paginate_queryset(queryset)
        if search is not None and page is not None:
            # What matched, and the passages of the page's texts: one query for the page.
            passages = text_passages(search, page)
            for document in page:
                document.search_passages = passages.get(document.pk, [])
                document.search_matched = matched_fields(search, document,
                                                         document.search_passages)
        return page

    @extend_schema(responses=DocumentTextsSerializer, filters=False, parameters=[])
    @action(detail=True, url_path="text", filter_backends=[], pagination_class=None)
    def text(self, request, slug=None):
        """The document's full texts, structured: each text's source (its file, by address
        and SHA-256, or the public page it was read from), how it was read (method, OCR
        confidence), and its provisions (Phần, Chương, Điều, Khoản, Điểm; I., 1., a)) with
        kind, label, anchor, heading, body, page and address. Its own endpoint, so that the
        document's detail stays light. Three queries, whatever the text's length."""
        document = get_object_or_404(Document.objects.only("id", "slug"), slug=slug)
        texts = document_texts(document)
        anchors = {p.pk: p.anchor for t in texts for p in t.provisions.all()}
        data = DocumentTextsSerializer(
            {"document": document.slug, "texts": texts},
            context={"request": request, "anchors": anchors},
        ).data
        return Response(data)

    def get_queryset(self):
        if self.action == "list":
            # Filtered and ordered for the page's ids; the page's rows are then read with
            # everything they show (NewestFirstPagination: Document.objects.table_rows).
            return Document.objects.all()
        queryset = Document.objects.for_table()
        if self.action == "retrieve":
            link_related = ("from_document", "to_document", "source")
            queryset = queryset.select_related("signer").prefetch_related(
                Prefetch("targets", Target.objects.select_related("indicator", "locality")),
                Prefetch("outgoing_links", DocumentLink.objects.select_related(*link_related)),
                Prefetch("incoming_links", DocumentLink.objects.select_related(*link_related)),
                Prefetch("mentions", SourceMention.objects.select_related("source")),
                "files",
                Prefetch("figures", Figure.objects.select_related(
                    "indicator", "locality", "source").newest_first()),
            )
        return queryset

    def get_object(self):
        document = super().get_object()
        # The prefetched targets already point back at this document (and its locality).
        attach_figures(document.targets.all())
        # Both ends of its links (the API shows both): their status today, in one query.
        links = [*document.outgoing_links.all(), *document.incoming_links.all()]
        attach_status([end for link in links for end in (link.from_document, link.to_document)])
        return document

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.DocumentDetailSerializer
        return serializers.DocumentSerializer


class LocalityViewSet(ReadOnly):
    lookup_field = "slug"
    serializer_class = serializers.LocalitySerializer
    queryset = (
        Locality.objects.select_related("parent")
        .prefetch_related("successors", "predecessors", Prefetch(
            "succeeded_by", LocalitySuccession.objects.select_related("to_locality", "document")
            .order_by("to_locality__name_sort", "to_locality_id")))
        .order_by(*PLACE_ORDER)
    )
    filterset_class = LocalityApiFilterSet


class BodyViewSet(ReadOnly):
    lookup_field = "slug"
    serializer_class = serializers.BodySerializer
    queryset = (
        IssuingBody.objects.select_related("locality", "parent", "successor")
        .prefetch_related("terms")
        .order_by(*BY_NAME)
    )
    filterset_class = BodyApiFilterSet


class TargetViewSet(ReadOnly):
    """Targets, each with the latest known figure for its indicator at its place (or the
    nearest place above), as on the targets page."""

    serializer_class = serializers.TargetSerializer
    filterset_class = ApiTargetFilterSet
    document_refs = ("document",)
    queryset = Target.objects.select_related(
        "document", "document__locality", "indicator", "locality"
    ).by_deadline()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_figures(page)
        return page

    def get_object(self):
        target = super().get_object()
        attach_figures([target])
        return target


class FigureViewSet(ReadOnly):
    """Figures (số liệu) sources report for places: newest first. Filters: ``locality`` (that
    place and the places below it; ``exact_locality=true`` for that place only),
    ``indicator`` (slug), ``year_from`` / ``year_to`` (the year the figure is as of)."""

    serializer_class = serializers.FigureSerializer
    filterset_class = FigureFilterSet
    document_refs = ("document",)
    queryset = Figure.objects.select_related(*FIGURE_RELATED).newest_first()


class LinkViewSet(ReadOnly):
    serializer_class = serializers.LinkSerializer
    document_refs = ("from_document", "to_document")
    queryset = DocumentLink.objects.select_related(
        "from_document", "to_document", "source"
    ).order_by("id")
    filterset_class = LinkFilterSet
