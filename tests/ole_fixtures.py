"""Builders for OLE2 compound files (legacy .doc, the wrappers Office puts around embedded
objects). olefile reads but cannot create them, so this writes the format (MS-CFB v3)
directly: 512-byte sectors, every stream padded to the 4096-byte mini-stream cutoff so all
data sits in regular sectors, directory entries chained as right siblings."""
from __future__ import annotations

import struct

SECTOR = 512
END_OF_CHAIN, FREE, FAT_SECTOR = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
MINI_CUTOFF = 4096


def _dir_entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", FREE, right, child) + b"\x00" * 36
            + struct.pack("<IQ", start, size))


def write_ole(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` (top-level names only)."""
    fat: list[int] = []
    data = b""
    entries = []
    for index, (name, content) in enumerate(streams.items(), 1):
        content = content.ljust(MINI_CUTOFF, b"\x00")
        sectors = -(-len(content) // SECTOR)
        start = len(fat)
        fat += [start + i + 1 for i in range(sectors - 1)] + [END_OF_CHAIN]
        data += content.ljust(sectors * SECTOR, b"\x00")
        right = index + 1 if index < len(streams) else FREE
        entries.append(_dir_entry(name, 2, right, FREE, start, len(content)))
    root = _dir_entry("Root Entry", 5, FREE, 1 if streams else FREE, END_OF_CHAIN, 0)
    directory = b"".join([root, *entries])
    directory = directory.ljust(-(-len(directory) // SECTOR) * SECTOR, b"\x00")
    dir_start = len(fat)
    dir_sectors = len(directory) // SECTOR
    fat += [dir_start + i + 1 for i in range(dir_sectors - 1)] + [END_OF_CHAIN]
    fat_sectors = -(-(len(fat) + 1) // (SECTOR // 4))
    fat_start = len(fat)
    fat += [FAT_SECTOR] * fat_sectors
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(fat_sectors * SECTOR, b"\xff")
    difat = [fat_start + i for i in range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIIII", 0, fat_sectors, dir_start, 0, MINI_CUTOFF,
                            END_OF_CHAIN, 0, END_OF_CHAIN, 0)
              + struct.pack("<109I", *difat))
    return header + data + directory + fat_bytes


def write_doc(body: list[str], comments: list[str] = (), encrypted: bool = False) -> bytes:
    """A Word 97 .doc: a FIB, the text as one UTF-16 piece, the piece table in 1Table."""
    body_text = "".join(p + "\r" for p in body)
    comment_text = "".join(p + "\r" for p in comments)
    text = body_text + comment_text
    fib = bytearray(0x800)
    struct.pack_into("<H", fib, 0, 0xA5EC)
    struct.pack_into("<H", fib, 0x0A, 0x0200 | (0x0100 if encrypted else 0))
    # ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn
    struct.pack_into("<5I", fib, 0x4C, len(body_text), 0, 0, 0, len(comment_text))
    plc = struct.pack("<II", 0, len(text)) + struct.pack("<HIH", 0, len(fib), 0)
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<II", fib, 0x1A2, 0, len(clx))
    word = bytes(fib) + text.encode("utf-16-le")
    return write_ole({"WordDocument": word, "1Table": clx})


def wrap_ole10native(name: str, payload: bytes) -> bytes:
    """An embedded file as Office wraps it (``\\x01Ole10Native``): label, original path,
    temp path, then the bytes. Names are ANSI (GBK on a Chinese system)."""
    label = name.encode("gbk") + b"\x00"
    path = ("C:\\Users\\user\\Desktop\\" + name).encode("gbk") + b"\x00"
    body = (b"\x02\x00" + label + path + b"\x00\x00\x03\x00" + struct.pack("<I", len(path))
            + path + struct.pack("<I", len(payload)) + payload)
    return write_ole({"\x01Ole10Native": struct.pack("<I", len(body)) + body})
