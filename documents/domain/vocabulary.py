"""Fixed vocabularies of the catalogue, with their Vietnamese and English wording.

Pure Python: models build their ``choices`` from these tables, the symbol parser
maps type codes to document types through them, and templates show their labels.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    key: str
    vi: str
    en: str


# --- Document types --------------------------------------------------------
# key -> (Vietnamese name, English name)
DOCUMENT_TYPES: tuple[Term, ...] = (
    Term("nghi_quyet", "Nghị quyết", "Resolution"),
    Term("quyet_dinh", "Quyết định", "Decision"),
    Term("quy_dinh", "Quy định", "Regulation"),
    Term("chi_thi", "Chỉ thị", "Directive"),
    Term("ket_luan", "Kết luận", "Conclusion"),
    Term("huong_dan", "Hướng dẫn", "Guidance"),
    Term("ke_hoach", "Kế hoạch", "Plan"),
    Term("de_an", "Đề án", "Scheme"),
    Term("chuong_trinh", "Chương trình", "Programme"),
    Term("thong_bao", "Thông báo", "Notice"),
    Term("thong_bao_ket_luan", "Thông báo kết luận", "Notice of conclusions"),
    Term("bao_cao", "Báo cáo", "Report"),
    Term("to_trinh", "Tờ trình", "Submission"),
    Term("cong_van", "Công văn", "Official letter"),
    Term("thong_tri", "Thông tri", "Circular (Party)"),
    Term("quy_che", "Quy chế", "Rules of procedure"),
    Term("nghi_dinh", "Nghị định", "Decree"),
    Term("thong_tu", "Thông tư", "Circular"),
    Term("thong_tu_lien_tich", "Thông tư liên tịch", "Joint circular"),
    Term("luat", "Luật", "Law"),
    Term("van_ban_hop_nhat", "Văn bản hợp nhất", "Consolidated text"),
    Term("khac", "Văn bản khác", "Other document"),
)
DOCUMENT_TYPE_BY_KEY = {t.key: t for t in DOCUMENT_TYPES}

# Type codes used in symbols -> possible document types (first is the default).
# ``QĐ`` is both Quyết định and Quy định in Party documents: the code alone
# does not say which, so it maps to two types.
PARTY_TYPE_CODES: dict[str, tuple[str, ...]] = {
    "NQ": ("nghi_quyet",),
    "QĐ": ("quyet_dinh", "quy_dinh"),
    "QĐi": ("quy_dinh",),
    "CT": ("chi_thi",),
    "KL": ("ket_luan",),
    "HD": ("huong_dan",),
    "KH": ("ke_hoach",),
    "ĐA": ("de_an",),
    "CTr": ("chuong_trinh",),
    "TB": ("thong_bao", "thong_bao_ket_luan"),
    "BC": ("bao_cao",),
    "TTr": ("to_trinh",),
    "CV": ("cong_van",),
    "TT": ("thong_tri",),
    "QC": ("quy_che",),
}
STATE_TYPE_CODES: dict[str, tuple[str, ...]] = {
    "NĐ": ("nghi_dinh",),
    "QĐ": ("quyet_dinh",),
    "NQ": ("nghi_quyet",),
    "TT": ("thong_tu",),
    "CT": ("chi_thi",),
    "QyĐ": ("quy_dinh",),
    "KH": ("ke_hoach",),
    "ĐA": ("de_an",),
    "CTr": ("chuong_trinh",),
    "TB": ("thong_bao", "thong_bao_ket_luan"),
    "HD": ("huong_dan",),
    "BC": ("bao_cao",),
    "TTr": ("to_trinh",),
    "CV": ("cong_van",),
    "QC": ("quy_che",),
    # Joint documents of several issuers (01/2015/TTLT-BNV-BTC) and consolidated texts
    # (25/VBHN-VPQH).
    "TTLT": ("thong_tu_lien_tich",),
    "NQLT": ("nghi_quyet",),
    "VBHN": ("van_ban_hop_nhat",),
}

# Issuer codes seen in Party symbols. ``QUTW`` is the Central Military
# Commission, not a district committee.
PARTY_ISSUER_CODES: dict[str, str] = {
    "TW": "Trung ương (Ban Chấp hành, Bộ Chính trị, Ban Bí thư)",
    "TU": "Tỉnh ủy / Thành ủy",
    "QU": "Quận ủy",
    "HU": "Huyện ủy",
    "TXU": "Thị xã ủy",
    "ĐU": "Đảng ủy",
    "ĐUK": "Đảng ủy khối",
    "BCSĐ": "Ban cán sự đảng",
    "ĐĐ": "Đảng đoàn",
    "BTCTU": "Ban Tổ chức Tỉnh ủy / Thành ủy",
    "BTCTW": "Ban Tổ chức Trung ương",
    "UBKTTU": "Ủy ban Kiểm tra Tỉnh ủy / Thành ủy",
    "VPTW": "Văn phòng Trung ương Đảng",
    "QUTW": "Quân ủy Trung ương",
}

# --- Links between documents ----------------------------------------------


@dataclass(frozen=True)
class LinkKind:
    key: str
    vi_forward: str  # from the source document's page: "A <vi_forward> B"
    vi_backward: str  # from the target document's page: "B <vi_backward> A"
    en_forward: str
    en_backward: str
    eli: str  # nearest ELI ontology property


LINK_KINDS: tuple[LinkKind, ...] = (
    LinkKind("based_on", "căn cứ", "là căn cứ của", "is based on", "is the basis of", "based_on"),
    LinkKind(
        "implements",
        "triển khai, cụ thể hóa",
        "được triển khai bởi",
        "implements",
        "is implemented by",
        "applies",
    ),
    LinkKind("guides", "hướng dẫn", "được hướng dẫn bởi", "guides", "is guided by", "applies"),
    LinkKind(
        "amends",
        "sửa đổi, bổ sung",
        "được sửa đổi, bổ sung bởi",
        "amends",
        "is amended by",
        "amends",
    ),
    LinkKind("replaces", "thay thế", "bị thay thế bởi", "replaces", "is replaced by", "repeals"),
    LinkKind("repeals", "bãi bỏ", "bị bãi bỏ bởi", "repeals", "is repealed by", "repeals"),
    LinkKind(
        "approves", "phê duyệt", "được phê duyệt bởi", "approves", "is approved by", "applies"
    ),
    LinkKind(
        "continues",
        "tiếp tục thực hiện",
        "được tiếp tục bởi",
        "continues",
        "is continued by",
        "applies",
    ),
    LinkKind(
        "evaluates",
        "sơ kết, tổng kết",
        "được đánh giá bởi",
        "evaluates",
        "is evaluated by",
        "cites",
    ),
    LinkKind("references", "dẫn chiếu", "được dẫn chiếu bởi", "cites", "is cited by", "cites"),
)
LINK_KIND_BY_KEY = {k.key: k for k in LINK_KINDS}
# Kinds that make a document rest on another (followed for the chain upward
# and the tree downward).
HIERARCHY_LINK_KINDS = ("based_on", "implements", "guides", "continues", "approves")

# --- Status ------------------------------------------------------------------
STATUSES: tuple[Term, ...] = (
    Term("planned", "Dự kiến ban hành", "Planned"),
    Term("drafting", "Đang xây dựng / dự thảo", "Being drafted"),
    Term("not_yet_in_force", "Chưa có hiệu lực", "Not yet in force"),
    Term("in_force", "Còn hiệu lực", "In force"),
    Term("partly_expired", "Hết hiệu lực một phần", "Partly no longer in force"),
    Term("expired", "Hết hiệu lực toàn bộ", "No longer in force"),
    Term("suspended", "Ngưng hiệu lực", "Suspended"),
    Term("replaced", "Bị thay thế", "Replaced"),
    Term("unknown", "Chưa rõ", "Unknown"),
)
STATUS_BY_KEY = {s.key: s for s in STATUSES}

# --- Localities ----------------------------------------------------------------
# level: 0 country, 1 province, 2 district, 3 commune, 4 village
LOCALITY_KINDS: tuple[tuple[Term, int], ...] = (
    (Term("country", "Quốc gia", "Country"), 0),
    (Term("city", "Thành phố trực thuộc trung ương", "Centrally-run city"), 1),
    (Term("province", "Tỉnh", "Province"), 1),
    (Term("urban_district", "Quận", "Urban district"), 2),
    (Term("rural_district", "Huyện", "Rural district"), 2),
    (Term("town", "Thị xã", "Town"), 2),
    (Term("provincial_city", "Thành phố thuộc tỉnh", "Provincial city"), 2),
    (Term("municipal_city", "Thành phố thuộc thành phố", "Municipal city"), 2),
    (Term("ward", "Phường", "Ward"), 3),
    (Term("commune", "Xã", "Commune"), 3),
    (Term("township", "Thị trấn", "Township"), 3),
    (Term("special_zone", "Đặc khu", "Special zone"), 3),
    (Term("residential_group", "Tổ dân phố", "Residential group"), 4),
    (Term("village", "Thôn", "Village"), 4),
)
LOCALITY_LEVEL = {term.key: level for term, level in LOCALITY_KINDS}
LEVEL_NAMES: tuple[Term, ...] = (
    Term("0", "Trung ương", "Central"),
    Term("1", "Tỉnh, thành phố", "Province / city"),
    Term("2", "Quận, huyện, thị xã", "District"),
    Term("3", "Xã, phường, thị trấn", "Commune / ward"),
    Term("4", "Thôn, tổ dân phố", "Village / residential group"),
)

# --- Issuing bodies ----------------------------------------------------------
BODY_KINDS: tuple[Term, ...] = (
    Term("party_congress", "Đại hội Đảng", "Party congress"),
    Term("party_committee", "Cấp ủy Đảng (Ban Chấp hành)", "Party committee"),
    Term("party_standing_committee", "Ban Thường vụ cấp ủy", "Party standing committee"),
    Term("politburo", "Bộ Chính trị", "Politburo"),
    Term("secretariat", "Ban Bí thư", "Secretariat"),
    Term("party_board", "Ban của cấp ủy", "Party board"),
    Term("party_delegation", "Đảng đoàn, Ban cán sự đảng", "Party delegation"),
    Term("party_grassroots", "Đảng ủy cơ sở", "Grassroots Party committee"),
    Term("national_assembly", "Quốc hội", "National Assembly"),
    Term("government", "Chính phủ", "Government"),
    Term("prime_minister", "Thủ tướng Chính phủ", "Prime Minister"),
    Term("ministry", "Bộ, cơ quan ngang bộ", "Ministry"),
    Term("peoples_council", "Hội đồng nhân dân", "People's Council"),
    Term("peoples_committee", "Ủy ban nhân dân", "People's Committee"),
    Term("state_department", "Sở, phòng chuyên môn", "Department"),
    Term("steering_committee", "Ban Chỉ đạo", "Steering committee"),
    Term("front", "Mặt trận, đoàn thể", "Front / mass organisation"),
    Term("other", "Khác", "Other"),
)

# --- Targets -------------------------------------------------------------------
COMPARATORS: tuple[Term, ...] = (
    Term("at_least", "tối thiểu", "at least"),
    Term("at_most", "tối đa", "at most"),
    Term("exactly", "đạt", "reach"),  # "đạt 100 %": reach 100 % (a target, not an equation)
)
UNITS: tuple[Term, ...] = (
    Term("percent", "%", "%"),
    Term("people", "người", "people"),
    Term("count", "đơn vị", "units"),
    Term("ratio", "tỷ số", "ratio"),
)

# --- Sources and events ------------------------------------------------------------
SOURCE_KINDS: tuple[Term, ...] = (
    Term("news", "Bài báo", "News article"),
    Term("portal", "Cổng thông tin điện tử", "Official portal"),
    Term("gazette", "Công báo, văn bản gốc", "Official text"),
    Term("other", "Khác", "Other"),
)
EVENT_KINDS: tuple[Term, ...] = (
    Term("meeting", "Phiên họp", "Meeting"),
    Term("conference", "Hội nghị", "Conference"),
    Term("seminar", "Tọa đàm", "Seminar"),
    Term("signing", "Ký ban hành", "Signing"),
    Term("other", "Khác", "Other"),
)
PARTICIPANT_ROLES: tuple[Term, ...] = (
    Term("chair", "Chủ trì", "Chair"),
    Term("directing", "Dự và chỉ đạo", "Attended and gave direction"),
    Term("speaker", "Phát biểu, trình bày", "Speaker"),
    Term("concluding", "Phát biểu kết luận", "Gave the concluding remarks"),
    Term("attendee", "Dự", "Attendee"),
)


# --- A document's files ----------------------------------------------------------------
FILE_KINDS: tuple[Term, ...] = (
    Term("signed_original", "Bản gốc có chữ ký", "Signed original"),
    Term("word", "Văn bản Word", "Word file"),
    Term("scanned_pages", "Ảnh trang quét", "Scanned pages"),
    Term("appendix", "Phụ lục", "Appendix"),
    Term("attached_scheme", "Đề án kèm theo", "Attached scheme"),
    Term("other", "Tệp khác", "Other file"),
)
FILE_LANGUAGES: tuple[Term, ...] = (
    Term("vi", "Tiếng Việt", "Vietnamese"),
    Term("en", "Tiếng Anh", "English"),
    Term("other", "Ngôn ngữ khác", "Other language"),
)

# --- Text taken from files (issue 15) -------------------------------------------------------

#: How a file's text was taken: its own text layer, a Word file, LibreOffice, or OCR.
TEXT_METHODS: tuple[Term, ...] = (
    Term("pdf_text", "Lớp chữ của PDF", "PDF text layer"),
    Term("pdf_ocr", "Nhận dạng chữ (OCR) trang quét PDF", "OCR of scanned PDF pages"),
    Term("pdf_mixed", "Lớp chữ PDF và OCR", "PDF text layer and OCR"),
    Term("image_ocr", "Nhận dạng chữ (OCR) ảnh", "OCR of an image"),
    Term("docx", "Tệp Word (.docx)", "Word file (.docx)"),
    Term("doc", "Tệp Word 97–2003 (.doc) qua LibreOffice",
         "Word 97–2003 file (.doc) via LibreOffice"),
    Term("web_page", "Trang công khai", "Public web page"),
)

#: A text-extraction job's state.
JOB_STATUSES: tuple[Term, ...] = (
    Term("queued", "Đang chờ", "Queued"),
    Term("running", "Đang chạy", "Running"),
    Term("done", "Xong", "Done"),
    Term("failed", "Lỗi", "Failed"),
)

#: The parts of a text: state documents (Phần / Chương / Mục / Điều / Khoản / Điểm) and
#: Party documents (I. / 1. / a)), plus what comes before and after them.
PROVISION_KINDS: tuple[Term, ...] = (
    Term("preamble", "Phần mở đầu", "Preamble"),
    Term("phan", "Phần", "Part"),
    Term("chuong", "Chương", "Chapter"),
    Term("muc", "Mục", "Section"),
    Term("dieu", "Điều", "Article"),
    Term("khoan", "Khoản", "Clause"),
    Term("diem", "Điểm", "Point"),
    Term("part", "Phần (La Mã)", "Part (Roman numeral)"),
    Term("item", "Mục (số)", "Item (number)"),
    Term("point", "Điểm (chữ)", "Point (letter)"),
    Term("appendix", "Phụ lục", "Appendix"),
    Term("closing", "Phần kết", "Closing"),
)

#: A link the reference finder proposed from a document's text, for an editor to decide.
PROPOSAL_STATUSES: tuple[Term, ...] = (
    Term("proposed", "Chờ xác nhận", "Awaiting confirmation"),
    Term("confirmed", "Đã xác nhận", "Confirmed"),
    Term("dismissed", "Đã bỏ qua", "Dismissed"),
)

# --- Uncertain facts ------------------------------------------------------------------------
# Why a fact is marked uncertain (the reader sees the reason beside the fact). ``other`` takes
# its reason from the mark's free text. ``descriptive`` marks a title that is not the
# document's own (a placeholder or the editors' description): it is never quoted as a title.
UNCERTAINTY_REASONS: tuple[Term, ...] = (
    Term("single_source", "một nguồn", "one source"),
    Term("inferred", "suy ra từ ngữ cảnh", "inferred from context"),
    Term("publication_date", "suy ra một phần từ ngày đăng bài",
         "inferred partly from the article's date"),
    Term("editors_reading", "cách ghi của người biên soạn", "the editors' reading"),
    Term("descriptive", "tên mô tả, không phải trích yếu của văn bản",
         "a description, not the document's own title"),
    Term("other", "lý do khác", "other reason"),
)
UNCERTAINTY_REASON_BY_KEY = {t.key: t for t in UNCERTAINTY_REASONS}

# The facts that can be marked, per kind of record (key = the mark's key in ``uncertain``).
UNCERTAIN_FACTS: dict[str, tuple[Term, ...]] = {
    "document": (
        Term("issued_date", "ngày ban hành", "date"),
        Term("symbol", "số ký hiệu", "number and symbol"),
        Term("doc_type", "loại văn bản", "type"),
        Term("issuing_body", "cơ quan ban hành", "issuer"),
        Term("term", "khóa", "term"),
        Term("title", "trích yếu", "title"),
        Term("summary", "tóm tắt", "summary"),
    ),
    "link": (
        Term("link", "quan hệ", "link"),
    ),
    "target": (
        Term("document", "văn bản đặt chỉ tiêu", "document setting it"),
        Term("value", "giá trị", "value"),
        Term("comparator", "so sánh", "comparator"),
        Term("applies_to", "đối tượng", "group"),
        Term("deadline", "hạn", "deadline"),
        Term("baseline", "giá trị gốc", "baseline"),
    ),
    "figure": (
        Term("value", "giá trị", "value"),
        Term("applies_to", "đối tượng", "group"),
        Term("as_of", "thời điểm", "date"),
    ),
    "body": (
        Term("parent", "cơ quan cấp trên", "parent body"),
    ),
}


def choices(terms, lang: str = "vi") -> list[tuple[str, str]]:
    """``[(key, label)]`` for a tuple of :class:`Term`."""
    return [(t.key, getattr(t, lang)) for t in terms]
