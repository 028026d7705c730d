"""`docgen new`: a commented skeleton of a document, ready to edit and render.

Each skeleton is the smallest document of its type that renders and passes `docgen check` as it is,
every field explained in Vietnamese. Without a profile it names an example agency and signer inline;
with `--ho-so` it takes the profile's first agency and signer by key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Template

from docgen.model.ho_so import HoSo
from docgen.model.loai import LOAI_VAN_BAN


INLINE_SIGNER = """\
nguoi_ky:                      # người ký (hoặc khóa trong tệp hồ sơ)
  ho_ten: Nguyễn Văn An
  chuc_vu: CHỦ TỊCH
  tham_quyen: [TM. ỦY BAN NHÂN DÂN]      # TM., KT., TL., TUQ., Q. — để [] nếu ký trực tiếp
"""


@dataclass(frozen=True)
class MauMoi:
    ma: str
    mau_nd30: str           # the decree's model it follows
    body: str               # the type's own fields (string.Template: $nam)
    signer: str = INLINE_SIGNER   # who signs, without a profile


INLINE_AGENCY = """\
co_quan:                       # cơ quan ban hành (hoặc khóa trong tệp hồ sơ: co_quan: ubnd-tan-phu)
  ten: [ỦY BAN NHÂN DÂN, XÃ TÂN PHÚ]     # các dòng tên in ở góc trái, chữ in hoa
  ten_day_du: Ủy ban nhân dân xã Tân Phú # tên đầy đủ, dùng khi trích dẫn
  viet_tat: UBND                         # chữ viết tắt tên cơ quan, cuối ký hiệu văn bản
  dia_danh: Tân Phú                      # địa danh ở dòng ngày tháng
"""

COMMON_TAIL = """\
noi_nhan:                      # nơi nhận, mỗi dòng một nơi; docgen thêm dấu `- …;`
  - Thường trực Đảng ủy, HĐND xã
  - Các ban, ngành, đoàn thể xã
luu: VP                        # đơn vị soạn thảo: in "- Lưu: VT, VP."
"""

SKELETONS = {
    "ke-hoach": MauMoi("ke-hoach", "Mẫu 1.4 (văn bản có tên loại)", """\
loai: ke-hoach
nam: $nam                      # dự thảo: chưa có số, ngày (thêm `so:` và `ngay:` khi ban hành)
trich_yeu: Tổ chức tập huấn nghiệp vụ văn thư năm $nam
mo_dau:                        # đoạn mở đầu (căn cứ, lý do ban hành)
  - "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư, Ủy ban nhân dân xã ban hành Kế hoạch như sau:"  # dòng có dấu hai chấm: đặt trong nháy
noi_dung:                      # nhãn I., 1., a), -, + do docgen tự đánh theo cấp
  - tieu_de: Mục đích, yêu cầu
    muc:
      - Nâng cao kỹ năng soạn thảo văn bản hành chính cho cán bộ, công chức.
      - Bảo đảm văn bản ban hành đúng thể thức, kỹ thuật trình bày.
  - tieu_de: Nội dung
    muc:
      - tieu_de: Tổ chức lớp tập huấn       # một nhiệm vụ: tên, rồi các trường của nhiệm vụ
        nhiem_vu:
          chu_tri: Văn phòng HĐND và UBND xã  # cơ quan chủ trì (hoặc thuc_hien: đơn vị thực hiện)
          phoi_hop: Các ban, ngành xã          # cơ quan phối hợp
          thoi_gian: quý II năm $nam            # thời gian thực hiện
  - tieu_de: Tổ chức thực hiện
    doan:
      - Văn phòng HĐND và UBND xã chủ trì, theo dõi, tổng hợp kết quả thực hiện Kế hoạch này.
ket_luan: Trên đây là Kế hoạch tập huấn nghiệp vụ văn thư năm $nam của Ủy ban nhân dân xã
"""),
    "quyet-dinh": MauMoi("quyet-dinh", "Mẫu 1.2 (quyết định cá biệt, quy định trực tiếp)", """\
