"""Two changes of issue 14's "what a reader can trust".

1. Links had two ways of saying "not stated as fact": a flag ``inferred`` and the ``link``
mark of ``uncertain``. One remains, the mark: every link flagged inferred without a mark
gets ``{"link": {"reason": "inferred"}}`` (a link already marked keeps its own reason and
note); then the flag is dropped. Reversed: the flag is set on every link whose ``link`` fact
is marked, and a mark this migration added (reason inferred, no note) is removed.

2. A document may mark its number and symbol uncertain (``symbol``): 202/2025/QH15's rests
on one dataset's release note. Three seed summaries, one of the central corpus and
202/2025/QH15's said, in public text, what the curators
inferred ("… là suy luận", "cách đọc của người biên soạn"): that is the fact's uncertainty
mark (its reason and note). On a database seeded before, each summary (and mark) still
holding the fixture's old value gets the new one; an admin's edit is kept. Reversed
likewise."""

import documents.models.uncertainty
from django.db import migrations, models


#: slug -> (old summary, new summary, the fact whose mark changes, its old mark (None: no
#: mark), its new mark); the fact None: only the summary changes.
SUMMARIES = {
    '171-kh-tu': (
        'Bài viết chỉ nêu số ký hiệu: tại phiên họp 14/7/2020, Đảng đoàn HĐND thành phố được yêu cầu tiếp tục triển khai Kế hoạch 171-KH/TU; trích yếu, ngày ban hành không có trong bài. Cơ quan ban hành (Thành ủy Hà Nội) là suy luận từ mã TU của số ký hiệu: bài viết không nói rõ Thành ủy hay Ban Thường vụ.',
        'Bài viết chỉ nêu số ký hiệu: tại phiên họp 14/7/2020, Đảng đoàn HĐND thành phố được yêu cầu tiếp tục triển khai Kế hoạch 171-KH/TU; trích yếu, ngày ban hành không có trong bài.',
        'issuing_body', {'reason': 'inferred', 'note': 'Suy ra từ mã TU của số ký hiệu; có thể là Ban Thường vụ Thành ủy.'},
        {'reason': 'inferred', 'note': 'Suy ra từ mã TU của số ký hiệu; bài viết không nói rõ Thành ủy hay Ban Thường vụ Thành ủy.'},
    ),
    'de-an-nen-cong-vu-tphcm-2024-2030': (
        "Đề án nhằm xây dựng nền công vụ TP.HCM hoạt động hiệu lực, hiệu quả để phụng sự người dân và kiến tạo phát triển, với đội ngũ công chức, viên chức 'muốn làm, làm được, được làm', gồm năm nhóm nhiệm vụ, giải pháp lớn. Đề án mở rộng thi tuyển cạnh tranh chức danh lãnh đạo, thí điểm tập sự lãnh đạo, quản lý và nghiên cứu cơ chế tạo nguồn lãnh đạo từ đối tượng ngoài Đảng. Bài viết không nói cơ quan nào soạn đề án: ghi UBND TP.HCM, cơ quan phê duyệt và cơ quan bài viết dẫn lời ('UBND TP.HCM cho biết'), là suy luận.",
        "Đề án nhằm xây dựng nền công vụ TP.HCM hoạt động hiệu lực, hiệu quả để phụng sự người dân và kiến tạo phát triển, với đội ngũ công chức, viên chức 'muốn làm, làm được, được làm', gồm năm nhóm nhiệm vụ, giải pháp lớn. Đề án mở rộng thi tuyển cạnh tranh chức danh lãnh đạo, thí điểm tập sự lãnh đạo, quản lý và nghiên cứu cơ chế tạo nguồn lãnh đạo từ đối tượng ngoài Đảng.",
        'issuing_body', {'reason': 'inferred', 'note': 'Bài viết nói Chủ tịch UBND TP.HCM ký quyết định phê duyệt đề án, không nói cơ quan nào xây dựng đề án.'},
        {'reason': 'inferred', 'note': "Bài viết nói Chủ tịch UBND TP.HCM ký quyết định phê duyệt đề án, không nói cơ quan nào xây dựng đề án. Ghi UBND TP.HCM: cơ quan phê duyệt và cơ quan bài viết dẫn lời ('UBND TP.HCM cho biết')."},
    ),
    'quy-dinh-mien-nhiem-tu-chuc-dieu-chuyen-tphcm': (
        "Trong sàng lọc, TP.HCM sẽ ban hành quy định về miễn nhiệm, từ chức, điều chuyển, thay thế đối với cán bộ lãnh đạo, quản lý sau khi bị kỷ luật hoặc uy tín giảm sút, năng lực hạn chế, thuộc thẩm quyền quản lý của UBND TP.HCM. Cơ quan ban hành (UBND TP.HCM) là suy luận từ phạm vi 'thuộc thẩm quyền quản lý của UBND TP.HCM'.",
        'Trong sàng lọc, TP.HCM sẽ ban hành quy định về miễn nhiệm, từ chức, điều chuyển, thay thế đối với cán bộ lãnh đạo, quản lý sau khi bị kỷ luật hoặc uy tín giảm sút, năng lực hạn chế, thuộc thẩm quyền quản lý của UBND TP.HCM.',
        None, None,
        None,
    ),
    '06-2020-tt-bnv': (
        'Trích yếu theo trang VietJack: “Thông tư 06/2020/TT-BNV về Quy chế tổ chức thi tuyển, xét tuyển công chức, viên chức, thi nâng ngạch công chức, thi hoặc xét thăng hạng chức danh nghề nghiệp viên chức; Nội quy …”; chữ “ban hành” đầu trích yếu là cách đọc của người biên soạn.',
        'Trích yếu theo trang VietJack: “Thông tư 06/2020/TT-BNV về Quy chế tổ chức thi tuyển, xét tuyển công chức, viên chức, thi nâng ngạch công chức, thi hoặc xét thăng hạng chức danh nghề nghiệp viên chức; Nội quy …”.',
        'title', None,
        {'reason': 'editors_reading', 'note': 'Chữ “ban hành” đầu trích yếu là cách đọc của người biên soạn, theo trang VietJack.'},
    ),
    '202-2025-qh15': (
        'Nghị quyết của Quốc hội khóa XV, kỳ họp thứ 9: sắp xếp 63 đơn vị hành chính cấp tỉnh thành 34 (28 tỉnh, 6 thành phố), có hiệu lực từ ngày thông qua (12/6/2025). Các tỉnh hợp nhất trong danh mục địa bàn (từ 01/07/2025) ghi nghị quyết này là văn bản quyết định. Số hiệu theo ghi chú phát hành của bộ dữ liệu vietnamese-provinces-database; ngày và nội dung theo VietNamNet và VietnamPlus.',
        'Nghị quyết của Quốc hội khóa XV, kỳ họp thứ 9: sắp xếp 63 đơn vị hành chính cấp tỉnh thành 34 (28 tỉnh, 6 thành phố), có hiệu lực từ ngày thông qua (12/6/2025). Các tỉnh hợp nhất trong danh mục địa bàn (từ 01/07/2025) ghi nghị quyết này là văn bản quyết định.',
        'symbol', None,
        {'reason': 'single_source', 'note': 'Số hiệu chỉ theo ghi chú phát hành v3.0.2 của bộ dữ liệu vietnamese-provinces-database; các bài VietNamNet và VietnamPlus đã đọc (ngày thông qua, ngày có hiệu lực, nội dung) không in số hiệu.'},
    ),
}


