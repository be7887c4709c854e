"""The history pages of the admin (django-simple-history), with writes guarded.

simple-history's "history form" (``…/<id>/history/<history_id>/``) shows an old version of an
object in the object's own form so that it can be reverted. Its view only checks that the user
may *view or change* the object, builds an editable form and saves whatever is posted back —
so a reviewer (view-only) could change data through it; ``SIMPLE_HISTORY_REVERT_DISABLED``
only hides the button. :class:`HistoryAdmin` is what every admin with history uses instead:

- a request other than GET/HEAD to the history form needs the change permission on the object
  (and reverting not disabled by ``SIMPLE_HISTORY_REVERT_DISABLED``); otherwise 403, nothing
  saved;
- for a user without the change permission the page is read-only, as Django's own change
  page is for viewers: every field is shown as text, the form has no inputs and no save button.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

_VIEW_ONLY = "_catalogue_history_view_only"
_LISTING_FIELDS = "_catalogue_history_listing_fields"


class HistoryAdmin(SimpleHistoryAdmin):
    """``SimpleHistoryAdmin`` whose history form writes only for users who may change."""

    def may_revert(self, request, obj) -> bool:
        if getattr(settings, "SIMPLE_HISTORY_REVERT_DISABLED", False):
            return False
        return self.has_change_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        view_only = obj is None or not self.may_revert(request, obj)
        if view_only and request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        setattr(request, _VIEW_ONLY, view_only)
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except ObjectDoesNotExist as gone:  # a version naming a row deleted since (a link's
            raise Http404(str(gone)) from gone  # document): nothing to show, not a 500

    def revert_disabled(self, request, obj=None):
        return getattr(request, _VIEW_ONLY, False) or super().revert_disabled(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if getattr(request, _VIEW_ONLY, False) and kwargs.get("fields", True) is not None:
            # Django leaves every field out of the form of a user who may not change the
            # object (``change=True``); they are shown through get_readonly_fields below.
            # (``fields=None`` is Django listing the form's fields: that form stays whole.)
            change = True
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not getattr(request, _VIEW_ONLY, False) or getattr(request, _LISTING_FIELDS, False):
            return readonly
        # Every model field of the page, as Django's change view does for viewers (fields
        # the form itself declares stay in the form, which the view refuses to save).
        # Listing them builds the form once more, which asks for the read-only fields
        # again: answer that inner call with the ordinary ones.
        setattr(request, _LISTING_FIELDS, True)
        try:
            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        finally:
            setattr(request, _LISTING_FIELDS, False)
        return [name for name in fields if name not in self.form.declared_fields]