loai: quyet-dinh
nam: $nam
trich_yeu: Về việc thành lập Tổ công tác rà soát thủ tục hành chính năm $nam
tham_quyen_ban_hanh: Chủ tịch Ủy ban nhân dân xã Tân Phú   # dòng thẩm quyền ban hành, in hoa đậm
can_cu:                        # căn cứ: docgen thêm `;`, căn cứ cuối `.`
  - Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025
  - Theo đề nghị của Chánh Văn phòng HĐND và UBND xã
noi_dung:                      # các điều: Điều 1., Điều 2. … do docgen đánh số
  - Thành lập Tổ công tác rà soát thủ tục hành chính năm $nam của xã gồm các thành viên có tên trong danh sách kèm theo.
  - Tổ công tác có nhiệm vụ rà soát, đề xuất đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết của xã.
  - Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng HĐND và UBND xã và các thành viên có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.
nhu_dieu: 3                    # Nơi nhận mở đầu bằng "Như Điều 3;"
tham_quyen: []                 # Chủ tịch quyết định theo thẩm quyền riêng: ký "CHỦ TỊCH", không "TM."
"""),
    "bao-cao": MauMoi("bao-cao", "Mẫu 1.4 (văn bản có tên loại, gửi cấp trên)", """\
loai: bao-cao
nam: $nam
trich_yeu: Kết quả công tác văn thư, lưu trữ năm $nam
kinh_gui:                      # cơ quan nhận báo cáo
  - Ủy ban nhân dân tỉnh
mo_dau:
  - "Thực hiện chế độ báo cáo định kỳ, Ủy ban nhân dân xã báo cáo kết quả công tác văn thư, lưu trữ năm $nam như sau:"
noi_dung:
  - tieu_de: Kết quả thực hiện
    muc:
      - Ban hành đầy đủ văn bản hướng dẫn về công tác văn thư, lưu trữ.
      - Văn bản đi, đến được đăng ký, quản lý trên hệ thống quản lý văn bản và điều hành.
  - tieu_de: Tồn tại, hạn chế
    muc:
      - Một số văn bản còn sai sót về thể thức.
  - tieu_de: Kiến nghị, đề xuất
    muc:
      - Đề nghị tổ chức tập huấn nghiệp vụ văn thư cho công chức cấp xã.
ket_luan: Trên đây là báo cáo kết quả công tác văn thư, lưu trữ năm $nam của Ủy ban nhân dân xã
"""),
    "cong-van": MauMoi("cong-van", "Mẫu 1.5 (công văn)", """\
loai: cong-van
ky_hieu: UBND-VP               # công văn không có chữ viết tắt tên loại: cơ quan - đơn vị soạn thảo
nam: $nam
trich_yeu: Đề nghị cử công chức tham gia tập huấn nghiệp vụ   # in "V/v đề nghị …" dưới số, ký hiệu
kinh_gui:                      # nơi nhận chính; một nơi in cùng dòng, nhiều nơi in thành danh sách
  - Các ban, ngành, đoàn thể xã
mo_dau:
  - Ủy ban nhân dân xã tổ chức lớp tập huấn nghiệp vụ văn thư vào quý II năm $nam. Đề nghị các cơ quan, đơn vị cử công chức tham gia và gửi danh sách về Văn phòng HĐND và UBND xã trước ngày 15 tháng 4 năm $nam.
ket_luan: Ủy ban nhân dân xã đề nghị các cơ quan, đơn vị quan tâm phối hợp thực hiện
"""),
    "chuong-trinh": MauMoi("chuong-trinh", "Mẫu 1.4 (văn bản có tên loại)", """\
loai: chuong-trinh
nam: $nam
trich_yeu: Công tác cải cách hành chính năm $nam
mo_dau:
  - "Thực hiện Kế hoạch cải cách hành chính của Ủy ban nhân dân tỉnh, Ủy ban nhân dân xã ban hành Chương trình công tác cải cách hành chính năm $nam như sau:"
