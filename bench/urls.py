"""The catalogue's URLs plus the benchmark's trivial view (bench/settings.py only)."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from catalogue.urls import urlpatterns as catalogue_urlpatterns


@never_cache
def ceiling(request):
    """The least a Django view can do: the framework's ceiling on this machine."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/ceiling/", ceiling), *catalogue_urlpatterns]