def _summaries(apps, forward: bool):
    Document = apps.get_model("documents", "Document")
    for slug, (old, new, fact, old_mark, new_mark) in SUMMARIES.items():
        was, becomes = (old, new) if forward else (new, old)
        Document.objects.filter(slug=slug, summary=was).update(summary=becomes)
        if fact is None:
            continue
        was, becomes = (old_mark, new_mark) if forward else (new_mark, old_mark)
        for doc in Document.objects.filter(slug=slug):
            marks = dict(doc.uncertain or {})
            if marks.get(fact) != was:
                continue  # an admin's own mark is kept
            if becomes is None:
                marks.pop(fact, None)
            else:
                marks[fact] = becomes
            Document.objects.filter(pk=doc.pk).update(uncertain=marks)


def summaries_forward(apps, schema_editor):
    _summaries(apps, True)


def summaries_back(apps, schema_editor):
    _summaries(apps, False)


def flag_to_mark(apps, schema_editor):
    DocumentLink = apps.get_model("documents", "DocumentLink")
    for link in DocumentLink.objects.filter(inferred=True).only("pk", "uncertain"):
        marks = dict(link.uncertain or {})
        if "link" not in marks:
            marks["link"] = {"reason": "inferred"}
            DocumentLink.objects.filter(pk=link.pk).update(uncertain=marks)


def mark_to_flag(apps, schema_editor):
    DocumentLink = apps.get_model("documents", "DocumentLink")
    for link in DocumentLink.objects.filter(uncertain__has_key="link").only("pk", "uncertain"):
        marks = dict(link.uncertain)
        if marks["link"] == {"reason": "inferred"}:
            del marks["link"]
        DocumentLink.objects.filter(pk=link.pk).update(inferred=True, uncertain=marks)


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0020_text_structure_provisions"),
    ]

    operations = [
        # a document may mark its number and symbol uncertain (202/2025/QH15: one source)
        migrations.RemoveConstraint(model_name="document", name="document_uncertain_valid"),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.CheckConstraint(
                condition=documents.models.uncertainty.UncertaintyIsValid(
                    "uncertain",
                    facts=("issued_date", "symbol", "doc_type", "issuing_body", "term", "title",
                           "summary"),
                    reasons=("single_source", "inferred", "publication_date", "editors_reading",
                             "descriptive", "other")),
                name="document_uncertain_valid"),
        ),
        migrations.RunPython(summaries_forward, summaries_back),
        migrations.RunPython(flag_to_mark, mark_to_flag),
        migrations.RemoveField(model_name="documentlink", name="inferred"),
        migrations.RemoveField(model_name="historicaldocumentlink", name="inferred"),
    ]
