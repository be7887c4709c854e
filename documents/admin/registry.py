"""Admin pages for everything but documents: places, bodies, people, topics,
indicators, targets and figures, sources and events."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from documents.models import (
    Event,
    EventParticipant,
    Figure,
    Indicator,
    IssuingBody,
    Locality,
    LocalitySuccession,
    Person,
    Source,
    SourceMention,
    Target,
    Term,
    Topic,
)

from .history import HistoryAdmin
from .search import FoldedSearchMixin, LocalityNameFilter
from .targets import UnitFromIndicatorForm


class LocalitySuccessionInline(admin.TabularInline):
    model = LocalitySuccession
    fk_name = "from_locality"
    extra = 0
    autocomplete_fields = ("to_locality", "document")
    verbose_name = _("đơn vị kế thừa")
    verbose_name_plural = _("đơn vị kế thừa")


@admin.register(Locality)
class LocalityAdmin(FoldedSearchMixin, HistoryAdmin):
    search_fields = ("name_key", "code")
    list_display = ("name", "code", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind", "level")
    list_select_related = ("parent",)
    ordering = ("level", "name_sort")
    autocomplete_fields = ("parent",)
    inlines = (LocalitySuccessionInline,)
    readonly_fields = ("level", "path")
    show_full_result_count = False


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(IssuingBody)
class IssuingBodyAdmin(FoldedSearchMixin, HistoryAdmin):
    list_display = ("name", "code", "kind", "locality", "valid_to")
    list_filter = ("kind", LocalityNameFilter)
    list_select_related = ("locality",)
    ordering = ("name_sort",)
    autocomplete_fields = ("locality", "parent", "successor")
    inlines = (TermInline,)
    show_full_result_count = False


@admin.register(Term)
class TermAdmin(FoldedSearchMixin, HistoryAdmin):
    list_display = ("body", "name", "start_year", "end_year")
    list_select_related = ("body",)
    search_fields = ("body__name_key", "name")
    autocomplete_fields = ("body",)


@admin.register(Person)
class PersonAdmin(FoldedSearchMixin, HistoryAdmin):
    list_display = ("name",)
    ordering = ("name_sort",)


@admin.register(Topic)
class TopicAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ("name", "name_en", "slug")
    ordering = ("name_sort",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Indicator)
class IndicatorAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ("name", "unit")
    ordering = ("name_sort",)


@admin.register(Target)
class TargetAdmin(FoldedSearchMixin, HistoryAdmin):
    form = UnitFromIndicatorForm
    list_display = ("indicator", "document", "comparator", "value", "unit", "deadline_year")
    list_filter = ("deadline_year", "unit", LocalityNameFilter)
    list_select_related = ("indicator", "document")
    autocomplete_fields = ("document", "indicator", "locality", "source", "baseline_source")
    search_fields = ("indicator__name_key", "document__search_text")
    show_full_result_count = False


@admin.register(Figure)
class FigureAdmin(FoldedSearchMixin, HistoryAdmin):
    form = UnitFromIndicatorForm
    list_display = ("indicator", "locality", "as_of", "value", "total", "unit")
    list_filter = (LocalityNameFilter,)
    list_select_related = ("indicator", "locality")
    autocomplete_fields = ("indicator", "locality", "source", "document")
    search_fields = ("indicator__name_key", "locality__name_key")


class MentionInline(admin.TabularInline):
    model = SourceMention
    extra = 0
    autocomplete_fields = ("document",)
    fields = ("document", "quote", "provision", "note", "editorial_note")


@admin.register(Source)
class SourceAdmin(FoldedSearchMixin, HistoryAdmin):
    list_display = ("headline", "publisher", "published_date", "kind")
    list_filter = ("kind", "publisher")
    search_fields = ("headline", "publisher", "reference")
    date_hierarchy = "published_date"
    inlines = (MentionInline,)
    show_full_result_count = False


class ParticipantInline(admin.TabularInline):
    model = EventParticipant
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(Event)
class EventAdmin(FoldedSearchMixin, HistoryAdmin):
    list_display = ("title", "date", "kind", "organiser")
    list_filter = ("kind",)
    list_select_related = ("organiser",)
    search_fields = ("title",)
    autocomplete_fields = ("locality", "organiser", "source", "documents")
    inlines = (ParticipantInline,)
    verbose_name = _("sự kiện")
