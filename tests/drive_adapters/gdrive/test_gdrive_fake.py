"""The fake Drive enforces Drive's rules when driven by the unmodified google-api-python-client."""

from __future__ import annotations

import json
from typing import Any

import httplib2
import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload

from drive_adapters.gdrive.transport import Connection, ServiceFactory
from tests.fakes.drive_server import FOLDER, FakeDriveServer, split_multipart


def services(server: FakeDriveServer) -> ServiceFactory:
    return ServiceFactory(Connection(None, server.api_endpoint, str(server.ca_path)))


def reason(error: HttpError) -> str:
    return str(json.loads(error.content)["error"]["errors"][0]["reason"])


def shared_id(server: FakeDriveServer) -> str:
    return next(iter(server.drive.drives))


def create(files: Any, parent: str, name: str, mime: str = "text/plain") -> dict[str, Any]:
    body = {"name": name, "parents": [parent], "mimeType": mime}
    return dict(files.create(body=body, fields="id,name,parents", supportsAllDrives=True).execute())


def test_duplicate_names_are_allowed_and_items_keep_one_parent(fake: FakeDriveServer) -> None:
    files = services(fake).files()
    root = shared_id(fake)
    a = create(files, root, "Notulen.docx")
    b = create(files, root, "Notulen.docx")
    assert a["id"] != b["id"]
    assert fake.drive.duplicate_names(root) == ["Notulen.docx"]
    folder = create(files, root, "MR", FOLDER)
    with pytest.raises(HttpError) as info:  # a second parent, without removing the first
        files.update(fileId=a["id"], addParents=folder["id"], supportsAllDrives=True).execute()
    assert info.value.resp.status == 403 and reason(info.value) == "cannotAddParent"


def test_shared_drive_items_are_invisible_without_supports_all_drives(
    fake: FakeDriveServer,
) -> None:
    files = services(fake).files()
    item = create(files, shared_id(fake), "x.txt")
    with pytest.raises(HttpError) as info:
        files.get(fileId=item["id"]).execute()
    assert info.value.resp.status == 404 and reason(info.value) == "notFound"
    assert files.get(fileId=item["id"], supportsAllDrives=True).execute()["id"] == item["id"]


def test_without_fields_a_file_has_only_kind_id_name_and_mime_type(fake: FakeDriveServer) -> None:
    files = services(fake).files()
    item = create(files, shared_id(fake), "x.txt")
    got = files.get(fileId=item["id"], supportsAllDrives=True).execute()
    assert set(got) == {"kind", "id", "name", "mimeType"}


def test_depth_and_item_limits_answer_drives_reasons(fake_factory: Any) -> None:
    server, ids = fake_factory(item_limit=3, depth_limit=2)
    files = services(server).files()
    root = next(iter(ids.values()))
    level1 = create(files, root, "1", FOLDER)
    level2 = create(files, level1["id"], "2", FOLDER)
    with pytest.raises(HttpError) as deep:
        create(files, level2["id"], "3", FOLDER)
    assert reason(deep.value) == "teamDriveHierarchyTooDeep"
    create(files, root, "file.txt")
    with pytest.raises(HttpError) as full:
        create(files, root, "one too many.txt")
    assert reason(full.value) == "teamDriveFileLimitExceeded"


def test_resumable_session_enforces_256k_chunks_and_reports_range(fake: FakeDriveServer) -> None:
    factory = services(fake)
    http = factory.http()
    media = MediaInMemoryUpload(
        b"x" * 600_000, "application/octet-stream", resumable=True, chunksize=256 * 1024
    )
    request = factory.files().create(
        body={"name": "big.bin", "parents": [shared_id(fake)]},
        media_body=media,
        fields="id,size,md5Checksum",
        supportsAllDrives=True,
    )
    status, done = request.next_chunk()
    assert done is None and status.resumable_progress == 256 * 1024
    uri = request.resumable_uri
    resp, _ = http.request(uri, "PUT", headers={"Content-Range": "bytes */600000"})
    assert resp.status == 308 and resp["range"] == f"bytes=0-{256 * 1024 - 1}"
    odd = b"y" * 1000  # not a multiple of 256 KiB and not the last chunk
    resp, _content = http.request(
        uri,
        "PUT",
        body=odd,
        headers={"Content-Range": f"bytes {256 * 1024}-{256 * 1024 + 999}/600000"},
    )
    assert resp.status == 400
    while done is None:
        status, done = request.next_chunk()
    assert done["size"] == "600000"


def test_batch_holds_at_most_100_calls(fake: FakeDriveServer) -> None:
    factory = services(fake)
    answers: dict[str, Any] = {}

    def collect(request_id: str, response: Any, exception: Any) -> None:
        answers[request_id] = exception or response

    batch = factory.batch(collect)
    batch._batch_size_limit = 1000
    for n in range(101):
        batch.add(factory.files().generateIds(count=1), request_id=str(n))
    with pytest.raises(HttpError) as info:
        batch.execute(http=factory.http())
    assert info.value.resp.status == 400
    small = factory.batch(collect)
    for n in range(3):
        small.add(factory.files().generateIds(count=1), request_id=f"ok{n}")
    small.execute(http=factory.http())
    assert all(len(answers[f"ok{n}"]["ids"]) == 1 for n in range(3))


def test_multipart_split_keeps_a_trailing_carriage_return() -> None:
    body = b'--b\n\n{"name": "x"}\n--b\nContent-Type: a/b\n\nline\r\n--b--'
    parts = split_multipart(body, "b")
    assert parts[1][1] == b"line\r"


def test_long_queries_arrive_as_post_with_method_override(fake: FakeDriveServer) -> None:
    files = services(fake).files()
    root = shared_id(fake)
    create(files, root, "needle.txt")
    filler = " or ".join(f"name = 'nothing-{n:04d}'" for n in range(120))
    query = f"'{root}' in parents and (name = 'needle.txt' or {filler})"
    got = files.list(
        q=query,
        corpora="drive",
        driveId=root,
        supportsAllDrives=True,
        includeItemsFromAllDrives=True,
        fields="files(name)",
    ).execute()
    assert [f["name"] for f in got["files"]] == ["needle.txt"]
    assert not fake.drive.bugs


def test_plain_http_never_reaches_the_fake(fake: FakeDriveServer) -> None:
    plain = httplib2.Http(timeout=5)
    with pytest.raises(Exception):  # noqa: B017 - any failure: the fake only speaks TLS
        plain.request(fake.url.replace("https", "http") + "/drive/v3/about")
