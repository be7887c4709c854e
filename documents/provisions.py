"""A document text's provisions, rebuilt from its text (``DocumentText.text``).

:func:`rebuild_provisions` is the one way provisions are written: the extraction job calls it
when a text is (re-)extracted, the admin when an editor corrects a text, the loaders when a
text is loaded from a public page. It replaces the text's provisions in one transaction and
returns how many it wrote.

This first version keeps the whole text as one provision; the structure parser
(``documents/domain/structure.py``) replaces it.
"""

from __future__ import annotations

from django.db import transaction

from documents.models import DocumentText, Provision


def rebuild_provisions(document_text: DocumentText) -> int:
    text = document_text.text
    with transaction.atomic():
        Provision.objects.filter(document_text=document_text).delete()
        if not text:
            return 0
        Provision(document_text=document_text, document_id=document_text.document_id,
                  position=0, kind="preamble", anchor=f"van-ban-{document_text.pk}",
                  body=text).save()
    return 1
