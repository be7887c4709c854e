"""Entering documents from an article through the admin: analyse (nothing saved), review,
confirm (one transaction, idempotent). The five seed articles are analysed in full and every
document the seed fixture says they mention (its SourceMention rows: by symbol, by number, by
law name or by type and title only) is matched to that document, and to no other."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from documents.article_matching import analyse_article
from documents.domain.articles.grouping import group_references
from documents.domain.articles.issuers import issuer_key
from documents.domain.articles.items import AMBIGUOUS, MATCHED, NEW
from documents.domain.articles.links import propose_links
from documents.domain.articles.sources import guess_source_details
from documents.domain.references import find_references
from documents.models import (
    Document,
    DocumentLink,
    IssuingBody,
    Locality,
    Source,
    SourceMention,
)

SEEDS = Path("/work/shared/seeds")
URL_NAME = "admin:documents_document_from_article"
SEED_ARTICLES = (
    "000_146bb89ece2b9b4e.txt",
    "001_51e7572fbbb138cc.txt",
    "002_472e418524aa36c6.txt",
    "003_f161a4db5497ad2c.txt",
    "004_61a269556dbba2d9.txt",
)
NEW_ARTICLE = (
    "Hà Nội triển khai kế hoạch tạo nguồn cán bộ năm 2024\n\n"
    "(HNM) - Ngày 10/1, Ban Tổ chức Thành ủy cho biết Kế hoạch số 250-KH/TU ngày 5/1/2024 "
    "của Ban Thường vụ Thành ủy Hà Nội về tạo nguồn cán bộ chủ chốt cấp xã năm 2024 tiếp tục "
    "thực hiện Đề án số 34-ĐA/TU ngày 6/11/2023 của Ban Thường vụ Thành ủy Hà Nội.\n\n"
    "Kế hoạch yêu cầu các quận, huyện, thị xã hoàn thành rà soát trong quý I-2024.\n"
)


def _counts() -> tuple[int, int, int, int]:
    return (
        Document.objects.count(),
        Source.objects.count(),
        SourceMention.objects.count(),
        DocumentLink.objects.count(),
    )


class _FormReader(HTMLParser):
    """What a browser would submit from each POST form of a page (checked boxes, selected
    options, text inputs, textareas); submit buttons excluded."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self.data: dict[str, str] = {}
        self.in_form = False
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.in_form = True
            self.data = {}
            self.forms.append(self.data)
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value") or "on"
                return
            self.data[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self.select, self.select_first, self.select_chosen = name, None, False
        elif tag == "option" and self.select:
            value = attrs.get("value") or ""
            if self.select_first is None:
                self.select_first = value
                self.data[self.select] = value
            if "selected" in attrs and not self.select_chosen:
                self.data[self.select] = value
                self.select_chosen = True
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.in_form = False

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


def _form_data(response) -> dict[str, str]:
    """The article-entry form of the page (not the header's log-out form)."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    return next(form for form in reader.forms if "analysis" in form or "text" in form)


def _analyse(client, text: str, **source):
    response = client.post(reverse(URL_NAME), {"action": "analyse", "text": text, **source})
    assert response.status_code == 200
    return response


def _item_prefix(analysis, symbol: str) -> str:
    item = next(i for i in analysis.items if i.symbol == symbol)
    return f"items-{item.index}"


def _link_index(analysis, from_symbol: str, to_symbol: str, kind: str) -> int:
    for n, link in enumerate(analysis.links):
        if (
            analysis.items[link.from_item].symbol == from_symbol
            and analysis.items[link.to_item].symbol == to_symbol
            and link.kind == kind
        ):
            return n
    raise AssertionError(f"no proposed link {from_symbol} {kind} {to_symbol}")


# --- the page -------------------------------------------------------------------------------


def test_page_opens_and_is_linked_from_the_document_list(admin_client):
    url = reverse(URL_NAME)
    assert url.endswith("/documents/document/from-article/")
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập từ bài báo" in html and 'name="text"' in html
    assert 'class="breadcrumbs"' in html
    changelist = admin_client.get(reverse("admin:documents_document_changelist"))
    assert url in changelist.content.decode()


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_a_form_error(admin_client, db, text):
    before = _counts()
    response = _analyse(admin_client, text)
    assert "Hãy dán nội dung bài báo." in response.content.decode()
    assert response.context["form"].errors["text"]
    assert _counts() == before


def test_anonymous_and_non_staff_users_are_sent_to_the_login(client, django_user_model):
    url = reverse(URL_NAME)
    response = client.post(url, {"action": "analyse", "text": NEW_ARTICLE})
    assert response.status_code == 302 and "login" in response["Location"]
    user = django_user_model.objects.create_user("docgia", password="x-Pass-1234")
    user.user_permissions.add(Permission.objects.get(codename="add_document"))
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_without_add_permission_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user("bientap", password="x-Pass-1234", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_document"))
    client.force_login(user)
    before = _counts()
    assert client.get(reverse(URL_NAME)).status_code == 403
    response = client.post(reverse(URL_NAME), {"action": "analyse", "text": NEW_ARTICLE})
    assert response.status_code == 403
    assert _counts() == before


def test_staff_with_add_permission_may_analyse(client, django_user_model, docs):
    user = django_user_model.objects.create_user("nhaplieu", password="x-Pass-1234", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_document"))
    client.force_login(user)
    response = _analyse(client, NEW_ARTICLE)
    assert "34-ĐA/TU" in response.content.decode()


# --- the five seed articles ---------------------------------------------------------------------


def _mentioned(name: str) -> list[Document]:
    """The documents the seed fixture records as mentioned by the article ``name``."""
    source = Source.objects.get(reference=f"seeds/{name}")
    return [m.document for m in SourceMention.objects.filter(source=source).order_by("id")]


@pytest.mark.parametrize("name", SEED_ARTICLES)
def test_seed_article_references_are_all_found_and_matched(admin_client, seed, name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    expected = _mentioned(name)
    assert expected
    before = _counts()
    response = _analyse(admin_client, text)
    analysis = response.context["analysis"]
    refs = find_references(text)
    # Every reference the finder sees is listed (grouped per document).
    assert analysis.reference_count == len(refs)
    assert sum(len(item.occurrences) for item in analysis.items) == len(refs)
    # Every document the seed says the article mentions is found and matched to it.
    matched = {item.document: item for item in analysis.items if item.status == MATCHED}
    html = response.content.decode()
    for doc in expected:
        assert doc.pk in matched, (doc.slug, [(i.label, i.status) for i in analysis.items])
        assert reverse("admin:documents_document_change", args=[doc.pk]) in html
        assert doc.get_absolute_url() in html
    # ... and nothing is matched to a document the article does not mention.
    assert set(matched) == {doc.pk for doc in expected}
    # Documents named by symbol keep their symbol.
    by_symbol = {item.symbol: item.document for item in analysis.items if item.symbol}
    assert by_symbol == {doc.symbol: doc.pk for doc in expected if doc.symbol}
    assert html.count("Đã có trong catalogue") >= len(expected)
    # Analysing saves nothing.
    assert _counts() == before


def test_seed_000_title_only_documents(admin_client, seed):
    text = (SEEDS / "000_146bb89ece2b9b4e.txt").read_text(encoding="utf-8")
    analysis = _analyse(admin_client, text).context["analysis"]
    by_doc = {item.document: item for item in analysis.items}
    scheme = by_doc[Document.objects.get(slug="de-an-thi-diem-thi-tuyen-mot-so-chuc-danh").pk]
    assert scheme.kind == "title" and len(scheme.occurrences) == 2  # named twice
    law = by_doc[
        Document.objects.get(slug="luat-can-bo-cong-chuc-va-luat-vien-chuc-sua-doi-2019").pk
    ]
    assert law.kind == "law" and law.year == 2019
    assert law.label == "Luật Cán bộ, công chức và Luật Viên chức sửa đổi 2019"
    directive = by_doc[Document.objects.get(slug="chi-thi-lanh-dao-bau-cu-2021-2026").pk]
    assert directive.issuer_phrase == "Ban Thường vụ Thành ủy"
    submission_doc = Document.objects.get(slug="to-trinh-trinh-tu-bo-nhiem-chu-tich-hdnd-phuong")
    submission = by_doc[submission_doc.pk]
    assert submission.doc_type == "to_trinh"
    assert not [item for item in analysis.items if item.status != MATCHED]


def test_seed_002_decision_and_the_scheme_it_approves(admin_client, seed):
    text = (SEEDS / "002_472e418524aa36c6.txt").read_text(encoding="utf-8")
    analysis = _analyse(admin_client, text).context["analysis"]
    decision = Document.objects.get(slug="quyet-dinh-phe-duyet-de-an-nen-cong-vu-tphcm-2024")
    scheme = Document.objects.get(slug="de-an-nen-cong-vu-tphcm-2024-2030")
    items = {item.document: item for item in analysis.items}
    assert len(items[scheme.pk].occurrences) == 2  # "ký quyết định phê duyệt đề án …" and
    # "UBND TP.HCM đã phê duyệt đề án …"
    (link,) = [
        link
        for link in analysis.links
        if analysis.items[link.from_item].document == decision.pk
        and analysis.items[link.to_item].document == scheme.pk
    ]
    assert link.kind == "approves" and link.exists


def test_seed_003_number_only_mention_joins_the_symbol(admin_client, seed):
    text = (SEEDS / "003_f161a4db5497ad2c.txt").read_text(encoding="utf-8")
    analysis = _analyse(admin_client, text).context["analysis"]
    programme = next(i for i in analysis.items if i.symbol == "01-CTr/QU")
    assert any("Chương trình số 01 của Quận uỷ" in o.text for o in programme.occurrences)
    assert not [i for i in analysis.items if i.kind == "number"]


def test_seed_004_proposes_the_continues_links_it_states(admin_client, seed):
    text = (SEEDS / "004_61a269556dbba2d9.txt").read_text(encoding="utf-8")
    analysis = _analyse(admin_client, text).context["analysis"]
    for target in ("04-NQ/TU", "07-QĐ/TU"):
        link = analysis.links[_link_index(analysis, "34-ĐA/TU", target, "continues")]
        assert "tiếp tục thực hiện" in link.quote
        assert link.exists  # the seed already records it


@pytest.mark.parametrize("name", SEED_ARTICLES)
def test_confirming_a_seed_article_again_adds_nothing(admin_client, seed, name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    response = _analyse(admin_client, text, reference=f"seeds/{name}")
    assert "Nguồn này đã có trong catalogue" in response.content.decode()
    data = _form_data(response)
    source = Source.objects.get(reference=f"seeds/{name}")
    data["publisher"] = data["publisher"] or source.publisher  # not always guessed
    data["headline"] = data["headline"] or source.headline
    analysis = response.context["analysis"]
    for n, link in enumerate(analysis.links):
        if link.exists:
            data[f"links-{n}-record"] = "on"
    data["action"] = "confirm"
    before = _counts()
    response = admin_client.post(reverse(URL_NAME), data)
    assert response.status_code == 302, _errors(response)
    assert _counts() == before


# --- end to end on a new article ---------------------------------------------------------------


def test_new_article_end_to_end_and_idempotent(admin_client, seed):
    da34 = Document.objects.get(symbol="34-ĐA/TU")
    btv = IssuingBody.objects.get(name="Ban Thường vụ Thành ủy Hà Nội")
    before = _counts()
    response = _analyse(
        admin_client,
        NEW_ARTICLE,
        url="https://hanoimoi.vn/ke-hoach-250",
        author="P.V.",
        published_date="10/01/2024",
    )
    assert _counts() == before
    analysis = response.context["analysis"]
    new_item = next(i for i in analysis.items if i.symbol == "250-KH/TU")
    assert new_item.status == NEW
    assert new_item.body == btv.pk
    assert next(i for i in analysis.items if i.symbol == "34-ĐA/TU").document == da34.pk
    html = response.content.decode()
    assert "Mới" in html and "Đã có trong catalogue" in html

    data = _form_data(response)
    prefix = _item_prefix(analysis, "250-KH/TU")
    # Pre-filled from the article.
    assert data[f"{prefix}-doc_type"] == "ke_hoach"
    assert data[f"{prefix}-symbol"] == "250-KH/TU"
    assert data[f"{prefix}-issued_date"] == "05/01/2024"
    assert data[f"{prefix}-issuing_body"] == str(btv.pk)
    assert data[f"{prefix}-known_by_reference"] == "on"
    assert data[f"{prefix}-title"] == "Về tạo nguồn cán bộ chủ chốt cấp xã năm 2024"
    assert data["publisher"] == "HNM"
    assert data["headline"] == "Hà Nội triển khai kế hoạch tạo nguồn cán bộ năm 2024"
    assert data["url"] == "https://hanoimoi.vn/ke-hoach-250"
    assert data["published_date"] == "10/01/2024"
    data[f"{prefix}-create"] = "on"
    data["publisher"] = "Hà Nội Mới"
    data[f"links-{_link_index(analysis, '250-KH/TU', '34-ĐA/TU', 'continues')}-record"] = "on"
    data["action"] = "confirm"

    response = admin_client.post(reverse(URL_NAME), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    doc = Document.objects.get(symbol="250-KH/TU")
    assert doc.doc_type == "ke_hoach"
    assert doc.issued_date == dt.date(2024, 1, 5)
    assert doc.issuing_body == btv
    assert doc.term is not None and doc.term.name == "khóa XVII"
    assert doc.known_by_reference
    assert doc.title == "Về tạo nguồn cán bộ chủ chốt cấp xã năm 2024"
    source = Source.objects.get(url="https://hanoimoi.vn/ke-hoach-250")
    assert response["Location"].startswith(reverse("admin:documents_document_from_article_done"))
    assert (source.publisher, source.author, source.kind) == ("Hà Nội Mới", "P.V.", "news")
    assert source.published_date == dt.date(2024, 1, 10)
    assert "250-KH/TU" in source.text
    sentence = new_item.quote
    assert "tiếp tục thực hiện Đề án số 34-ĐA/TU" in sentence
    assert SourceMention.objects.get(source=source, document=doc).quote == sentence
    assert SourceMention.objects.get(source=source, document=da34).quote == sentence
    link = DocumentLink.objects.get(from_document=doc, to_document=da34)
    assert (link.kind, link.source, link.quote, link.inferred) == (
        "continues",
        source,
        sentence,
        False,
    )
    assert _counts() == (before[0] + 1, before[1] + 1, before[2] + 2, before[3] + 1)

    # The same confirmation again creates nothing.
    after = _counts()
    response = admin_client.post(reverse(URL_NAME), data)
    assert response.status_code == 302
    assert _counts() == after

    # Analysing the article again now finds the new document in the catalogue.
    analysis = _analyse(admin_client, NEW_ARTICLE).context["analysis"]
    assert next(i for i in analysis.items if i.symbol == "250-KH/TU").document == doc.pk


def test_nothing_is_saved_when_a_ticked_link_needs_an_unticked_document(admin_client, seed):
    response = _analyse(admin_client, NEW_ARTICLE)
    analysis = response.context["analysis"]
    data = _form_data(response)
    data[f"links-{_link_index(analysis, '250-KH/TU', '34-ĐA/TU', 'continues')}-record"] = "on"
    data["action"] = "confirm"
    before = _counts()
    response = admin_client.post(reverse(URL_NAME), data)
    assert response.status_code == 200
    assert "Liên kết cần văn bản Kế hoạch 250-KH/TU" in response.content.decode()
    assert _counts() == before


def test_invalid_new_document_is_reported_in_the_form(admin_client, seed):
    response = _analyse(admin_client, NEW_ARTICLE)
    analysis = response.context["analysis"]
    data = _form_data(response)
    prefix = _item_prefix(analysis, "250-KH/TU")
    data.update({f"{prefix}-create": "on", f"{prefix}-doc_type": "de_an", "action": "confirm"})
    data[f"{prefix}-title"] = ""
    before = _counts()
    response = admin_client.post(reverse(URL_NAME), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hãy nhập trích yếu" in html
    data[f"{prefix}-title"] = "Về tạo nguồn cán bộ"
    response = admin_client.post(reverse(URL_NAME), data)
    assert response.status_code == 200
    assert "không khớp với loại văn bản" in response.content.decode()
    assert _counts() == before


def test_source_publisher_and_headline_are_required_to_confirm(admin_client, seed):
    response = _analyse(admin_client, "Theo Đề án số 34-ĐA/TU của Ban Thường vụ Thành ủy.")
    data = _form_data(response)
    data.update({"publisher": "", "headline": "", "action": "confirm"})
    before = _counts()
    response = admin_client.post(reverse(URL_NAME), data)
    assert response.status_code == 200
    assert response.context["source_form"].errors.keys() == {"publisher", "headline"}
    assert _counts() == before


@pytest.mark.parametrize("signed", ["", "garbage", "eyJhIjoxfQ:1abc:xyz"])
def test_tampered_review_data_is_refused_without_saving(admin_client, seed, signed):
    response = _analyse(admin_client, NEW_ARTICLE)
    data = _form_data(response)
    data.update({"analysis": signed, "action": "confirm", "items-0-create": "on"})
    before = _counts()
    response = admin_client.post(reverse(URL_NAME), data)
    assert response.status_code == 200
    assert "hãy dán và phân tích lại" in response.content.decode()
    assert _counts() == before


def test_missing_management_form_is_an_error_not_a_crash(admin_client, seed):
    response = _analyse(admin_client, NEW_ARTICLE)
    data = {k: v for k, v in _form_data(response).items() if "FORMS" not in k}
    data["action"] = "confirm"
    response = admin_client.post(reverse(URL_NAME), data)
    assert response.status_code == 200
    assert _counts()[0] == Document.objects.count()


# --- choosing among documents that share a symbol ---------------------------------------------


@pytest.fixture
def second_34(seed):
    """Another province's 34-ĐA/TU."""
    vn = Locality.objects.get(name="Việt Nam")
    nghe_an = Locality.objects.create(slug="nghe-an", name="Nghệ An", kind="province", parent=vn)
    body = IssuingBody.objects.create(
        slug="btv-tinh-uy-nghe-an",
        name="Ban Thường vụ Tỉnh ủy Nghệ An",
        code="TU",
        kind="party_standing_committee",
        locality=nghe_an,
    )
    return Document.objects.create(
        symbol="34-ĐA/TU",
        doc_type="de_an",
        title="Về phát triển nguồn nhân lực",
        issuing_body=body,
        issued_date=dt.date(2022, 3, 1),
    )


def test_shared_symbol_is_narrowed_by_issuer_and_date(admin_client, second_34):
    hanoi = Document.objects.get(symbol="34-ĐA/TU", issuing_body__name__contains="Hà Nội")
    text = "Thực hiện Đề án số 34-ĐA/TU ngày 6/11/2023 của Ban Thường vụ Thành ủy Hà Nội."
    analysis = analyse_article(text)
    assert analysis.items[0].status == MATCHED and analysis.items[0].document == hanoi.pk
    text = "Tỉnh triển khai Đề án số 34-ĐA/TU của Ban Thường vụ Tỉnh ủy Nghệ An."
    analysis = analyse_article(text)
    assert analysis.items[0].document == second_34.pk


def test_still_ambiguous_lets_the_admin_choose(admin_client, second_34):
    text = "Các đơn vị tổ chức quán triệt Đề án số 34-ĐA/TU trong tháng 12."
    response = _analyse(admin_client, text, publisher="Báo A", headline="Tin ngắn")
    item = response.context["analysis"].items[0]
    assert item.status == AMBIGUOUS
    assert set(item.candidates) == set(
        Document.objects.filter(symbol="34-ĐA/TU").values_list("pk", flat=True)
    )
    html = response.content.decode()
    assert "Cần chọn" in html and "Ban Thường vụ Tỉnh ủy Nghệ An" in html
    data = _form_data(response)
    data.update({"items-0-choice": str(second_34.pk), "action": "confirm"})
    response = admin_client.post(reverse(URL_NAME), data)
    assert response.status_code == 302
    mention = SourceMention.objects.get(source__headline="Tin ngắn")
    assert mention.document == second_34
    assert Document.objects.filter(symbol="34-ĐA/TU").count() == 2


def test_choice_outside_the_candidates_is_refused(admin_client, second_34):
    response = _analyse(admin_client, "Quán triệt Đề án số 34-ĐA/TU.", publisher="A", headline="B")
    data = _form_data(response)
    other = Document.objects.get(symbol="04-NQ/TU")
    data.update({"items-0-choice": str(other.pk), "action": "confirm"})
    before = _counts()
    response = admin_client.post(reverse(URL_NAME), data)
    assert response.status_code == 200
    assert response.context["item_formset"].forms[0].errors["choice"]
    assert _counts() == before


def test_number_without_symbol_is_matched_by_type_number_and_issuer(admin_client, seed):
    programme = Document.objects.get(symbol="01-CTr/QU")
    analysis = analyse_article("Ban Chủ nhiệm Chương trình số 01 của Quận uỷ Long Biên họp.")
    assert (analysis.items[0].status, analysis.items[0].document) == (MATCHED, programme.pk)
    analysis = analyse_article("Ban Chủ nhiệm Chương trình số 01 đã họp.")
    assert analysis.items[0].status == AMBIGUOUS and analysis.items[0].candidates == [programme.pk]
    analysis = analyse_article("Chương trình số 9 của Quận ủy Thanh Xuân.")
    assert analysis.items[0].status == NEW
    assert analysis.items[0].body == IssuingBody.objects.get(name="Quận ủy Thanh Xuân").pk


def test_year_conflict_with_the_only_candidate_is_offered_not_taken(seed):
    analysis = analyse_article("Nghị quyết số 04-NQ/TU ngày 1/2/2016 của Tỉnh ủy Nghệ An.")
    item = analysis.items[0]
    assert item.status == AMBIGUOUS and "2016" in item.note


# --- documents known by type and title ---------------------------------------------------------


def test_generic_phrases_do_not_become_documents(seed):
    text = (
        "Bí thư yêu cầu bám sát kế hoạch công tác đã đề ra; chủ động thực hiện ngay các quy "
        "định mới; thực hiện đúng các quy định pháp luật của Nhà nước và theo hướng dẫn. "
        "Theo đề án, thành phố ưu tiên quy hoạch cán bộ trẻ. Kế hoạch đề ra yêu cầu dân chủ, "
        "khách quan. Cơ quan có thẩm quyền xem xét, quyết định đưa ra khỏi danh sách."
    )
    analysis = analyse_article(text)
    assert analysis.items == []


def test_a_generic_title_is_not_matched_to_a_seed_document(seed):
    # Seed 001 names such rules of each agency; they are no seed document.
    text = (
        "Ban Tổ chức Thành ủy Hà Nội lưu ý: thực hiện theo quy định về quản lý cán bộ, "
        "phân cấp quản lý cán bộ và quản lý biên chế của cơ quan, đơn vị."
    )
    (item,) = analyse_article(text).items
    assert item.kind == "title" and item.doc_type == "quy_dinh"
    assert item.status == NEW and item.document is None and item.candidates == []


def test_title_only_document_in_a_place_the_article_does_not_name_is_only_offered(seed):
    hcmc = Document.objects.get(slug="quy-dinh-mien-nhiem-tu-chuc-dieu-chuyen-tphcm")
    title = (
        "về miễn nhiệm, từ chức, điều chuyển, thay thế đối với cán bộ lãnh đạo, quản lý sau "
        "khi bị kỷ luật hoặc uy tín giảm sút"
    )
    (item,) = analyse_article(f"Đà Nẵng sẽ ban hành quy định {title}.").items
    assert (item.status, item.document, item.candidates) == (AMBIGUOUS, None, [hcmc.pk])
    assert "địa bàn" in item.note
    (item,) = analyse_article(f"TP.HCM sẽ ban hành quy định {title}.").items
    assert (item.status, item.document) == (MATCHED, hcmc.pk)


def test_title_only_document_whose_issuer_contradicts_is_not_matched(seed):
    directive = Document.objects.get(slug="chi-thi-lanh-dao-bau-cu-2021-2026")
    title = "về lãnh đạo cuộc bầu cử đại biểu Quốc hội và đại biểu HĐND các cấp thành phố"
    (item,) = analyse_article(f"Hà Nội xây dựng Chỉ thị của Quận ủy Thanh Xuân {title}.").items
    assert item.status == NEW and directive.pk not in item.candidates
    assert item.body == IssuingBody.objects.get(name="Quận ủy Thanh Xuân").pk
    (item,) = analyse_article(f"Hà Nội xây dựng Chỉ thị của Ban Thường vụ Thành ủy {title}.").items
    assert (item.status, item.document) == (MATCHED, directive.pk)


def test_similar_titles_let_the_admin_choose(admin_client, seed):
    first = Document.objects.get(slug="de-an-thi-diem-thi-tuyen-mot-so-chuc-danh")
    other = Document.objects.create(
        doc_type="de_an",
        title="về thí điểm thi tuyển một số chức danh lãnh đạo",
        issuing_body=IssuingBody.objects.get(name="Ban Thường vụ Thành ủy Hà Nội"),
        known_by_reference=True,
    )
    text = "Hà Nội sớm hoàn thiện Đề án về thí điểm thi tuyển một số chức danh."
    response = _analyse(admin_client, text, publisher="Báo A", headline="Thi tuyển")
    (item,) = response.context["analysis"].items
    assert item.status == AMBIGUOUS
    assert item.candidates[:2] == [first.pk, other.pk]
    assert "Cần chọn" in response.content.decode()
    data = _form_data(response)
    data.update({"items-0-choice": str(other.pk), "action": "confirm"})
    response = admin_client.post(reverse(URL_NAME), data)
    assert response.status_code == 302, _errors(response)
    assert SourceMention.objects.get(source__headline="Thi tuyển").document == other


def test_new_title_only_document_end_to_end(admin_client, seed):
    btv = IssuingBody.objects.get(name="Ban Thường vụ Thành ủy Hà Nội")
    text = (
        "Ngày 3/3, Ban Thường vụ Thành ủy Hà Nội ban hành Đề án của Ban Thường vụ Thành ủy Hà "
        "Nội về phát triển đội ngũ cán bộ trẻ cấp xã giai đoạn 2025-2030."
    )
    response = _analyse(admin_client, text, publisher="HNM", headline="Cán bộ trẻ")
    (item,) = response.context["analysis"].items
    assert (item.kind, item.status, item.doc_type, item.body) == ("title", NEW, "de_an", btv.pk)
    assert item.label == "Đề án về phát triển đội ngũ cán bộ trẻ cấp xã giai đoạn 2025-2030"
    data = _form_data(response)
    assert data["items-0-title"] == "Về phát triển đội ngũ cán bộ trẻ cấp xã giai đoạn 2025-2030"
    assert data["items-0-symbol"] == ""
    data.update({"items-0-create": "on", "action": "confirm"})
    before = _counts()
    response = admin_client.post(reverse(URL_NAME), data)
    assert response.status_code == 302, _errors(response)
    doc = Document.objects.get(title="Về phát triển đội ngũ cán bộ trẻ cấp xã giai đoạn 2025-2030")
    assert (doc.doc_type, doc.symbol, doc.issuing_body, doc.known_by_reference) == (
        "de_an",
        "",
        btv,
        True,
    )
    assert _counts() == (before[0] + 1, before[1] + 1, before[2] + 1, before[3])
    response = admin_client.post(reverse(URL_NAME), data)  # the same confirmation again
    assert response.status_code == 302 and _counts() == (before[0] + 1, *_counts()[1:])
    (item,) = analyse_article(text).items
    assert (item.status, item.document) == (MATCHED, doc.pk)


# --- pure helpers ------------------------------------------------------------------------------


def _links(text):
    refs = find_references(text)
    items, ref_item = group_references(refs)
    return [
        (items[p.from_item].symbol, p.kind, items[p.to_item].symbol)
        for p in propose_links(text, refs, ref_item)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kế hoạch số 5-KH/TU tiếp tục thực hiện Nghị quyết số 4-NQ/TU và Quy định số 7-QĐ/TU.",
            [("5-KH/TU", "continues", "4-NQ/TU"), ("5-KH/TU", "continues", "7-QĐ/TU")],
        ),
        (
            "Kế hoạch số 5-KH/TU để triển khai Nghị quyết số 4-NQ/TU.",
            [("5-KH/TU", "implements", "4-NQ/TU")],
        ),
        (
            "Đề án số 9-ĐA/TU được phê duyệt tại Quyết định số 77-QĐ/TU.",
            [("77-QĐ/TU", "approves", "9-ĐA/TU")],
        ),
        (
            "Quyết định số 12/QĐ-UBND thay thế Quyết định số 3/QĐ-UBND.",
            [("12/QĐ-UBND", "replaces", "3/QĐ-UBND")],
        ),
        (
            "Nghị định số 29/2023/NĐ-CP sửa đổi, bổ sung Nghị định số 108/2014/NĐ-CP.",
            [("29/2023/NĐ-CP", "amends", "108/2014/NĐ-CP")],
        ),
        (
            "Căn cứ Nghị quyết số 4-NQ/TU, Ban Thường vụ ban hành Kế hoạch số 5-KH/TU.",
            [("5-KH/TU", "based_on", "4-NQ/TU")],
        ),
        ("Đề án số 34-ĐA/TU và Kế hoạch số 188-KH/TU được quán triệt.", []),
    ],
)
def test_link_proposals(text, expected):
    assert _links(text) == expected


