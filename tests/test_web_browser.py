"""The web app in a real browser (Debian's chromium driven by Playwright): a văn thư signs in,
drafts a công văn and a decision through the form, sees the preview, issues one, and the issued
.docx is checked with python-docx. Screenshots of each page are kept in $DOCGEN_SCREENSHOTS if set."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document

from docgen.readers.docx_text import body_lines
from docgen.web import accounts

from conftest import SAMPLES, libreoffice_missing
from test_agency_templates import letterhead_with_logo, png

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api")


pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="không có chromium (apt-get install chromium)"),
    pytest.mark.skipif(libreoffice_missing() is not None, reason="không có LibreOffice cho trang xem trước"),
]


@pytest.fixture
def server(tmp_path):
    shutil.copy(SAMPLES / "co-quan.yaml", tmp_path / "ho-so.yaml")
    (tmp_path / "mau-goc").mkdir()
    shutil.copy(SAMPLES / "quyet-dinh-tang-cuong.yaml", tmp_path / "mau-goc" / "tang-cuong.yaml")
    accounts.add_user(accounts.open_store(tmp_path), "van-thu", "ubnd-can-tho", "van-thu", "mat-khau-dai")
    accounts.add_user(accounts.open_store(tmp_path), "quan-tri", "ubnd-can-tho", "quan-tri", "mat-khau-dai")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--port", str(port), "--data-dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=20)


def shot(page, name: str) -> None:
    folder = os.environ.get("DOCGEN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def draft(page, kind_label: str, fields: dict[str, str]) -> None:
    page.goto(page.url.split("/du-thao")[0] + "/du-thao")
    page.select_option("#loai", label=kind_label)
    page.click("text=Tạo dự thảo")
    page.wait_for_selector("#f-trich_yeu")
    page.wait_for_selector("img.trang", timeout=60_000)
    page.eval_on_selector_all("img.trang", "pages => pages.forEach(p => p.dataset.cu = '1')")
    for name, value in fields.items():
        page.fill(f"#{name}" if name.startswith("m-") else f"#f-{name}", value)
    page.click("#soan > button[type=submit]")
    page.wait_for_selector("text=không có lỗi dữ liệu")
    page.wait_for_selector("img.trang:not([data-cu])", timeout=60_000)     # the preview of what was typed


def test_a_van_thu_drafts_previews_and_issues(server, tmp_path):
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(server)
        shot(page, "1-dang-nhap")
        page.fill("#ten", "van-thu")
        page.fill("#mat_khau", "mat-khau-dai")
        page.press("#mat_khau", "Enter")
        page.wait_for_selector("text=Soạn văn bản mới")
        shot(page, "2-du-thao")

        draft(page, "Công văn (Mẫu 1.5 (công văn))", {
            "trich_yeu": "Đề nghị cử công chức tham gia tập huấn nghiệp vụ văn thư",
            "kinh_gui": "Các sở, ban, ngành thành phố",
            "noi_nhan": "Như trên\nVăn phòng UBND thành phố"})
        assert page.locator("img.trang").count() >= 1
        shot(page, "3-cong-van")

        draft(page, "Quyết định (Mẫu 1.2 (quyết định cá biệt, quy định trực tiếp))", {
            "trich_yeu": "Về việc cử ông Nguyễn Văn An tăng cường đi công tác ở cơ sở",
            "can_cu": "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025\n"
                      "Căn cứ Kế hoạch số 131/KH-UBND ngày 03 tháng 6 năm 2025 của Ủy ban nhân dân thành phố\n"
                      "Theo đề nghị của Giám đốc Sở Nội vụ",
            "m-0-van_ban": "Cử ông Nguyễn Văn An, Phó Trưởng phòng Quản lý ngân sách, Sở Tài chính tăng cường đi "
                           "công tác tại Ủy ban nhân dân phường Ninh Kiều trong thời gian 36 tháng.",
            "m-1-van_ban": "Ông Nguyễn Văn An được hưởng các chế độ, chính sách theo quy định.",
            "m-2-van_ban": "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân thành phố, "
                           "Giám đốc Sở Nội vụ và ông Nguyễn Văn An chịu trách nhiệm thi hành Quyết định này.",
            "noi_nhan": "Sở Nội vụ\nSở Tài chính\nUBND phường Ninh Kiều"})
        page.click("button[aria-label='Thêm mục con (mục 1)']")          # a khoản under Điều 1, by the outline
        page.wait_for_selector("#m-0-0-tieu_de:focus")
        page.fill("#m-0-0-van_ban", "Thời gian tăng cường tính từ ngày 01 tháng 7 năm 2026.")
        page.eval_on_selector_all("img.trang", "pages => pages.forEach(p => p.dataset.cu = '1')")
        page.click("#soan > button[type=submit]")
        page.wait_for_selector("img.trang:not([data-cu])", timeout=60_000)
        assert page.locator("#loi-noi_dung .loi").count() == 0
        assert "docgen check" in page.inner_text("#xem-truoc")
        shot(page, "4-quyet-dinh")
        page.click("text=Cấp số và ban hành")
        page.wait_for_selector("text=Đã ban hành")
        shot(page, "5-so-van-ban")
        link = page.locator("a", has_text="Tải .docx").first.get_attribute("href")
        response = page.request.get(server + link)
        assert response.ok
        lines = body_lines(Document(io.BytesIO(response.body())))
        assert any(line.startswith("Số: 01/QĐ-") for line in lines)
        assert "Về việc cử ông Nguyễn Văn An tăng cường đi công tác ở cơ sở" in lines
        assert "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ" in lines
        assert any(line.startswith("Điều 1. Cử ông Nguyễn Văn An") for line in lines)
        assert "1. Thời gian tăng cường tính từ ngày 01 tháng 7 năm 2026." in lines

        page.click("text=Danh sách")
        page.set_input_files("#tep-ds", str(SAMPLES / "tang-cuong.csv"))
        page.check("input[value=gop]")
        page.click("text=Tạo văn bản")
        page.wait_for_selector("text=Tải kết quả", timeout=60_000)     # the progress polled until done
        assert "Đã tạo 22 văn bản từ 22 dòng" in page.inner_text("#tien-do")
        shot(page, "6-danh-sach")
        merged = page.request.get(server + page.locator("a", has_text="Tải kết quả").get_attribute("href"))
        assert len(Document(io.BytesIO(merged.body())).sections) == 22
        browser.close()


def test_a_quan_tri_uploads_the_agency_word_template(server, tmp_path):
    """The file chooser and the lint's answer in a real browser; the template kept with its logo."""
    png(tmp_path / "logo.png")
    letterhead_with_logo(tmp_path / "cong-van.docx", tmp_path / "logo.png", "cong-van")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(server)
        page.fill("#ten", "quan-tri")
        page.fill("#mat_khau", "mat-khau-dai")
        page.press("#mat_khau", "Enter")
        page.goto(server + "/quan-tri")
        page.select_option("#loai-mau-word", label="Công văn")
        page.set_input_files("#tep-mau-word", str(tmp_path / "cong-van.docx"))
        page.click("text=Kiểm tra và dùng mẫu")
        page.wait_for_selector("text=Đã dùng mẫu Word riêng cho Công văn")
        assert "mau-word/ubnd-can-tho/cong-van.docx" in page.inner_text("main")
        shot(page, "7-quan-tri-mau-word")
        browser.close()
    stored = Document(str(tmp_path / "mau-word" / "ubnd-can-tho" / "cong-van.docx"))
    assert stored.tables[0].rows[0].cells[0]._element.xpath(".//pic:pic")
