"""docxtpl's patch of a template's parts into Jinja source, and each part's `flat` program, kept on
disk by the template's content.

Patching needs docxtpl, which imports python-docx, and opens the package with it: ≈ 60 ms of a
`docgen render` that otherwise takes a fraction of that; reducing a part to a flat program needs
Jinja's parser (≈ 20 ms to import). Both depend only on the template's bytes and docxtpl's and
Jinja's code, so they are computed once per template file and reused by every later process
(`$XDG_CACHE_HOME/docgen/mau/`, mode 0700; files of another user are ignored). A cache that cannot
be written or read is simply not used: it is never needed for a correct result.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import sys
from importlib.machinery import PathFinder
from pathlib import Path

from docgen.atomic import write_atomic
from docgen.render import flat, zipwriter

TEMPLATED = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")
_TAG = re.compile(rb"\{[{%#]")
FORMAT = 2      # what a cache file holds: raise it whenever TEMPLATED, _TAG, the patch or the reduction changes


def templated(member: zipwriter.Member, data: bytes) -> bool:
    return bool(TEMPLATED.match(member.name) and _TAG.search(data))


def _folder() -> Path | None:
    """The cache folder, or None where there is no usable one (no home folder, a relative setting)."""
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:             # no HOME and no passwd entry: a container's arbitrary user
        return None
    return base / "docgen" / "mau" if base.is_absolute() else None


def _key(template_bytes: bytes) -> str:
    digest = hashlib.sha256(template_bytes)
    digest.update(f"|docxtpl {_installed('docxtpl')}|jinja2 {_installed('jinja2')}|{_ours()}|{FORMAT}".encode())
    return digest.hexdigest()


def _ours() -> str:
    """docgen's own reduction (flat.py, sandbox.py): an edit or a new Python makes new programs."""
    here = Path(__file__).parent
    try:
        return ";".join(f"{(here / name).stat().st_size}:{(here / name).stat().st_mtime_ns}"
                        for name in ("flat.py", "sandbox.py")) + f";{sys.version_info[:2]}"
    except OSError:
        return "?"


def _installed(package: str) -> str:
    """Which version of `package` would do the work: its files' sizes and times (a new version or an
    edit changes them), found without importing it or `importlib.metadata` (≈ 10 ms of every render)."""
    spec = PathFinder.find_spec(package)
    try:
        if spec is not None and spec.origin and Path(spec.origin).is_file():
            return ";".join(f"{entry.name}:{entry.stat().st_size}:{entry.stat().st_mtime_ns}"
                            for entry in sorted(Path(spec.origin).parent.glob("*.py")))
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version   # an editable or zipped install

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


Prepared = dict[str, tuple[str, tuple | None]]     # part → (Jinja source, flat program or None)


def jinja_sources(data: bytes, members: list[zipwriter.Member]) -> Prepared:
    """Part name → (docxtpl-patched XML, its flat program or None) of each templated part of the
    package `data` (whose members are `members`: the key and the sources come from the same bytes)."""
    folder = _usable_folder()
    cache = folder / f"{_key(data)}.json" if folder is not None else None
    found = _read(cache) if cache is not None else None
    if found is not None and set(found) == {m.name for m in members if templated(m, m.data())}:
        return found
    prepared = _prepare(data, members)
    if cache is not None:
        stored = {name: {"source": source, "program": None if program is None else flat.to_json(program)}
                  for name, (source, program) in prepared.items()}
        try:
            write_atomic(cache, json.dumps(stored, ensure_ascii=False).encode("utf-8"), durable=False)
        except OSError:
            pass
    return prepared


def _usable_folder() -> Path | None:
    """The cache folder, made if missing, when it is this user's alone (the files in it become
    templates); None otherwise."""
    folder = _folder()
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(found.st_mode) or (hasattr(os, "getuid") and found.st_uid != os.getuid()):
        return None
    if found.st_mode & 0o077:
        try:
            folder.chmod(0o700)          # ours, made open by an older docgen or by hand: closed again
        except OSError:
            return None
    return folder


def _read(cache: Path) -> Prepared | None:
    """A cached patch this user wrote (another user's file, or a link, is not trusted), or None —
    whatever is wrong with it: the cache is never needed for a correct result."""
    try:
        handle = os.open(cache, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(handle, "rb") as stream:
            if hasattr(os, "getuid") and os.fstat(stream.fileno()).st_uid != os.getuid():
                return None
            found = json.loads(stream.read().decode("utf-8"))
        prepared = {}
        for name, entry in found.items():
            if not isinstance(entry["source"], str):
                return None
            prepared[name] = (entry["source"], None if entry["program"] is None else flat.from_json(entry["program"]))
        return prepared
    except Exception:                # unreadable, not JSON, nested too deep, not a program…
        return None


def _prepare(data: bytes, members: list[zipwriter.Member]) -> Prepared:
    from docxtpl import DocxTemplate               # python-docx with it: only when a template is patched

    from docgen.render.sandbox import flat_program  # Jinja's parser: only then too

    docx = DocxTemplate(io.BytesIO(data))
    docx.init_docx()                     # refuses a package that is not a Word document
    out = {}
    for member in members:
        part = member.data()
        if templated(member, part):
            source = docx.patch_xml(part.decode("utf-8"))
            out[member.name] = (source, flat_program(source))
    return out