noi_dung:
  - tieu_de: Mục tiêu
    muc:
      - Giải quyết đúng hạn hồ sơ thủ tục hành chính thuộc thẩm quyền của xã.
  - tieu_de: Nhiệm vụ trọng tâm
    muc:
      - tieu_de: Rà soát, đơn giản hóa thủ tục hành chính
        nhiem_vu:
          chu_tri: Văn phòng HĐND và UBND xã
          thoi_gian: quý III năm $nam
  - tieu_de: Tổ chức thực hiện
    doan:
      - Các ban, ngành, đoàn thể xã căn cứ Chương trình này xây dựng kế hoạch thực hiện; báo cáo kết quả trước ngày 15 tháng 12 năm $nam.
ket_luan: Trên đây là Chương trình công tác cải cách hành chính năm $nam của Ủy ban nhân dân xã
"""),
    "huong-dan": MauMoi("huong-dan", "Mẫu 1.4 (văn bản có tên loại)", """\
loai: huong-dan
nam: $nam
trich_yeu: Lập hồ sơ và nộp lưu hồ sơ, tài liệu vào Lưu trữ cơ quan năm $nam
mo_dau:
  - "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư, Ủy ban nhân dân xã hướng dẫn lập hồ sơ và nộp lưu hồ sơ, tài liệu như sau:"
noi_dung:
  - tieu_de: Lập hồ sơ
    muc:
      - Mỗi công chức lập hồ sơ về công việc được giao theo Danh mục hồ sơ của cơ quan.
  - tieu_de: Nộp lưu hồ sơ
    muc:
      - Hồ sơ đã kết thúc được nộp lưu vào Lưu trữ cơ quan trong thời hạn 01 năm kể từ ngày công việc kết thúc.
ket_luan: Trong quá trình thực hiện, nếu có vướng mắc, đề nghị phản ánh về Văn phòng HĐND và UBND xã để được hướng dẫn
"""),
    "phuong-an": MauMoi("phuong-an", "Mẫu 1.4 (văn bản có tên loại)", """\
loai: phuong-an
nam: $nam
trich_yeu: Ứng phó với thiên tai và tìm kiếm cứu nạn năm $nam
mo_dau:
  - "Căn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013, Ủy ban nhân dân xã xây dựng Phương án ứng phó với thiên tai và tìm kiếm cứu nạn năm $nam như sau:"
noi_dung:
  - tieu_de: Tình hình, đặc điểm của xã
    doan:
      - Xã có 12 ấp, trong đó 4 ấp ven sông thường bị ngập úng khi có mưa lớn kết hợp triều cường.
  - tieu_de: Phương án ứng phó
    muc:
      - tieu_de: Sơ tán dân cư vùng ngập sâu
        nhiem_vu:
          chu_tri: Ban Chỉ huy Quân sự xã
          phoi_hop: Công an xã, các ấp
          thoi_gian: khi có cảnh báo mưa lớn, triều cường
  - tieu_de: Tổ chức thực hiện
    doan:
      - Văn phòng HĐND và UBND xã theo dõi, tổng hợp, báo cáo Chủ tịch Ủy ban nhân dân xã.
ket_luan: Trên đây là Phương án ứng phó với thiên tai và tìm kiếm cứu nạn năm $nam của Ủy ban nhân dân xã
"""),
    "de-an": MauMoi("de-an", "Mẫu 1.4 (văn bản có tên loại)", """\
loai: de-an
nam: $nam
trich_yeu: Xây dựng xã điểm chuyển đổi số giai đoạn $nam - $nam_sau
mo_dau:
  - Đề án xác định mục tiêu, nhiệm vụ và giải pháp đưa các dịch vụ công của xã lên môi trường số.
