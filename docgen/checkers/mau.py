"""`docgen template lint`: an agency's own Word template checked before it is used — its tags (unknown,
malformed, missing for the type), the named styles docgen writes with (present, Times New Roman), the
page (A4, NĐ 30's margins), the parts a re-save may drop (footnotes, settings) — then a document of the
type rendered through it and checked like any issued document.

Repairs are only those that cannot change the agency's design: a missing part or style is copied
from the type's built-in template.
"""

from __future__ import annotations

import difflib
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError
from lxml import etree

from docgen import mau_moi
from docgen.atomic import write_atomic
from docgen.checkers.check import check_file
from docgen.checkers.findings import Finding
from docgen.errors import LoiDuLieu, LoiMauVanBan
from docgen.gioi_han import unpacked_too_big
from docgen.readers.van_ban import read_van_ban
from docgen.render import the_mau
from docgen.render.docx_renderer import render_bytes
from docgen.render.engine import CompiledTemplate
from docgen.render.layout import Style
from docgen.render.ooxml import w

DOCUMENT, STYLES, FOOTNOTES, SETTINGS = "word/document.xml", "word/styles.xml", "word/footnotes.xml", "word/settings.xml"
RELS, TYPES = "word/_rels/document.xml.rels", "[Content_Types].xml"
REPAIRABLE_PARTS = {
    FOOTNOTES: ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", "chú thích (footnotes)"),
    SETTINGS: ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml", "thiết lập (settings)"),
}
# the styles every document of docgen uses; the others are checked where a tag needs them
CORE_STYLES = (Style.THAN, Style.MUC, Style.KHOAN, Style.DIEM, Style.NOI_NHAN_TIEU_DE, Style.NOI_NHAN,
               Style.CHUC_VU, Style.HO_TEN, Style.RONG, Style.CHU_DAM, Style.BANG, Style.BANG_TIEU_DE)
TWIPS_PER_MM = 56.7
# NĐ 30, Phụ lục I, mục II.1: A4; top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm
MARGINS_MM = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
TRIAL_IS_A_DRAFT = {"du-thao"}     # the trial document has no number or date: that says nothing of the template
_JINJA = re.compile(r"\{([{%])[pr]?")


@dataclass
class KetQuaMau:
    path: str
    findings: list[Finding] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    unreadable: str | None = None

    @property
    def passed(self) -> bool:
        return self.unreadable is None and not any(f.severity == "error" for f in self.findings)


@dataclass
class _Paragraph:
    number: int
    style: str
    text: str

    def where(self) -> str:
        excerpt = self.text if len(self.text) <= 60 else self.text[:57] + "…"
        return f"đoạn {self.number} (kiểu {self.style or 'Normal'}) «{excerpt}»"


def lint(path: Path, built_in: Path | None, repair_to: Path | None = None) -> KetQuaMau:
    """`built_in`: the type's built-in template (what the type needs, where repairs come from)."""
    result = KetQuaMau(str(path))
    too_big = unpacked_too_big(path)
    if too_big:
        result.unreadable = too_big
        return result
    try:
        with zipfile.ZipFile(path) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        body = etree.fromstring(parts[DOCUMENT])
        missing = next((name for name in (RELS, TYPES, STYLES) if name not in parts), None)
        if missing:
            raise KeyError(missing)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        result.unreadable = f"không phải tệp Word (.docx) đọc được ({type(exc).__name__})"
        return result
    paragraphs = _paragraphs(body)
    _tags(paragraphs, built_in, result)
    if built_in is not None:
        with zipfile.ZipFile(built_in) as package:
            reference = {name: package.read(name) for name in package.namelist()}
        _repair_parts(parts, reference, result)
        _repair_styles(parts, reference, paragraphs, result)
    _fonts(parts, result)
    _page(body, result)
    if result.repaired and repair_to is not None:
        _write(parts, repair_to)
    return result


def _paragraphs(body) -> list[_Paragraph]:
    found = []
    for number, p in enumerate(body.iter(w("p")), start=1):
        style = p.find(f"{w('pPr')}/{w('pStyle')}")
        found.append(_Paragraph(number, style.get(w("val")) if style is not None else "",
                                "".join(t.text or "" for t in p.iter(w("t")))))
    return found


