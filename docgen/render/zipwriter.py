"""Read a zip's members as their compressed bytes, and write a zip from such members.

Why by hand: `zipfile` can only write data it compresses itself, so copying a template's ten
unchanged parts into every output would inflate and deflate them again per document. Writing
the local headers and central directory ourselves lets those bytes be copied as they are. Only
what .docx needs: no zip64 (a document is far below 4 GB and 65,535 parts), no encryption.
"""

from __future__ import annotations

import io
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache

_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_OFFSET = struct.Struct("<L")
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


def read_members(raw: bytes) -> list[Member]:
    """The members of the zip `raw`, each as its compressed bytes."""
    members = []
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for info in archive.infolist():
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ValueError(f"{info.filename}: unsupported compression")
            name_length, extra_length = struct.unpack_from("<2H", raw, info.header_offset + 26)
            start = info.header_offset + 30 + name_length + extra_length
            members.append(Member(info.filename, raw[start:start + info.compress_size], info.CRC,
                                  info.file_size, info.compress_type))
    return members


SMALL_PART = 24 * 1024    # a one- or two-page document's XML


def deflated(name: str, data: bytes, level: int | None = None) -> Member:
    """`data` deflated. For a small part most of zlib's time is setting up its tables, not
    compressing: the window is cut to the data's size (the same output), and level 3 with smaller
    tables is used below SMALL_PART (≈ 2.5× faster for a decision; its file 1 % larger). Larger
    parts keep level 6: for a plan, level 3 would grow the file by 5 %."""
    compressor = zlib.compressobj(*_parameters(len(data), level))
    return Member(name, compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data),
                  zipfile.ZIP_DEFLATED)


def _parameters(size: int, level: int | None = None) -> tuple[int, int, int, int]:
    small = size <= SMALL_PART
    level = level if level is not None else 3 if small else 6
    window = min(15, max(9, (size - 1).bit_length()))
    return level, zlib.DEFLATED, -window, 5 if small else 8


class Prefixed:
    """Parts that start with the same bytes — a batch's document.xml up to the row's first value —
    deflated from a compressor that has already taken those bytes. zlib's output does not depend on
    how its input is cut, so a part comes out as `deflated` makes it, for the part sizes that choose
    the same parameters (others are deflated whole)."""

    def __init__(self, name: str, prefix: bytes, size: int):
        self.name, self.prefix, self.parameters = name, prefix, _parameters(size)
        self._compressor = zlib.compressobj(*self.parameters)
        self._head = self._compressor.compress(prefix)
        self._crc = zlib.crc32(prefix)

    def deflated(self, data: bytes) -> Member:
        if _parameters(len(data)) != self.parameters or not data.startswith(self.prefix):
            return deflated(self.name, data)
        rest = memoryview(data)[len(self.prefix):]
        compressor = self._compressor.copy()
        return Member(self.name, self._head + compressor.compress(rest) + compressor.flush(),
                      zlib.crc32(rest, self._crc), len(data), zipfile.ZIP_DEFLATED)


def stored(name: str, data: bytes) -> Member:
    return Member(name, data, zlib.crc32(data), len(data), zipfile.ZIP_STORED)


_LIMIT = 0xFFFFFFFF   # a size or offset at or above it moves into a zip64 extra field


def _records(name: str, method: int, crc: int, compressed: int, size: int, offset: int,
             version: int) -> tuple[bytes, bytes]:
    """A member's local header (name included) and its central-directory record."""
    encoded = name.encode("utf-8")
    flags = 0 if name.isascii() else _UTF8
    big = compressed >= _LIMIT or size >= _LIMIT
    local_extra = struct.pack("<2H2Q", 0x0001, 16, size, compressed) if big else b""
    wide = ([size, compressed] if big else []) + ([offset] if offset >= _LIMIT else [])
    central_extra = struct.pack(f"<2H{len(wide)}Q", 0x0001, 8 * len(wide), *wide) if wide else b""
    if wide:
        version = 45
    compressed32, size32, offset32 = min(compressed, _LIMIT), min(size, _LIMIT), min(offset, _LIMIT)
    local = _LOCAL.pack(b"PK\x03\x04", version, flags, method, _DOS_TIME, _DOS_DATE, crc, compressed32, size32,
                        len(encoded), len(local_extra)) + encoded + local_extra
    central = _CENTRAL.pack(b"PK\x01\x02", version, version, flags, method, _DOS_TIME, _DOS_DATE, crc,
                            compressed32, size32, len(encoded), len(central_extra), 0, 0, 0, 0,
                            offset32) + encoded + central_extra
    return local, central


