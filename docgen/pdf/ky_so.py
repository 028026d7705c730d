"""The ký số form of NĐ 30 (Phụ lục I, mục II) on a PDF, then a real PAdES signature (pyHanko).

- the signer's signature image (blue, transparent PNG) in the signature block, between the title
  and the name, found on the last page as the right-hand text above the lowest right-hand line;
- the agency's seal image (red, transparent PNG) at its real size, over the left third of the
  signature image; the signer and the văn thư may sign one after the other, each with their image
  (`--chu-ky` then `--dau`): the seal is placed from the same signature box;
- for an attachment or an electronic copy (`ban_sao`), the line with the document's số, ký hiệu and
  the signing time (ISO 8601, Vietnam's offset) in Times New Roman 10 pt at the top right of page 1;
- the signature itself: PAdES baseline with SHA-256, from a PKCS#12 file, time-stamped when a TSA is
  given. Each signature is an incremental update: earlier signatures stay valid.
"""

from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from PIL import Image
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko import stamp
from pyhanko.sign import fields, signers, timestamps
from pypdf import PdfReader

from docgen.atomic import write_atomic
from docgen.errors import LoiDuLieu, LoiPdf
from docgen.pdf.convert import convert

VIETNAM = timezone(timedelta(hours=7))
MM = 72 / 25.4
ASSUMED_DPI = 300            # a scan without its resolution: the usual one
SIGNATURE_MAX = (60 * MM, 25 * MM)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def union(self, other: "Box") -> "Box":
        return Box(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))


@dataclass
class YeuCauKy:
    """What to sign and how (`docgen sign`)."""

    source: Path
    target: Path
    p12: Path
    password: bytes | None
    chu_ky: Path | None = None        # signature image
    dau: Path | None = None           # seal image
    ban_sao: bool = False             # the số/ký hiệu and time line of attachments and copies
    so_ky_hieu: str | None = None     # else read from page 1 ("Số: 05/QĐ-UBND")
    tsa: str | None = None
    when: datetime | None = None


def sign(request: YeuCauKy) -> datetime:
    """Sign; the signing time (also written in the copy line)."""
    when = (request.when or datetime.now(VIETNAM)).astimezone(VIETNAM).replace(microsecond=0)
    signer = _load_signer(request.p12, request.password)
    data = request.source.read_bytes()
    try:
        reader = PdfReader(io.BytesIO(data))
        last = len(reader.pages) - 1
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
    except Exception as exc:       # not a PDF, damaged, encrypted
        raise LoiDuLieu.mot(request.source, f"không đọc được tệp PDF ({type(exc).__name__}: {exc})") from None
    if request.ban_sao:
        _copy_line(writer, reader, request.so_ky_hieu or _number_on_page_one(reader, request.source), when)
    box, picture = _appearance(reader.pages[last], request.chu_ky, request.dau)
    existing = sum(1 for _ in fields.enumerate_sig_fields(writer))
    spec = fields.SigFieldSpec(f"ChuKySo{existing + 1}", on_page=last,
                               box=(box.x0, box.y0, box.x1, box.y1) if box else None)
    style = stamp.StaticStampStyle(background=PdfImage(picture, writer=writer), border_width=0,
                                   background_opacity=1.0) if picture else None
    meta = signers.PdfSignatureMetadata(field_name=spec.sig_field_name, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES, reason="Ký số theo Nghị định 30/2020/NĐ-CP")
    pdf_signer = signers.PdfSigner(meta, signer, stamp_style=style, new_field_spec=spec,
                                   timestamper=timestamps.HTTPTimeStamper(request.tsa) if request.tsa else None)
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out)
    write_atomic(request.target, out.getvalue())
    return when


def _load_signer(p12: Path, password: bytes | None):
    try:
        signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=password)
    except Exception as exc:          # wrong password, not a PKCS#12 file
        raise LoiDuLieu.mot(p12, f"không mở được tệp chứng thư số PKCS#12 ({exc})") from None
    if signer is None:
        raise LoiDuLieu.mot(p12, "không mở được tệp chứng thư số PKCS#12 (sai mật khẩu?)")
    return signer


# --- where the signature goes -----------------------------------------------------------------


def _text_lines(page) -> list[tuple[float, float, float, str]]:
    """(x, y, right edge estimate, text) of each text chunk on the page, in PDF points."""
    chunks = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            chunks.append((x, y, x + 0.5 * (size or 12) * len(text.strip()), text.strip()))

    page.extract_text(visitor_text=visit)
    return chunks


def signature_box(page) -> Box:
    """The space for the signature image: between the lowest right-hand line (the signer's name)
    and the right-hand line above it (the title), centred on the name."""
    width = float(page.mediabox.width)
    right = sorted((c for c in _text_lines(page) if c[0] > width * 0.45), key=lambda c: c[1])
    if len(right) < 2:
        return Box(width - 80 * MM, 40 * MM, width - 20 * MM, 65 * MM)
    name = right[0]
    title = next((c for c in right[1:] if c[1] > name[1] + 20), right[1])
    centre = (name[0] + name[2]) / 2
    low, high = name[1] + 14, title[1] - 4            # above the name's cap height, below the title's baseline
    height = max(min(high - low, SIGNATURE_MAX[1]), 12 * MM)
    return Box(centre - SIGNATURE_MAX[0] / 2, low + (high - low - height) / 2,
               centre + SIGNATURE_MAX[0] / 2, low + (high - low + height) / 2)


