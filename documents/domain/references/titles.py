"""Documents known only by type and title, without a number: ``Đề án về thí điểm thi tuyển
…``, ``Chỉ thị của Ban Thường vụ Thành ủy về …``, ``ký quyết định phê duyệt đề án xây dựng
…``, and a submission named by its verb (``trình Thành ủy xem xét, cho ý kiến về …``).

Taken only where the wording says a particular document is meant: a ``về …`` or quoted
title, or a title phrase after a type word that is the object of a verb or preposition
handling documents (``ban hành``, ``phê duyệt``, ``theo`` …). Generic phrases (``các quy định
mới``, ``kế hoạch công tác đã đề ra``, ``theo hướng dẫn``) are left alone.
"""

from __future__ import annotations

import bisect
import re

from .details import extend_after, scan_issuer, scan_title
from .lexicon import (
    GAP_RE,
    OPENING,
    SP,
    TITLE_WINDOW,
    TOKEN_RE,
    TRAILING_PUNCT,
    TYPE_PHRASES,
    VE_RE,
    lower_word,
    phrase_key,
    phrase_pattern,
)
from .spans import Draft

__all__ = ["title_drafts"]


# Named laws have their own rule (``Luật Viên chức``); "luật" alone is mostly "pháp luật".
_TITLE_TYPES = tuple((phrase, key) for phrase, key in TYPE_PHRASES if key != "luat")
_TITLE_TYPES_RE = "|".join(phrase_pattern(p) for p, _ in _TITLE_TYPES)
_TITLE_TYPE_RE = re.compile(rf"(?<!\w)(?P<phrase>{_TITLE_TYPES_RE})(?!\w)", re.IGNORECASE)
_COORDINATED_RE = re.compile(
    rf"{SP}+(?:hoặc|và){SP}+(?:{_TITLE_TYPES_RE})(?!\w)", re.IGNORECASE
)  # "kế hoạch hoặc đề án thực hiện …": one document of the first type
_SUBMIT_RE = re.compile(rf"(?<!\w)trình(?={SP}+\w)", re.IGNORECASE)
_CONSIDER_RE = re.compile(
    rf"(?:{SP}*,?{SP}*(?:xem{SP}+xét|cho{SP}+ý{SP}+kiến|phê{SP}+duyệt|quyết{SP}+định"
    rf"|thông{SP}+qua|ban{SP}+hành|và)){{0,4}}",
    re.IGNORECASE,
)
_PASSIVE_BY_RE = re.compile(rf"{SP}+(?:được|do){SP}+", re.IGNORECASE)
_APPROVED_RE = re.compile(
    rf"{SP}+(?:phê{SP}+duyệt|ban{SP}+hành|ký|thông{SP}+qua|chấp{SP}+thuận)(?!\w)",
    re.IGNORECASE,
)
_COMMA_NEXT_RE = re.compile(rf"{SP}*,")

