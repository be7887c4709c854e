"""The document admin: a complete decision on one page.

Document fields, its targets, its links (both directions; autocomplete to pick
the other document, or the "+" button to create a by-reference one) and the
sources that mention it with their quotes. Every change is kept in history
(django-simple-history: who changed what, when — the "Lịch sử" button).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from documents.domain.symbols import try_parse_symbol
from documents.domain.validation import co_issuing_bodies
from documents.language import violation_text, vocabulary_label
from documents.models import Document, DocumentCoIssuer, DocumentLink, SourceMention, Target
from documents.models.document_queries import NEWEST_FIRST

from .files import FileInline
from .history import HistoryAdmin
from .search import (
    FoldedSearchMixin,
    IssuedYearFilter,
    IssuingBodyNameFilter,
    LocalityNameFilter,
)
from .targets import UnitFromIndicatorForm
from .validity import CurrentStatusFilter

#: Links shown on a document's change page, per direction (see CappedLinkFormSet).
LINKS_SHOWN = 25


class TargetInline(admin.StackedInline):
    model = Target
    form = UnitFromIndicatorForm
    extra = 0
    autocomplete_fields = ("indicator", "locality", "source", "baseline_source")
    fieldsets = (
        (None, {"fields": (("indicator", "applies_to"), ("comparator", "value", "unit"))}),
        (_("Hạn"), {"fields": (("deadline_year", "deadline"),)}),
        (
            _("Giá trị gốc"),
            {"fields": (("baseline_value", "baseline_date", "baseline_source"),)},
        ),
        (_("Nguồn"), {"fields": ("source", "quote", "provision", "locality", "note",
                                 "position")}),
        (_("Độ tin cậy"), {"fields": ("uncertain", "editorial_note")}),
    )


class CoIssuerFormSet(BaseInlineFormSet):
    """A joint document's other issuing bodies, checked together against the main body and
    the symbol (``domain/validation.co_issuing_bodies``)."""

    def clean(self):
        super().clean()
        forms_kept = [f for f in self.forms if f.cleaned_data.get("body")
                      and not f.cleaned_data.get("DELETE")]
        bodies = [f.cleaned_data["body"] for f in forms_kept]
        doc = self.instance
        symbol = try_parse_symbol(doc.symbol or doc.symbol_as_written or "")
        violations = co_issuing_bodies(doc.issuing_body_id, [b.pk for b in bodies],
                                       {b.pk: b.code for b in bodies}, symbol)
        if violations:
            raise ValidationError([violation_text(v) for v in violations])


class CoIssuerInline(admin.TabularInline):
    """Cơ quan cùng ban hành: in the document's order (history kept per row)."""

    model = DocumentCoIssuer
    formset = CoIssuerFormSet
    extra = 0
    autocomplete_fields = ("body",)
    fields = ("body", "position")


class CappedLinkFormSet(BaseInlineFormSet):
    """At most LINKS_SHOWN links, the newest: a decree that thousands of documents cite would
    otherwise put thousands of rows (each with its autocomplete) on its change page. The
    others are edited from the other document's page or in the list of links."""

    def get_queryset(self):
        if not hasattr(self, "_capped"):
            self._capped = super().get_queryset().order_by("-id")[:LINKS_SHOWN]
        return self._capped


class CappedLinkInline(admin.TabularInline):
    formset = CappedLinkFormSet

    def get_formset(self, request, obj=None, **kwargs):
        if obj is not None and request.method == "GET":
            total = DocumentLink.objects.filter(**{self.fk_name: obj}).count()
            if total > LINKS_SHOWN:
                messages.info(request, _(
                    "%(kind)s: %(shown)s liên kết mới nhất trên %(total)s được hiển thị; "
                    "các liên kết khác có trong danh sách liên kết văn bản."
                ) % {"kind": self.verbose_name_plural, "shown": LINKS_SHOWN, "total": total})
        return super().get_formset(request, obj, **kwargs)


class OutgoingLinkInline(CappedLinkInline):
    model = DocumentLink
    fk_name = "from_document"
    extra = 0
    verbose_name = _("liên kết: văn bản này … văn bản khác")
    verbose_name_plural = _("Liên kết đi (văn bản này căn cứ, triển khai, thay thế… văn bản khác)")
    autocomplete_fields = ("to_document", "source")
    fields = ("kind", "to_document", "source", "quote", "provision", "note", "uncertain",
              "editorial_note")


class IncomingLinkInline(CappedLinkInline):
    model = DocumentLink
    fk_name = "to_document"
    extra = 0
    verbose_name = _("liên kết: văn bản khác … văn bản này")
    verbose_name_plural = _("Liên kết đến (văn bản khác căn cứ, triển khai… văn bản này)")
    autocomplete_fields = ("from_document", "source")
    fields = ("from_document", "kind", "source", "quote", "provision", "note", "uncertain",
              "editorial_note")


