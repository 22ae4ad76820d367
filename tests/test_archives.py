"""Zip archives: members scanned as attachments named by their path; bombs refused."""
from __future__ import annotations

import io
import zipfile

from conftest import write_docx
from scanner.extract import archive
from scanner.model import Status, Verdict

SECRET = "拟提拔周海峰同志任局长，尚未公示，请严格保密。"


def zip_of(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_member_path_is_named_in_the_finding(tmp_path, scan):
    inner = write_docx(tmp_path / "inner.docx", ["秘密★1年", "关于某事项的通知"]).read_bytes()
    path = tmp_path / "upload.zip"
    path.write_bytes(zip_of({"通知/说明.txt": "请做好春季防火准备。".encode(),
                             "通知/附件/名单.txt": SECRET.encode("gbk"),
                             "通知/附件/通知.docx": inner}))
    result = scan(path)
    assert result.type == "zip" and result.status is Status.CLASSIFIED
    personnel = [f for f in result.findings if f.category == "personnel"]
    assert personnel[0].location.part == "attachment"
    assert personnel[0].detail["attachment"].startswith("通知/附件/名单.txt")


def test_clean_archive_passes_and_nested_archives_are_opened(tmp_path, scan):
    clean = tmp_path / "clean.zip"
    clean.write_bytes(zip_of({"a.txt": "请做好春季防火准备。".encode()}))
    assert scan(clean).verdict is Verdict.PASS
    nested = tmp_path / "nested.zip"
    nested.write_bytes(zip_of({"inner.zip": zip_of({"名单.txt": SECRET.encode()})}))
    assert scan(nested).status is Status.UNMARKED_SENSITIVE


def test_nesting_past_the_depth_limit_is_review(tmp_path, scan):
    data = zip_of({"名单.txt": "请做好春季防火准备。".encode()})
    for level in range(5):
        data = zip_of({f"level{level}.zip": data})
    path = tmp_path / "deep.zip"
    path.write_bytes(data)
    result = scan(path)
    assert result.verdict is Verdict.REVIEW and "levels deep" in " ".join(result.errors)


def test_gbk_member_names_from_chinese_windows_are_decoded(tmp_path, scan):
    # Names stored as raw GBK bytes without the UTF-8 flag, as Windows zips them.
    data = zip_of({"XXXX.txt": SECRET.encode("gbk")}).replace(b"XXXX.txt", "名单.txt".encode("gbk"))
    path = tmp_path / "win.zip"
    path.write_bytes(data)
    found = [f for f in scan(path).findings if f.category == "personnel"]
    assert found[0].detail["attachment"].startswith("名单.txt")


def test_zip_bomb_by_ratio_is_review_without_inflating(tmp_path, scan):
    path = tmp_path / "bomb.zip"
    path.write_bytes(zip_of({"zeros.txt": b"\x00" * (8 * 1024 * 1024)}))
    result = scan(path)
    assert result.verdict is Verdict.REVIEW and "zip bomb" in result.errors[0]


def test_too_many_members_and_too_large_total_are_review(tmp_path, scan, monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBERS", 3)
    path = tmp_path / "many.zip"
    path.write_bytes(zip_of({f"{i}.txt": b"ok" for i in range(5)}))
    assert "over the limit of 3" in scan(path).errors[0]
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 1000)
    path.write_bytes(zip_of({"big.txt": "春季防火".encode() * 200}))
    assert "inflates to" in scan(path).errors[0]


def test_member_lying_about_its_size_is_not_read(tmp_path, scan):
    """The central directory says 10 bytes; the stream inflates to far more."""
    data = bytearray(zip_of({"a.txt": b"A" * 5000}, zipfile.ZIP_DEFLATED))
    # Patch the uncompressed size in the local header and the central directory.
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = data.find(sig)
        data[pos + offset:pos + offset + 4] = (10).to_bytes(4, "little")
    path = tmp_path / "liar.zip"
    path.write_bytes(bytes(data))
    result = scan(path)
    assert result.verdict is Verdict.REVIEW and result.errors


def test_encrypted_member_is_review(tmp_path, scan):
    data = bytearray(zip_of({"名单.txt": SECRET.encode()}, zipfile.ZIP_STORED))
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = data.find(sig)
        data[pos + offset] |= 0x01  # general purpose flag bit 0: encrypted
    path = tmp_path / "locked.zip"
    path.write_bytes(bytes(data))
    result = scan(path)
    assert result.verdict is Verdict.REVIEW and "encrypted" in result.errors[0]


def test_7z_is_review_with_the_reason(tmp_path, scan):
    path = tmp_path / "files.7z"
    path.write_bytes(b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 64)
    result = scan(path)
    assert result.verdict is Verdict.REVIEW and "7z" in result.errors[0]


def test_zip_of_a_version_python_cannot_read_is_review(tmp_path, scan):
    """Found by bench/fuzz_scan.py: a central directory asking for zip version 14.5."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("通知.txt", "关于做好春季森林防火工作的通知".encode())
    data = bytearray(buf.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 6:central + 8] = (145).to_bytes(2, "little")  # version needed to extract
    path = tmp_path / "odd.zip"
    path.write_bytes(bytes(data))
    result = scan(path)
    assert (result.verdict.value, result.status.value) == ("review", "unreadable")
    assert any("zip file version" in e for e in result.errors), result.errors
