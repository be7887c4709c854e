from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default = True  # the module holds AxesConfig too
    name = "documents"
    verbose_name = _("Văn bản chính sách cán bộ")
    default_auto_field = "django.db.models.BigAutoField"


class AxesConfig(axes_apps.AppConfig):
    """django-axes (login lock-out) under a name in the admin's language: its own config
    leaves the app named "Axes" on the admin's index."""

    verbose_name = _("Khóa đăng nhập")
