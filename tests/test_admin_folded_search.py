"""Every admin search and every autocomplete finds words typed without diacritics, as the
public search does: "tien phong" finds the source of "Tiền Phong", "ra soat" its headline
"Rà soát…" — so an admin in a hurry finds what exists instead of entering it twice.

The cases are checked against the admin site's registry: an admin registered tomorrow
without a case here fails ``test_every_searchable_admin_has_a_case``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from file_samples import pdf_bytes

from documents.admin.search import FOLD_FROM, FOLD_TO
from documents.domain.vietnamese import fold
from documents.models import (
    DocumentFile,
    DocumentLink,
    DocumentText,
    Event,
    ExtractionJob,
    Figure,
    Indicator,
    Source,
    StatusStatement,
    Target,
    Topic,
)


@pytest.fixture
def found(rich, places, bodies, docs):
    """label → (query without diacritics, the objects it must find, exactly)."""
    tien_phong = Source.objects.create(kind="news", publisher="Tiền Phong",
                                       headline="Rà soát quy hoạch cán bộ")
    statement = StatusStatement.objects.create(
        document=rich["qd"], status="in_force", as_of=dt.date(2025, 2, 1), source=tien_phong,
        quote="Quyết định tiếp tục được thực hiện.")
    file = DocumentFile(document=docs["da34"],
                        file=SimpleUploadedFile("Quyết định phê duyệt.pdf", pdf_bytes()))
    file.full_clean()
    file.save()
    # the file's text (made when the file was saved: its extraction is queued)
    file_text, _made = DocumentText.objects.get_or_create(file=file,
                                                         defaults={"document": docs["da34"]})
    job = ExtractionJob.objects.create(document_text=file_text, status="failed",
                                       error="Không đọc được tệp PDF: tệp bị hỏng.")
    group = Group.objects.create(name="Biên tập viên")
    user = User.objects.create_user("bientap", first_name="Nguyễn Thị", last_name="Đào")
    attempt = {"user_agent": "Trình duyệt", "ip_address": "10.0.0.1", "username": "nhập liệu",
               "http_accept": "*/*", "path_info": "/quan-tri/"}
    return {
        "documents.Document": ("dao tao boi duong", [docs["da34"]]),
        "documents.DocumentLink": ("tap trung xay dung", list(DocumentLink.objects.all())),
        "documents.Locality": ("viet hung", [places["viet_hung"]]),
        "documents.IssuingBody": ("ban thuong vu", [bodies["btv"]]),
        "documents.Term": ("khoa xvii", [bodies["xvii"]]),
        "documents.Person": ("phan van mai", [rich["signer"]]),
        "documents.Topic": ("thi tuyen", list(Topic.objects.all())),
        "documents.Indicator": ("duoi 35 tuoi", list(Indicator.objects.all())),
        "documents.Target": ("dao tao boi duong", list(Target.objects.all())),
        "documents.Figure": ("ty le can bo duoi", list(Figure.objects.all())),
        # words of the publisher and of the headline together
        "documents.Source": ("tien phong ra soat", [tien_phong]),
        "documents.Event": ("hoi nghi thanh uy", list(Event.objects.all())),
        "documents.StatusStatement": ("tiep tuc duoc thuc hien", [statement]),
        "documents.DocumentFile": ("quyet dinh phe duyet", [file]),
        "documents.DocumentText": ("quyet dinh phe duyet", [file_text]),
        "documents.ExtractionJob": ("khong doc duoc tep", [job]),
        "auth.Group": ("bien tap", [group]),
        "auth.User": ("nguyen dao", [user]),
        "axes.AccessAttempt": ("nhap lieu", [AccessAttempt.objects.create(
            **attempt, get_data="", post_data="", failures_since_start=1)]),
        "axes.AccessLog": ("nhap lieu", [AccessLog.objects.create(**attempt)]),
        "axes.AccessFailureLog": ("nhap lieu", [AccessFailureLog.objects.create(**attempt)]),
    }


def _searchable() -> dict[str, type]:
    return {model._meta.label: model for model, model_admin in admin.site._registry.items()
            if model_admin.search_fields}


def test_every_searchable_admin_has_a_case(found):
    assert set(found) == set(_searchable())


@pytest.mark.parametrize("label", sorted(_searchable()))
def test_each_changelist_search_finds_words_without_diacritics(admin_client, found, label):
    query, expected = found[label]
    model = _searchable()[label]
    address = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = admin_client.get(address, {"q": query})
    assert response.status_code == 200
    assert sorted(o.pk for o in response.context["cl"].result_list) == sorted(
        o.pk for o in expected)
    # and nothing for a word none of them has
    response = admin_client.get(address, {"q": f"{query} khongcotu"})
    assert list(response.context["cl"].result_list) == []


def _autocomplete_fields():
    """(app_label, model_name, field_name, label of the model it offers) of every
    autocomplete box: on every admin page and in its inlines."""
    for model, model_admin in admin.site._registry.items():
        holders = [(model, model_admin)] + [
            (inline.model, inline(model, admin.site)) for inline in model_admin.inlines]
        for holder, holder_admin in holders:
            for name in holder_admin.autocomplete_fields:
                remote = holder._meta.get_field(name).related_model
                yield (holder._meta.app_label, holder._meta.model_name, name,
                       remote._meta.label)


@pytest.mark.parametrize("app_label,model_name,field_name,label",
                         sorted(set(_autocomplete_fields())))
def test_each_autocomplete_finds_words_without_diacritics(admin_client, found, app_label,
                                                          model_name, field_name, label):
    query, expected = found[label]
    response = admin_client.get(reverse("admin:autocomplete"), {
        "app_label": app_label, "model_name": model_name, "field_name": field_name,
        "term": query})
    assert response.status_code == 200
    ids = {int(result["id"]) for result in response.json()["results"]}
    assert {o.pk for o in expected} <= ids


def test_the_sources_autocomplete_finds_tien_phong_by_each_word(admin_client, found):
    for term in ("tien phong", "ra soat", "TIEN PHONG", "Tiền Phong", "Tiên Phong"):
        response = admin_client.get(reverse("admin:autocomplete"), {
            "app_label": "documents", "model_name": "target", "field_name": "source",
            "term": term})
        assert [r["text"] for r in response.json()["results"]] == [
            str(found["documents.Source"][1][0])], term


def test_the_database_folds_as_python_does(db):
    text = "Tiền Phong – RÀ SOÁT Thành uỷ ĐỒNG ĐÀ Ðà ƯỚC ờ ẫ ỹ"
    decomposed = "Tie\u0302\u0300n Phong"  # stored without NFC
    with connection.cursor() as cursor:
        cursor.execute("SELECT lower(translate(%s, %s, %s)), lower(translate(%s, %s, %s))",
                       [text, FOLD_FROM, FOLD_TO, decomposed, FOLD_FROM, FOLD_TO])
        folded_text, folded_decomposed = cursor.fetchone()
    assert folded_text == fold(text)
    assert folded_decomposed == "tien phong"


def test_the_users_search_by_ip_address_still_works(admin_client, found):
    response = admin_client.get(reverse("admin:axes_accessattempt_changelist"),
                                {"q": "10.0.0.1"})
    assert len(response.context["cl"].result_list) == 1
