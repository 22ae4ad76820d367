"""Stamping PDF: the mark at GB/T 9704's spot on page 1, or in the free top-left margin."""
from __future__ import annotations

from pathlib import Path

import pytest

from markers.marking import validate
from markers.stamp import StampError, stamp_file
from scanner.pipeline import carried_marking
from mark_fixtures import LETTER, MM, make_pdf, pymupdf, sha256_file

# Line 2 of the type area: 37 mm top margin, 22 lines in 225 mm.
LINE = 225 * MM / 22
LINE2 = (37 * MM + LINE, 37 * MM + 2 * LINE)


def visible_lines(page) -> dict[str, "pymupdf.Rect"]:
    """Each text line on the page and its box as the reader sees it (rotation applied)."""
    lines = {}
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", ()):
            text = "".join(span["text"] for span in line["spans"])
            lines[text] = pymupdf.Rect(line["bbox"]) * page.rotation_matrix
    return lines


def ink_box(page, clip: "pymupdf.Rect") -> "pymupdf.Rect":
    """Where dark pixels are inside ``clip`` (visible coordinates) on a 72 dpi rendering."""
    pixmap = page.get_pixmap(dpi=72, clip=clip)
    xs, ys = [], []
    for y in range(pixmap.height):
        for x in range(pixmap.width):
            if sum(pixmap.pixel(x, y)[:3]) < 300:
                xs.append(x)
                ys.append(y)
    assert xs, "nothing drawn there"
    return pymupdf.Rect(min(xs), min(ys), max(xs) + 1, max(ys) + 1) + (clip.x0, clip.y0, clip.x0, clip.y0)


def stamped_page(path: Path):
    return pymupdf.open(path)[0]


def test_a4_mark_sits_at_the_standard_position(tmp_path):
    source = make_pdf(tmp_path / "notice.pdf")
    before = sha256_file(source)
    original_text = pymupdf.open(source)[0].get_text()

    result = stamp_file(source, "秘密", "10年", copy_number=12)

    assert result.note is None
    assert sha256_file(source) == before
    page = stamped_page(result.output)
    lines = visible_lines(page)
    mark, copy = lines["秘密★10年"], lines["000012"]
    assert mark.x0 == pytest.approx(28 * MM, abs=0.5) and copy.x0 == pytest.approx(28 * MM, abs=0.5)
    assert LINE2[0] <= mark.y0 and mark.y1 <= LINE2[1]
    assert 37 * MM <= copy.y0 and copy.y1 <= LINE2[0]
    spans = [s for b in page.get_text("dict")["blocks"] for l in b.get("lines", ())
             for s in l["spans"] if s["text"] == "秘密★10年"]
    assert spans[0]["size"] == 16
    # The original text is all still there.
    for line in original_text.splitlines():
        assert line in page.get_text()
    # Pixels: the mark renders top left, inside line 2.
    ink = ink_box(page, pymupdf.Rect(0, 0, page.rect.width / 2, LINE2[1] + 5))
    assert ink.x0 == pytest.approx(28 * MM, abs=3)
    assert 37 * MM <= ink.y0 and ink.y1 <= LINE2[1] + 1
    page.get_pixmap(dpi=60).save(tmp_path / "a4.png")


def test_the_cjk_font_is_an_embedded_subset(tmp_path):
    result = stamp_file(make_pdf(tmp_path / "n.pdf"), "机密", "5年")
    document = pymupdf.open(result.output)
    embedded = [f for f in document.get_page_fonts(0, full=True) if f[1] == "ttf"]
    assert len(embedded) == 1
    xref, ext, _type, name = embedded[0][:4]
    assert name[6] == "+" and "Droid Sans Fallback" in name  # subset prefix ABCDEF+
    assert ext == "ttf"  # "n/a" would mean not embedded
    assert len(result.output.read_bytes()) < 60_000  # a subset, not the 3.5 MB font


def test_metadata_carries_the_marking(tmp_path):
    result = stamp_file(make_pdf(tmp_path / "n.pdf"), "秘密", "2030年6月30日", copy_number=1)
    assert carried_marking(result.output.read_bytes()) == (
        validate("秘密", "2030年6月30日"), "000001")
    document = pymupdf.open(result.output)
    info = int(document.xref_get_key(-1, "Info")[1].split()[0])
    assert document.xref_get_key(info, "BaomiLevel") == ("string", "秘密")
    assert document.xref_get_key(info, "BaomiTerm") == ("string", "2030年6月30日")
    assert document.xref_get_key(info, "BaomiCopyNumber") == ("string", "000001")


