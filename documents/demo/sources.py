"""Sources (articles, portals, gazettes) with quotes mentioning documents, and events (meetings,
conferences) with their documents and participants."""

from __future__ import annotations

from documents.models import Event, EventParticipant, Source, SourceMention
from documents.models.common import clean_text

from .common import BATCH, SOURCE_PREFIX, prepare
from .copy import copy_rows
from .topics import PHRASES

PUBLISHERS = [
    ("Báo Nhân Dân", "news"), ("Báo Tuổi Trẻ", "news"), ("Báo Thanh Niên", "news"),
    ("Báo Pháp luật TP.HCM", "news"), ("Báo Hà Nội Mới", "news"), ("VnExpress", "news"),
    ("Tạp chí Xây dựng Đảng", "news"), ("Cổng thông tin điện tử Chính phủ", "portal"),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "gazette"), ("Báo Lao Động", "news"),
]



class Sources:
    """Inserts sources, their mentions of documents and events (a part of
    :class:`~documents.demo.Generator`)."""

    def insert_sources(self) -> None:
        n_sources = max(5, self.n // 25)
        objs = []
        for i in range(n_sources):
            publisher, kind = self.rng.choice(PUBLISHERS)
            day = self.weighted_date()
            phrase = self.rng.choice(PHRASES[self.rng.choice(self.topic_slugs)])
            obj = Source(
                kind=kind, publisher=publisher,
                headline=f"{phrase[0].upper()}{phrase[1:]}: kết quả và bài học ({i + 1})",
                url=f"https://example.org/demo/{i + 1}", published_date=day,
                reference=f"{SOURCE_PREFIX}{i + 1:06d}",
            )
            prepare(obj)
            objs.append(obj)
        Source.objects.bulk_create(objs, batch_size=BATCH)
        self.sources = objs
        self.counts["sources"] = len(objs)

    def insert_mentions(self) -> None:
        """COPY the mentions, with what ``SourceMention.save()`` derives (the quote cleaned)."""
        rng = self.rng

        def rows():
            for doc in self.docs:
                if rng.random() < 0.45:
                    picks = {rng.randrange(len(self.sources)) for _ in range(rng.choice((1, 1, 2)))}
                    quote = clean_text(f"… {doc.title[:160]} …")
                    for i in sorted(picks):
                        yield (self.sources[i].pk, doc.pk, quote, "", "", "")

        self.counts["mentions"] = copy_rows(
            SourceMention._meta.db_table,
            ["source_id", "document_id", "quote", "provision", "note", "editorial_note"], rows())

    def insert_events(self) -> None:
        rng = self.rng
        events, docs_rows, people_rows = [], [], []
        bodies = [b for b in self.bodies if b.people]
        for i in range(max(3, self.n // 100)):
            body = rng.choice(bodies)
            day = self.weighted_date()
            event = Event(kind=rng.choice(("meeting", "conference", "seminar", "signing")),
                          title=f"Hội nghị {rng.choice(PHRASES[rng.choice(self.topic_slugs)])} "
                          f"({i + 1})", date=day, locality_id=body.loc.obj.pk,
                          organiser_id=body.obj.pk, source_id=rng.choice(self.sources).pk)
            events.append((event, body))
        Event.objects.bulk_create([e for e, _b in events], batch_size=BATCH)
        Through = Event.documents.through
        for event, body in events:
            picks = sorted({rng.randrange(len(self.docs)) for _ in range(rng.randint(1, 3))})
            docs_rows += [Through(event_id=event.pk, document_id=self.docs[i].pk) for i in picks]
            for j, person in enumerate(body.people[:3]):
                people_rows.append(EventParticipant(event_id=event.pk, person_id=person.obj.pk,
                                                    role="chair" if j == 0 else "speaker",
                                                    title=person.title))
        Through.objects.bulk_create(docs_rows, batch_size=BATCH)
        EventParticipant.objects.bulk_create(people_rows, batch_size=BATCH)
        self.counts["events"] = len(events)

