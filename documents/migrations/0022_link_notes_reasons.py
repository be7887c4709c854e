"""Issue 14: the curators' reasoning about a link ("Suy luận: …", "… liên kết suy ra") is
not public text. A link the source does not state says why in its ``uncertain`` mark (the
reason and its note, shown beside the link); the public ``note`` keeps only what a reader
needs, and a curator's speculation goes to ``editorial_note`` (admins only).

On a database seeded before (fixtures/seed.json, fixtures/central.json), each link field that
still holds the fixture's old value gets the new one; an admin's edit is kept. Reversed
likewise. Links are found by their ends' slugs and kind (the seed's and the corpus's alike).
"""

from django.db import migrations

#: ((from slug, kind, to slug), field, old value, new value)
LINK_CHANGES = [(('15-da-qu', 'implements', '21-da-tu'),
  'note',
  'Suy luận: bài viết nêu hai đề án cùng nội dung (sắp xếp, bố trí kiêm nhiệm người hoạt động '
  'không chuyên trách), đề án của BTV Quận ủy đi sau đề án của BTV Thành ủy, và lãnh đạo Ban Tổ '
  "chức Thành ủy đánh giá 'kết quả thực hiện Đề án số 21-ĐA/TU tại quận Long Biên'; bài không nói "
  'thẳng 15-ĐA/QU triển khai 21-ĐA/TU.',
  ''),
 (('15-da-qu', 'implements', '21-da-tu'),
  'uncertain',
  {'link': {'reason': 'inferred'}},
  {'link': {'note': 'Bài viết nêu hai đề án cùng nội dung (sắp xếp, bố trí kiêm nhiệm người hoạt '
                    'động không chuyên trách), đề án của BTV Quận ủy đi sau đề án của BTV Thành '
                    "ủy, và lãnh đạo Ban Tổ chức Thành ủy đánh giá 'kết quả thực hiện Đề án số "
                    "21-ĐA/TU tại quận Long Biên'; bài không nói thẳng 15-ĐA/QU triển khai "
                    '21-ĐA/TU.',
            'reason': 'inferred'}}),
 (('21-da-tu', 'implements', '18-nq-tw'),
  'note',
  "Suy luận: bài viết nói việc triển khai thực hiện Đề án 'góp phần đưa Nghị quyết số 18-NQ/TW ... "
  "đi vào cuộc sống', không nói Đề án được ban hành để triển khai Nghị quyết.",
  ''),
 (('21-da-tu', 'implements', '18-nq-tw'),
  'uncertain',
  {'link': {'reason': 'inferred'}},
  {'link': {'note': "Bài viết nói việc triển khai thực hiện Đề án 'góp phần đưa Nghị quyết số "
                    "18-NQ/TW ... đi vào cuộc sống', không nói Đề án được ban hành để triển khai "
                    'Nghị quyết.',
            'reason': 'inferred'}}),
 (('210-tb-tu-2021', 'references', '21-da-tu'),
  'note',
  "Suy luận: lãnh đạo Ban Tổ chức Thành ủy đề nghị thực hiện Thông báo kết luận 210-TB/TU 'để tiếp "
  "tục đưa Đề án đi vào cuộc sống'; bài viết không nêu nội dung của thông báo (có thể là kết luận "
  'sơ kết Đề án 21-ĐA/TU, chưa kiểm chứng), nên chỉ ghi quan hệ dẫn chiếu.',
  ''),
 (('210-tb-tu-2021', 'references', '21-da-tu'),
  'uncertain',
  {'link': {'reason': 'inferred'}},
  {'link': {'note': 'Lãnh đạo Ban Tổ chức Thành ủy đề nghị thực hiện Thông báo kết luận 210-TB/TU '
                    "'để tiếp tục đưa Đề án đi vào cuộc sống'; bài viết không nêu nội dung của "
                    'thông báo, nên chỉ ghi quan hệ dẫn chiếu.',
            'reason': 'inferred'}}),
 (('210-tb-tu-2021', 'references', '21-da-tu'),
  'editorial_note',
  '',
  'Thông báo có thể là kết luận sơ kết Đề án 21-ĐA/TU; chưa kiểm chứng.'),
 (('de-an-nen-cong-vu-tphcm-2024-2030', 'references', 'de-an-luan-chuyen-can-bo-lanh-dao-tphcm'),
  'note',
  "Suy luận: câu nằm trong phần bài viết liệt kê nội dung đề án nền công vụ 2024-2030 (sau 'Theo "
  "đề án, ...'); bài không nói thẳng đề án dẫn chiếu đề án luân chuyển.",
  ''),
 (('de-an-nen-cong-vu-tphcm-2024-2030', 'references', 'de-an-luan-chuyen-can-bo-lanh-dao-tphcm'),
  'uncertain',
  {'link': {'reason': 'inferred'}},
  {'link': {'note': 'Câu nằm trong phần bài viết liệt kê nội dung đề án nền công vụ 2024-2030 (sau '
                    "'Theo đề án, ...'); bài không nói thẳng đề án dẫn chiếu đề án luân chuyển.",
            'reason': 'inferred'}}),
 (('quy-dinh-mien-nhiem-tu-chuc-dieu-chuyen-tphcm',
   'implements',
   'de-an-nen-cong-vu-tphcm-2024-2030'),
  'note',
  "Suy luận: quy định dự kiến được bài viết nêu như một giải pháp 'sàng lọc' của đề án 2024-2030.",
  ''),
 (('quy-dinh-mien-nhiem-tu-chuc-dieu-chuyen-tphcm',
   'implements',
   'de-an-nen-cong-vu-tphcm-2024-2030'),
  'uncertain',
  {'link': {'reason': 'inferred'}},
  {'link': {'note': "Bài viết nêu quy định dự kiến này như một giải pháp 'sàng lọc' của đề án "
                    '2024-2030, không nói quy định được ban hành để triển khai đề án.',
            'reason': 'inferred'}}),
 (('quy-dinh-thi-diem-lam-viec-tu-xa-tphcm', 'implements', 'de-an-nen-cong-vu-tphcm-2024-2030'),
  'note',
  'Suy luận: các quy định dự kiến được bài viết nêu như giải pháp giảm áp lực công việc của đề án '
  '2024-2030.',
  ''),
 (('quy-dinh-thi-diem-lam-viec-tu-xa-tphcm', 'implements', 'de-an-nen-cong-vu-tphcm-2024-2030'),
  'uncertain',
  {'link': {'reason': 'inferred'}},
  {'link': {'note': 'Bài viết nêu các quy định dự kiến này như giải pháp giảm áp lực công việc của '
                    'đề án 2024-2030, không nói các quy định được ban hành để triển khai đề án.',
            'reason': 'inferred'}}),
 (('de-an-nhanh-nen-cong-vu-tphcm', 'implements', 'de-an-nen-cong-vu-tphcm-2024-2030'),
  'note',
  "Bài viết nói đề án có 'nhóm vấn đề cần tiếp nối bằng các đề án nhánh'; quan hệ 'triển khai' là "
  'cách ghi của người biên soạn.',
  ''),
 (('cong-van-ban-to-chuc-thanh-uy-trien-khai-188-kh-tu',
   'references',
   'de-an-vi-tri-viec-lam-ubnd-ha-noi'),
  'note',
  "Suy luận: bài viết nói Ban Tổ chức Thành ủy 'cũng lưu ý' ngay sau khi nêu công văn, không nói "
  'rõ lưu ý này nằm trong công văn.',
  ''),
 (('cong-van-ban-to-chuc-thanh-uy-trien-khai-188-kh-tu',
   'references',
   'de-an-vi-tri-viec-lam-ubnd-ha-noi'),
  'uncertain',
  {'link': {'reason': 'inferred'}},
  {'link': {'note': "Bài viết nói Ban Tổ chức Thành ủy 'cũng lưu ý' ngay sau khi nêu công văn, "
                    'không nói rõ lưu ý này nằm trong công văn.',
            'reason': 'inferred'}}),
 (('cong-van-ban-to-chuc-thanh-uy-trien-khai-188-kh-tu',
   'references',
   'quyet-dinh-ban-to-chuc-trung-uong-danh-muc-vi-tri-viec-lam'),
  'note',
  'Suy luận: như trên, lưu ý của Ban Tổ chức Thành ủy được gắn với công văn theo ngữ cảnh.',
  ''),
 (('cong-van-ban-to-chuc-thanh-uy-trien-khai-188-kh-tu',
   'references',
   'quyet-dinh-ban-to-chuc-trung-uong-danh-muc-vi-tri-viec-lam'),
  'uncertain',
  {'link': {'reason': 'inferred'}},
  {'link': {'note': 'Lưu ý của Ban Tổ chức Thành ủy được gắn với công văn theo ngữ cảnh: bài viết '
                    'nêu lưu ý ngay sau công văn, không nói rõ lưu ý này nằm trong công văn.',
            'reason': 'inferred'}}),
 (('34-2019-nd-cp', 'amends', '92-2009-nd-cp'),
  'note',
  'Nguồn so sánh số lượng với Nghị định 92/2009/NĐ-CP nhưng không nói thẳng “sửa đổi Nghị định '
  '92/2009/NĐ-CP”: liên kết suy ra.',
  ''),
 (('34-2019-nd-cp', 'amends', '92-2009-nd-cp'),
  'uncertain',
  {'link': {'reason': 'inferred'}},
  {'link': {'note': 'Nguồn so sánh số lượng với Nghị định 92/2009/NĐ-CP nhưng không nói thẳng “sửa '
                    'đổi Nghị định 92/2009/NĐ-CP”.',
            'reason': 'inferred'}}),
 (('73-2023-nd-cp', 'implements', '14-kl-tw-2021'),
  'note',
  'Trang giới thiệu Nghị định 73/2023/NĐ-CP nêu Kết luận 14-KL/TW trong phần “sự cần thiết” ban '
  'hành (“2” là chú thích cuối trang); liên kết thể chế hóa suy ra từ đó.',
  '“14-KL/TW2” trong câu trích: “2” là số chú thích cuối trang.'),
 (('73-2023-nd-cp', 'implements', '14-kl-tw-2021'),
  'uncertain',
  {'link': {'reason': 'inferred'}},
  {'link': {'note': 'Trang giới thiệu Nghị định 73/2023/NĐ-CP nêu Kết luận 14-KL/TW trong phần “sự '
                    'cần thiết” ban hành, không nói thẳng Nghị định thể chế hóa Kết luận.',
            'reason': 'inferred'}})]


def _apply(apps, forward: bool):
    DocumentLink = apps.get_model("documents", "DocumentLink")
    for (source, kind, target), field, old, new in LINK_CHANGES:
        was, becomes = (old, new) if forward else (new, old)
        links = DocumentLink.objects.filter(from_document__slug=source, kind=kind,
                                            to_document__slug=target)
        for link in links:
            if getattr(link, field) == was:  # an admin's own value is kept
                DocumentLink.objects.filter(pk=link.pk).update(**{field: becomes})


def forward(apps, schema_editor):
    _apply(apps, True)


def backward(apps, schema_editor):
    _apply(apps, False)


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0021_one_way_of_inferred_links"),
    ]

    operations = [migrations.RunPython(forward, backward)]
