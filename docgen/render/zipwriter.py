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


class StreamingZip:
    """A zip archive written entry by entry to a file, for a whole batch of documents.

    `zipfile` keeps a ZipInfo object (~0.5 KB) per entry until it closes; 100,000 documents would
    hold 50 MB for nothing. Here each central-directory record is kept as its ~100 packed bytes.
    Entries are stored (a .docx is already compressed); zip64 records are added when the archive
    passes 65,535 entries or 4 GB, as `zipfile` and every archiver read them.
    """

    def __init__(self, stream):
        self.stream = stream
        self.offset = 0
        self.central: list[bytes] = []

    def add(self, name: str, data: bytes) -> None:
        encoded = name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8
        crc = zlib.crc32(data)
        if len(data) >= 0xFFFFFFFF:
            raise ValueError(f"{name}: a member over 4 GB is not supported")
        header = _LOCAL.pack(b"PK\x03\x04", 45, flags, zipfile.ZIP_STORED, _DOS_TIME, _DOS_DATE, crc,
                             len(data), len(data), len(encoded), 0)
        self.stream.write(header + encoded)
        self.stream.write(data)
        extra = b""
        offset = self.offset
        if offset >= 0xFFFFFFFF:
            extra = struct.pack("<2HQ", 0x0001, 8, offset)
            offset = 0xFFFFFFFF
        self.central.append(_CENTRAL.pack(b"PK\x01\x02", 45, 45, flags, zipfile.ZIP_STORED, _DOS_TIME, _DOS_DATE,
                                          crc, len(data), len(data), len(encoded), len(extra), 0, 0, 0, 0,
                                          offset) + encoded + extra)
        self.offset += len(header) + len(encoded) + len(data)

    def close(self) -> None:
        start = self.offset
        directory = b"".join(self.central)
        self.stream.write(directory)
        count, size = len(self.central), len(directory)
        if count >= 0xFFFF or start >= 0xFFFFFFFF or size >= 0xFFFFFFFF:
            zip64_end = start + size
            self.stream.write(struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, start))
            self.stream.write(struct.pack("<4sLQL", b"PK\x06\x07", 0, zip64_end, 1))
        self.stream.write(_END.pack(b"PK\x05\x06", 0, 0, min(count, 0xFFFF), min(count, 0xFFFF),
                                    min(size, 0xFFFFFFFF), min(start, 0xFFFFFFFF), 0))
        self.central = []
