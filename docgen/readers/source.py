"""Load a YAML or JSON file into plain data, remembering the line of every value.

PyYAML's composed node tree knows where each value starts; keeping that map lets every
later error — including pydantic's — point the clerk at a line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from docgen.errors import LoiDuLieu
from docgen.vietnamese import first_forbidden, nfc_deep

MAX_BYTES = 10 * 1024 * 1024     # a document's data is kilobytes; a plan with tables, a few hundred
MAX_NODES = 200_000              # values after aliases are expanded: refuses "billion laughs" files


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):    # libyaml's parser: ≈ 10× faster
    """SafeLoader whose impossible dates (`2023-02-29`) are syntax errors with their line."""


def _timestamp(loader: _Loader, node: yaml.Node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(None, None, f"ngày không có thật: {node.value}",
                                                node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

Path_ = tuple  # a location inside the data: ("noi_dung", 0, "muc", 2)


@dataclass
class LineMap:
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, location: Path_) -> int | None:
        """Line of the deepest known part of `location` (pydantic adds model names we never saw)."""
        location = tuple(location)
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get((), None)


def format_location(location: Path_) -> str:
    out = ""
    for part in location:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def load(path: Path) -> tuple[Any, LineMap]:
    try:
        if not path.is_file():
            raise LoiDuLieu.mot(path, "không tìm thấy tệp" if not path.exists() else "không phải tệp thường")
        if path.stat().st_size > MAX_BYTES:
            raise LoiDuLieu.mot(path, f"tệp quá lớn (tối đa {MAX_BYTES // 1024 // 1024} MB)")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LoiDuLieu.mot(path, "không tìm thấy tệp") from None
    except UnicodeDecodeError:
        raise LoiDuLieu.mot(path, "tệp không phải văn bản UTF-8") from None
    except OSError as exc:
        raise LoiDuLieu.mot(path, f"không đọc được tệp ({exc.strerror})") from None
    if path.suffix.lower() == ".json":
        data = _parse_json(path, text)
    else:
        data = None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None and _expanded_size(node) > MAX_NODES:
                raise LoiDuLieu.mot(path, f"tệp có quá nhiều giá trị khi mở rộng bí danh (&/*): tối đa {MAX_NODES:,}".replace(",", "."))
            if data is None:
                data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        if path.suffix.lower() == ".json":  # JSON that YAML cannot read: data without lines
            return nfc_deep(data), LineMap()
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise LoiDuLieu.mot(path, f"lỗi cú pháp YAML: {problem}", dong=mark.line + 1 if mark else None) from None
    lines = LineMap()
    if node is not None:
        _record(node, (), lines.lines)
    _refuse_forbidden(path, data, lines)
    return nfc_deep(data), lines


def _expanded_size(root: yaml.Node) -> int:
    """How many values the document has once every alias is expanded, counted up to the bound
    (an alias shares its node, so the composed tree is small even when the expansion is not)."""
    count, stack = 0, [root]
    while stack and count <= MAX_NODES:
        node = stack.pop()
        count += 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return count


def _refuse_forbidden(path: Path, data: Any, lines: LineMap) -> None:
    found = first_forbidden(data)
    if found is not None:
        location, char = found
        raise LoiDuLieu.mot(path, f"ký tự U+{ord(char):04X} không được phép trong văn bản (XML 1.0)",
                            dong=lines.line_of(location), truong=format_location(location) or None)


def _parse_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoiDuLieu.mot(path, f"lỗi cú pháp JSON: {exc.msg}", dong=exc.lineno) from None


def _record(node: yaml.Node, location: Path_, lines: dict) -> None:
    lines[location] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[location + (key,)] = key_node.start_mark.line + 1
            _record(value_node, location + (key,), lines)
            lines[location + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, location + (index,), lines)
