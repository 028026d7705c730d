"""The NĐ 30 page geometry and the names of the template's styles.

Shared by the template builder (which writes these values into templates/*.docx) and by the
renderer (which computes rule lengths inside the same columns). Sources: ../shared/spec/nd30-format.md
§1–§3; values chosen inside the decree's ranges.
"""

from __future__ import annotations

from docgen.metrics import mm_to_twips

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM = 20, 20       # NĐ 30: 20–25 mm
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 30, 15       # NĐ 30: 30–35 mm, 15–20 mm
HEADER_DISTANCE_MM = 10                        # page number sits in the top margin
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM   # 165 mm

# Two-column header and footer tables, as in the Government's own template (left 67.5–69.4 mm,
# right 100–103 mm, overhanging the left margin). The right column carries the quốc hiệu, 13 pt
# bold ≈ 96 mm wide, so it never wraps; the left one fits `UBND THÀNH PHỐ CẦN THƠ` (62 mm at
# 13 pt). The table starts 5 mm into the left margin and ends at the right text edge.
LEFT_COLUMN_MM, RIGHT_COLUMN_MM = 68, 102
TABLE_INDENT_MM = TEXT_WIDTH_MM - LEFT_COLUMN_MM - RIGHT_COLUMN_MM   # −5 mm
CELL_PADDING_MM = 1

BODY_FIRST_LINE_MM = 10        # 1 cm (567 twips), NĐ 30: 1 or 1.27 cm
BODY_SPACE_BEFORE_PT = 6       # NĐ 30: at least 6 pt between paragraphs
SIGNATURE_GAP_PT = 84          # ≈ 30 mm for signature and seal between title and name
KINH_GUI_INDENT_MM, KINH_GUI_ITEM_INDENT_MM = 35, 45
NOI_NHAN_HANG_MM = 2           # hanging indent of a Nơi nhận item: the "- " of 11 pt

# Sizes (pt) of every element, spec §2.
SIZE_QUOC_HIEU = 13
SIZE_TIEU_NGU = 14
SIZE_CO_QUAN = 13
SIZE_SO = 13
SIZE_NGAY = 14
SIZE_NGAY_LONG = 13            # a long place name (Thành phố Hồ Chí Minh) would wrap at 14 pt
SIZE_TEN_LOAI = 14
SIZE_TRICH_YEU = 14
SIZE_BODY = 14
SIZE_NOI_NHAN_HEADING = 12
SIZE_NOI_NHAN = 11
SIZE_CHU_KY = 14
SIZE_PAGE_NUMBER = 14
SIZE_FOOTNOTE = 12
SIZE_V_V = 12                  # NĐ 30 ô 5b: 12–13 pt, upright, centred under the number
SIZE_TABLE = 12                # lists attached to decisions: six columns on a portrait page

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

# Rule (đường kẻ) lengths relative to the text above them, spec §2: agency and trích yếu
# rules 1/3–1/2 of the line; tiêu ngữ rule as long as the tiêu ngữ.
AGENCY_RULE_RATIO = 0.4
TRICH_YEU_RULE_RATIO = 0.35


def cell_text_width_mm(column_mm: float) -> float:
    return column_mm - 2 * CELL_PADDING_MM


class Style:
    """Paragraph/character style ids defined in every template (the look lives there)."""

    QUOC_HIEU = "DGQuocHieu"
    TIEU_NGU = "DGTieuNgu"
    CHU_QUAN = "DGChuQuan"
    CO_QUAN = "DGCoQuan"
    SO = "DGSo"
    NGAY = "DGNgay"
    GACH = "DGGach"                 # an empty paragraph whose bottom border is the rule
    TEN_LOAI = "DGTenLoai"
    TRICH_YEU = "DGTrichYeu"
    KINH_GUI = "DGKinhGui"
    KINH_GUI_MUC = "DGKinhGuiMuc"
    CAN_CU = "DGCanCu"
    THAN = "DGThan"                 # body paragraph
    MUC = "DGMuc"                   # I. HEADING
    KHOAN = "DGKhoan"               # 1. Heading (titled khoản)
    DIEM = "DGDiem"                 # a) heading and lower headings: regular, kept with next
    DINH_KEM = "DGDinhKem"
    NOI_NHAN_TIEU_DE = "DGNoiNhanTieuDe"
    NOI_NHAN = "DGNoiNhan"
    CHUC_VU = "DGChucVu"
    HO_TEN = "DGHoTen"
    PHU_LUC_SO = "DGPhuLucSo"
    PHU_LUC_TEN = "DGPhuLucTen"
    PHU_LUC_KEM_THEO = "DGPhuLucKemTheo"
    RONG = "DGRong"                 # tiny empty paragraph closing the body
    THAM_QUYEN_BAN_HANH = "DGThamQuyenBanHanh"   # decisions: CHỦ TỊCH ỦY BAN NHÂN DÂN …
    QUYET_DINH = "DGQuyetDinh"      # the "QUYẾT ĐỊNH:" line before the articles
    CHUONG = "DGChuong"             # "Chương I" and its title, centred (regulations)
    V_V = "DGVeViec"                # a công văn's trích yếu "V/v …" under its number (ô 5b)
    BANG = "DGBang"                 # table cell text
    BANG_TIEU_DE = "DGBangTieuDe"   # table header cell text
    HINH = "DGHinh"                 # the paragraph holding a picture
    CHU_THICH_HINH = "DGChuThichHinh"  # its caption
    CHU_DAM = "DGChuDam"            # character style: the bold heading part of a line
    FOOTNOTE_TEXT = "FootnoteText"
    FOOTNOTE_REFERENCE = "FootnoteReference"


TWIPS = mm_to_twips
