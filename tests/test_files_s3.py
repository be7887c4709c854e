"""Documents' files in S3-compatible object storage (django-storages), against a real S3
server started by the test run: moto in server mode on loopback, spoken to over HTTP by
boto3 exactly as a production bucket would be (no mocked client)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from file_samples import pdf_bytes
from moto.server import ThreadedMotoServer

from documents.models import DocumentFile

ROOT = Path(__file__).resolve().parents[1]
BUCKET = "van-ban-tep"
KEYS = {"S3_ACCESS_KEY_ID": "thu-nghiem", "S3_SECRET_ACCESS_KEY": "bi-mat-thu-nghiem"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                 aws_access_key_id=KEYS["S3_ACCESS_KEY_ID"],
                 aws_secret_access_key=KEYS["S3_SECRET_ACCESS_KEY"]).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


def settings_in_a_process(extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "FILE_STORAGE"))}
    env.update({"DJANGO_SETTINGS_MODULE": "catalogue.settings", "ENV_FILE": "/dev/null",
                "SECRET_KEY": "x" * 50, **extra})
    probe = ("import django; django.setup(); from django.conf import settings as s; "
             "d = s.STORAGES['default']; print(d['BACKEND'], d.get('OPTIONS', {}).get("
             "'bucket_name'), d.get('OPTIONS', {}).get('endpoint_url'))")
    return subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_s3_storage_is_configured_from_the_environment_and_fails_fast():
    missing = settings_in_a_process({"FILE_STORAGE": "s3", "S3_BUCKET": BUCKET})
    assert missing.returncode != 0
    assert "S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY" in missing.stderr
    wrong = settings_in_a_process({"FILE_STORAGE": "ftp"})
    assert wrong.returncode != 0 and "FILE_STORAGE must be" in wrong.stderr
    good = settings_in_a_process({"FILE_STORAGE": "s3", "S3_BUCKET": BUCKET, **KEYS,
                                  "S3_ENDPOINT_URL": "http://127.0.0.1:9000"})
    assert good.returncode == 0, good.stderr
    assert good.stdout.split() == ["storages.backends.s3.S3Storage", BUCKET,
                                   "http://127.0.0.1:9000"]
    default = settings_in_a_process({})
    assert default.stdout.split()[0] == "django.core.files.storage.FileSystemStorage"


def test_a_file_is_kept_in_the_bucket_and_downloaded_from_it(s3_endpoint, settings, docs,
                                                             client):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": s3_endpoint,
                    "region_name": "us-east-1", "access_key": KEYS["S3_ACCESS_KEY_ID"],
                    "secret_key": KEYS["S3_SECRET_ACCESS_KEY"], "location": "catalogue",
                    "default_acl": None, "file_overwrite": False},
    }}
    content = pdf_bytes(pages=4)
    kept = DocumentFile(document=docs["da34"], kind="signed_original",
                        file=SimpleUploadedFile("Đề án 34.pdf", content))
    kept.full_clean()
    kept.save()
    assert kept.file.storage.__class__.__name__ == "S3Storage"
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                      aws_access_key_id=KEYS["S3_ACCESS_KEY_ID"],
                      aws_secret_access_key=KEYS["S3_SECRET_ACCESS_KEY"])
    stored = s3.get_object(Bucket=BUCKET, Key=f"catalogue/{kept.file.name}")["Body"].read()
    assert stored == content and kept.page_count == 4
    response = client.get(kept.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert "filename*=utf-8''" in response["Content-Disposition"]
    s3.delete_object(Bucket=BUCKET, Key=f"catalogue/{kept.file.name}")
    assert client.get(kept.get_absolute_url()).status_code == 404
