"""A full disk under the media directory while uploading (issue 18, point 4): a clear Chinese
error to the uploader, nothing half-written (no part of the file in media, no row pointing to a
file that is not there).

The disk is real: a 1 MB tmpfs mounted on the test's media directory (root only; skipped
otherwise), and files larger than it. The default storage is gongkai/storage.py's
AtomicFileSystemStorage, as settings.py names it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse

from gongkai import urls as site_urls
from gongkai.publishing import services
from gongkai.publishing.models import Attachment, Item
from gongkai.storage import AtomicFileSystemStorage, StorageFull
from tests.foi.conftest import CITIZEN  # the FOI tests' applicant

SPACE = "1m"
TOO_BIG = 3 * 1024 * 1024
FULL_MESSAGE = "服务器存储空间已满"


def big_pdf(size: int = TOO_BIG) -> bytes:
    """A PDF larger than the disk: a comment line pads it (the upload check accepts it)."""
    return b"%PDF-1.4\n%" + b"0" * size + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def small_disk(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """MEDIA_ROOT on a tmpfs of SPACE, with the atomic storage as the default storage."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    media = tmp_path / "media"
    media.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", f"size={SPACE},mode=0700", "tmpfs", str(media)]
    mounted = subprocess.run(mount, check=False)  # noqa: S603
    if mounted.returncode != 0:
        pytest.skip("mount -t tmpfs is not allowed here")
    settings.MEDIA_ROOT = media
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "gongkai.storage.AtomicFileSystemStorage"}}
    try:
        yield media
    finally:
        subprocess.run(["umount", "-l", str(media)], check=False)  # noqa: S603, S607


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_the_storage_keeps_a_file_whole_or_not_at_all(small_disk: Path) -> None:
    storage = AtomicFileSystemStorage(location=small_disk, file_permissions_mode=0o600)
    with pytest.raises(StorageFull) as refused:
        storage.save("attachments/big.pdf", ContentFile(big_pdf()))
    assert FULL_MESSAGE in str(refused.value)
    assert files_under(small_disk) == []  # neither the name nor a temporary part
    storage.save("attachments/small.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))  # what fits is stored
    assert [p.name for p in files_under(small_disk)] == ["small.pdf"]


def test_the_storage_names_files_as_django_does(tmp_path: Path) -> None:
    """No disk needed: a taken name gets a new one (never replaced), the upload mode is kept,
    and with allow_overwrite the new content takes the name; no temporary file stays."""
    storage = AtomicFileSystemStorage(location=tmp_path, file_permissions_mode=0o600)
    first = storage.save("attachments/small.pdf", ContentFile(b"one"))
    second = storage.save("attachments/small.pdf", ContentFile(b"two"))
    assert first == "attachments/small.pdf" and second != first
    assert (tmp_path / first).read_bytes() == b"one" and (tmp_path / second).read_bytes() == b"two"
    assert oct((tmp_path / first).stat().st_mode & 0o777) == oct(0o600)
    overwriting = AtomicFileSystemStorage(location=tmp_path, allow_overwrite=True)
    assert overwriting.save(first, ContentFile(b"three")) == first
    assert (tmp_path / first).read_bytes() == b"three"
    assert sorted(p.name for p in files_under(tmp_path)) == sorted([Path(first).name, Path(second).name])


@pytest.fixture
def draft(editor_a: Any, unit_a: Any, site: Any) -> Item:
    return services.create_item(
        editor_a, unit_a, title="通知", formed_on=dt.date(2026, 9, 25), genre="notice", topic="civil"
    )


def test_a_workbench_upload_onto_a_full_disk_says_so_and_leaves_nothing(
    small_disk: Path, draft: Item, editor_a: Any, logged_in: Any
) -> None:
    editor = logged_in(editor_a)
    upload = SimpleUploadedFile("大附件.pdf", big_pdf())
    page = editor.post(reverse("workbench:attachment_add", args=[draft.pk]), {"file": upload}, follow=True)
    assert page.status_code == 200
    assert FULL_MESSAGE in page.content.decode()  # "附件未保存：服务器存储空间已满……"
    assert not Attachment.objects.filter(item=draft).exists()
    assert files_under(small_disk) == []
    # The disk is not broken: a file that fits is stored as before, and is there.
    editor.post(
        reverse("workbench:attachment_add", args=[draft.pk]), {"file": SimpleUploadedFile("小.pdf", big_pdf(1000))}
    )
    stored = Attachment.objects.get(item=draft)
    assert default_storage.exists(stored.file.name) and files_under(small_disk) == [small_disk / stored.file.name]


def test_an_api_upload_onto_a_full_disk_is_refused_in_the_error_shape(
    small_disk: Path, draft: Item, editor_a: Any, api_as: Any
) -> None:
    client = api_as(editor_a)
    response = client.client.post(
        f"/api/v1/items/{draft.pk}/attachments",
        {"file": SimpleUploadedFile("大附件.pdf", big_pdf())},
        headers=client.headers,
    )
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "file" and FULL_MESSAGE in body["detail"]
    assert not Attachment.objects.filter(item=draft).exists()
    assert files_under(small_disk) == []


# Any other view storing a file (an application's attachments …) that does not turn the full
# disk into a field error: the 503 page, never a 500 and never a traceback.
def _stores(request: HttpRequest) -> HttpResponse:
    default_storage.save("foi/attachments/big.pdf", ContentFile(big_pdf()))
    return HttpResponse("stored")


urlpatterns = [path("t/stores", _stores), *site_urls.urlpatterns]
handler500 = site_urls.handler500


@pytest.mark.urls("tests.ops.test_full_disk")
def test_a_full_disk_anywhere_else_is_the_503_page(small_disk: Path) -> None:
    response = Client(raise_request_exception=False).get("/t/stores")
    assert response.status_code == 503
    text = response.content.decode()
    assert "服务暂时不可用" in text and "存储空间已满" in text and "Traceback" not in text
    assert files_under(small_disk) == []


def test_the_file_cache_fails_open_on_a_full_disk(small_disk: Path) -> None:
    """Production without Redis keeps the page cache in files under the data directory: a full
    disk there must not turn every page into a 503 (the page cache writes on a reader's GET)."""
    from gongkai.cachebackend import FailOpenFileBasedCache

    cache = FailOpenFileBasedCache(str(small_disk / "cache"), {})
    cache.set("small", "kept")
    assert cache.get("small") == "kept"
    big = os.urandom(2 * 1024 * 1024)  # the file cache compresses what it keeps
    cache.set("page", big)  # no error: the page is simply not kept
    assert cache.add("other", big) is False
    assert cache.get("page") is None
    assert cache.get("small") == "kept"


def test_an_application_onto_a_full_disk_is_a_form_error_and_keeps_nothing(
    small_disk: Path, site: Any, unit_a: Any
) -> None:
    """The applicant sees the message on the form (what they typed stays there), no application
    is registered, and the file stored before the one that did not fit is removed too."""
    from django.core.exceptions import ValidationError

    from gongkai.foi import intake
    from gongkai.foi.models import Request

    files = [("标准.pdf", big_pdf(200 * 1024)), ("测算.pdf", big_pdf())]
    app = intake.Application(**{**CITIZEN, "unit_id": unit_a.pk, "files": files})
    with pytest.raises(ValidationError) as caught:
        intake.register(None, app)
    assert any(FULL_MESSAGE in message for message in caught.value.message_dict["files"])
    assert not Request.objects.exists()
    assert [path for path in small_disk.rglob("*") if path.is_file()] == []


def test_a_refused_second_file_leaves_no_first_file_behind(
    tmp_path: Path, settings: Any, site: Any, unit_a: Any
) -> None:
    """Every file is checked by content before any is stored: an application whose second file
    is refused stores neither (the form error rolls the rows back; no bytes stay without a row)."""
    from django.core.exceptions import ValidationError

    from gongkai.foi import intake
    from gongkai.foi.models import Request

    settings.MEDIA_ROOT = tmp_path / "media"
    files = [("身份证.pdf", big_pdf(10 * 1024)), ("程序.pdf", b"MZ\x90\x00 not a pdf at all")]
    app = intake.Application(**{**CITIZEN, "unit_id": unit_a.pk, "files": files})
    with pytest.raises(ValidationError) as caught:
        intake.register(None, app)
    assert "程序.pdf" in " ".join(caught.value.message_dict["files"])
    assert not Request.objects.exists()
    assert not (tmp_path / "media").exists() or [p for p in (tmp_path / "media").rglob("*") if p.is_file()] == []