def _tags(paragraphs: list[_Paragraph], built_in: Path | None, result: KetQuaMau) -> None:
    present: set[str] = set()
    stream, owner = [], []
    for paragraph in paragraphs:
        text = paragraph.text
        if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
            result.findings.append(Finding("the-hong", "error", f"{paragraph.where()}: thẻ mở mà không đóng "
                                           "(thiếu «}}» hoặc «%}», hoặc thẻ bị Word tách ra)", paragraph.number))
            continue
        for name in the_mau.names_in(text):
            present.add(name)
            if name not in the_mau.BY_NAME:
                near = difflib.get_close_matches(name, the_mau.BY_NAME, 1)
                hint = f"; có phải «{near[0]}»?" if near else "; xem docgen template tags"
                result.findings.append(Finding("the-la", "error", f"{paragraph.where()}: thẻ không có: «{name}»{hint}",
                                               paragraph.number))
        for match in re.finditer(r"\{\{.*?\}\}|\{%.*?%\}", text):
            stream.append(_JINJA.sub(r"{\1", match.group(0)))
            owner.append(paragraph)
    try:
        Environment().parse("\n".join(stream))
    except TemplateSyntaxError as exc:
        paragraph = owner[min(max(exc.lineno, 1), len(owner)) - 1] if owner else None
        where = paragraph.where() if paragraph else "cuối mẫu"
        result.findings.append(Finding("the-hong", "error", f"{where}: thẻ sai: {exc.message} "
                                       "(mỗi «{%p for … %}» cần một «{%p endfor %}»)", paragraph.number if paragraph else None))
    if not present:
        result.findings.append(Finding("the-thieu", "error", "mẫu không có thẻ nào: thêm các thẻ của docgen "
                                       "(docgen template tags) vào đúng chỗ trên mẫu", None))
    for name in the_mau.needed(built_in) if built_in is not None else []:
        if name not in present:
            tag = the_mau.BY_NAME[name]
            if name in the_mau.FIXED_ALLOWED:
                result.findings.append(Finding("the-thieu", "warning", f"không có thẻ «{tag.written}»: mẫu in "
                                               f"{the_mau.FIXED_ALLOWED[name]} cố định, không lấy từ hồ sơ", None))
                continue
            severity = "warning" if name in the_mau.RECOMMENDED else "error"
            result.findings.append(Finding("the-thieu", severity, f"thiếu thẻ «{tag.written}»: {tag.prints}", None))


def _repair_parts(parts: dict[str, bytes], reference: dict[str, bytes], result: KetQuaMau) -> None:
    for name, (relation, content_type, what) in REPAIRABLE_PARTS.items():
        if name in parts or name not in reference:
            continue
        parts[name] = reference[name]
        target = name.removeprefix("word/")
        rels = parts[RELS].decode("utf-8")
        if f'Target="{target}"' not in rels:
            rel_id = f"rIdDocgen{len(result.repaired) + 1}"
            rels = rels.replace("</Relationships>", f'<Relationship Id="{rel_id}" Type="{relation}" Target="{target}"/></Relationships>')
            parts[RELS] = rels.encode("utf-8")
        types = parts[TYPES].decode("utf-8")
        if f'PartName="/{name}"' not in types:
            types = types.replace("</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>')
            parts[TYPES] = types.encode("utf-8")
        result.repaired.append(f"thêm lại phần {what} (lấy từ mẫu có sẵn của docgen)")
        result.findings.append(Finding("phan-thieu", "warning", f"mẫu thiếu phần {what}"
                                       + ("" if name != FOOTNOTES else ": văn bản có chú thích sẽ không in được"), None))


def _repair_styles(parts: dict[str, bytes], reference: dict[str, bytes], paragraphs: list[_Paragraph],
                   result: KetQuaMau) -> None:
    styles = etree.fromstring(parts[STYLES])
    reference_styles = {s.get(w("styleId")): s for s in etree.fromstring(reference[STYLES]).iter(w("style"))}
    have = {s.get(w("styleId")) for s in styles.iter(w("style"))}
    wanted = list(CORE_STYLES) + [the_mau.BY_NAME[n].style for n in the_mau.names_in(paragraphs_text(paragraphs))
                                  if n in the_mau.BY_NAME]
    for style in dict.fromkeys(wanted):
        if style and style not in have and style in reference_styles:
            styles.append(reference_styles[style])
            have.add(style)
            result.repaired.append(f"thêm kiểu {style} (lấy từ mẫu có sẵn của docgen)")
            result.findings.append(Finding("kieu-thieu", "warning", f"mẫu thiếu kiểu (style) {style}: docgen trình "
                                           "bày bằng kiểu này", None))
    parts[STYLES] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)


