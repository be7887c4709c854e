"""``/api/``: the router, the OpenAPI schema and its documentation pages."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import errors, views

router = DefaultRouter()
router.register("documents", views.DocumentViewSet, basename="document")
router.register("localities", views.LocalityViewSet, basename="locality")
router.register("bodies", views.BodyViewSet, basename="body")
router.register("targets", views.TargetViewSet, basename="target")
router.register("links", views.LinkViewSet, basename="link")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include(router.urls)),
    re_path(r"^.*$", errors.not_found),
]
