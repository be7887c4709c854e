"""Permissions named in the admin's language.

Django stores a permission's name in English when it creates it ("Can add document"); the
group and user pages list them as such. :func:`permission_label` words the four default
permissions from the action and the model's verbose name ("Văn bản chính sách cán bộ ·
văn bản · thêm"), in the active language; a custom permission keeps its stored name.
:func:`name_permissions_in_the_language` gives that label to the groups' and users' pages.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .search import FoldedSearchMixin

ACTIONS = {
    "add": gettext_lazy("thêm"),
    "change": gettext_lazy("sửa"),
    "delete": gettext_lazy("xóa"),
    "view": gettext_lazy("xem"),
}


def permission_label(permission) -> str:
    content_type = permission.content_type
    model = content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is None or action not in ACTIONS or model_name != content_type.model:
        return str(permission)
    return _("%(app)s · %(model)s · %(action)s") % {
        "app": model._meta.app_config.verbose_name,
        "model": model._meta.verbose_name,
        "action": ACTIONS[action],
    }


class PermissionNamesMixin:
    """Lists the permissions by :func:`permission_label` (the group's and user's pages)."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


def name_permissions_in_the_language(site: admin.AdminSite) -> None:
    """Re-register the groups' and users' admins with :class:`PermissionNamesMixin` (and the
    one folded search)."""
    for model in (Group, User):
        if model not in site._registry:
            continue
        admin_class = type(site._registry[model])
        site.unregister(model)
        site.register(model, type(admin_class.__name__, (
            FoldedSearchMixin, PermissionNamesMixin, admin_class),
            {"__module__": admin_class.__module__, "search_fields": admin_class.search_fields}))