class SourceMentionInline(admin.TabularInline):
    model = SourceMention
    extra = 0
    verbose_name = _("nguồn nhắc đến văn bản")
    verbose_name_plural = _("Nguồn và trích dẫn")
    autocomplete_fields = ("source",)
    fields = ("source", "quote", "provision", "note", "editorial_note")


class DocumentAdminForm(forms.ModelForm):
    """The document form with optimistic locking: it carries, hidden, the version of the
    document it was opened on, and refuses to save when the document has been saved since
    (by another admin, an import…) instead of silently overwriting that change."""

    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault("based_on_version", self.instance.version)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned  # a new document: nobody else can have saved it
        shown = cleaned.get("based_on_version")
        if shown is None:
            raise ValidationError(
                _("Biểu mẫu này không cho biết nó được mở trên phiên bản nào của văn bản, nên "
                  "không thể lưu an toàn. Hãy tải lại trang rồi nhập lại thay đổi."),
                code="no_version",
            )
        current = self._lock_and_read_version()
        if current is not None and current != shown:
            raise ValidationError(self._conflict_message(shown, current), code="stale_version")
        return cleaned

    def _lock_and_read_version(self):
        """The version in the database, with the row locked until the end of the admin's
        transaction (the change view runs in one), so two simultaneous saves of the same
        version cannot both pass: the second waits for the first, then sees its version."""
        rows = Document.objects.filter(pk=self.instance.pk)
        rows.update(version=F("version"))  # takes the row's write lock
        return rows.values_list("version", flat=True).first()

    def _conflict_message(self, shown: int, current: int) -> str:
        last = self.instance.history.order_by("-history_date", "-history_id").first()
        who = when = None
        if last is not None:
            if last.history_user is not None:
                who = last.history_user.get_full_name() or last.history_user.get_username()
            when = date_format(timezone.localtime(last.history_date), "d/m/Y H:i")
        saved = _("đã được %(who)s lưu lúc %(when)s") % {"who": who, "when": when} if (
            who and when) else (_("đã được lưu lúc %(when)s") % {"when": when} if when
                                else _("đã được lưu"))
        return _(
            "Chưa lưu thay đổi của bạn: văn bản này %(saved)s, sau khi bạn mở trang này "
            "(bạn đang sửa phiên bản %(shown)s, phiên bản hiện tại là %(current)s). Để không "
            "ghi đè thay đổi của người khác, hãy mở lại trang văn bản (trong một thẻ mới) để "
            "xem bản mới nhất — nút “Lịch sử” cho biết ai đã thay đổi gì — rồi nhập lại thay "
            "đổi của bạn vào bản đó."
        ) % {"saved": saved, "shown": shown, "current": current}


