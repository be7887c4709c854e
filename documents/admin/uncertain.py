"""The admin's editor for a record's uncertain facts: one row per fact the record may mark
(``vocabulary.UNCERTAIN_FACTS``), a reason chosen from ``UNCERTAINTY_REASONS`` and a note for
the reader. The model field (``documents.models.uncertainty.UncertainField``) gives it to every
admin form and inline; the model's ``clean()`` checks the rule (a reason "khác" needs a note)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from documents.domain.vocabulary import UNCERTAIN_FACTS, UNCERTAINTY_REASONS
from documents.language import term_label


def _reason_choices():
    return [("", "—"), *((t.key, term_label(t)) for t in UNCERTAINTY_REASONS)]


class UncertainWidget(forms.MultiWidget):
    template_name = "documents/widgets/uncertain.html"  # in the app: the form renderer
    # reads the apps' templates only

    def __init__(self, kind: str, attrs=None):
        self.facts = UNCERTAIN_FACTS[kind]
        widgets = []
        for _fact in self.facts:
            widgets += [forms.Select(choices=_reason_choices()),
                        forms.TextInput(attrs={"size": 70})]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        value = value if isinstance(value, dict) else {}
        out = []
        for fact in self.facts:
            mark = value.get(fact.key) if isinstance(value.get(fact.key), dict) else {}
            out += [mark.get("reason", ""), mark.get("note", "")]
        return out

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        subs = context["widget"]["subwidgets"]
        for i, fact in enumerate(self.facts):  # each control named for screen readers
            label = term_label(fact)
            subs[2 * i]["attrs"]["aria-label"] = _("%(fact)s: lý do chưa chắc chắn") % {
                "fact": label}
            subs[2 * i + 1]["attrs"]["aria-label"] = _("%(fact)s: ghi chú") % {"fact": label}
        context["widget"]["rows"] = [
            (term_label(fact), subs[2 * i], subs[2 * i + 1]) for i, fact in enumerate(self.facts)
        ]
        return context


class UncertainFormField(forms.MultiValueField):
    def __init__(self, kind: str = "document", encoder=None, decoder=None, **kwargs):
        kwargs.pop("show_hidden_initial", None)
        kwargs.pop("max_length", None)
        kwargs["required"] = False
        self.facts = UNCERTAIN_FACTS[kind]
        fields = []
        for _fact in self.facts:
            fields += [forms.ChoiceField(choices=_reason_choices(), required=False),
                       forms.CharField(required=False)]
        super().__init__(fields=fields, require_all_fields=False,
                         widget=UncertainWidget(kind), **kwargs)

    def compress(self, data_list):
        out = {}
        for i, fact in enumerate(self.facts):
            if 2 * i + 1 >= len(data_list):
                break
            reason, note = data_list[2 * i], (data_list[2 * i + 1] or "").strip()
            if reason:
                out[fact.key] = {"reason": reason, **({"note": note} if note else {})}
            elif note:
                raise ValidationError(
                    _("%(fact)s: ghi chú cần một lý do."), params={"fact": term_label(fact)})
        return out
