"""Valid files of every format baomi reads, as seeds for the fuzz test and bench/fuzz_scan.py."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from conftest import write_docx, write_pdf

PARAGRAPHS = ["秘密★1年", "关于做好春季森林防火工作的通知", "拟提拔周海峰同志任局长，尚未公示，请严格保密。"]


def seeds(folder: Path) -> dict[str, bytes]:
    from ole_fixtures import write_doc
    from test_extract_web import write_ofd

    docx = write_docx(folder / "seed.docx", PARAGRAPHS, header="办公室",
                      table=[["密级", "秘密"]]).read_bytes()
    pdf = write_pdf(folder / "seed.pdf", PARAGRAPHS).read_bytes()
    html = ("<html><head><meta charset='utf-8'><title>通知</title></head><body><!-- 备注 -->"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</body></html>").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("通知.docx", docx)
        zf.writestr("说明.txt", "\n\n".join(PARAGRAPHS).encode("gbk"))
    ofd = write_ofd([(p, 28, 37 + 8 * i) for i, p in enumerate(PARAGRAPHS)])
    return {"docx": docx, "pdf": pdf, "html": html, "zip": buf.getvalue(), "ofd": ofd,
            "doc": write_doc(PARAGRAPHS, comments=["请阅"])}
