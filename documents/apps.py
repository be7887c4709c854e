from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default = True  # the module holds AxesConfig too
    name = "documents"
    verbose_name = _("Văn bản chính sách cán bộ")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from documents import checks  # noqa: F401 - registers the system checks
        from documents.models import DocumentFile
        from documents.text_jobs import file_saved

        # A new file's text is taken on the job queue (docs/TEXT.md).
        post_save.connect(file_saved, sender=DocumentFile, dispatch_uid="documents-file-text")


class AxesConfig(axes_apps.AppConfig):
    """django-axes (login lock-out) under a name in the admin's language: its own config
    leaves the app named "Axes" on the admin's index."""

    verbose_name = _("Khóa đăng nhập")
