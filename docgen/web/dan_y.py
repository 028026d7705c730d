"""The body as an outline in the browser (dàn ý): rows for the nodes of `noi_dung`, each with its
heading, text, paragraphs and task fields; add, indent, outdent, move, delete, make a task.

Works on the draft's YAML data (lists of strings and mappings), not on the validated model: a draft
being typed is often invalid (a new row is empty until the clerk types), and the model's messages for
it are shown beside the outline. What the outline does not edit (a node's table, picture, label
style) is kept as it is. A node is addressed by its path of indexes, "0.2.1": the third child's second
child of the first node.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from docgen import vietnamese as vi
from docgen.model.outline import TASK_FIELDS

TEXT_KEYS = ("tieu_de", "van_ban")
KEPT_ASIDE = {"bang": "bảng", "hinh": "hình"}       # shown as present, edited in the YAML
# the buttons of a row, in the order shown
OPERATION_NAMES = (("them", "Thêm mục sau"), ("them-con", "Thêm mục con"), ("thut-vao", "Thụt vào"),
                   ("thut-ra", "Thụt ra"), ("len", "Lên"), ("xuong", "Xuống"), ("nhiem-vu", "Nhiệm vụ"),
                   ("xoa", "Xóa"))
OPERATIONS = tuple(op for op, _name in OPERATION_NAMES)
MAX_NODES = 2000


class LoiDanY(Exception):
    """An operation that cannot be done (a path the outline does not have, the first row indented…)."""


@dataclass
class Dong:
    path: str
    cap: int                                  # depth, 0 for the body's own nodes
    tieu_de: str = ""
    van_ban: str = ""
    doan: str = ""                            # unlabelled paragraphs, one per line
    nhiem_vu: dict[str, str] | None = None
    kept: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.path.replace(".", "-")


def human_path(path: str) -> str:
    """"0.2.1" as a clerk counts: "1.3.2" (the place in the outline, not the printed label)."""
    return ".".join(str(int(part) + 1) for part in path.split(".") if part.isdigit())


def version(nodes: list) -> str:
    """A short hash of the outline's shape (not its words): the rows of a form made from another
    shape would land on other nodes, so such a form is not applied."""
    return hashlib.sha256(json.dumps(_shape(nodes)).encode()).hexdigest()[:16]


def _shape(nodes: list) -> list:
    return [_shape(node.get("muc") or []) if isinstance(node, dict) else 0 for node in nodes]


def nodes_of(data: dict) -> list:
    body = data.get("noi_dung")
    if body is None:
        return []
    if not isinstance(body, list):
        raise LoiDanY("'noi_dung' không phải một danh sách mục: sửa trong YAML")
    return body


def rows(nodes: list, prefix: str = "", depth: int = 0) -> list[Dong]:
    found = []
    for index, node in enumerate(nodes):
        path = f"{prefix}{index}"
        if isinstance(node, dict):
            task = node.get("nhiem_vu")
            found.append(Dong(path, depth, _text(node.get("tieu_de")), _text(node.get("van_ban")),
                              "\n".join(_text(p) for p in node.get("doan") or []),
                              {key: _text(task.get(key)) for key, _ in TASK_FIELDS} if isinstance(task, dict) else None,
                              [name for key, name in KEPT_ASIDE.items() if node.get(key)]))
            found += rows(node.get("muc") or [], f"{path}.", depth + 1)
        else:
            found.append(Dong(path, depth, van_ban=_text(node)))
    return found


def _text(value) -> str:
    return "" if value is None else str(value)


def apply_texts(nodes: list, form: dict[str, str]) -> list:
    """The rows' fields (`{path}:tieu_de`, `{path}:van_ban`, `{path}:doan`, `{path}:nv:{key}`)
    written into the nodes they came from."""
    for row in rows(nodes):
        siblings, index = _place(nodes, row.path)
        node = _as_mapping(siblings[index])
        for key in TEXT_KEYS:
            if f"{row.path}:{key}" in form:
                _set(node, key, vi.nfc(form[f"{row.path}:{key}"]).strip())
        if f"{row.path}:doan" in form:
            paragraphs = [line.strip() for line in vi.nfc(form[f"{row.path}:doan"]).splitlines() if line.strip()]
            _set(node, "doan", paragraphs)
        if isinstance(node.get("nhiem_vu"), dict):
            for key, _name in TASK_FIELDS:
                if f"{row.path}:nv:{key}" in form:
                    _set(node["nhiem_vu"], key, vi.nfc(form[f"{row.path}:nv:{key}"]).strip())
        siblings[index] = _simplest(node)
    return nodes


def operate(nodes: list, operation: str, path: str) -> tuple[list, str]:
    """The outline after one operation, and the path of the row to focus."""
    if operation not in OPERATIONS:
        raise LoiDanY(f"thao tác không có: {operation}")
    if operation == "them" and path == "":                 # the first row of an empty body
        nodes.append({})
        return nodes, str(len(nodes) - 1)
    siblings, index = _place(nodes, path)
    parent_path = path.rpartition(".")[0]
    here = f"{parent_path}." if parent_path else ""
    if operation == "them":
        _count_guard(nodes)
        siblings.insert(index + 1, {})
        return nodes, f"{here}{index + 1}"
    if operation == "them-con":
        _count_guard(nodes)
        node = siblings[index] = _as_mapping(siblings[index])
        node.setdefault("muc", []).append({})
        return nodes, f"{path}.{len(node['muc']) - 1}"
    if operation == "xoa":
        del siblings[index]
        return nodes, path if index < len(siblings) else (f"{here}{index - 1}" if index else parent_path)
    if operation in ("len", "xuong"):
        other = index - 1 if operation == "len" else index + 1
        if not 0 <= other < len(siblings):
            raise LoiDanY("mục đã ở đầu" if operation == "len" else "mục đã ở cuối")
        siblings[index], siblings[other] = siblings[other], siblings[index]
        return nodes, f"{here}{other}"
    if operation == "thut-vao":
        if index == 0:
            raise LoiDanY("mục đầu tiên của một cấp không thụt vào được: không có mục nào trước nó để làm mục cha")
        previous = siblings[index - 1] = _as_mapping(siblings[index - 1])
        previous.setdefault("muc", []).append(siblings.pop(index))
        return nodes, f"{here}{index - 1}.{len(previous['muc']) - 1}"
    if operation == "thut-ra":
        if not parent_path:
            raise LoiDanY("mục đã ở cấp cao nhất")
        grand_siblings, parent_index = _place(nodes, parent_path)
        moved = siblings.pop(index)
        parent = grand_siblings[parent_index]
        if not parent["muc"]:
            del parent["muc"]
            grand_siblings[parent_index] = _simplest(parent)
        grand_siblings.insert(parent_index + 1, moved)
        grand_prefix = parent_path.rpartition(".")[0]
        return nodes, f"{grand_prefix + '.' if grand_prefix else ''}{parent_index + 1}"
    node = siblings[index] = _as_mapping(siblings[index])      # nhiem-vu: make it a task, or not
    if isinstance(node.get("nhiem_vu"), dict):
        del node["nhiem_vu"]
        siblings[index] = _simplest(node)
    else:
        node["nhiem_vu"] = {}
    return nodes, path


def _place(nodes: list, path: str) -> tuple[list, int]:
    """The list holding the node at `path`, and its index there."""
    try:
        indexes = [int(part) for part in path.split(".")]
    except ValueError:
        raise LoiDanY(f"vị trí không hợp lệ: {path!r}") from None
    siblings = nodes
    for depth, index in enumerate(indexes):
        if not 0 <= index < len(siblings):
            raise LoiDanY(f"không có mục ở vị trí {path}")
        if depth == len(indexes) - 1:
            return siblings, index
        node = siblings[index]
        if not isinstance(node, dict) or not isinstance(node.get("muc"), list):
            raise LoiDanY(f"không có mục ở vị trí {path}")
        siblings = node["muc"]
    raise LoiDanY(f"không có mục ở vị trí {path}")


def _as_mapping(node) -> dict:
    return node if isinstance(node, dict) else {"van_ban": node} if node else {}


def _simplest(node: dict):
    """A node with only its text is written as the text (the YAML a clerk would write by hand)."""
    return node["van_ban"] if set(node) == {"van_ban"} else node


def _set(mapping: dict, key: str, value) -> None:
    if value:
        mapping[key] = value
    else:
        mapping.pop(key, None)


def _count_guard(nodes: list) -> None:
    if len(rows(nodes)) >= MAX_NODES:
        raise LoiDanY(f"dàn ý đã có {MAX_NODES} mục: sửa phần còn lại trong YAML")
