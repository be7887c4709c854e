"""Read-only API viewsets. The document list reuses the list page's FilterSet, so the
same parameters (q, locality, body, type, topic, status, dates…) work on both. Bad
parameters — filters, ``page``, ``page_size``, booleans, ``format`` — are refused with a
JSON 400 naming the parameter (``documents.api.params``)."""

from __future__ import annotations

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.views import SpectacularAPIView
from rest_framework import routers, viewsets

from documents.filters import TargetFilterSet
from documents.models import (
    Document,
    DocumentLink,
    IssuingBody,
    Locality,
    SourceMention,
    Target,
)

from . import serializers
from .params import ApiDocumentFilterSet, FormatParameterMixin, LinkFilterSet, Pagination


class SchemaView(FormatParameterMixin, SpectacularAPIView):
    """The OpenAPI schema (YAML; ``?format=json``); an unknown format is a JSON 400."""


class APIRootView(FormatParameterMixin, routers.APIRootView):
    pass


class Router(routers.DefaultRouter):
    APIRootView = APIRootView


class ReadOnly(FormatParameterMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]


class DocumentViewSet(ReadOnly):
    """Documents, filterable with the list page's parameters; one document by slug with
    its targets, links in both directions and sources."""

    lookup_field = "slug"
    filterset_class = ApiDocumentFilterSet

    def get_queryset(self):
        queryset = Document.objects.for_table()
        if self.action == "retrieve":
            link_related = ("from_document", "to_document", "source")
            queryset = queryset.select_related("signer").prefetch_related(
                Prefetch("targets", Target.objects.select_related("indicator", "locality")),
                Prefetch("outgoing_links", DocumentLink.objects.select_related(*link_related)),
                Prefetch("incoming_links", DocumentLink.objects.select_related(*link_related)),
                Prefetch("mentions", SourceMention.objects.select_related("source")),
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.DocumentDetailSerializer
        return serializers.DocumentSerializer


class LocalityViewSet(ReadOnly):
    lookup_field = "slug"
    serializer_class = serializers.LocalitySerializer
    queryset = (
        Locality.objects.select_related("parent")
        .prefetch_related("successors")
        .order_by("level", "name_sort")
    )
    filterset_fields = ["kind", "level"]


class BodyViewSet(ReadOnly):
    lookup_field = "slug"
    serializer_class = serializers.BodySerializer
    queryset = (
        IssuingBody.objects.select_related("locality", "parent", "successor")
        .prefetch_related("terms")
        .order_by("name_sort")
    )
    filterset_fields = ["kind", "code"]


class TargetViewSet(ReadOnly):
    serializer_class = serializers.TargetSerializer
    filterset_class = TargetFilterSet
    queryset = Target.objects.select_related("document", "indicator", "locality").order_by(
        "deadline_year", "id"
    )


class LinkViewSet(ReadOnly):
    serializer_class = serializers.LinkSerializer
    queryset = DocumentLink.objects.select_related(
        "from_document", "to_document", "source"
    ).order_by("id")
    filterset_class = LinkFilterSet
