"""The admin's bulk import: a dataset file (docs/INTERCHANGE.md) checked, merged and written by
the same :func:`~documents.interchange.importer.import_dataset` as the ``import_dataset``
command, with its safe default.

``<admin>/documents/document/import/`` (superusers only: a file may touch every table). One
form, three explicit choices: *check* (``--dry-run``: object by object what would be added,
filled, replaced or in conflict; nothing written), *import* (the merge: adds and fills; any
conflict is listed and nothing is written) and *import, the file's values win* (``--replace``,
for every object or only those named, as ``--replace-only``). Errors (the file's syntax, a
NUL character, a lone surrogate, nesting too deep, every rule) are listed with their place,
as the command lists them.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.interchange.importer import (
    DatasetError,
    ImportConflicts,
    import_dataset,
    parse_text,
)

#: Larger files are for the command (a request holds the whole file in memory).
MAX_BYTES = 20 * 1024 * 1024
ACTIONS = ("check", "import", "replace")


class DatasetImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp dữ liệu (JSON)"))
    create_missing_as_reference = forms.BooleanField(
        required=False,
        label=gettext_lazy("Tạo văn bản chỉ biết qua trích dẫn cho liên kết tới văn bản chưa có"),
    )
    replace_only = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        label=gettext_lazy("Chỉ thay thế các đối tượng"),
        help_text=gettext_lazy(
            "Dùng với “Nhập, giá trị của tệp thay thế”: mỗi dòng một đối tượng, ghi như danh "
            "sách xung đột (documents/04-nq-tu-2021). Để trống: thay thế mọi đối tượng."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_(
                "Tệp lớn hơn %(limit)d MB: hãy nhập bằng lệnh import_dataset."
            ) % {"limit": MAX_BYTES // (1024 * 1024)})
        return upload

    def labels(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["replace_only"].splitlines()
                if line.strip()]


def dataset_import_view(request, model_admin):
    """Show the form; on a POST, check / import / replace the uploaded file."""
    if not request.user.is_superuser:
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Nhập tệp dữ liệu"),
        "opts": model_admin.model._meta,
        "has_view_permission": model_admin.has_view_permission(request),
        "media": forms.Media(),
    }
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ACTIONS:
        form = DatasetImportForm(request.POST, request.FILES)
        if form.is_valid():
            context.update(_run(form, action))
    else:
        form = DatasetImportForm()
    context["form"] = form
    return TemplateResponse(request, "admin/documents/dataset_import.html", context)


def _run(form: DatasetImportForm, action: str) -> dict:
    """What the page shows after *action* on the form's file."""
    replace_only = form.labels() if action == "replace" else []
    try:
        data = parse_text(form.cleaned_data["file"].read())
        report = import_dataset(
            data,
            create_missing_as_reference=form.cleaned_data["create_missing_as_reference"],
            dry_run=action == "check",
            replace=action == "replace" and not replace_only,
            replace_only=replace_only,
        )
    except DatasetError as exc:
        return {"outcome": "errors", "problems": [str(p) for p in exc.problems],
                "verdict": _("%(n)d lỗi: không có gì được ghi.") % {"n": len(exc.problems)}}
    except ImportConflicts as exc:
        return {"outcome": "conflicts", "conflicts": exc.changes.conflict_lines(),
                "verdict": _("%(n)d xung đột: không có gì được ghi. Cơ sở dữ liệu giữ giá trị "
                             "của mình; chọn “Nhập, giá trị của tệp thay thế” nếu tệp đúng.")
                % {"n": len(exc.changes.conflicts)}}
    changes = report.changes
    if action == "check":
        return {"outcome": "conflicts" if changes.conflicts else "checked",
                "changes": changes.lines(), "conflicts": changes.conflict_lines(),
                "summary": changes.summary(),
                "verdict": _("Đã kiểm tra: không có gì được ghi.")}
    return {"outcome": "imported", "changes": changes.lines(), "counts": report.lines(),
            "summary": changes.summary(),
            "verdict": _("Đã nhập.") if report.changed else _("Không có gì cần thay đổi.")}
