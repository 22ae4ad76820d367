"""Property: whatever bytes arrive, ``scan_bytes`` returns a verdict and never raises.

Mutations of valid DOCX, PDF, HTML, zip, OFD and .doc files (flipped bytes, truncation,
spliced garbage) reach every reader's error paths. ``scan_bytes`` itself must not raise:
``scan_file``'s catch-all is the last net for a bug, not a way of reading bad input.
Short here (derandomized, so CI is reproducible); bench/fuzz_scan.py runs it long.
"""
from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fuzz_seeds import seeds  # noqa: E402
from scanner.model import Verdict  # noqa: E402
from scanner.pipeline import Settings, scan_bytes  # noqa: E402


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory):
    return seeds(tmp_path_factory.mktemp("seeds"))


@st.composite
def mutated(draw, seed_files: dict[str, bytes]) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(sorted(seed_files)))
    data = bytearray(seed_files[kind])
    for _ in range(draw(st.integers(0, 8))):
        pos = draw(st.integers(0, len(data) - 1))
        data[pos] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        start = draw(st.integers(0, len(data)))
        data[start:start] = draw(st.binary(max_size=64))
    if draw(st.integers(0, 3)) == 0:
        data = data[:draw(st.integers(0, len(data)))]
    return kind, bytes(data)


SCAN_SETTINGS = Settings()


def test_mutated_files_always_get_a_verdict(seed_files):
    @settings(max_examples=50, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(mutated(seed_files))
    def check(case):
        kind, data = case
        result = scan_bytes(data, f"fuzz.{kind}", SCAN_SETTINGS)
        assert result.verdict in set(Verdict)
        if result.errors:
            assert result.verdict is not Verdict.PASS

    check()


def test_corrupt_deflate_stream_in_content_types_is_review(tmp_path):
    """Found by bench/fuzz_scan.py: sniffing read [Content_Types].xml and let zlib.error out."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types>" + "<Default Extension='xml'/>" * 50
                    + "</Types>")
        zf.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buf.getvalue())
    start = 30 + len("[Content_Types].xml")
    data[start + 2:start + 12] = b"\xff" * 10
    result = scan_bytes(bytes(data), "bad.docx", SCAN_SETTINGS)
    assert result.verdict is Verdict.REVIEW and result.errors
