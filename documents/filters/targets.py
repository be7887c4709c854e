"""The targets page's FilterSet (``/targets/``), shared by the API and the exports: "what is
due by 2025 in Hà Nội", in deadline order."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from documents.models import BY_NAME, Indicator, Target
from documents.target_outcomes import OUTCOME_CHOICES, filter_by_outcome

from .fields import NamedChoiceFilter, YearFilter, topic_filter, unknown_value
from .place_fields import place_filter
from .widgets import FastSelect, FilterForm


class TargetFilterSet(django_filters.FilterSet):
    """Filters of the targets page: "what is due by 2025 in Hà Nội"."""

    locality = place_filter()
    topic = topic_filter("document__topics")
    indicator = NamedChoiceFilter(
        widget=FastSelect,
        label=_("Chỉ số"),
        queryset=Indicator.objects.order_by(*BY_NAME),
        to_field_name="slug",
        empty_label=_("Tất cả"),
        error_messages=unknown_value(_("Không có chỉ số “%(value)s”.")),
    )
    due_by = YearFilter(
        label=_("Đến hạn trước hoặc trong năm"), field_name="deadline_year", lookup_expr="lte"
    )

    outcome = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Kết quả (chỉ tiêu quá hạn)"),
        choices=OUTCOME_CHOICES,
        empty_label=_("Tất cả"),
        method="filter_outcome",
        error_messages={"invalid_choice": _("Không có kết quả “%(value)s”.")},
    )

    class Meta:
        model = Target
        fields: list[str] = []
        form = FilterForm

    def filter_locality(self, queryset, name, value):
        """Targets for this place or any place below it (a target without its own place
        takes its document's): :meth:`TargetQuerySet.in_place`."""
        return queryset.in_place(value)

    def filter_outcome(self, queryset, name, value):
        """Met, not met, no figure… as of today (``documents/target_outcomes.py``)."""
        return filter_by_outcome(queryset, value)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).by_deadline()
