"""Write a .docx (a zip) from parts that are already deflated, or stored as they are.

`zipfile` deflates every part it is given. A report shares all but a handful of
its parts with its template (styles.xml alone is 350 KiB of XML), and its
pictures are PNGs, which are compressed already; deflating them again for every
report costs time and gains nothing. So parts are packed once (`pack`) and the
zip is laid out here: a local header and the packed bytes per part, then the
central directory. Only what the zip format requires is written (no zip64: a
report never comes near 4 GiB, and `write_package` refuses rather than write a
broken file).
"""

from __future__ import annotations

import struct
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["PackedPart", "pack", "store", "zip_bytes"]

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_VERSION = 20  # 2.0: deflate
_MADE_BY = (3 << 8) | _VERSION  # Unix, as zipfile writes on Linux
_FILE_MODE = 0o100644 << 16
_LIMIT = 0xFFFF_FFFF
DEFLATE_LEVEL = 6
"""zlib's default, the level zipfile and Word use: a third of level 1's size on report XML."""


@dataclass(frozen=True, slots=True)
class PackedPart:
    """One zip member ready to be written: its name and its bytes as they go into the file."""

    name: str
    data: bytes  # deflated (raw deflate, no zlib header) or stored
    crc: int
    size: int  # uncompressed
    deflated: bool


def pack(name: str, content: bytes, level: int = DEFLATE_LEVEL) -> PackedPart:
    """Deflate `content` as zipfile would, once, for any number of outputs."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return PackedPart(name, data, zlib.crc32(content), len(content), True)


def store(name: str, content: bytes) -> PackedPart:
    """Keep `content` as it is: for pictures, whose formats are compressed already."""
    return PackedPart(name, content, zlib.crc32(content), len(content), False)


def zip_bytes(parts: Sequence[PackedPart], when: float | None = None) -> bytes:
    """The whole zip file holding `parts` in order, each dated `when` (default: now)."""
    stamp = time.localtime(when)
    dos_time = (stamp.tm_hour << 11) | (stamp.tm_min << 5) | (stamp.tm_sec // 2)
    dos_date = ((max(stamp.tm_year, 1980) - 1980) << 9) | (stamp.tm_mon << 5) | stamp.tm_mday
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for part in parts:
        name = part.name.encode("utf-8")
        flags = 0 if part.name.isascii() else 0x800
        method = 8 if part.deflated else 0
        header = _LOCAL.pack(
            0x04034B50,
            _VERSION,
            flags,
            method,
            dos_time,
            dos_date,
            part.crc,
            len(part.data),
            part.size,
            len(name),
            0,
        )
        central.append(
            _CENTRAL.pack(
                0x02014B50,
                _MADE_BY,
                _VERSION,
                flags,
                method,
                dos_time,
                dos_date,
                part.crc,
                len(part.data),
                part.size,
                len(name),
                0,
                0,
                0,
                0,
                _FILE_MODE,
                offset,
            )
            + name
        )
        chunks += (header, name, part.data)
        offset += len(header) + len(name) + len(part.data)
        if offset > _LIMIT or part.size > _LIMIT:
            raise ValueError("ett Word-dokument över 4 GiB kan inte skrivas")
    directory = b"".join(central)
    if len(parts) > 0xFFFF or offset + len(directory) > _LIMIT:
        raise ValueError("ett Word-dokument över 4 GiB kan inte skrivas")
    end = _END.pack(0x06054B50, 0, 0, len(parts), len(parts), len(directory), offset, 0)
    return b"".join([*chunks, directory, end])
