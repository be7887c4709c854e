"""Static pages."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from .home import about_context


@require_safe
def about(request):
    return render(request, "documents/about.html", about_context())
