"""docxtpl's patch of a template's parts into Jinja source, kept on disk by the template's content.

Patching needs docxtpl, which imports python-docx, and opens the package with it: ≈ 60 ms of a
`docgen render` that otherwise takes a fraction of that. The patched text depends only on the
template's bytes and docxtpl's version, so it is computed once per template file and reused by
every later process (`$XDG_CACHE_HOME/docgen/mau/`). A cache that cannot be written or read is
simply not used: it is never needed for a correct result.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from docgen.atomic import write_atomic
from docgen.render import zipwriter

TEMPLATED = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")
_TAG = re.compile(rb"\{[{%#]")
FORMAT = 1      # what a cache file holds; a change here makes old files unused


def templated(member: zipwriter.Member, data: bytes) -> bool:
    return bool(TEMPLATED.match(member.name) and _TAG.search(data))


def _folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "docgen" / "mau"


def _key(template_bytes: bytes) -> str:
    try:
        docxtpl_version = version("docxtpl")
    except PackageNotFoundError:
        docxtpl_version = "?"
    digest = hashlib.sha256(template_bytes)
    digest.update(f"|docxtpl {docxtpl_version}|{FORMAT}".encode())
    return digest.hexdigest()


def jinja_sources(path: Path, members: list[zipwriter.Member]) -> dict[str, str]:
    """Part name → docxtpl-patched XML of each templated part."""
    cache = _folder() / f"{_key(Path(path).read_bytes())}.json"
    try:
        found = json.loads(cache.read_text(encoding="utf-8"))
        if isinstance(found, dict) and all(isinstance(v, str) for v in found.values()):
            return found
    except (OSError, ValueError):
        pass
    sources = _patch(path, members)
    try:
        write_atomic(cache, json.dumps(sources, ensure_ascii=False).encode("utf-8"), durable=False)
    except OSError:
        pass
    return sources


def _patch(path: Path, members: list[zipwriter.Member]) -> dict[str, str]:
    from docxtpl import DocxTemplate     # python-docx with it: only when a template is patched

    docx = DocxTemplate(str(path))
    docx.init_docx()                     # refuses a package that is not a Word document
    out = {}
    for member in members:
        data = member.data()
        if templated(member, data):
            out[member.name] = docx.patch_xml(data.decode("utf-8"))
    return out
