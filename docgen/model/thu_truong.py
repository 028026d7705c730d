"""Who heads a body, for the sentences that name the people responsible (`Điều 3. … chịu trách
nhiệm thi hành`): `Giám đốc Sở Tài chính`, `Chánh Văn phòng …`, `Chánh Thanh tra …`, `Chủ tịch Ủy ban
nhân dân …`. The profile may name a body's head itself (`don_vi: {Sở X: {thu_truong: …}}`); otherwise
the title follows from the kind of body its name shows.
"""

from __future__ import annotations

import re

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
    unit = " ".join(unit.split())
    own = {_key(name): title for name, title in (titles or {}).items()}.get(_key(unit))
    if own:
        return f"{own} {unit}"
    for prefix, title in DEFAULT_TITLES:
        if re.match(rf"^(?:{prefix})\b", unit):
            return f"{title} {unit}"
    return f"Thủ trưởng {unit}"


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


def _key(name: str) -> str:
    return " ".join(vi.nfc(name).casefold().replace("uỷ", "ủy").split())
