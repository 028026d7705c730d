"""Read a zip's members as their compressed bytes, and write a zip from such members.

Why by hand: `zipfile` can only write data it compresses itself, so copying a template's ten
unchanged parts into every output would inflate and deflate them again per document. Writing
the local headers and central directory ourselves lets those bytes be copied as they are. Only
what .docx needs: no zip64 (a document is far below 4 GB and 65,535 parts), no encryption.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_DOS_TIME, _DOS_DATE = 0, (2026 - 1980) << 9 | 1 << 5 | 1   # fixed: same input, same bytes
_UTF8 = 0x800


@dataclass(frozen=True)
class Member:
    name: str
    compressed: bytes
    crc: int
    size: int
    method: int  # zipfile.ZIP_DEFLATED or ZIP_STORED

    def data(self) -> bytes:
        if self.method == zipfile.ZIP_STORED:
            return self.compressed
        return zlib.decompress(self.compressed, -15)


def read_members(path: Path) -> list[Member]:
    raw = Path(path).read_bytes()
    members = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ValueError(f"{info.filename}: unsupported compression")
            name_length, extra_length = struct.unpack_from("<2H", raw, info.header_offset + 26)
            start = info.header_offset + 30 + name_length + extra_length
            members.append(Member(info.filename, raw[start:start + info.compress_size], info.CRC,
                                  info.file_size, info.compress_type))
    return members


def deflated(name: str, data: bytes, level: int = 6) -> Member:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Member(name, compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data),
                  zipfile.ZIP_DEFLATED)


def build(members: list[Member]) -> bytes:
    out, central = [], []
    offset = 0
    for member in members:
        name = member.name.encode("utf-8")
        flags = _UTF8 if not member.name.isascii() else 0
        header = _LOCAL.pack(b"PK\x03\x04", 20, flags, member.method, _DOS_TIME, _DOS_DATE, member.crc,
                             len(member.compressed), member.size, len(name), 0)
        out += [header, name, member.compressed]
        central.append(_CENTRAL.pack(b"PK\x01\x02", 20, 20, flags, member.method, _DOS_TIME, _DOS_DATE,
                                     member.crc, len(member.compressed), member.size, len(name), 0, 0, 0, 0,
                                     0, offset) + name)
        offset += len(header) + len(name) + len(member.compressed)
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(out) + directory + end