noi_dung:
  - tieu_de: Sự cần thiết xây dựng Đề án
    doan:
      - Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến tại xã còn thấp.
  - tieu_de: Mục tiêu
    muc:
      - Đến hết năm $nam_sau, 80 % hồ sơ thủ tục hành chính được nộp trực tuyến.
  - tieu_de: Nhiệm vụ, giải pháp
    muc:
      - tieu_de: Hướng dẫn người dân nộp hồ sơ trực tuyến
        nhiem_vu:
          chu_tri: Văn phòng HĐND và UBND xã
          phoi_hop: Đoàn Thanh niên xã
          thoi_gian: năm $nam và năm $nam_sau
  - tieu_de: Tổ chức thực hiện
    doan:
      - Văn phòng HĐND và UBND xã chủ trì, theo dõi, đánh giá kết quả thực hiện Đề án.
ket_luan: Trên đây là Đề án xây dựng xã điểm chuyển đổi số giai đoạn $nam - $nam_sau của Ủy ban nhân dân xã
"""),
    "chi-thi": MauMoi("chi-thi", "Mẫu 1.4 (văn bản có tên loại)", """\
loai: chi-thi
nam: $nam
trich_yeu: Về việc tăng cường kỷ luật, kỷ cương hành chính năm $nam
mo_dau:
  - "Để chấn chỉnh kỷ luật, kỷ cương hành chính trong cơ quan, đơn vị, Chủ tịch Ủy ban nhân dân xã yêu cầu:"
noi_dung:                      # chỉ thị đánh số 1., 2., … (kieu_muc "1")
  - Thủ trưởng các cơ quan, đơn vị chấp hành nghiêm giờ làm việc, quy chế làm việc của cơ quan.
  - Văn phòng HĐND và UBND xã kiểm tra đột xuất việc chấp hành kỷ luật, báo cáo Chủ tịch Ủy ban nhân dân xã hằng quý.
kieu_muc: "1"
ket_luan: Chủ tịch Ủy ban nhân dân xã yêu cầu thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện Chỉ thị này
tham_quyen: []                 # chỉ thị của Chủ tịch: ký "CHỦ TỊCH"
"""),
    "to-trinh": MauMoi("to-trinh", "Mẫu 1.4 (văn bản có tên loại, trình cấp trên)", """\
loai: to-trinh
nam: $nam
trich_yeu: Về việc đề nghị phê duyệt Kế hoạch tập huấn nghiệp vụ văn thư năm $nam
kinh_gui:                      # tờ trình luôn có nơi nhận chính: cấp có thẩm quyền quyết định
  - Ủy ban nhân dân tỉnh
mo_dau:
  - "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư, Ủy ban nhân dân xã kính trình Ủy ban nhân dân tỉnh như sau:"
noi_dung:
  - tieu_de: Sự cần thiết
    doan:
      - Một số văn bản của xã còn sai sót về thể thức, cần bồi dưỡng thêm cho công chức làm công tác văn thư.
  - tieu_de: Nội dung đề nghị
    doan:
      - Đề nghị Ủy ban nhân dân tỉnh phê duyệt Kế hoạch tập huấn nghiệp vụ văn thư năm $nam của xã (hồ sơ kèm theo).
ket_luan: Ủy ban nhân dân xã kính trình Ủy ban nhân dân tỉnh xem xét, phê duyệt
"""),
    "thong-bao": MauMoi("thong-bao", "Mẫu 1.4 (văn bản có tên loại)", """\
loai: thong-bao
nam: $nam
trich_yeu: Lịch tiếp công dân của Chủ tịch Ủy ban nhân dân xã quý II năm $nam
mo_dau:
  - Ủy ban nhân dân xã thông báo lịch tiếp công dân định kỳ của Chủ tịch Ủy ban nhân dân xã quý II năm $nam như sau.
noi_dung:
  - tieu_de: Thời gian, địa điểm
    doan:
      - Ngày 15 hằng tháng, tại Trụ sở tiếp công dân của xã; nếu trùng ngày nghỉ thì chuyển sang ngày làm việc kế tiếp.
  - tieu_de: Tổ chức thực hiện
    doan:
      - Văn phòng HĐND và UBND xã chuẩn bị địa điểm, tài liệu và niêm yết công khai Thông báo này.
ket_luan: Ủy ban nhân dân xã thông báo để cơ quan, tổ chức và Nhân dân biết
"""),
    "giay-moi": MauMoi("giay-moi", "Mẫu 1.7 (giấy mời)", """\
