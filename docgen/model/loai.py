"""Document types (tên loại văn bản) and their abbreviations, NĐ 30 Phụ lục III mục I."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LoaiVanBan:
    ma: str            # slug used in data files: "ke-hoach"
    ten: str           # "Kế hoạch"
    viet_tat: str | None  # "KH"; None for công văn, which has no abbreviation
    kinh_gui: bool = False  # sent to named addressees (Kính gửi block) by nature
    dieu: bool = False      # body numbered in articles (Điều 1., Điều 2.) rather than I., II.

    @property
    def ten_in_hoa(self) -> str:
        return self.ten.upper()

    @property
    def dong_quyet(self) -> str:
        """The line that opens the articles: `QUYẾT ĐỊNH:`, a collective's `QUYẾT NGHỊ:` (Mẫu 1.1)."""
        return "QUYẾT NGHỊ:" if self.ma == "nghi-quyet" else "QUYẾT ĐỊNH:"

    @property
    def in_ten_loai(self) -> bool:
        """A công văn prints no type name: its trích yếu `V/v …` stands under its number (Mẫu 1.5)."""
        return self.ma != "cong-van"


_TABLE = [
    ("nghi-quyet", "Nghị quyết", "NQ"), ("quyet-dinh", "Quyết định", "QĐ"),
    ("chi-thi", "Chỉ thị", "CT"), ("quy-che", "Quy chế", "QC"), ("quy-dinh", "Quy định", "QyĐ"),
    ("thong-cao", "Thông cáo", "TC"), ("thong-bao", "Thông báo", "TB"),
    ("huong-dan", "Hướng dẫn", "HD"), ("chuong-trinh", "Chương trình", "CTr"),
    ("ke-hoach", "Kế hoạch", "KH"), ("phuong-an", "Phương án", "PA"), ("de-an", "Đề án", "ĐA"),
    ("du-an", "Dự án", "DA"), ("bao-cao", "Báo cáo", "BC"), ("bien-ban", "Biên bản", "BB"),
    ("to-trinh", "Tờ trình", "TTr"), ("hop-dong", "Hợp đồng", "HĐ"), ("cong-dien", "Công điện", "CĐ"),
    ("ban-ghi-nho", "Bản ghi nhớ", "BGN"), ("ban-thoa-thuan", "Bản thỏa thuận", "BTT"),
    ("giay-uy-quyen", "Giấy ủy quyền", "GUQ"), ("giay-moi", "Giấy mời", "GM"),
    ("giay-gioi-thieu", "Giấy giới thiệu", "GGT"), ("giay-nghi-phep", "Giấy nghỉ phép", "GNP"),
    ("phieu-gui", "Phiếu gửi", "PG"), ("phieu-chuyen", "Phiếu chuyển", "PC"),
    ("phieu-bao", "Phiếu báo", "PB"),
]

# Types whose body is a list of articles (NĐ 30 PL1 mục II khoản 6, family A).
_BY_ARTICLE = {"nghi-quyet", "quyet-dinh", "quy-che", "quy-dinh"}

# Types sent upward to a named addressee by nature (Kính gửi is part of their form).
_ADDRESSED = {"to-trinh"}

LOAI_VAN_BAN: dict[str, LoaiVanBan] = {
    ma: LoaiVanBan(ma, ten, viet_tat, kinh_gui=ma in _ADDRESSED, dieu=ma in _BY_ARTICLE)
    for ma, ten, viet_tat in _TABLE
}
LOAI_VAN_BAN["cong-van"] = LoaiVanBan("cong-van", "Công văn", None, kinh_gui=True)
ENACTING_LINES = ("QUYẾT ĐỊNH", "QUYẾT NGHỊ")

# Abbreviations NĐ 30 allows in a ký hiệu, for validating hand-written symbols.
VIET_TAT_HOP_LE = frozenset(l.viet_tat for l in LOAI_VAN_BAN.values() if l.viet_tat)


def tim_loai(ma: str) -> LoaiVanBan:
    try:
        return LOAI_VAN_BAN[ma]
    except KeyError:
        known = ", ".join(sorted(LOAI_VAN_BAN))
        raise ValueError(f"không có loại văn bản '{ma}'; các loại hợp lệ: {known}") from None
