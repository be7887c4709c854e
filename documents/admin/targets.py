"""Targets and figures in the admin: the unit is the indicator's.

An admin picks the indicator; its unit is taken (whatever the unit box says), and the unit is
asked for only when the indicator has none — the form never refuses a save because the two
differ (``domain/validation.target_values`` still keeps them equal for imports).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class UnitFromIndicatorForm(forms.ModelForm):
    """The unit box is optional: the indicator's unit is used when it has one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.fields.get("unit")
        if unit is not None:
            unit.required = False
            unit.help_text = _("Lấy theo đơn vị của chỉ số; chỉ chọn khi chỉ số chưa có đơn vị.")

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator")
        if indicator is not None and indicator.unit:
            cleaned["unit"] = indicator.unit
        elif indicator is not None and not cleaned.get("unit") and "unit" in self.fields:
            self.add_error("unit", _("Chỉ số này chưa có đơn vị: hãy chọn đơn vị."))
        return cleaned