# Type words that are also verbs ("quyết định đưa ra …", "báo cáo về …", "kết luận phiên
# họp"): taken as a document only after a determiner or a verb/preposition handling documents.
_VERB_LIKE_TYPES = frozenset(
    ("quyet_dinh", "quy_dinh", "huong_dan", "ket_luan", "thong_bao", "bao_cao", "chi_thi")
)
# Verbs and prepositions whose object is a document (compared lower-cased; both tone
# placements where they differ): "ban hành quy định về …", "ký quyết định phê duyệt …",
# "theo đề án …".
_GOVERNING = frozenset(
    (
        "ký", "theo", "bằng", "tại", "có", "trình", "ra", "gửi", "quán triệt", "ban hành",
        "thông qua", "phê duyệt", "xây dựng", "hoàn thiện", "hoàn thành", "triển khai",
        "thực hiện", "tham mưu", "bám sát", "căn cứ", "tiếp nối", "sửa đổi", "bổ sung",
        "thay thế", "bãi bỏ", "công bố", "áp dụng", "dự thảo", "soạn thảo", "chấp hành",
        "góp ý", "phổ biến", "sơ kết", "tổng kết", "rà soát", "thẩm định", "cụ thể hóa",
        "cụ thể hoá",
        "cho ý kiến", "lấy ý kiến", "ký ban hành",
    )
)  # fmt: skip
# "có kế hoạch làm gì" means "plans to do", not "has a (particular) plan".
_NOT_GOVERNING = {"ke_hoach": frozenset(("có",))}
# Words passed over between the governing word and the type word ("ban hành các …",
# "xây dựng xong …", "thực hiện có hiệu quả …").
_SKIPPED_BEFORE = frozenset(
    (
        "các", "những", "một", "mỗi", "từng", "hai", "ba", "xong", "tốt", "ngay", "lại",
        "hiệu", "quả", "nghiêm", "túc", "đầy", "đủ", "kịp", "thời",
    )
)  # fmt: skip
_DETERMINERS = frozenset(("các", "những", "một", "mỗi", "từng", "hai", "ba"))
# A title phrase never starts with these (the type word was anaphoric, generic or a verb):
# "đề án là …", "các quy định mới như …", "quyết định theo thẩm quyền".
_TITLE_STOP_START = frozenset(
    (
        "là", "của", "và", "hoặc", "với", "cho", "theo", "tại", "trong", "trên", "dưới",
        "này", "đó", "đây", "kia", "ấy", "mới", "cũ", "đã", "đang", "sẽ", "vừa", "được",
        "bị", "có", "thì", "mà", "như", "nào", "nêu", "chung", "khác", "cũng", "đều", "để",
        "nhằm", "từ", "đến", "sau", "trước", "số", "ngày", "tháng", "năm", "quý", "gồm",
        "cần", "phải", "không", "chưa", "nhiều", "ít", "đi", "vào", "ra", "về",
    )
)  # fmt: skip
# ... and ends before these (a relative clause or the rest of the sentence follows).
_TITLE_STOP_INSIDE = frozenset(
    (
        "đã", "đang", "sẽ", "vừa", "là", "thì", "mà", "như", "nhưng", "để", "nhằm", "được",
        "bị", "do", "cũng", "đều", "không", "chưa", "phải", "cần", "nên",
    )
)  # fmt: skip
# Words that make no title on their own ("các quy định pháp luật của Nhà nước").
_GENERIC_TITLE_WORDS = frozenset(
    (
        "pháp", "luật", "nhà", "nước", "của", "các", "những", "đảng", "công", "tác", "cấp",
        "trên", "dưới", "hiện", "hành", "liên", "quan", "này", "đó", "chung", "mới", "khác",
        "thẩm", "quyền", "và",
    )
)  # fmt: skip
# A title starting with one of these names the document it acts on ("quyết định phê duyệt
# đề án xây dựng …"): it runs on over that document's type word.
_OBJECT_VERBS = frozenset(
    ("phê duyệt", "ban hành", "thành lập", "sửa đổi", "bổ sung", "bãi bỏ", "thay thế",
     "công nhận")
)  # fmt: skip
_SUBMIT_NOT_AFTER = frozenset(
    ("tờ", "chương", "quy", "lộ", "hành", "tiến", "công", "giáo", "đệ", "dự", "liệu")
)  # fmt: skip
_MIN_TITLE_WORDS = 3
_MAX_TITLE_WORDS = 30
_LEFT_WINDOW = 80
_LEFT_WORDS = 4
_CLAUSE_PUNCT = ',;:.!?()"“”«»…'


def _left_context(work: str, pos: int, doc_type: str | None) -> tuple[bool, bool]:
    """Whether the word before ``pos`` governs a document (a verb or preposition handling
    documents, possibly with determiners or adverbs between) and whether a determiner
    stands before it; nothing is read across a clause boundary."""
    window = work[max(0, pos - _LEFT_WINDOW) : pos]
    if pos > _LEFT_WINDOW:  # drop the word the window cuts
        parts = window.split(None, 1)
        window = parts[1] if len(parts) == 2 else ""
    window = window.rsplit("\n", 1)[-1]
    if window and not window[-1].isspace():
        return False, False  # glued to the previous word
    tokens = window.split()
    words: list[str] = []
    for raw in reversed(tokens):
        if raw[-1] in _CLAUSE_PUNCT:
            break
        words.insert(0, raw.lower())
        if len(words) >= _LEFT_WORDS:
            break
    excluded = _NOT_GOVERNING.get(doc_type or "", frozenset())
    determined = False
    for i in range(len(words) - 1, -1, -1):
        for size in (3, 2, 1):
            if i - size + 1 < 0:
                continue
            phrase = " ".join(words[i - size + 1 : i + 1])
            if phrase in _GOVERNING and phrase not in excluded:
                return True, determined
        word = words[i]
        if word in _DETERMINERS:
            determined = True
        if word in _SKIPPED_BEFORE or word.isdigit():
            continue
        break
    return False, determined


