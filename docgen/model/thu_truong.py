"""Who heads a body, for the sentences that name the people responsible (`Điều 3. … chịu trách
nhiệm thi hành`): `Giám đốc Sở Tài chính`, `Chánh Văn phòng …`, `Chánh Thanh tra …`, `Chủ tịch Ủy ban
nhân dân …`. The profile may name a body's head itself (`don_vi: {Sở X: {thu_truong: …}}`); otherwise
the title follows from the kind of body its name shows.
"""

from __future__ import annotations

import re
from functools import lru_cache

from docgen import vietnamese as vi

# (the start of a body's name, the title of its head); the first match wins
DEFAULT_TITLES = (
    (r"Ủy ban nhân dân|Uỷ ban nhân dân|UBND", "Chủ tịch"),
    (r"Văn phòng", "Chánh"),
    (r"Thanh tra", "Chánh"),
    (r"Sở|Bệnh viện|Trung tâm|Đài|Học viện|Công an tỉnh|Công an thành phố", "Giám đốc"),
    (r"Ban", "Trưởng"),
    (r"Phòng", "Trưởng"),
    (r"Trường", "Hiệu trưởng"),
    (r"Chi cục", "Chi cục trưởng"),
    (r"Cục", "Cục trưởng"),
    (r"Vụ", "Vụ trưởng"),
    (r"Bộ", "Bộ trưởng"),
    (r"Viện", "Viện trưởng"),
    (r"Hội đồng nhân dân", "Chủ tịch"),
)
TITLE_WORDS = sorted({title for _, title in DEFAULT_TITLES} | {"Thủ trưởng", "Phó Giám đốc", "Trưởng ban"},
                     key=len, reverse=True)


def head_title(unit: str, titles: dict[str, str] | None = None) -> str:
    """`Sở Tài chính` → `Giám đốc Sở Tài chính`; a profile's own title wins; `Thủ trưởng …` otherwise."""
    items = tuple((titles or {}).items())
    try:
        return _head_title(unit, items)
    except TypeError:          # unhashable: a title the base file wrote as a list or a table
        return _head_title.__wrapped__(unit, items)


@lru_cache(maxsize=4096)     # a batch names the same units in every decision
def _head_title(unit: str, titles: tuple[tuple[str, str], ...]) -> str:
    unit = " ".join(unit.split())
    own = {_key(name): title for name, title in titles}.get(_key(unit))
    if own:
        return f"{own} {unit}"
    for prefix, title in DEFAULT_TITLES:
        if re.match(rf"^(?:{prefix})\b", unit):
            return f"{title} {unit}"
    return f"Thủ trưởng {unit}"


@lru_cache(maxsize=4096)     # a batch names the same heads in every decision
def body_of(person: str) -> str:
    """`Chánh Văn phòng Ủy ban nhân dân thành phố` → `Văn phòng Ủy ban nhân dân thành phố`."""
    for title in TITLE_WORDS:
        if person.startswith(title + " "):
            return person[len(title) + 1:]
    return person


def each_once(people: list[str]) -> list[str]:
    """The people responsible, each named once, in the order first given: two titles of one body's
    head (`Giám đốc Sở Nội vụ`, `Thủ trưởng Sở Nội vụ`) are one person."""
    seen: set[str] = set()
    out = []
    for person in people:
        key = _key(body_of(person))
        if key not in seen:
            seen.add(key)
            out.append(person)
    return out


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    return " ".join(vi.nfc(name).casefold().replace("uỷ", "ủy").split())


def heads_of_many(units: list[str], named: list[str], titles: dict[str, str] | None = None) -> list[str]:
    """The heads of many units as a clerk lists them: `Giám đốc các Sở: Tài chính, Xây dựng`, `Chủ tịch
    Ủy ban nhân dân các phường, xã có tên tại Danh sách kèm theo`, the others one by one; units whose
    head is already `named` are left out."""
    seen = {_key(body_of(person)) for person in named}
    ordered = [unit for unit in dict.fromkeys(" ".join(u.split()) for u in units) if _key(unit) not in seen]
    departments = [unit for unit in ordered if unit.startswith("Sở ") and not (titles or {}).get(unit)]
    councils = [unit for unit in ordered if re.match(r"^(Ủy|Uỷ) ban nhân dân (phường|xã|đặc khu)", unit)]
    out = []
    if len(departments) > 1:
        out.append("Giám đốc các Sở: " + ", ".join(unit[3:] for unit in departments))
    if len(councils) > 2:
        levels = ", ".join(dict.fromkeys(re.match(r"^\S+ ban nhân dân (phường|xã|đặc khu)", u).group(1)
                                         for u in councils))
        out.append(f"Chủ tịch Ủy ban nhân dân các {levels} có tên tại Danh sách kèm theo")
    for unit in ordered:
        if (unit in departments and len(departments) > 1) or (unit in councils and len(councils) > 2):
            continue
        out.append(head_title(unit, titles))
    return out
