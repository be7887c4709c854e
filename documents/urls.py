"""Public, read-only pages (the admin has its own URLs). Every address here is
permanent: documents are addressed by a slug fixed when they are created."""

from django.urls import path, re_path
from django.views.decorators.http import require_safe

from . import feeds
from .views import (
    bodies,
    detail,
    exports,
    files,
    graph,
    home,
    lists,
    pages,
    places,
    targets,
    texts,
)

app_name = "documents"

urlpatterns = [
    path("", home.home, name="home"),
    path("documents/", lists.document_list, name="list"),
    re_path(r"^documents/export\.(?P<fmt>csv|json)$", exports.documents_export, name="export"),
    path("documents/<slug:slug>/", detail.document_detail, name="detail"),
    path("documents/<slug:slug>/text/", texts.document_text, name="text"),
    path("documents/<slug:slug>/graph/", graph.document_graph, name="graph"),
    path("documents/<slug:slug>/files/<int:pk>/", files.document_file, name="file"),
    re_path(
        r"^documents/(?P<slug>[-\w]+)/graph\.(?P<fmt>graphml|json)$",
        graph.document_graph_download,
        name="graph-download",
    ),
    path("documents/<slug:slug>/coverage/", graph.document_coverage, name="coverage"),
    re_path(
        r"^documents/(?P<slug>[-\w]+)/coverage\.(?P<fmt>csv)$",
        graph.document_coverage,
        name="coverage-download",
    ),
    path("graph/", graph.catalogue_graph_page, name="catalogue-graph"),
    re_path(
        r"^graph\.(?P<fmt>graphml|json)$", graph.catalogue_graph_download,
        name="catalogue-graph-download",
    ),
    path("d/<int:pk>/", detail.document_by_id, name="by-id"),
    path("places/", places.locality_index, name="localities"),
    path("places/<slug:slug>/", places.locality_detail, name="locality"),
    path("bodies/", bodies.body_index, name="bodies"),
    path("bodies/<slug:slug>/", bodies.body_detail, name="body"),
    path("targets/", targets.target_list, name="targets"),
    re_path(
        r"^targets/export\.(?P<fmt>csv|json)$", exports.targets_export, name="targets-export"
    ),
    path("about/", pages.about, name="about"),
    path("catalogue.sqlite", exports.catalogue_sqlite, name="sqlite-download"),
    # Feeds answer GET and HEAD only, like every public page.
    path("feeds/documents.atom", require_safe(feeds.DocumentFeed()), name="feed"),
    path("feeds/places/<slug:slug>.atom", require_safe(feeds.LocalityFeed()),
         name="feed-locality"),
    path("feeds/bodies/<slug:slug>.atom", require_safe(feeds.BodyFeed()), name="feed-body"),
    path("feeds/topics/<slug:slug>.atom", require_safe(feeds.TopicFeed()), name="feed-topic"),
]
