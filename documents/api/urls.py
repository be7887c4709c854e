"""``/api/``: the router, the OpenAPI schema and its documentation pages.

Swagger UI is drf-spectacular's *split* view (GET and HEAD only, as ReDoc's page): the page
loads its start-up script from ``/api/docs/?script=`` instead of holding it inline, so the
API's pages need no ``'unsafe-inline'`` for scripts (docs/SECURITY.md). ReDoc's page has no
inline script either (with no ``REDOC_UI_SETTINGS`` it is started by a ``<redoc spec-url>``
element)."""

from django.urls import include, path, re_path

from . import errors, views

router = views.Router()
router.register("documents", views.DocumentViewSet, basename="document")
router.register("localities", views.LocalityViewSet, basename="locality")
router.register("bodies", views.BodyViewSet, basename="body")
router.register("targets", views.TargetViewSet, basename="target")
router.register("figures", views.FigureViewSet, basename="figure")
router.register("links", views.LinkViewSet, basename="link")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="api-schema"),
    path("docs/", views.SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", views.RedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include(router.urls)),
    re_path(r"^.*$", errors.not_found),
]
