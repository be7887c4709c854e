"""Downloads of any filtered document list and of the targets table, as CSV or JSON.

They take exactly the list pages' query parameters (the same FilterSets); a
parameter that is not valid is refused with status 400 and a message, rather than
silently exporting something else.

The rows are read in bounded memory whatever their number: the matching ids first, in the
list's order (a few bytes each), then the rows :data:`CHUNK` at a time by id
(:func:`in_chunks`, :func:`documents.streaming.by_chunks`) — Django's ``.iterator()`` would
fetch the whole result first, server-side cursors being off (catalogue/settings). Both files
stream as they are read: the CSV line by line, the JSON array row by row
(:func:`documents.exporting.json_array`: the same text as ``json.dumps`` of the whole list).
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from documents.exporting import (
    DOCUMENT_COLUMNS,
    TARGET_COLUMNS,
    csv_lines,
    document_row,
    json_array,
    started,
    target_row,
)
from documents.filters import DocumentFilterSet, TargetFilterSet
from documents.models import Document, Target
from documents.sqlite_export import cached_file
from documents.streaming import by_chunks

CHUNK = 2000


def _refuse(filterset, fmt: str):
    errors = {name: [str(m) for m in messages] for name, messages in filterset.errors.items()}
    if fmt == "json":
        return JsonResponse({"detail": "Tham số không hợp lệ.", "errors": errors}, status=400)
    lines = [f"{name}: {'; '.join(messages)}" for name, messages in errors.items()]
    return HttpResponse("\n".join(["Tham số không hợp lệ:", *lines]), status=400,
                        content_type="text/plain; charset=utf-8")


def in_chunks(queryset, load, size: int | None = None):
    """The rows of *queryset*, in its order: its ids read at once, then ``load(ids)`` (the
    rows of those ids, in that order) for *size* (:data:`CHUNK`) of them at a time."""
    return by_chunks(list(queryset.values_list("pk", flat=True)), load, size or CHUNK)


def _respond(rows, columns, fmt: str, filename: str):
    # The first row is read now: a failing query is this view's error (503), not a file cut
    # short after its start; a failure later marks the file (documents/exporting.py).
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(started(rows), columns),
                                         content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(json_array(started(rows)),
                                         content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@require_safe
def documents_export(request, fmt: str):
    filterset = DocumentFilterSet(request.GET, queryset=Document.objects.all(), request=request)
    if not filterset.is_valid():
        return _refuse(filterset, fmt)
    rows = (document_row(d, request.build_absolute_uri) for d in
            in_chunks(filterset.qs, Document.objects.table_rows))
    return _respond(rows, DOCUMENT_COLUMNS, fmt, "van-ban")


@require_safe
def targets_export(request, fmt: str):
    filterset = TargetFilterSet(request.GET, queryset=Target.objects.all(), request=request)
    if not filterset.is_valid():
        return _refuse(filterset, fmt)
    loaded = Target.objects.select_related("document", "indicator", "locality")

    def load(ids):
        by_id = loaded.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]

    rows = (target_row(t, request.build_absolute_uri) for t in in_chunks(filterset.qs, load))
    return _respond(rows, TARGET_COLUMNS, fmt, "chi-tieu")


@require_safe
def catalogue_sqlite(request):
    """The whole catalogue as a SQLite file (documents.sqlite_export), for Datasette and
    spreadsheets; written once per state of the data."""
    path = cached_file(settings.SQLITE_EXPORT_DIR)
    return FileResponse(path.open("rb"), as_attachment=True, filename="catalogue.sqlite",
                        content_type="application/vnd.sqlite3")
