"""The status as of today in the admin: a change-list filter on it (the same rule as the public
list: ``DocumentQuerySet.status_is()``) and the sourced statements of a status."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from documents.domain.vocabulary import STATUSES
from documents.language import term_label
from documents.models import StatusStatement

from .history import HistoryAdmin
from .search import FoldedSearchMixin


class CurrentStatusFilter(admin.SimpleListFilter):
    """Documents by their status as of today (not the one typed once)."""

    title = _("tình trạng (tính đến hôm nay)")
    parameter_name = "current_status"

    def lookups(self, request, model_admin):
        return [(s.key, term_label(s)) for s in STATUSES]

    def queryset(self, request, queryset):
        if self.value() in {s.key for s in STATUSES}:
            return queryset.status_is(self.value())
        return queryset


@admin.register(StatusStatement)
class StatusStatementAdmin(FoldedSearchMixin, HistoryAdmin):
    list_display = ("document", "status", "as_of", "source")
    list_select_related = ("document", "source")
    list_filter = ("status",)
    autocomplete_fields = ("document", "by_document", "source")
    search_fields = ("document__search_text", "quote")