@pytest.mark.parametrize("occupant", ["text_at_mark_spot", "rule_at_mark_spot"])
def test_occupied_spot_moves_the_mark_into_the_margin(tmp_path, occupant):
    source = make_pdf(tmp_path / "n.pdf", **{occupant: True})
    original = pymupdf.open(source)[0]
    occupied = [pymupdf.Rect(w[:4]) for w in original.get_text("words")]
    occupied += [d["rect"] for d in original.get_drawings()]

    result = stamp_file(source, "秘密", "1年", copy_number=1)

    assert "margin" in result.note and "occupied" in result.note
    page = stamped_page(result.output)
    lines = visible_lines(page)
    for text in ("秘密★1年", "000001"):
        box = lines[text]
        assert box.x0 == pytest.approx(28 * MM, abs=0.5)
        assert box.y1 <= 37 * MM and box.y0 >= 5 * MM
        assert not any(box.intersects(r) for r in occupied)
    assert lines["000001"].y1 <= lines["秘密★1年"].y0 + 0.5


def test_letter_page_gets_the_mark_in_the_top_left_margin(tmp_path):
    result = stamp_file(make_pdf(tmp_path / "letter.pdf", size=LETTER), "机密", "20年")
    assert "not A4" in result.note
    page = stamped_page(result.output)
    box = visible_lines(page)["机密★20年"]
    assert box.x0 == pytest.approx(28 * MM, abs=0.5) and box.y1 <= 80 * MM - 22
    ink = ink_box(page, pymupdf.Rect(0, 0, page.rect.width / 2, page.rect.height / 4))
    assert ink.x0 < page.rect.width / 4


@pytest.mark.parametrize("size,rotation,standard", [
    (LETTER, 90, False),  # shown landscape
    ((841.89, 595.28), 90, True),  # a landscape media box shown as A4 portrait
    ((595.28, 841.89), 180, True),
])
def test_rotated_pages_are_marked_upright_at_the_visible_top_left(tmp_path, size, rotation, standard):
    result = stamp_file(make_pdf(tmp_path / "r.pdf", size=size, rotation=rotation), "秘密", "3年")
    assert (result.note is None) == standard
    page = stamped_page(result.output)
    box = visible_lines(page)["秘密★3年"]
    assert box.x0 == pytest.approx(28 * MM, abs=0.5)
    assert box.width > box.height  # reads horizontally as shown
    ink = ink_box(page, pymupdf.Rect(0, 0, page.rect.width / 2, page.rect.height / 3))
    assert ink.x0 == pytest.approx(28 * MM, abs=3)
    if standard:
        assert LINE2[0] <= ink.y0 and ink.y1 <= LINE2[1] + 1
    page.get_pixmap(dpi=40).save(tmp_path / f"rot{rotation}.png")


def test_encrypted_pdf_is_refused_and_nothing_written(tmp_path):
    source = make_pdf(tmp_path / "secret.pdf", encrypt=True)
    with pytest.raises(StampError, match="encrypted"):
        stamp_file(source, "秘密", "1年")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.pdf"]


def test_owner_password_pdf_stays_encrypted_and_its_permissions_are_obeyed(tmp_path):
    allowed = pymupdf.PDF_PERM_PRINT | pymupdf.PDF_PERM_MODIFY
    result = stamp_file(make_pdf(tmp_path / "ok.pdf", owner_permissions=allowed), "秘密", "1年")
    stamped = pymupdf.open(result.output)
    assert stamped.metadata["encryption"] and stamped.permissions == pymupdf.open(result.input).permissions
    assert "秘密★1年" in stamped[0].get_text()

    locked = make_pdf(tmp_path / "locked.pdf", owner_permissions=pymupdf.PDF_PERM_PRINT)
    with pytest.raises(StampError, match="forbid modification"):
        stamp_file(locked, "秘密", "1年")


def test_a_page_with_no_free_top_left_is_refused(tmp_path):
    with pytest.raises(StampError, match="no free space"):
        stamp_file(make_pdf(tmp_path / "full.pdf", full_page=True), "秘密", "1年")


def test_force_removes_the_old_mark_text(tmp_path):
    first = stamp_file(make_pdf(tmp_path / "n.pdf"), "秘密", "1年", copy_number=1).output
    second = stamp_file(first, "绝密", "30年", output=tmp_path / "b.pdf", force=True).output
    text = stamped_page(second).get_text()
    assert "绝密★30年" in text and "秘密★1年" not in text and "000001" not in text
    assert "关于做好年度工作总结的通知" in text
