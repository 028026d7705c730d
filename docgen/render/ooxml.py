"""WordprocessingML fragments the templates cannot express: computed paragraphs, footnotes,
section breaks. Written by hand because docxtpl only fills text into paragraphs that already
exist, and python-docx has no footnote API; every text goes through `escape`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSMAP = {"w": W_NS}


def escape(text: str, entities: dict[str, str] | None = None) -> str:
    """XML character data (`xml.sax.saxutils.escape` would import urllib, http and ssl: 9 ms)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if entities:
        for char, entity in entities.items():
            text = text.replace(char, entity)
    return text


@lru_cache(maxsize=None)     # called for every element a checker reads: the name is built once
def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


@dataclass(frozen=True)
class Xml:
    """Ready XML for a `{{p …}}` tag; `__html__` tells Jinja's autoescape to leave it alone."""

    xml: str

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


# A document symbol (03/ĐA-UBND, 67/2025/NĐ-CP) is one unit: its hyphens must not end a line.
SYMBOL = re.compile(r"\b[0-9]{1,4}/(?:[0-9]{4}/)?[A-ZĐa-zđ&]+(?:-[A-ZĐa-zđ&0-9]+)+")


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>' if text else ""


# A range of years (2024 - 2030) reads as one: no line break around its dash.
YEAR_RANGE = re.compile(r"(?<=\b\d{4}) - (?=\d{4}\b)")


# What every symbol has: a slash, letters, a hyphen. Searched first, as a literal `/` is found fast,
# where SYMBOL's `\b` is tried at every position (a row's article with a date in it: 4 µs of 9).
_MAYBE_SYMBOL = re.compile(r"/(?:[0-9]{4}/)?[A-ZĐa-zđ&]+-")


def symbols(line: str):
    """SYMBOL's matches in `line`, as `SYMBOL.finditer` gives them, tried only where one can start:
    at the one to four digits before a slash (a long article with two symbols: 10 µs → 2)."""
    position = 0
    slash = line.find("/")
    while slash >= 0:
        start = slash
        while start > position and "0" <= line[start - 1] <= "9":
            start -= 1
        match = SYMBOL.match(line, start) if 1 <= slash - start <= 4 else None
        if match:
            yield match
            position = match.end()
        slash = line.find("/", max(slash + 1, position))


def _line_xml(line: str) -> str:
    if " - " in line:
        line = YEAR_RANGE.sub("\u00a0-\u00a0", line)
    if "/" not in line or not _MAYBE_SYMBOL.search(line):     # no document symbol: one text run (most lines)
        return _t(line)
    out, position = [], 0
    for match in symbols(line):
        out.append(_t(line[position:match.start()]))
        out.append("<w:noBreakHyphen/>".join(_t(part) for part in match.group(0).split("-")))
        position = match.end()
    out.append(_t(line[position:]))
    return "".join(out) or _t("")


def _text_xml(text: str) -> str:
    if "\n" not in text and "\t" not in text:       # one line (most texts)
        return _line_xml(text)
    return "<w:br/>".join(_line_xml(piece) for piece in text.replace("\t", " ").split("\n"))


SHARED_TEXT = 2000    # longer texts are a row's own (or a plan's one paragraph): not kept in the cache


def run(text: str, style: str | None = None, bold: bool | None = None, size_pt: float | None = None) -> str:
    if len(text) > SHARED_TEXT:
        return _run(text, style, bold, size_pt)
    return _shared_run(text, style, bold, size_pt)


@lru_cache(maxsize=4096)    # a batch's documents share most of their texts (căn cứ, articles, Nơi nhận)
def _shared_run(text: str, style: str | None, bold: bool | None, size_pt: float | None) -> str:
    return _run(text, style, bold, size_pt)


def _run(text: str, style: str | None, bold: bool | None, size_pt: float | None) -> str:
    props = ""
    if style:
        props += f'<w:rStyle w:val="{style}"/>'
    if bold is not None:
        props += "<w:b/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    if size_pt:
        props += f'<w:sz w:val="{round(size_pt * 2)}"/><w:szCs w:val="{round(size_pt * 2)}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{_text_xml(text)}</w:r>"


def footnote_reference(note_id: int, style: str) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'


