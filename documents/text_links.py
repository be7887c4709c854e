"""Links proposed from a document's full text (issue 15, docs/TEXT.md).

:func:`propose_text_links` runs the article entry's reference finder and matcher
(:func:`documents.article_matching.analyse_article`, over ``documents/domain/references/``)
over a text's provisions: every catalogue document the text names (matched, not merely
offered) becomes a :class:`~documents.models.TextLinkProposal` with the sentence as its quote
and the provision it sits in (``Điều 5, khoản 2``); a "Căn cứ …" sentence of the preamble
proposes ``based_on`` (căn cứ), any other ``references`` (dẫn chiếu). Proposals already
decided are kept, and a dismissed one is not proposed again; a link the catalogue already has
is not proposed. :func:`confirm` writes the link, :func:`dismiss` sets it aside.
"""

from __future__ import annotations

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone

from documents.article_matching import TooManyDocuments, analyse_article
from documents.domain.articles.items import MATCHED
from documents.domain.structure import anchor_reference
from documents.domain.vietnamese import fold

#: At most this many documents are matched per text (matching costs a few queries each).
MAX_DOCUMENTS = 300


def _provision_text(rows) -> tuple[str, list[tuple[int, object]]]:
    """The provisions' words as one text, and where each provision starts in it."""
    parts, starts, offset = [], [], 0
    for row in rows:
        words = "\n\n".join(filter(None, [row.heading, row.body]))
        if not words:
            continue
        starts.append((offset, row))
        parts.append(words)
        offset += len(words) + 2
    return "\n\n".join(parts), starts


def _provision_at(starts, offset: int):
    found = None
    for start, row in starts:
        if start > offset:
            break
        found = row
    return found


def _reference(row, prefix: str) -> str:
    anchor = row.anchor[len(prefix):] if prefix and row.anchor.startswith(prefix) else row.anchor
    return anchor_reference(anchor)


def propose_text_links(document_text, rows) -> int:
    """Write the proposals of ``document_text`` (its provision ``rows`` as just written);
    how many are waiting. Pending proposals of the text are replaced."""
    from documents.models import DocumentLink, TextLinkProposal
    from documents.provisions import anchor_prefix

    TextLinkProposal.objects.filter(document_text=document_text, status="proposed").delete()
    text, starts = _provision_text(rows)
    if not text:
        return 0
    try:
        analysis = analyse_article(text, max_items=MAX_DOCUMENTS)
    except TooManyDocuments:
        return 0
    own = document_text.document_id
    decided = set(TextLinkProposal.objects.filter(document_text=document_text)
                  .values_list("to_document_id", "kind"))
    existing = set(DocumentLink.objects.filter(from_document_id=own)
                   .values_list("to_document_id", "kind"))
    prefix = anchor_prefix(document_text)
    proposals: dict[tuple[int, str], TextLinkProposal] = {}
    for item in analysis.items:
        if item.status != MATCHED or not item.document or item.document == own:
            continue
        for occurrence in item.occurrences:
            row = _provision_at(starts, occurrence.start)
            sentence = " ".join((occurrence.sentence or occurrence.text).split())
            preamble = row is not None and row.kind == "preamble"
            kind = "based_on" if preamble and fold(sentence).startswith("can cu") else \
                "references"
            key = (item.document, kind)
            if key in proposals or key in decided or key in existing:
                continue
            proposals[key] = TextLinkProposal(
                document_text=document_text, from_document_id=own, to_document_id=item.document,
                kind=kind, quote=sentence[:2000], reference=occurrence.text[:300],
                provision=_reference(row, prefix) if row is not None else "",
            )
    TextLinkProposal.objects.bulk_create(proposals.values())
    return len(proposals)


def confirm(proposal, user: str):
    """Write the proposal's link (with its quote and provision); the link, or ``None`` when
    the catalogue already has it (the proposal is confirmed all the same)."""
    from documents.models import DocumentLink

    with transaction.atomic():
        link = DocumentLink(from_document_id=proposal.from_document_id,
                            to_document_id=proposal.to_document_id, kind=proposal.kind,
                            quote=proposal.quote, provision=proposal.provision)
        try:
            with transaction.atomic():
                link.full_clean()
                link.save()
        except IntegrityError:
            link = None
        _decide(proposal, "confirmed", user)
    return link


def dismiss(proposal, user: str) -> None:
    _decide(proposal, "dismissed", user)


def _decide(proposal, status: str, user: str) -> None:
    proposal.status, proposal.decided_by, proposal.decided_at = status, user, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])


#: Texts per task of :func:`queue_proposals` (a task matches each text's references).
PROPOSAL_BATCH = 100


@shared_task(name="documents.propose_text_links", ignore_result=True)
def propose_links_for_texts(text_ids: list[int]) -> int:
    """:func:`propose_text_links` for each of *text_ids* still there, from its provisions as
    stored; how many proposals are waiting."""
    from documents.models import DocumentText

    waiting = 0
    for text in DocumentText.objects.filter(pk__in=text_ids).order_by("pk"):
        waiting += propose_text_links(text, list(text.provisions.order_by("position")))
    return waiting


def queue_proposals(text_ids: list[int]) -> None:
    """Once the current transaction commits, propose links from the texts *text_ids* (a bulk
    writer's: the import) in tasks of :data:`PROPOSAL_BATCH` texts -- queued for a worker, or
    run in this process without a broker (``CELERY_BROKER_URL`` unset)."""
    from django.conf import settings

    def send():
        for start in range(0, len(text_ids), PROPOSAL_BATCH):
            propose_links_for_texts.apply_async(
                args=[text_ids[start:start + PROPOSAL_BATCH]],
                queue=settings.CELERY_TASK_DEFAULT_QUEUE)

    if text_ids:
        transaction.on_commit(send, robust=True)
