"""The targets page (``/targets/``): every target (chỉ tiêu), filterable by place, topic,
indicator and deadline — "what is due by 2025 in Hà Nội" is ``?locality=ha-noi&due_by=2025``.

Each target is shown with the latest known figure for its indicator at its place or, failing
that, the nearest place above it (the rule in :mod:`documents.target_figures`). Queries are
bounded: the form's choices, the count, one page of targets with their documents, and ONE query
for the figures of the indicators shown.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from documents.catalogue_counts import KeptCountPaginator
from documents.filters import TargetFilterSet
from documents.language import local_name
from documents.models import Target
from documents.target_figures import attach_latest_figures
from documents.target_outcomes import OUTCOME_LABELS, attach_outcomes

from .addresses import without_empty_parameters
from .lists import Chip, input_errors, page_of, typed_choices, url_without

PER_PAGE = 50


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
    if data.get("outcome"):
        chips.append(Chip(_("Kết quả"), str(OUTCOME_LABELS[data["outcome"]]),
                          url_without(request, "outcome")))
    if data.get("due_by"):
        chips.append(
            Chip(_("Đến hạn trong hoặc trước năm"), str(data["due_by"]),
                 url_without(request, "due_by"))
        )
    return chips


@require_safe
@without_empty_parameters
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
    form.fields["due_by"].widget.attrs.update({"placeholder": _("năm, vd. 2025")})
    filterset.errors  # noqa: B018 - validate once
    if address := typed_choices(request, form):
        return redirect(address)

    # The page's ids first, in deadline order (targets and their documents only: the order
    # reads the document's date), then those targets with everything a row shows: the joins
    # for the page's rows only, not for every target of the nearest deadline (a thousand at
    # 1.000.000 documents) before the sort.
    ids = filterset.qs.values_list("pk", flat=True)
    paginator = KeptCountPaginator(ids, PER_PAGE)  # unfiltered: the count kept
    page_obj, page_message = page_of(paginator, request.GET.get("page"))
    by_id = queryset.in_bulk(list(page_obj.object_list))
    targets = page_obj.object_list = [by_id[pk] for pk in page_obj.object_list if pk in by_id]
    attach_latest_figures(targets)
    attach_outcomes(targets)
    chips = active_filters(request, filterset)
    context = {
        "filterset": filterset,
        "form": form,
        "page_obj": page_obj,
        "targets": targets,
        "total": paginator.count,
        "page_message": page_message,
        "chips": chips,
        "filter_count": len(chips),
        "clear_url": request.path if chips else None,
        "errors": input_errors(request, filterset),
        "non_field_errors": form.non_field_errors(),
    }
    return render(request, "documents/target_list.html", context)