def paragraph(style: str, runs: str = "", *, indent_twips: tuple[int, int] | None = None,
              keep_next: bool = False, section: str | None = None) -> Xml:
    props = f'<w:pStyle w:val="{style}"/>'
    if keep_next:
        props += "<w:keepNext/>"
    if indent_twips:
        left, right = indent_twips
        props += f'<w:ind w:left="{left}" w:right="{right}" w:firstLine="0"/>'
    if section:
        props += section
    return Xml(f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>")


def table(widths_twips: list[int], header: list[str], rows: list[list[str]],
          header_style: str, cell_style: str, alignments: list[str] | None = None,
          totals: list[str] | None = None) -> Xml:
    """A bordered table with a header row repeated on every page; a row of one cell spans the
    table (a group row, bold), `totals` is a bold last row."""
    borders = "".join(f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths_twips)

    jc = {"trai": None, "giua": "center", "phai": "right"}
    aligns = [jc[a] for a in alignments] if alignments else [None] * len(widths_twips)

    def cell(width: int, text: str, style: str, align: str | None, span: int = 1, bold: bool = False) -> str:
        props = f'<w:pStyle w:val="{style}"/>' + (f'<w:jc w:val="{align}"/>' if align else "")
        spanned = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{spanned}</w:tcPr>'
                f"<w:p><w:pPr>{props}</w:pPr>{run(text, bold=bold or None) if text else ''}</w:p></w:tc>")

    def row(cells: list[str], style: str, is_header: bool, bold: bool = False) -> str:
        props = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if is_header else "<w:trPr><w:cantSplit/></w:trPr>"
        if len(cells) == 1 and len(widths_twips) > 1:
            return f"<w:tr>{props}{cell(sum(widths_twips), cells[0], style, None, len(widths_twips), True)}</w:tr>"
        tcs = "".join(cell(width, text, style, None if is_header else align, bold=bold)
                      for width, text, align in zip(widths_twips, cells, aligns))
        return f"<w:tr>{props}{tcs}</w:tr>"

    body = row(header, header_style, True) + "".join(row(cells, cell_style, False) for cells in rows)
    if totals:
        body += row(totals, cell_style, False, bold=True)
    return Xml(f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths_twips)}" w:type="dxa"/><w:jc w:val="center"/>'
               f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
               f'<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
               f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>")


EMU_PER_MM = 36000
_DRAWING_NS = ('xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
               'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
               'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')


def picture_run(rel_id: str, number: int, width_mm: float, height_mm: float, name: str,
                description: str = "") -> str:
    """An inline picture (the image part itself is added by the renderer); `description` is its
    alternative text, read aloud by screen readers."""
    cx, cy = round(width_mm * EMU_PER_MM), round(height_mm * EMU_PER_MM)
    name = escape(name, {'"': "&quot;"})
    descr = escape(description, {'"': "&quot;"})
    return (
        f'<w:r><w:drawing>'
        f'<wp:inline {_DRAWING_NS} distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:docPr id="{1000 + number}" name="{name}" descr="{descr}"/><a:graphic><a:graphicData '
        f'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
        f'<pic:cNvPr id="{1000 + number}" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
        f'<a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect">'
        f"<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
        f"</w:drawing></w:r>")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG header."""
    import struct

    return struct.unpack(">II", data[16:24])


_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def with_images(rels: bytes, content_types: bytes, images: list[tuple[str, str]]) -> tuple[bytes, bytes]:
    """The package's relationship and content-type parts, with `images` ([(rel id, part name)]) added."""
    rels_root = etree.fromstring(rels)
    namespace = rels_root.nsmap[None]
    for rel_id, part in images:
        etree.SubElement(rels_root, f"{{{namespace}}}Relationship", Id=rel_id, Type=_IMAGE_REL,
                         Target=part.removeprefix("word/"))
    types_root = etree.fromstring(content_types)
    types_ns = types_root.nsmap[None]
    if not any(d.get("Extension") == "png" for d in types_root.iter(f"{{{types_ns}}}Default")):
        types_root.insert(0, etree.Element(f"{{{types_ns}}}Default", Extension="png", ContentType="image/png"))
    serialise = lambda root: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # noqa: E731
    return serialise(rels_root), serialise(types_root)


HEADER_COPY_MARK = '<w:p><w:pPr><w:pStyle w:val="DGRong"/></w:pPr><w:r><w:t>docgen:dau-trang</w:t></w:r></w:p>'


def with_header_copies(document_xml: str) -> str:
    """Replace each HEADER_COPY_MARK by the document's header table without its Số/date row."""
    if HEADER_COPY_MARK not in document_xml:
        return document_xml
    start = document_xml.index("<w:tbl>")
    end = document_xml.index("</w:tbl>", start) + len("</w:tbl>")
    header = document_xml[start:end]
    rows = [m.start() for m in re.finditer(r"<w:tr[ >]", header)]
    if len(rows) > 1:
        header = header[:rows[1]] + header[header.index("</w:tr>", rows[1]) + len("</w:tr>"):]
    spacer = '<w:p><w:pPr><w:pStyle w:val="DGSo"/></w:pPr></w:p>'  # a line of space, as under a header
    copies = document_xml.split(HEADER_COPY_MARK)
    if "<wp:docPr " not in header:
        return (header + spacer).join(copies)
    # An agency's logo in the letterhead: each copy of its drawing gets an id of its own (Word
    # reports a document whose drawings share an id as damaged).
    out = copies[0]
    for number, rest in enumerate(copies[1:], start=1):
        out += _DRAWING_ID.sub(lambda m, n=number: f'{m.group(1)}{n * 10_000 + int(m.group(2))}"', header) + spacer + rest
    return out


