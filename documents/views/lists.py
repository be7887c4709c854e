"""The document list (``/documents/``): search, filters, facets, pagination.

Everything is read from the query string through :class:`~documents.filters.DocumentFilterSet`;
a bad value is reported on the page and that filter left out, never a server error.
Queries per page are bounded (about 15, whatever the number of rows): the filter form's
choices, the facet counts (kept per change for each combination of filters: one query; on the
first request after a change, one grouped query per facet), the page, and the page's topics;
the total is the type facet's (no count of its own).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from documents.applies_here import APPLIES, ISSUED_HERE, document_rows
from documents.context_processors import filter_feeds
from documents.filters import DocumentFilterSet, SearchChoiceField
from documents.filters.documents import LEVEL_CHOICES
from documents.keyset import (
    KEY_COLUMNS,
    CursorError,
    keyset_page,
    neighbour_parameters,
    parse_cursor,
)
from documents.language import local_name, vocabulary_label
from documents.models import Document
from documents.text_search import text_passages

from .addresses import without_empty_parameters

PER_PAGE = 25
#: Where in the list a page is: its number, or a cursor (documents.keyset).
PAGE_PARAMETERS = ("page", "after", "before")


@dataclass
class Chip:
    """An active filter shown on the page, with the address of the page without it."""

    label: str
    value: str
    remove_url: str


@dataclass
class InputError:
    """A query-string value that could not be used, with the address without it."""

    label: str
    value: str
    messages: list[str]
    remove_url: str


def url_with(request, params: QueryDict) -> str:
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path


def url_without(request, *names: str, value: str | None = None) -> str:
    """This page's address without the parameters *names* (or only their *value*), and
    back to the first page."""
    params = request.GET.copy()
    for name in PAGE_PARAMETERS:
        params.pop(name, None)
    for name in names:
        if value is None:
            params.pop(name, None)
        else:
            params.setlist(name, [v for v in params.getlist(name) if v != value])
    return url_with(request, params)


def typed_choices(request, form) -> str | None:
    """After validation, the place and body fields (typed: ``SearchChoiceField``): the address
    of this page with the slug of what a typed name or code found, when it is not already
    there (``?locality=viet+hung+...`` → ``?locality=viet-hung-00127-2025``: the address to
    keep, link and cite); None when nothing is to change. Each candidate of an ambiguous name
    is given the address that chooses it (back to page 1)."""
    params = request.GET.copy()
    for name in PAGE_PARAMETERS:
        params.pop(name, None)
    changed = False
    for name, field in form.fields.items():
        if not isinstance(field, SearchChoiceField):
            continue
        if field.chosen is not None and request.GET.getlist(name) != [field.chosen.slug]:
            params.setlist(name, [field.chosen.slug])
            changed = True
        for candidate in field.candidates:
            choose = params.copy()
            choose.setlist(name, [candidate.slug])
            candidate.url = url_with(request, choose)
    return url_with(request, params) if changed else None


def page_of(paginator: Paginator, raw: str | None):
    """The page asked for, or the nearest sensible one with a message saying why."""
    message = None
    if raw in (None, ""):
        number = 1
    else:
        try:
            number = int(raw)
        except (TypeError, ValueError):
            number = 1
            message = _("Số trang “%(page)s” không hợp lệ; đang hiển thị trang 1.") % {
                "page": raw[:20]
            }
    if number < 1:
        message = message or _("Số trang phải từ 1 trở lên; đang hiển thị trang 1.")
        number = 1
    if number > paginator.num_pages:
        message = _(
            "Không có trang %(page)s: chỉ có %(total)s trang; đang hiển thị trang cuối."
        ) % {"page": number, "total": paginator.num_pages}
        number = paginator.num_pages
    return paginator.page(number), message


def _html_widgets(form) -> None:
    """Controls for the HTML form (the FilterSet itself knows nothing of HTML)."""
    types = form.fields["type"]
    types.widget = forms.CheckboxSelectMultiple(choices=types.choices)
    form.fields["q"].widget.input_type = "search"
    for name in ("issued_from", "issued_to"):
        form.fields[name].widget.attrs.update(
            {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off"}
        )
    for name in ("year_from", "year_to", "period"):
        form.fields[name].widget.attrs.update({"placeholder": _("năm, vd. 2025")})


def _date(value) -> str:
    return date_format(value, "d/m/Y")


def active_filters(request, filterset: DocumentFilterSet) -> list[Chip]:
    """The valid active filters, each removable on its own."""
    data = filterset.form.cleaned_data
    chips: list[Chip] = []

    def chip(name, label, value, *also, one_value=None):
        chips.append(Chip(label, value, url_without(request, name, *also, value=one_value)))

    if data.get("q"):
        chip("q", _("Từ khóa"), data["q"])
    if data.get("titles_only"):
        chip("titles_only", _("Phạm vi tìm"), _("chỉ trích yếu và số ký hiệu"))
    for key in data.get("type") or []:
        chip("type", _("Loại văn bản"), vocabulary_label("doc_type", key), one_value=key)
    if data.get("status"):
        chip("status", _("Tình trạng"), vocabulary_label("status", data["status"]))
    if data.get("topic"):
        chip("topic", _("Chủ đề"), local_name(data["topic"]))
    if data.get("body"):
        chip("body", _("Cơ quan ban hành"), local_name(data["body"]))
    if data.get("level"):
        chip("level", _("Cấp ban hành"), dict(LEVEL_CHOICES)[data["level"]])
    if data.get("locality"):
        place = local_name(data["locality"])
        scope = filterset.place_scope
        if scope == ISSUED_HERE:
            place = _("%(place)s (chỉ văn bản ban hành đúng tại đây)") % {"place": place}
        elif scope == APPLIES:
            place = _("%(place)s (văn bản áp dụng tại đây)") % {"place": place}
        chip("locality", _("Địa bàn"), place, "exact_locality", "scope")
    if data.get("issued_from"):
        chip("issued_from", _("Ban hành từ ngày"), _date(data["issued_from"]))
    if data.get("issued_to"):
        chip("issued_to", _("Ban hành đến ngày"), _date(data["issued_to"]))
    start, end = data.get("year_from"), data.get("year_to")
    if start and end and start == end:
        chip("year_from", _("Năm ban hành"), str(start), "year_to")
    else:
        if start:
            chip("year_from", _("Từ năm"), str(start))
        if end:
            chip("year_to", _("Đến năm"), str(end))
    if data.get("period"):
        chip("period", _("Giai đoạn bao gồm năm"), str(data["period"]))
    if data.get("has_targets"):
        value = _("có") if data["has_targets"] == "yes" else _("không")
        chip("has_targets", _("Có chỉ tiêu"), value)
    return chips


def input_errors(request, filterset: DocumentFilterSet) -> list[InputError]:
    form = filterset.form
    errors = []
    for name, messages in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        raw = ", ".join(request.GET.getlist(name))
        errors.append(
            InputError(
                str(form.fields[name].label),
                raw[:80] + ("…" if len(raw) > 80 else ""),
                list(messages),
                url_without(request, name),
            )
        )
    return errors


def facet_links(request, facets, chosen_locality=None) -> None:
    """Give every facet item the address that chooses it (or, if chosen, un-chooses it).

    The query string is read once into (name, value) pairs; each item's address is those
    pairs with its own change, encoded once (a page has some two hundred facet links).
    """
    base = [(k, v) for k, values in request.GET.lists() if k not in PAGE_PARAMETERS
            for v in values]
    path = request.path

    def address(drop=(), add=()) -> str:
        pairs = [(k, v) for k, v in base if k not in drop] + list(add)
        return f"{path}?{urlencode(pairs)}" if pairs else path

    for facet in facets:
        facet.up_url = None
        for item in facet.items:
            if facet.name == "type":
                pairs = [(k, v) for k, v in base if k != "type" or v != item.value]
                if not item.selected:
                    pairs.append(("type", item.value))
                item.url = f"{path}?{urlencode(pairs)}" if pairs else path
            elif facet.name == "locality":
                # Only "issued exactly here" can be chosen: un-choosing it widens to the
                # place and everything below; choosing a child shows it and below.
                if item.selected:
                    item.url = address(drop={"exact_locality", "scope"})
                else:
                    item.url = address(drop={"exact_locality", "scope", *item.params},
                                       add=item.params.items())
            else:
                params = item.params or {facet.name: item.value}
                if item.selected:
                    item.url = address(drop=set(params))
                else:
                    item.url = address(drop=set(params), add=params.items())
        if facet.name == "locality" and chosen_locality is not None:
            facet.up_url = url_without(request, "locality", "exact_locality", "scope")


def list_page(request, filterset, facets):
    """(the page of rows — named: pk, and when newest first issued_year, issued_date —, a
    message or None).

    Newest first (the default without a search), the pages after the first are found by
    cursor (``?after=`` / ``?before=``, :mod:`documents.keyset`): page 5.000 costs what page 1
    costs. Numbered pages (``?page=N``, every order) are served as before; newest first, the
    links past page ``NUMBERED_PAGES`` (10) are cursors, in the other orders page numbers."""
    keyset = filterset.effective_sort == "-date"
    # the sort key too when the links are cursors (a search's ids alone are read narrower)
    queryset = filterset.qs.values_list(*(KEY_COLUMNS if keyset else ("pk",)), named=True)
    paginator = Paginator(queryset, PER_PAGE)
    # Every document has one type, and the type facet counts the documents matching every
    # other filter by type: the documents listed are those of the chosen types (of every type
    # when none is chosen), so the paginator need not count them again (a count over every
    # matching row saved; the facets are kept per change, catalogue_counts.kept).
    chosen = filterset.cleaned_value("type")
    types = next(facet for facet in facets if facet.name == "type")
    paginator.count = sum(item.count for item in types.items if item.selected or not chosen)
    page_obj, message = None, None
    raw = request.GET.get("after") or request.GET.get("before")
    if raw is not None:
        if not keyset:
            message = _("Vị trí trang (after, before) chỉ dùng với thứ tự “mới nhất trước”; "
                        "đang hiển thị trang 1.")
        else:
            try:
                cursor = parse_cursor(raw)
            except CursorError as error:
                message = _("%(error)s Đang hiển thị trang 1.") % {"error": error}
            else:
                page_obj = keyset_page(queryset, cursor, before="after" not in request.GET,
                                       per_page=PER_PAGE, count=paginator.count)
                if page_obj is None:
                    message = _("Không còn văn bản nào sau vị trí này; đang hiển thị trang 1.")
    if page_obj is None:
        page_obj, page_message = page_of(paginator, None if raw else request.GET.get("page"))
        message = message or page_message
    previous, following = neighbour_parameters(page_obj, cursors=keyset)
    params = request.GET.copy()
    for name in PAGE_PARAMETERS:
        params.pop(name, None)
    if previous is not None:
        page_obj.prev_url = url_with(request, _with(params, previous))
    if following is not None:
        page_obj.next_url = url_with(request, _with(params, following))
    return page_obj, message


def _with(params: QueryDict, changes: dict) -> QueryDict:
    params = params.copy()
    for name, value in changes.items():
        params[name] = str(value)
    return params


@require_safe
@without_empty_parameters
def document_list(request):
    filterset = DocumentFilterSet(request.GET, queryset=Document.objects.all(), request=request)
    form = filterset.form
    _html_widgets(form)
    for name in ("sort", "scope"):  # shown with a default the reader did not ask for
        if name not in request.GET:
            form.fields[name].widget.attrs["data-implicit"] = ""
    filterset.errors  # noqa: B018 - validate once, before anything reads the values
    if address := typed_choices(request, form):
        return redirect(address)

    if not form.cleaned_data.get("sort"):
        # Show the ordering in effect (relevance when searching) rather than the first choice;
        # validation is done, so this changes only what the form displays.
        form.data = form.data.copy()
        form.data["sort"] = filterset.effective_sort

    facets = filterset.facets()
    # The page's ids first, in order (a narrow query: ranking a search's matches needs no
    # joins), then those documents with everything a row shows (for_table()).
    page_obj, page_message = list_page(request, filterset, facets)
    documents = Document.objects.table_rows(row.pk for row in page_obj.object_list)
    # In the applies-here scope each row says why it applies (no query: the places are read).
    rows = document_rows(documents, filterset.applies_here)
    search = filterset.search
    # The passages a search found in the page's texts: one query for the whole page.
    passages = text_passages(search, documents)
    for row in rows:
        row.passages = passages.get(row.document.pk, [])
    facet_links(request, facets, filterset.cleaned_value("locality"))
    chips = active_filters(request, filterset)
    context = {
        "filterset": filterset,
        "form": form,
        "page_obj": page_obj,
        "documents": documents,
        "rows": rows,
        "total": page_obj.paginator.count,
        "page_message": page_message,
        "facets": facets,
        "chips": chips,
        # the filters in use besides the search words (the "Bộ lọc (n)" link on a phone)
        "filter_count": len(chips) - bool(form.cleaned_data.get("q")),
        "clear_url": request.path if chips else None,
        "errors": input_errors(request, filterset),
        "non_field_errors": form.non_field_errors(),
        "q": search.raw if search else "",
        "highlight": search.highlight_terms if search else "",
        "sort": filterset.effective_sort,
        "fuzzy": bool(search and search.uses_trigram(filterset.queryset)),
        # The feeds of the chosen place, body and topic, as the filters loaded them.
        "feeds": filter_feeds(*(filterset.cleaned_value(name)
                                for name in ("locality", "body", "topic"))),
    }
    return render(request, "documents/document_list.html", context)
