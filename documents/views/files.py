"""A document's file, sent as a download: ``Content-Disposition: attachment`` with the safe
original name (``filename*``, RFC 5987, for Vietnamese names), the type found by content,
``X-Content-Type-Options: nosniff`` and the site's CSP (middleware). Read from the storage
in use (disk or S3) and streamed, so no file is ever held in memory or served as a page."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from documents.models import DocumentFile


@require_safe
def document_file(request, slug, pk):
    kept = get_object_or_404(
        DocumentFile.objects.only("id", "file", "original_name", "content_type", "size",
                                  "document__slug").select_related("document"),
        pk=pk, document__slug=slug,
    )
    try:
        handle = kept.file.storage.open(kept.file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("file missing from storage") from exc
    response = FileResponse(handle, as_attachment=True, filename=kept.original_name,
                            content_type=kept.content_type)
    response["Content-Length"] = str(kept.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0"
    return response
