"""The API document list's pages: numbered, and past the first ones found by cursor.

In the default order (newest first: ``sort=-date``, or no ``sort`` and no ``q``), ``next`` and
``previous`` lead by page number up to page :data:`~documents.keyset.NUMBERED_PAGES`, then by
cursor — ``?after=<cursor>`` (the page after the last document shown) and ``?before=<cursor>``
(the page before the first) — so that walking ``next`` to the end costs the same for every
page (:mod:`documents.keyset`), where ``?page=4000`` makes the database read and discard
200.000 rows. The response keeps its shape (``count``, ``next``, ``previous``, ``approximate``,
``results``); ``?page=N`` still works in every order. A malformed cursor, a cursor in another
order, or a cursor beside ``page`` is a JSON 400 naming the parameter.
"""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import remove_query_param, replace_query_param

from documents.catalogue_counts import KeptCountPaginator
from documents.keyset import (
    KEY_COLUMNS,
    CursorError,
    KeysetPage,
    Pages,
    keyset_page,
    neighbour_parameters,
    parse_cursor,
)

from .params import DocumentPagination

CURSORS = ("after", "before")


class NewestFirstPagination(DocumentPagination):
    """:class:`~documents.api.params.DocumentPagination` with cursors in the newest-first
    order (the view keeps its FilterSet as ``view.filterset``: its order in effect)."""

    keyset = False

    def paginate_queryset(self, queryset, request, view=None):
        filterset = getattr(view, "filterset", None)
        self.keyset = filterset is not None and filterset.effective_sort == "-date"
        given = [name for name in CURSORS if name in request.query_params]
        if not given:
            # The page's ids (with the sort key, for the cursor links) first, by offset: a
            # narrow scan, without the status and joins each row then gets (table_rows()).
            rows = super().paginate_queryset(
                queryset.values_list(*KEY_COLUMNS, named=True), request, view)
            if rows is None:
                return None
            return queryset.model.objects.table_rows(row.pk for row in rows)
        self.request = request
        name = given[0]
        if len(given) > 1 or self.page_query_param in request.query_params:
            raise ValidationError({name: [
                "after, before và page không dùng cùng nhau (use one of after, before, page)."]})
        if not self.keyset:
            raise ValidationError({name: [
                f"{name} chỉ dùng với thứ tự mới nhất trước (sort=-date, không có q) "
                f"({name} is for the newest-first order only)."]})
        try:
            cursor = parse_cursor(request.query_params[name])
        except CursorError as error:
            raise ValidationError({name: [str(error)]}) from None
        size = self.get_page_size(request)
        count = KeptCountPaginator(queryset, size).count
        found = keyset_page(queryset, cursor, before=name == "before", per_page=size,
                            count=count)
        if found is None:  # nothing there any more: an empty page, no further link
            self.page = KeysetPage([], cursor.page, Pages(count, size), False, False)
            return []
        self.page = found
        return queryset.model.objects.table_rows(row.pk for row in found.object_list)

    def _link(self, parameters):
        if parameters is None:
            return None
        url = self.request.build_absolute_uri()
        for name in (self.page_query_param, *CURSORS):
            url = remove_query_param(url, name)
        for name, value in parameters.items():
            url = replace_query_param(url, name, value)
        return url

    def get_next_link(self):
        return self._link(neighbour_parameters(self.page, cursors=self.keyset)[1])

    def get_previous_link(self):
        return self._link(neighbour_parameters(self.page, cursors=self.keyset)[0])

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for name, where in (("after", "after the last"), ("before", "before the first")):
            parameters.append({
                "name": name, "in": "query", "required": False, "schema": {"type": "string"},
                "description": (f"The page {where} document of a page, in the newest-first "
                                "order: a cursor from `next` or `previous` (opaque; do not "
                                "build it). Not with `page`, nor with another order."),
            })
        return parameters
