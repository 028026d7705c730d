"""The fonts a PDF uses: only Times New Roman, or Liberation Serif (metric-compatible, with every
Vietnamese letter since version 2), all embedded. A PDF set in a substitute font (DejaVu where the
old Liberation lacks ơ and ư) is refused rather than published."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

ALLOWED = ("TimesNewRoman", "LiberationSerif")


def fonts_of(path: Path) -> dict[str, bool]:
    """Each font's name (subset prefix removed) and whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont", "?")).lstrip("/").split("+")[-1]
            found[name] = found.get(name, False) or _embedded(font)
    return found


def _embedded(font) -> bool:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def font_problem(path: Path) -> str | None:
    """What is wrong with the PDF's fonts, in Vietnamese, or None."""
    fonts = fonts_of(path)
    foreign = sorted(name for name in fonts if not name.replace("-", "").startswith(ALLOWED))
    if foreign:
        return (f"PDF dùng phông thay thế {', '.join(foreign)}: máy này thiếu Times New Roman hoặc Liberation "
                "Serif 2 đủ chữ Việt (sudo apt-get install -y fonts-liberation2); không xuất PDF sai phông")
    loose = sorted(name for name, embedded in fonts.items() if not embedded)
    if loose:
        return f"PDF không nhúng phông {', '.join(loose)}"
    return None