def paragraphs_text(paragraphs: list[_Paragraph]) -> str:
    return "\n".join(p.text for p in paragraphs)


def _fonts(parts: dict[str, bytes], result: KetQuaMau) -> None:
    """Every docgen style in Times New Roman (its own font, its parents', or the document default)."""
    styles = etree.fromstring(parts[STYLES])
    by_id = {s.get(w("styleId")): s for s in styles.iter(w("style"))}
    default = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    for style_id in by_id:
        if not style_id or not style_id.startswith("DG"):
            continue
        font = _font_of(style_id, by_id, default)
        if font and font != "Times New Roman":
            result.findings.append(Finding("phong-chu", "error", f"kiểu {style_id} dùng phông {font}: "
                                           "NĐ 30 quy định phông Times New Roman (bộ mã Unicode TCVN 6909:2001)", None))


def _font_of(style_id: str, by_id: dict, default) -> str | None:
    seen = set()
    while style_id in by_id and style_id not in seen:
        seen.add(style_id)
        fonts = by_id[style_id].find(f"{w('rPr')}/{w('rFonts')}")
        if fonts is not None and fonts.get(w("ascii")):
            return fonts.get(w("ascii"))
        based = by_id[style_id].find(w("basedOn"))
        style_id = based.get(w("val")) if based is not None else None
    return default.get(w("ascii")) if default is not None else None


def _page(body, result: KetQuaMau) -> None:
    section = body.find(f"{w('body')}/{w('sectPr')}")
    size = section.find(w("pgSz")) if section is not None else None
    margins = section.find(w("pgMar")) if section is not None else None
    if size is not None and (abs(int(size.get(w("w"), 0)) - 11906) > 60 or abs(int(size.get(w("h"), 0)) - 16838) > 60):
        result.findings.append(Finding("trang", "error", "khổ giấy không phải A4 (210 × 297 mm)", None))
    for side, (low, high) in MARGINS_MM.items():
        value = margins.get(w(side)) if margins is not None else None
        if value is None:
            continue
        mm = abs(int(value)) / TWIPS_PER_MM
        if not low - 0.5 <= mm <= high + 0.5:
            names = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}
            result.findings.append(Finding("le-trang", "error", f"lề {names[side]} {mm:.0f} mm: NĐ 30 quy định "
                                           f"{low}–{high} mm", None))


def _write(parts: dict[str, bytes], target: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name in ([TYPES] + [n for n in parts if n != TYPES]):
            package.writestr(name, parts[name])
    write_atomic(target, buffer.getvalue())


def lint_and_try(path: Path, loai: str, built_in: Path, repaired: Path) -> KetQuaMau:
    """The whole lint: `lint`, then — if the template has no error — the type's skeleton rendered
    through it (repaired, if a repair was made: written to `repaired`) and checked."""
    result = lint(path, built_in, repair_to=repaired)
    if result.unreadable or not result.passed:
        return result
    tried = repaired if repaired.exists() else path
    with tempfile.TemporaryDirectory(prefix="docgen-mau-") as folder:
        sample = Path(folder) / "mau.yaml"
        sample.write_text(mau_moi.skeleton(loai), encoding="utf-8")
        try:
            result.findings += trial_render(tried, read_van_ban(sample))
        except (LoiMauVanBan, LoiDuLieu) as exc:
            result.findings.append(Finding("ban-thu", "error", f"bản thử không in được: {exc}", None))
    return result


def trial_render(template: Path, document) -> list[Finding]:
    """A document of the type rendered through the template, then `docgen check`ed."""
    with tempfile.TemporaryDirectory(prefix="docgen-mau-") as folder:
        output = Path(folder) / "ban-thu.docx"
        output.write_bytes(render_bytes(document, CompiledTemplate(template)))
        checked = check_file(output, document.loai)
    if checked.unreadable:
        return [Finding("ban-thu", "error", f"bản thử: {checked.unreadable}", None)]
    return [Finding(f.rule, f.severity, f"bản thử: {f.message}", f.paragraph, f.excerpt) for f in checked.findings
            if f.rule not in TRIAL_IS_A_DRAFT]
