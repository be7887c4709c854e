"""Errors as JSON with a clear message and the right status."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, with every error body shaped ``{"detail": …, "errors": {…}}``."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        response.data = {"detail": str(data["detail"])}
    else:
        response.data = {"detail": "Tham số không hợp lệ (invalid parameters).", "errors": data}
    return response


@csrf_exempt  # any method: the JSON 404, not the CSRF failure page (the API has no session)
def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": "Không có địa chỉ này trong API (no such API address)."},
                        status=404)