def _scan_bare_title(work: str, pos: int, stop: int) -> tuple[int, int] | None:
    """Span of a title phrase written straight after the type word (``đề án xây dựng nền
    công vụ …``), ending at punctuation, a relative clause or the next reference; None when
    what follows is no title."""
    while pos < len(work) and work[pos] in " \t\u00a0":
        pos += 1
    if pos >= len(work) or not work[pos].isalpha():
        return None
    head = " ".join(work[pos : pos + 40].lower().split()[:2])
    embedded = head in _OBJECT_VERBS
    limit = min(len(work), pos + TITLE_WINDOW)
    if not embedded:
        limit = min(limit, stop)
    end = pos
    words: list[str] = []
    for count, token in enumerate(TOKEN_RE.finditer(work, pos, limit)):
        if count >= _MAX_TITLE_WORDS or "\n" in work[end : token.start()]:
            break
        raw = token.group()
        if raw[0] in OPENING or raw[0] in "([":
            break
        core = raw.rstrip(TRAILING_PUNCT)
        if not core or not core[0].isalnum():
            break
        word = core.lower()  # the stop words have no tone-placement variants
        if count == 0 and word in _TITLE_STOP_START:
            return None
        if count and word in _TITLE_STOP_INSIDE:
            break
        words.append(word)
        end = token.start() + len(core)
        if len(core) < len(raw):
            break
    if len(words) < _MIN_TITLE_WORDS or all(w in _GENERIC_TITLE_WORDS for w in words):
        return None
    return pos, end


def _passive_issuer(work: str, pos: int, stop: int) -> tuple[int, int] | None:
    """``… được UBND thành phố phê duyệt``: the body after ``được``/``do`` that approved or
    issued the document."""
    by = _PASSIVE_BY_RE.match(work, pos)
    if by is None:
        return None
    end = scan_issuer(work, by.end(), stop, direct=True)
    if end > by.end() and _APPROVED_RE.match(work, end):
        return by.end(), end
    return None


def _inside(pos: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether ``pos`` falls in one of ``spans`` (sorted, not overlapping; ``starts`` their
    start offsets)."""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < spans[i][1]


def title_drafts(work: str, taken: list[tuple[int, int]]) -> list[Draft]:
    """References by type and title without a number, outside the spans already taken."""
    taken = sorted(taken)
    taken_starts = [start for start, _end in taken]
    matches = [
        m for m in _TITLE_TYPE_RE.finditer(work) if not _inside(m.start(), taken, taken_starts)
    ]
    submissions = [
        m for m in _SUBMIT_RE.finditer(work) if not _inside(m.start(), taken, taken_starts)
    ]
    starts = sorted({s for s, _ in taken} | {m.start() for m in matches})
    drafts: list[Draft] = []
    covered = -1
    for match in matches:
        if match.start() < covered:
            continue
        phrase = match.group("phrase")
        doc_type = phrase_key(phrase)
        governed, determined = _left_context(work, match.start(), doc_type)
        if doc_type in _VERB_LIKE_TYPES and not (governed or determined):
            continue
        draft = Draft(start=match.start(), end=match.end(), type_phrase=phrase)
        coordinated = _COORDINATED_RE.match(work, match.end())
        if coordinated:
            draft.end = coordinated.end()
        stop = _next_start(starts, draft.end)
        if not _COMMA_NEXT_RE.match(work, draft.end):
            extend_after(work, draft, stop)
        if draft.title is None and draft.issuer_span is None and draft.date_span is None:
            span = _scan_bare_title(work, draft.end, stop) if governed else None
            if span is not None:
                draft.title_span = span
                draft.title = work[span[0] : span[1]]
                draft.issuer_span = _passive_issuer(work, span[1], len(work))
        if draft.title is None:
            continue  # a type word with no title names no particular document
        drafts.append(draft)
        covered = draft.end
    drafts.extend(_submission_drafts(work, submissions, starts))
    return drafts


def _submission_drafts(work: str, matches: list[re.Match[str]], starts: list[int]):
    """``trình Thành ủy xem xét, cho ý kiến về …``: a submission (Tờ trình) on that subject."""
    drafts = []
    for match in matches:
        before = work[max(0, match.start() - 12) : match.start()].split()
        if before and lower_word(before[-1]) in _SUBMIT_NOT_AFTER:
            continue
        pos = match.end()
        while pos < len(work) and work[pos] in " \t\u00a0":
            pos += 1
        stop = _next_start(starts, pos)
        addressee_end = scan_issuer(work, pos, stop, direct=True)
        if addressee_end <= pos:
            continue
        consider = _CONSIDER_RE.match(work, addressee_end)
        at = consider.end() if consider else addressee_end
        if not VE_RE.match(work, GAP_RE.match(work, at).end()):
            continue
        title = scan_title(work, at, _next_start(starts, at))
        if title is None:
            continue
        drafts.append(
            Draft(start=match.start(), end=addressee_end, title=title, doc_type="to_trinh")
        )
    return drafts


def _next_start(starts: list[int], pos: int) -> int:
    i = bisect.bisect_right(starts, pos)
    return starts[i] if i < len(starts) else 1 << 62
