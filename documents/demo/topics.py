"""Topics and indicators: the demo's own beside the seed's, and what documents on each topic
are about (:data:`PHRASES`, the words of titles, summaries and headlines)."""

from __future__ import annotations

from django.utils.text import slugify

from documents.domain.vietnamese import fold
from documents.models import Indicator, Topic

from .common import PREFIX, prepare

# What documents are about, per seed topic (its slug) and per demo topic.
PHRASES = {
    "luan-chuyen": ["luân chuyển, điều động cán bộ lãnh đạo, quản lý",
                    "luân chuyển cán bộ về cơ sở", "điều động, biệt phái công chức",
                    "chuyển đổi vị trí công tác đối với công chức, viên chức"],
    "thi-tuyen": ["thi tuyển chức danh lãnh đạo, quản lý cấp phòng",
                  "thí điểm thi tuyển một số chức danh lãnh đạo", "tuyển dụng công chức cấp xã"],
    "quy-hoach": ["quy hoạch cán bộ lãnh đạo, quản lý",
                  "rà soát, bổ sung quy hoạch cán bộ nhiệm kỳ tới"],
    "tinh-gian-bien-che": ["tinh giản biên chế và cơ cấu lại đội ngũ cán bộ, công chức",
                           "quản lý biên chế, tinh giản biên chế"],
    "kiem-nhiem": ["thực hiện chủ trương bí thư cấp ủy đồng thời là chủ tịch Ủy ban nhân dân",
                   "bố trí cán bộ kiêm nhiệm chức danh"],
    "dao-tao-boi-duong": ["đào tạo, bồi dưỡng cán bộ, công chức, viên chức",
                          "bồi dưỡng kiến thức quốc phòng và an ninh cho cán bộ",
                          "đào tạo lý luận chính trị cho cán bộ cơ sở"],
    "tao-nguon": ["tạo nguồn cán bộ chủ chốt cấp xã",
                  "phát hiện, bồi dưỡng cán bộ trẻ có triển vọng"],
    "vi-tri-viec-lam": ["xác định vị trí việc làm và cơ cấu ngạch công chức"],
    "che-do-chinh-sach": ["chính sách hỗ trợ cán bộ nghỉ công tác do sắp xếp tổ chức bộ máy",
                          "chế độ phụ cấp đối với người hoạt động không chuyên trách"],
    "to-chuc-bo-may": ["sắp xếp đơn vị hành chính cấp huyện, cấp xã",
                       "kiện toàn tổ chức bộ máy của hệ thống chính trị"],
    "bau-cu": ["lãnh đạo cuộc bầu cử đại biểu Quốc hội và Hội đồng nhân dân các cấp",
               "chuẩn bị nhân sự đại hội đảng bộ các cấp"],
    "cong-vu": ["đẩy mạnh cải cách công vụ, công chức", "nâng cao đạo đức công vụ"],
    "danh-gia-can-bo": ["đánh giá, xếp loại chất lượng cán bộ hằng năm",
                        "kiểm điểm, đánh giá tập thể, cá nhân cuối năm"],
    "demo-thu-hut-nhan-tai": ["thu hút, trọng dụng người có tài năng",
                              "chính sách thu hút sinh viên tốt nghiệp xuất sắc"],
    "demo-can-bo-nu": ["công tác cán bộ nữ", "tăng tỷ lệ cán bộ nữ trong cấp ủy"],
    "demo-kiem-tra-ky-luat": ["kiểm tra, giám sát và thi hành kỷ luật đảng",
                              "xử lý cán bộ vi phạm"],
    "demo-chuyen-doi-so": ["chuyển đổi số trong công tác tổ chức cán bộ",
                           "xây dựng cơ sở dữ liệu cán bộ, công chức"],
}
DEMO_TOPICS = [
    ("demo-thu-hut-nhan-tai", "Thu hút nhân tài", "Attracting talent"),
    ("demo-can-bo-nu", "Cán bộ nữ", "Women cadres"),
    ("demo-kiem-tra-ky-luat", "Kiểm tra, kỷ luật", "Inspection and discipline"),
    ("demo-chuyen-doi-so", "Chuyển đổi số trong công tác cán bộ", "Digital personnel work"),
]
DEMO_INDICATORS = [
    ("Tỷ lệ cán bộ trẻ dưới 40 tuổi trong cấp ủy", "percent"),
    ("Tỷ lệ cán bộ nữ trong cấp ủy", "percent"),
    ("Tỷ lệ cán bộ lãnh đạo được luân chuyển", "percent"),
    ("Tỷ lệ công chức có trình độ đại học trở lên", "percent"),
    ("Tỷ lệ cán bộ được đánh giá hoàn thành tốt nhiệm vụ", "percent"),
    ("Tỷ lệ tinh giản biên chế so với năm gốc", "percent"),
    ("Tỷ lệ chức danh lãnh đạo được thi tuyển", "percent"),
    ("Tỷ lệ cán bộ được bồi dưỡng kiến thức quản lý nhà nước", "percent"),
    ("Số cán bộ được luân chuyển", "people"),
    ("Số công chức được tuyển dụng qua thi tuyển", "people"),
    ("Số người được đào tạo lý luận chính trị cao cấp", "people"),
    ("Số người hoạt động không chuyên trách được bố trí lại", "people"),
    ("Số đơn vị hành chính được sắp xếp", "count"),
    ("Số cơ quan, đơn vị được kiện toàn", "count"),
    ("Số lớp bồi dưỡng được tổ chức", "count"),
    ("Tỷ số cán bộ trên dân số", "ratio"),
]


class Topics:
    """Adds the demo topics and indicators and reads every one the documents draw from (a part
    of :class:`~documents.demo.Generator`)."""

    def topics_and_indicators(self) -> None:
        existing = {t.slug: t for t in Topic.objects.all()}
        new = []
        for slug, name, name_en in DEMO_TOPICS:
            if slug not in existing:
                obj = Topic(slug=slug, name=name, name_en=name_en)
                prepare(obj)
                new.append(obj)
        Topic.objects.bulk_create(new)
        self.topics = {t.slug: t for t in Topic.objects.filter(slug__in=list(PHRASES))}
        self.topic_slugs = sorted(self.topics)
        used = set(Indicator.objects.values_list("name_key", flat=True))
        new = []
        for i, (name, unit) in enumerate(DEMO_INDICATORS):
            if fold(name) in used:
                continue
            obj = Indicator(slug=f"{PREFIX}{i:02d}-{slugify(fold(name))}"[:120], name=name,
                            unit=unit)
            prepare(obj)
            new.append(obj)
        Indicator.objects.bulk_create(new)
        self.indicators = list(Indicator.objects.order_by("slug"))

