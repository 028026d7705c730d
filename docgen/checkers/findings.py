"""What a check reports: one finding per broken rule and place, in words a clerk understands."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"

SEVERITY_VI = {ERROR: "lỗi", WARNING: "cảnh báo"}


@dataclass(frozen=True)
class Finding:
    rule: str                  # stable id, e.g. "ngay-thang"
    severity: str              # error | warning
    message: str               # Vietnamese, for the clerk
    paragraph: int | None = None   # 1-based paragraph number in the body (tables included)
    excerpt: str | None = None     # the first words of that paragraph

    def as_dict(self) -> dict:
        return asdict(self)


# Rule ids and what each one guards (spec ../shared/spec/nd30-format.md, §12 unless noted).
RULES = {
    "kho-giay": "Khổ giấy A4 (210 × 297 mm), trang dọc (§1)",
    "le-trang": "Lề trên, dưới 20–25 mm; trái 30–35 mm; phải 15–20 mm (§1)",
    "phong-chu": "Phông chữ Times New Roman trong toàn văn bản (§1)",
    "mau-chu": "Chữ màu đen (§1)",
    "quoc-hieu": "Quốc hiệu in hoa, đậm, cỡ 12–13 (§2 ô 1)",
    "quoc-hieu-xuong-dong": "Quốc hiệu trình bày trên một dòng (§3)",
    "tieu-ngu": "Tiêu ngữ `Độc lập - Tự do - Hạnh phúc`, đậm, cỡ 13–14 (§2 ô 1)",
    "duong-ke": "Đường kẻ dưới tiêu ngữ, tên cơ quan, trích yếu đúng độ dài (§2)",
    "co-quan": "Tên cơ quan ban hành in hoa đậm, cơ quan chủ quản in hoa thường, cỡ 12–13 (§2 ô 2)",
    "so-ky-hieu": "Số và ký hiệu `Số: 05/KH-UBND`, cỡ 13, đứng (§5)",
    "ngay-thang": "Địa danh, ngày tháng năm `Cần Thơ, ngày 05 tháng 4 năm 2024`, nghiêng (§6)",
    "ten-loai": "Tên loại và trích yếu in đậm, căn giữa, cỡ 13–14 (§2 ô 5)",
    "than-van-ban": "Nội dung căn đều hai lề, thụt đầu dòng 1–1,27 cm, cách đoạn ≥ 6 pt, cỡ 13–14 (§4)",
    "diem": "Điểm đánh số theo chữ cái tiếng Việt a, b, c, d, đ, e, g… (§4)",
    "can-cu": "Căn cứ in nghiêng, mỗi căn cứ kết thúc bằng `;`, căn cứ cuối bằng `.` (§4)",
    "ket-thuc": "Nội dung kết thúc bằng `./.` (§10)",
    "kinh-gui": "`Kính gửi:` cỡ 13–14 chữ đứng; một nơi: cùng dòng, kết thúc `.`; nhiều nơi: `- …;`, nơi cuối `.` (§8)",
    "noi-nhan-tieu-de": "`Nơi nhận:` đậm nghiêng cỡ 12 (§8)",
    "noi-nhan-dong": "Mỗi nơi nhận một dòng, bắt đầu `- `, kết thúc `;`, cỡ 11 (§8)",
    "noi-nhan-luu": "Dòng cuối Nơi nhận là `- Lưu: VT, ….` (§8)",
    "chu-ky": "Chức vụ người ký in hoa đậm, tiền tố TM./KT./Q./TL./TUQ., họ tên đậm (§7)",
    "so-trang": "Số trang ở giữa lề trên, không hiện ở trang 1, phụ lục đánh số từ 1 (§9)",
    "du-thao": "Văn bản chưa có số hoặc ngày (dự thảo)",
    "nhan": "Nhãn mục theo thứ tự, không nhảy số; một cấp chỉ một kiểu nhãn (không `a)` sau `-`) (§4)",
    "sau-chu-ky": "Sau Nơi nhận và chữ ký chỉ có phụ lục, trình bày ở phần riêng (§9)",
    "in-dam": "Chỉ tiêu đề mục, `Điều n.` và tên điều in đậm; không in đậm lời văn, khoản, điểm (§4)",
    "bang-tach": "Bảng trình bày thành bảng, không tách thành đoạn văn có dấu `|`",
    "cho-trong": "Không còn chỗ trống chưa điền (`[Cần bổ sung: …]`, `<…>`, `…`) khi ban hành",
    "trung-ten": "Một người (một nơi nhận) chỉ ghi một lần trong danh sách",
    "dia-gioi": "Văn bản từ ngày 01/7/2025 không nêu cấp huyện, thị trấn (chính quyền địa phương hai cấp)",
    "khong-tim-thay": "Không tìm thấy một thành phần thể thức bắt buộc",
}