def test_issuer_key_spells_out_abbreviations_and_drops_the_term():
    assert issuer_key("BTV Thành uỷ") == "ban thuong vu thanh uy"
    assert issuer_key("Thành ủy Hà Nội (khóa XVII)") == "thanh uy ha noi"
    assert issuer_key("Hội nghị Trung ương 6 Ban Chấp hành Trung ương Đảng khóa XII") == (
        "ban chap hanh trung uong dang"
    )
    assert issuer_key("UBND TP.HCM") == "uy ban nhan dan thanh pho ho chi minh"


def test_source_details_are_guessed_from_the_text():
    text = (SEEDS / "000_146bb89ece2b9b4e.txt").read_text(encoding="utf-8")
    assert guess_source_details(text) == {
        "publisher": "PLVN",
        "headline": "Hà Nội có thể triển khai thí điểm thi tuyển một số chức danh từ năm 2021",
    }
    text = (SEEDS / "001_51e7572fbbb138cc.txt").read_text(encoding="utf-8")
    assert guess_source_details(text)["publisher"] == "Tiền Phong"


def _errors(response) -> str:
    """The form errors of a re-rendered review page, for assertion messages."""
    context = response.context
    if context is None or "source_form" not in context:
        return response.content.decode()[:2000]
    return repr(
        [
            context.get("error"),
            context["source_form"].errors,
            context["item_formset"].errors,
            context["item_formset"].non_form_errors(),
            context["link_formset"].errors,
        ]
    )