@admin.register(Document)
class DocumentAdmin(FoldedSearchMixin, HistoryAdmin):
    form = DocumentAdminForm
    search_fields = ("search_text",)
    search_help_text = _(
        "Tìm theo số ký hiệu hoặc trích yếu, có dấu hay không dấu: 34-DA/TU, dao tao boi duong."
    )
    list_display = (
        "symbol_or_dash",
        "doc_type",
        "title_short",
        "issuing_body",
        "issued_date",
        "status_today",
        "known_by_reference",
    )
    list_display_links = ("symbol_or_dash", "title_short")
    list_filter = (
        "doc_type",
        CurrentStatusFilter,
        "status",
        IssuedYearFilter,
        IssuingBodyNameFilter,
        LocalityNameFilter,
        "known_by_reference",
        "topics",
    )
    list_select_related = ("issuing_body",)
    list_per_page = 50
    show_full_result_count = False
    date_hierarchy = "issued_date"
    ordering = NEWEST_FIRST
    autocomplete_fields = ("issuing_body", "term", "locality", "signer", "topics")
    readonly_fields = ("slug", "parsed_symbol", "created_at", "updated_at", "version")
    save_on_top = True
    inlines = (CoIssuerInline, FileInline, TargetInline, OutgoingLinkInline, IncomingLinkInline,
               SourceMentionInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("symbol", "doc_type"),
                    "symbol_as_written",
                    "title",
                    "summary",
                    ("status", "known_by_reference"),
                    "topics",
                )
            },
        ),
        (
            _("Cơ quan, người ký"),
            {"fields": (("issuing_body", "term"), "locality", ("signer", "signer_title"))},
        ),
        (
            _("Ngày tháng, giai đoạn"),
            {
                "fields": (
                    ("issued_date", "date_note"),
                    ("effective_from", "effective_to"),
                    ("period_start", "period_end"),
                )
            },
        ),
        (
            # what a reader can trust: the uncertain facts (shown beside them) and the
            # curators' remarks (admin only)
            _("Độ tin cậy, ghi chú biên tập"),
            {"fields": ("uncertain", "editorial_note")},
        ),
        (
            _("Định danh"),
            {
                "fields": (
                    "slug", "parsed_symbol", "created_at", "updated_at", "version",
                    "based_on_version",  # hidden: optimistic locking (DocumentAdminForm)
                )
            },
        ),
    )

    def get_urls(self):
        """Adds ``from-article/`` (``documents_document_from_article``): entering the
        documents an article mentions (see ``article_entry``; needs add permission);
        ``from-article/done/`` (``…_from_article_done``): what an entry recorded (see
        ``article_entry_done``; needs view permission); and
        ``import/`` (``documents_document_import``): a dataset file checked, merged and
        imported (see ``dataset_import``; superusers only)."""
        from django.urls import path

        from .article_entry import article_entry_view
        from .article_entry_done import article_entry_done_view
        from .dataset_import import dataset_import_view
        from .text_proposals import confirm_view, dismiss_view

        def from_article(request):
            return article_entry_view(request, self)

        def from_article_done(request):
            return article_entry_done_view(request, self)

        def dataset_import(request):
            return dataset_import_view(request, self)

        return [
            path(
                "from-article/",
                self.admin_site.admin_view(from_article),
                name=f"{self.opts.app_label}_{self.opts.model_name}_from_article",
            ),
            path(
                "from-article/done/",
                self.admin_site.admin_view(from_article_done),
                name=f"{self.opts.app_label}_{self.opts.model_name}_from_article_done",
            ),
            path(
                "import/",
                self.admin_site.admin_view(dataset_import),
                name=f"{self.opts.app_label}_{self.opts.model_name}_import",
            ),
            # a link proposed from the document's text: confirmed or dismissed (POST, editors)
            path("<path:object_id>/text-links/<int:id>/confirm/",
                 self.admin_site.admin_view(confirm_view),
                 name=f"{self.opts.app_label}_{self.opts.model_name}_text_link_confirm"),
            path("<path:object_id>/text-links/<int:id>/dismiss/",
                 self.admin_site.admin_view(dismiss_view),
                 name=f"{self.opts.app_label}_{self.opts.model_name}_text_link_dismiss"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        """The links proposed from the document's text, below its fields (text_proposals)."""
        from .text_proposals import proposals_html

        if obj is not None:
            context["text_link_proposals"] = proposals_html(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_queryset(self, request):
        """The change list shows the status as of today (``with_status()``)."""
        return super().get_queryset(request).with_status()

    @admin.display(description=_("tình trạng (tính đến hôm nay)"), ordering="current_status")
    def status_today(self, obj):
        return vocabulary_label("status", obj.status_now)

    @admin.display(description=_("số ký hiệu"), ordering="symbol")
    def symbol_or_dash(self, obj):
        return obj.symbol or "—"

    @admin.display(description=_("trích yếu"))
    def title_short(self, obj):
        return obj.title if len(obj.title) <= 90 else obj.title[:88] + "…"

    @admin.display(description=_("số ký hiệu đã phân tích"))
    def parsed_symbol(self, obj):
        if not obj.symbol:
            return "—"
        parts = [f"số {obj.number}" if obj.number else "", obj.type_code, obj.issuer_code]
        return " · ".join(p for p in parts if p) or "—"


class UncertainLinkFilter(admin.SimpleListFilter):
    """Links whose source does not state them (``uncertain`` marks the fact "link")."""

    title = _("quan hệ chưa chắc chắn")
    parameter_name = "uncertain_link"

    def lookups(self, request, model_admin):
        return [("yes", _("Có")), ("no", _("Không"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(uncertain__has_key="link")
        if self.value() == "no":
            return queryset.exclude(uncertain__has_key="link")
        return queryset


@admin.register(DocumentLink)
class DocumentLinkAdmin(FoldedSearchMixin, HistoryAdmin):
    list_display = ("from_document", "kind", "to_document", "link_uncertain", "source")
    list_filter = ("kind", UncertainLinkFilter)
    list_select_related = ("from_document", "to_document", "source")
    autocomplete_fields = ("from_document", "to_document", "source")
    search_fields = ("from_document__search_text", "to_document__search_text")
    show_full_result_count = False

    @admin.display(description=_("quan hệ chưa chắc chắn"), boolean=True)
    def link_uncertain(self, obj):
        return obj.inferred