loai: giay-moi
nam: $nam
trich_yeu: Họp triển khai nhiệm vụ cải cách hành chính năm $nam
mo_dau:
  - Ủy ban nhân dân xã tổ chức họp triển khai nhiệm vụ cải cách hành chính năm $nam.
noi_dung:                      # giấy mời đánh số 1., 2., … (kieu_muc "1")
  - "Chủ trì: Chủ tịch Ủy ban nhân dân xã."
  - "Thành phần mời: lãnh đạo các ban, ngành, đoàn thể xã; công chức chuyên môn."
  - "Thời gian: 08 giờ 00 phút, ngày 10 tháng 4 năm $nam."
  - "Địa điểm: Hội trường Ủy ban nhân dân xã."
kieu_muc: "1"
ket_luan: Đề nghị các đồng chí dự họp đúng thành phần, thời gian và địa điểm nêu trên
"""),
    "giay-gioi-thieu": MauMoi("giay-gioi-thieu", "Mẫu 1.8 (giấy giới thiệu)", """\
loai: giay-gioi-thieu
nam: $nam
trich_yeu: Giới thiệu công chức đến liên hệ công tác
mo_dau:
  - "Ủy ban nhân dân xã Tân Phú trân trọng giới thiệu:"
  - "Ông (bà): Trần Thị Bình, chức vụ: công chức Văn phòng - Thống kê."
  - "Được cử đến: Sở Nội vụ tỉnh."
  - "Về việc: liên hệ nhận tài liệu tập huấn nghiệp vụ văn thư."
  - Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên trên hoàn thành nhiệm vụ.
ket_luan: Giấy này có giá trị đến hết ngày 30 tháng 6 năm $nam
"""),
    "cong-dien": MauMoi("cong-dien", "Mẫu 1.6 (công điện)", """\
loai: cong-dien
nam: $nam
trich_yeu: Về việc chủ động ứng phó với mưa lớn, ngập úng
mo_dau:
  - "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN PHÚ điện:"
  - "- Các ban, ngành, đoàn thể xã;"
  - "- Trưởng các ấp."
  - Để chủ động ứng phó với mưa lớn, ngập úng có thể xảy ra trong những ngày tới, Chủ tịch Ủy ban nhân dân xã yêu cầu các cơ quan, đơn vị khẩn trương thực hiện các nội dung sau.
noi_dung:
  - Theo dõi chặt chẽ diễn biến thời tiết, thông tin kịp thời cho Nhân dân.
  - Kiểm tra, gia cố bờ bao, chuẩn bị lực lượng, phương tiện sẵn sàng ứng phó.
kieu_muc: "1"
ket_luan: Chủ tịch Ủy ban nhân dân xã yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện
tham_quyen: []                 # Chủ tịch điện: ký "CHỦ TỊCH"
"""),
    "bien-ban": MauMoi("bien-ban", "Mẫu 1.9 (biên bản)", """\
loai: bien-ban
nam: $nam
trich_yeu: Họp giao ban công tác tháng 3 năm $nam
mo_dau:
  - "Thời gian: 08 giờ 00 phút, ngày 31 tháng 3 năm $nam."
  - "Địa điểm: Hội trường Ủy ban nhân dân xã Tân Phú."
  - "Thành phần: lãnh đạo Ủy ban nhân dân xã; công chức chuyên môn."
  - "Chủ trì: ông Nguyễn Văn An, Chủ tịch Ủy ban nhân dân xã; thư ký: bà Trần Thị Bình."
noi_dung:
  - tieu_de: Nội dung
    muc:
      - Các bộ phận báo cáo kết quả công tác tháng 3 và nhiệm vụ tháng 4.
      - Chủ tịch Ủy ban nhân dân xã kết luận, giao nhiệm vụ cho từng bộ phận.
ket_luan: Cuộc họp kết thúc vào lúc 11 giờ 00 phút cùng ngày; biên bản đã được thông qua
thu_ky:                        # thư ký ký bên trái (Mẫu 1.9)
  ho_ten: Trần Thị Bình
  chuc_vu: THƯ KÝ
