"""The targets page (``/targets/``): every target (chỉ tiêu), filterable by place, topic,
indicator and deadline — "what is due by 2025 in Hà Nội" is ``?locality=ha-noi&due_by=2025``.

Each target is shown with the latest known figure for its indicator at its place or, failing
that, the nearest place above it. Queries are bounded: the form's choices, the count, one
page of targets with their documents, and ONE query for the figures of the indicators shown.
"""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from documents.filters import TargetFilterSet
from documents.models import Figure, Target
from documents.templatetags.catalogue import local_name

from .lists import Chip, input_errors, page_of, url_without

PER_PAGE = 50


def _target_path(target) -> str:
    place = target.locality or target.document.locality
    return place.path if place else ""


def attach_latest_figures(targets) -> None:
    """Set ``target.latest_figure`` (or None) for every target, with one query.

    The figure must measure the same indicator, at the target's place or a place above it;
    the nearest place wins, then the latest date.
    """
    targets = list(targets)
    indicator_ids = {t.indicator_id for t in targets}
    # Only the places the figures can come from: each target's place and those above it
    # (read from the materialised paths), not every figure of the indicators shown.
    place_ids = {int(part) for t in targets for part in _target_path(t).strip("/").split("/")
                 if part}
    by_indicator: dict[int, list[Figure]] = {}
    if indicator_ids and place_ids:
        for figure in Figure.objects.filter(
            indicator_id__in=indicator_ids, locality_id__in=place_ids
        ).select_related("locality"):
            by_indicator.setdefault(figure.indicator_id, []).append(figure)
    for target in targets:
        path = _target_path(target)
        candidates = [
            f
            for f in by_indicator.get(target.indicator_id, [])
            if path and path.startswith(f.locality.path)
        ]
        target.latest_figure = max(
            candidates,
            key=lambda f: (
                len(f.locality.path),
                f.as_of_year or (f.as_of.year if f.as_of else 0),
                f.as_of or dt.date.min,
                f.pk,
            ),
            default=None,
        )


def active_filters(request, filterset) -> list[Chip]:
    data = filterset.form.cleaned_data
    chips = []
    if data.get("locality"):
        chips.append(
            Chip(_("Địa bàn"), local_name(data["locality"]), url_without(request, "locality"))
        )
    if data.get("topic"):
        chips.append(Chip(_("Chủ đề"), local_name(data["topic"]), url_without(request, "topic")))
    if data.get("indicator"):
        chips.append(
            Chip(_("Chỉ số"), local_name(data["indicator"]), url_without(request, "indicator"))
        )
    if data.get("due_by"):
        chips.append(
            Chip(_("Đến hạn trong hoặc trước năm"), str(data["due_by"]),
                 url_without(request, "due_by"))
        )
    return chips


@require_safe
def target_list(request):
    queryset = Target.objects.select_related(
        "document",
        "document__issuing_body",
        "document__locality",
        "indicator",
        "locality",
    )
    filterset = TargetFilterSet(request.GET, queryset=queryset, request=request)
    form = filterset.form
    form.fields["due_by"].widget.attrs.update({"placeholder": "2025"})
    filterset.errors  # noqa: B018 - validate once

    paginator = Paginator(filterset.qs, PER_PAGE)
    page_obj, page_message = page_of(paginator, request.GET.get("page"))
    targets = list(page_obj.object_list)
    attach_latest_figures(targets)
    chips = active_filters(request, filterset)
    context = {
        "filterset": filterset,
        "form": form,
        "page_obj": page_obj,
        "targets": targets,
        "total": paginator.count,
        "page_message": page_message,
        "chips": chips,
        "clear_url": request.path if chips else None,
        "errors": input_errors(request, filterset),
        "non_field_errors": form.non_field_errors(),
    }
    return render(request, "documents/target_list.html", context)