def _end(count: int, size: int, start: int) -> bytes:
    """The end of the central directory, with the zip64 records when the archive needs them."""
    end = b""
    if count >= 0xFFFF or start >= _LIMIT or size >= _LIMIT:
        end = (struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, start)
               + struct.pack("<4sLQL", b"PK\x06\x07", 0, start + size, 1))
    return end + _END.pack(b"PK\x05\x06", 0, 0, min(count, 0xFFFF), min(count, 0xFFFF),
                           min(size, _LIMIT), min(start, _LIMIT), 0)


_OFFSET_AT = _CENTRAL.size - 4      # the central record's last field: where the member starts


@lru_cache(maxsize=4096)
def _small_records(name: str, method: int, crc: int, compressed: int, size: int) -> tuple[bytes, bytes, bytes]:
    """A member's local header and its central record around the offset field: a template's unchanged
    parts are the same in every document of a batch, only where they start moves."""
    local, central = _records(name, method, crc, compressed, size, 0, 20)
    return local, central[:_OFFSET_AT], central[_OFFSET_AT + 4:]


def build(members: list[Member]) -> bytes:
    """A whole .docx in memory (a document is far below the zip64 limits)."""
    out, central = [], []
    offset = 0
    pack = _OFFSET.pack
    for member in members:
        compressed = member.compressed
        local, before, after = _small_records(member.name, member.method, member.crc, len(compressed), member.size)
        out.append(local)
        out.append(compressed)
        central += (before, pack(offset), after)
        offset += len(local) + len(compressed)
    directory = b"".join(central)
    out.append(directory)
    out.append(_end(len(members), len(directory), offset))
    return b"".join(out)


class DeflateSpool:
    """One part deflated as it is written, into an anonymous temporary file: the document.xml of
    100,000 merged decisions is gigabytes of XML but tens of megabytes deflated, and never needs
    to be in memory at once. Level 6 and a full window, as `deflated` uses for a large part."""

    def __init__(self, name: str, level: int = 6):
        self.name = name
        self.file = tempfile.TemporaryFile()
        self._compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        self.crc = 0
        self.size = 0
        self.compressed_size = 0

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        self._out(self._compressor.compress(data))

    def finish(self) -> None:
        self._out(self._compressor.flush())
        self.file.seek(0)

    def _out(self, chunk: bytes) -> None:
        if chunk:
            self.file.write(chunk)
            self.compressed_size += len(chunk)

    def close(self) -> None:
        self.file.close()


_COPY_CHUNK = 1 << 20


class StreamingZip:
    """A zip archive written member by member to a stream, for a whole batch of documents or one
    merged document.

    `zipfile` keeps a ZipInfo object (~0.5 KB) per entry until it closes; 100,000 documents would
    hold 50 MB for nothing. Here each central-directory record is kept as its ~100 packed bytes.
    Documents are stored (a .docx is already compressed); zip64 records are added when the archive
    passes 65,535 entries or 4 GB, as `zipfile` and every archiver read them.
    """

    def __init__(self, stream, version: int = 45):
        self.stream = stream
        self.version = version
        self.offset = 0
        self.central: list[bytes] = []

    def add(self, name: str, data: bytes) -> None:
        self.add_member(stored(name, data))

    def add_member(self, member: Member) -> None:
        self._header(member.name, member.method, member.crc, len(member.compressed), member.size)
        self.stream.write(member.compressed)
        self.offset += len(member.compressed)

    def add_spool(self, spool: DeflateSpool) -> None:
        self._header(spool.name, zipfile.ZIP_DEFLATED, spool.crc, spool.compressed_size, spool.size)
        while chunk := spool.file.read(_COPY_CHUNK):
            self.stream.write(chunk)
        self.offset += spool.compressed_size

    def _header(self, name: str, method: int, crc: int, compressed: int, size: int) -> None:
        local, record = _records(name, method, crc, compressed, size, self.offset, self.version)
        self.stream.write(local)
        self.offset += len(local)
        self.central.append(record)

    def close(self) -> None:
        directory = b"".join(self.central)
        self.stream.write(directory)
        self.stream.write(_end(len(self.central), len(directory), self.offset))
        self.central = []