def _appearance(page, chu_ky: Path | None, dau: Path | None) -> tuple[Box | None, Image.Image | None]:
    """The widget's box and picture: the signature image fitted to the space, the seal at its real
    size over the left third of it."""
    if chu_ky is None and dau is None:
        return None, None
    space = signature_box(page)
    signature = _image(chu_ky) if chu_ky else None
    if signature is not None:
        scale = min(space.width / signature.width, space.height / signature.height)
        sig_w, sig_h = signature.width * scale, signature.height * scale
    else:
        sig_w, sig_h = space.width, space.height
    sig = Box(space.x0 + (space.width - sig_w) / 2, space.y0 + (space.height - sig_h) / 2,
              space.x0 + (space.width + sig_w) / 2, space.y0 + (space.height + sig_h) / 2)
    box, layers = sig, [(signature, sig)] if signature is not None else []
    if dau is not None:
        seal = _image(dau)
        seal_w, seal_h = _real_size(seal, dau)
        right_edge = sig.x0 + sig.width / 3
        seal_box = Box(right_edge - seal_w, sig.y0 + sig.height / 2 - seal_h / 2,
                       right_edge, sig.y0 + sig.height / 2 + seal_h / 2)
        box = box.union(seal_box)
        layers.append((seal, seal_box))
    return box, _compose(box, layers)


def _image(path: Path) -> Image.Image:
    try:
        image = Image.open(path)
        image.load()
    except Exception as exc:
        raise LoiDuLieu.mot(path, f"không đọc được ảnh ({exc}); dùng ảnh PNG nền trong suốt") from None
    if "A" not in image.getbands() and "transparency" not in image.info:
        raise LoiDuLieu.mot(path, "ảnh không có nền trong suốt (NĐ 30: ảnh chữ ký, con dấu định dạng PNG nền trong suốt)")
    return image.convert("RGBA")


def _real_size(image: Image.Image, path: Path) -> tuple[float, float]:
    dpi = Image.open(path).info.get("dpi", (ASSUMED_DPI, ASSUMED_DPI))[0] or ASSUMED_DPI
    return image.width / float(dpi) * 72, image.height / float(dpi) * 72


def _compose(box: Box, layers: list[tuple[Image.Image, Box]]) -> Image.Image:
    """One transparent picture of the widget, at 300 dpi, layers in order (the seal on top)."""
    scale = ASSUMED_DPI / 72
    canvas = Image.new("RGBA", (max(1, round(box.width * scale)), max(1, round(box.height * scale))), (0, 0, 0, 0))
    for image, where in layers:
        size = (max(1, round(where.width * scale)), max(1, round(where.height * scale)))
        at = (round((where.x0 - box.x0) * scale), round((box.y1 - where.y1) * scale))
        canvas.alpha_composite(image.resize(size, Image.LANCZOS), at)
    return canvas


# --- the copy line ------------------------------------------------------------------------------


NUMBER = re.compile(r"Số\s*:\s*([0-9]+/[^\s,]+)")


def _number_on_page_one(reader: PdfReader, source: Path) -> str:
    found = NUMBER.search(reader.pages[0].extract_text() or "")
    if not found:
        raise LoiDuLieu.mot(source, "trang 1 không có dòng «Số: …/…» đã cấp số: ghi số, ký hiệu bằng --so-ky-hieu")
    return found.group(1)


def copy_line(so_ky_hieu: str, when: datetime) -> list[str]:
    return [so_ky_hieu, when.isoformat()]


def _copy_line(writer: IncrementalPdfFileWriter, reader: PdfReader, so_ky_hieu: str, when: datetime) -> None:
    """Times New Roman 10 pt, upright, black, at the top right of page 1 (NĐ 30 Phụ lục I, II.2).

    Set by LibreOffice, as the document itself was, on a page of page 1's size, and laid over page 1:
    the same font program, embedded the same way (pyHanko's own text engine writes the widths of a
    2048-unit font such as Liberation Serif as if it had 1000, which spreads the letters)."""
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    with tempfile.TemporaryDirectory(prefix="docgen-ky-") as folder:
        docx, pdf = Path(folder) / "dong.docx", Path(folder) / "dong.pdf"
        _copy_line_docx(copy_line(so_ky_hieu, when), width, height).save(docx)
        error = convert([(docx, pdf)])[0]
        if error:
            raise LoiPdf(f"không tạo được dòng số, ký hiệu: {error}")
        style = stamp.StaticStampStyle.from_pdf_file(str(pdf), border_width=0)
        stamp.StaticContentStamp(writer, style, layout.BoxConstraints(width, height)).apply(0, 0, 0)


def _copy_line_docx(lines: list[str], width: float, height: float) -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Pt(width), Pt(height)
    section.top_margin, section.right_margin = Mm(6), Mm(15)
    section.left_margin, section.bottom_margin = Mm(20), Mm(20)
    paragraph = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.paragraph_format.space_after = Pt(0)
    for index, text in enumerate(lines):
        run = paragraph.add_run(text)
        run.font.name, run.font.size = "Times New Roman", Pt(10)
        if index < len(lines) - 1:
            run.add_break()
    return document