_DRAWING_ID = re.compile(r'(<(?:wp:docPr|pic:cNvPr) id=")(\d+)"')


# --- footnotes --------------------------------------------------------------------------

_SEPARATORS = (
    f'<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def footnote(note_id: int, text: str, text_style: str, reference_style: str) -> str:
    return (
        f'<w:footnote xmlns:w="{W_NS}" w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="{text_style}"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="{reference_style}"/></w:rPr><w:footnoteRef/></w:r>'
        f"{run(' ' + text)}</w:p></w:footnote>"
    )


def footnotes_part_xml(existing: bytes | None, notes: list[str]) -> bytes:
    """The footnotes part with `notes` appended after whatever the template already had."""
    root = etree.fromstring(existing if existing else _SEPARATORS.encode())
    for note in notes:
        root.append(etree.fromstring(note))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# CT_Settings children that follow footnotePr, in the schema's order (first ones most common).
_AFTER_FOOTNOTE_PR = [w(tag) for tag in ("endnotePr", "compat", "docVars", "rsids", "mathPr",
                                         "attachedSchema", "themeFontLang", "clrSchemeMapping",
                                         "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
                                         "forceUpgrade", "captions", "readModeInkLockDown",
                                         "smartTagType", "schemaLibrary", "shapeDefaults",
                                         "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")]


def declare_footnote_separators(settings: etree._Element) -> None:
    """Word lists the separator footnotes in settings.xml, as every file it writes does."""
    if settings.find(w("footnotePr")) is not None:
        return
    declaration = etree.Element(w("footnotePr"))
    for note_id in ("-1", "0"):
        etree.SubElement(declaration, w("footnote")).set(w("id"), note_id)
    successor = next((child for child in settings if child.tag in _AFTER_FOOTNOTE_PR), None)
    if successor is not None:
        successor.addprevious(declaration)
    else:
        settings.append(declaration)


# --- sections -----------------------------------------------------------------------------


_NAMESPACE_DECLARATION = re.compile(r'\sxmlns:\w+="[^"]*"')


def section_properties(sect_pr: etree._Element, restart_numbering: bool) -> str:
    """A copy of the template's section settings, for a section break before an appendix."""
    copy = etree.fromstring(etree.tostring(sect_pr))
    set_page_number_start(copy, 1 if restart_numbering else None)
    # the fragment lands inside a document that already declares w: and r:
    return _NAMESPACE_DECLARATION.sub("", etree.tostring(copy, encoding="unicode"))


# CT_SectPr's children that come after pgNumType, in the schema's order.
AFTER_PG_NUM_TYPE = ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
                     "rtlGutter", "docGrid", "printerSettings")
_AFTER_PG_NUM_TYPE = {w(tag) for tag in AFTER_PG_NUM_TYPE}


def set_page_number_start(sect_pr: etree._Element, start: int | None) -> None:
    numbering = sect_pr.find(w("pgNumType"))
    if start is None:
        if numbering is not None:
            sect_pr.remove(numbering)
        return
    if numbering is None:
        numbering = etree.Element(w("pgNumType"))
        successor = next((child for child in sect_pr if child.tag in _AFTER_PG_NUM_TYPE), None)
        if successor is not None:
            successor.addprevious(numbering)
        else:
            sect_pr.append(numbering)
    numbering.set(w("start"), str(start))


def compact_styles(styles_xml: bytes, style_ids: tuple[str, ...], size_pt: float, gap_style: str,
                   gap_pt: float) -> bytes:
    """The template's styles with the body styles at another size and the signature gap narrower
    (a document that fits one page only so)."""
    root = etree.fromstring(styles_xml)
    for style in root.iter(w("style")):
        if style.get(w("styleId")) == gap_style:
            spacing = style.find(f"{w('pPr')}/{w('spacing')}")
            if spacing is not None:
                spacing.set(w("before"), str(round(gap_pt * 20)))
    half_points = str(round(size_pt * 2))
    for style in root.iter(w("style")):
        if style.get(w("styleId")) not in style_ids:
            continue
        rpr = style.find(w("rPr"))
        if rpr is None:
            rpr = etree.SubElement(style, w("rPr"))
        for tag in ("sz", "szCs"):
            element = rpr.find(w(tag))
            if element is None:
                element = etree.SubElement(rpr, w(tag))
            element.set(w("val"), half_points)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