""", signer="""\
nguoi_ky:                      # chủ tọa ký bên phải (hoặc khóa trong tệp hồ sơ)
  ho_ten: Nguyễn Văn An
  chuc_vu: CHỦ TỌA
"""),
    "giay-uy-quyen": MauMoi("giay-uy-quyen", "Mẫu 1.4 (văn bản có tên loại)", """\
loai: giay-uy-quyen
nam: $nam
trich_yeu: Ủy quyền nhận hồ sơ, tài liệu
mo_dau:
  - "Bên ủy quyền: ông Nguyễn Văn An, Chủ tịch Ủy ban nhân dân xã Tân Phú."
  - "Bên được ủy quyền: bà Trần Thị Bình, công chức Văn phòng - Thống kê."
  - "Nội dung ủy quyền: nhận hồ sơ, tài liệu của các cơ quan cấp tỉnh gửi Ủy ban nhân dân xã."
  - "Thời hạn ủy quyền: từ ngày ký đến hết ngày 31 tháng 12 năm $nam."
ket_luan: Bên được ủy quyền chịu trách nhiệm trước bên ủy quyền về công việc được ủy quyền
tham_quyen: []                 # người đứng đầu ủy quyền ký trực tiếp
"""),
    "giay-nghi-phep": MauMoi("giay-nghi-phep", "Mẫu 1.10 (giấy nghỉ phép)", """\
loai: giay-nghi-phep
nam: $nam
trich_yeu: Cấp cho công chức nghỉ phép năm $nam
mo_dau:
  - "Xét đơn đề nghị nghỉ phép của bà Trần Thị Bình, công chức Văn phòng - Thống kê, Ủy ban nhân dân xã cấp cho bà Trần Thị Bình được nghỉ phép năm $nam."
  - "Thời gian nghỉ: 05 ngày, từ ngày 04 đến ngày 08 tháng 8 năm $nam."
  - "Nơi nghỉ phép: xã Tân Phú."
ket_luan: Giấy này có giá trị trong thời gian nghỉ phép
"""),
}


def types() -> list[tuple[str, str, str]]:
    """(key, name, the decree's model) of every type `docgen new` writes."""
    return [(ma, LOAI_VAN_BAN[ma].ten, mau.mau_nd30) for ma, mau in SKELETONS.items()]


def skeleton(ma: str, profile: HoSo | None = None, profile_path: Path | None = None,
             year: int | None = None, agency: str | None = None) -> str:
    """The YAML text of a new document of type `ma`, of `agency` (a profile key; the profile's
    first agency if none) and signed by the first signer who signs for it."""
    if ma not in SKELETONS:
        known = ", ".join(SKELETONS)
        raise ValueError(f"không có mẫu văn bản '{ma}'; các loại: {known} (xem `docgen new --list`)")
    header = (f"# {LOAI_VAN_BAN[ma].ten} ({SKELETONS[ma].mau_nd30}, Nghị định 30/2020/NĐ-CP) — bản khung của "
              "docgen new.\n# Sửa nội dung rồi chạy: docgen render TỆP.yaml; docgen check TỆP.docx\n")
    body = Template(SKELETONS[ma].body).substitute(nam=(year or date.today().year),
                                                       nam_sau=(year or date.today().year) + 1)
    if profile is not None and profile.co_quan and profile.nguoi_ky:
        where = (f"ho_so: {json.dumps(str(profile_path), ensure_ascii=False)}\n" if profile_path
                 else "# hồ sơ ở thư mục khác: chạy docgen render với --ho-so\n")
        key = agency if agency in profile.co_quan else next(iter(profile.co_quan))
        signer = next(iter(profile.signers_of(key) or profile.nguoi_ky))
        issuer = f"{where}co_quan: {key}   # khóa trong hồ sơ\nnguoi_ky: {signer}\n"
    else:
        issuer = INLINE_AGENCY + SKELETONS[ma].signer
    return header + issuer + body + COMMON_TAIL
