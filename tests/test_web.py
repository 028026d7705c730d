"""`docgen serve`: every route for every role, and every refusal (other agency, wrong role, no CSRF)."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from datetime import date
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from docgen.cli import main
from docgen.readers.docx_text import body_lines
from docgen.register import queries
from docgen.web import accounts, drafting
from docgen.web.app import Settings, create_app
from docgen.web.lists import Job

from conftest import SAMPLES, libreoffice_missing

PASSWORD = "mat-khau-dai"
PEOPLE = {"cv": ("ubnd-can-tho", "chuyen-vien"), "vt": ("ubnd-can-tho", "van-thu"),
          "snv": ("so-noi-vu-can-tho", "van-thu"), "qt": ("ubnd-can-tho", "quan-tri")}


@pytest.fixture
def site(tmp_path) -> Path:
    shutil.copy(SAMPLES / "co-quan.yaml", tmp_path / "ho-so.yaml")
    store = accounts.open_store(tmp_path)
    for name, (agency, role) in PEOPLE.items():
        accounts.add_user(store, name, agency, role, PASSWORD)
    return tmp_path


@pytest.fixture
def app(site):
    (site / "mau-goc").mkdir()
    shutil.copy(SAMPLES / "quyet-dinh-tang-cuong.yaml", site / "mau-goc" / "tang-cuong.yaml")
    return create_app(Settings(site))


def client(app, who: str | None = None) -> TestClient:
    browser = TestClient(app)
    if who:
        response = browser.post("/dang-nhap", data={"ten": who, "mat_khau": PASSWORD, "csrf": token(browser)},
                                follow_redirects=False)
        assert response.status_code == 303, response.text
    return browser


def token(browser: TestClient, path: str = "/dang-nhap") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', browser.get(path).text).group(1)


def new_draft(browser: TestClient, kind: str = "cong-van") -> str:
    response = browser.post("/du-thao", data={"loai": kind, "csrf": token(browser, "/du-thao")}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def save(browser: TestClient, where: str, **fields) -> object:
    return browser.post(where, data={"csrf": token(browser, where), "che_do": "bieu-mau", **fields})


def test_signing_in_and_out(app):
    anonymous = client(app)
    assert anonymous.get("/du-thao", follow_redirects=False).headers["location"] == "/dang-nhap"
    wrong = anonymous.post("/dang-nhap", data={"ten": "cv", "mat_khau": "sai-mat-khau", "csrf": token(anonymous)})
    assert wrong.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in wrong.text
    browser = client(app, "cv")
    assert browser.get("/du-thao").status_code == 200
    assert browser.post("/dang-xuat", data={}).status_code == 403                 # no CSRF token
    out = browser.post("/dang-xuat", data={"csrf": token(browser, "/du-thao")}, follow_redirects=False)
    assert out.status_code == 303 and browser.get("/du-thao", follow_redirects=False).status_code == 303
    again = client(app, "cv")
    copied = dict(again.cookies)
    assert again.post("/dang-xuat", data={"csrf": token(again, "/du-thao")}).status_code == 200
    thief = TestClient(app, cookies=copied)                   # a cookie copied before signing out
    assert thief.get("/du-thao", follow_redirects=False).status_code == 303


def test_session_cookie_flags(site):
    plain = TestClient(create_app(Settings(site)))
    header = plain.get("/dang-nhap").headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=strict" in header and "secure" not in header
    secure = TestClient(create_app(Settings(site, secure_cookies=True)), base_url="https://testserver")
    assert "secure" in secure.get("/dang-nhap").headers["set-cookie"].lower()


def test_a_clerk_drafts_and_the_errors_sit_beside_their_fields(app):
    browser = client(app, "cv")
    where = new_draft(browser)
    page = browser.get(where)
    assert page.status_code == 200 and 'name="trich_yeu"' in page.text and "Người ký" in page.text
    bad = save(browser, where, trich_yeu="Về việc tập huấn", nguoi_ky="khong-co-ai")
    assert bad.status_code == 422
    beside = re.search(r'id="loi-nguoi_ky"[^>]*>(.*?)</div>', bad.text, re.S).group(1)
    assert "khong-co-ai" in beside or "người ký" in beside.lower()
    good = save(browser, where, trich_yeu="Về việc tập huấn nghiệp vụ văn thư", nguoi_ky="ct-tran-viet-truong")
    assert good.status_code == 200 and "không có lỗi dữ liệu" in good.text
    typed = browser.post(where, data={"csrf": token(browser, where), "che_do": "bieu-mau", "trich_yeu": "Tập huấn"},
                         headers={"HX-Request": "true"})
    assert typed.status_code == 200 and 'hx-swap-oob="true"' in typed.text        # htmx: the error boxes only
    assert browser.get(where + "/tai/yaml").text.count("Tập huấn") == 1


def test_yaml_cannot_reach_other_files_or_agencies(app):
    browser = client(app, "cv")
    where = new_draft(browser)
    text = browser.get(where + "/tai/yaml").text
    hostile = "ho_so: /etc/passwd\n" + text.replace("co_quan: ubnd-can-tho", "co_quan: so-noi-vu-can-tho")
    saved = browser.post(where, data={"csrf": token(browser, where), "che_do": "yaml", "yaml": hostile})
    assert saved.status_code == 200, saved.text
    kept = browser.get(where + "/tai/yaml").text
    assert "/etc/passwd" not in kept and "co_quan: ubnd-can-tho" in kept
    broken = browser.post(where, data={"csrf": token(browser, where), "che_do": "yaml", "yaml": "a: [b"})
    assert broken.status_code == 400 and "YAML sai cú pháp" in broken.text
    big = browser.post(where, data={"csrf": token(browser, where), "che_do": "yaml", "yaml": "x" * 2_100_000})
    assert big.status_code == 413
    chunks = (b"a" * 100_000 for _ in range(30))               # no Content-Length: counted as it arrives
    chunked = browser.post("/dang-xuat", content=chunks, headers={"content-type": "application/x-www-form-urlencoded"})
    assert chunked.status_code == 413
    batchy = browser.post(where, data={"csrf": token(browser, where), "che_do": "yaml",
                                       "yaml": text + "mau: ke-hoach-con\ncha: /etc/passwd\n"})
    assert batchy.status_code == 200 and "mau:" not in browser.get(where + "/tai/yaml").text


def test_drafts_are_per_user_and_per_agency(app):
    clerk, registrar, other = client(app, "cv"), client(app, "vt"), client(app, "snv")
    where = new_draft(clerk)
    assert registrar.get(where).status_code == 200                      # the agency's văn thư sees it
    assert other.get(where).status_code == 404                          # another agency: not there
    assert other.get(where + "/tai/yaml").status_code == 404
    assert other.post(where, data={"csrf": token(other, "/du-thao"), "trich_yeu": "x"}).status_code == 404
    mine = new_draft(registrar)
    assert clerk.get(mine).status_code == 404                           # a chuyên viên sees only their own
    assert "Dự thảo " + where.rsplit("/", 1)[1] not in other.get("/du-thao").text


def test_only_a_van_thu_issues_and_cancels(app):
    clerk, registrar, other = client(app, "cv"), client(app, "vt"), client(app, "snv")
    where = new_draft(clerk)
    save(clerk, where, trich_yeu="Về việc tập huấn nghiệp vụ văn thư")
    refused = clerk.post(where + "/ban-hanh", data={"csrf": token(clerk, where)})
    assert refused.status_code == 403 and "Chỉ văn thư" in refused.text
    no_token = registrar.post(where + "/ban-hanh", data={})
    assert no_token.status_code == 403
    issued = registrar.post(where + "/ban-hanh", data={"csrf": token(registrar, where)})
    assert issued.status_code == 200 and "Đã ban hành 01/UBND-VP ngày" in issued.text
    again = registrar.post(where + "/ban-hanh", data={"csrf": token(registrar, where)})
    assert again.status_code == 409
    register = registrar.get("/so-van-ban").text
    assert "01/UBND-VP" in register and "Về việc tập huấn nghiệp vụ văn thư" in register
    year = re.search(r'/so-van-ban/(\d+)/chung/1/tai', register).group(1)
    document = Document(io.BytesIO(registrar.get(f"/so-van-ban/{year}/chung/1/tai").content))
    assert any(line.startswith("Số: 01/UBND-VP") for line in body_lines(document))
    assert other.get(f"/so-van-ban/{year}/chung/1/tai").status_code == 404     # another agency's file
    assert registrar.post(where, data={"csrf": token(registrar, where), "trich_yeu": "sửa"}).status_code == 409
    assert "01/UBND-VP" not in other.get("/so-van-ban").text
    sheet = load_workbook(io.BytesIO(registrar.get("/so-van-ban/xuat.xlsx").content)).active
    assert sheet["A3"].value == "01/UBND-VP"
    assert load_workbook(io.BytesIO(other.get("/so-van-ban/xuat.xlsx").content)).active["A3"].value is None
    form = {"day_so": "chung", "so": "1", "nam": year}
    assert registrar.post("/so-van-ban/huy", data={**form, "nam": "abc", "ly_do": "x",
                                                  "csrf": token(registrar, "/du-thao")}).status_code == 400
    assert clerk.post("/so-van-ban/huy", data={**form, "ly_do": "nhầm", "csrf": token(clerk, "/du-thao")}).status_code == 403
    assert other.post("/so-van-ban/huy", data={**form, "ly_do": "nhầm", "csrf": token(other, "/du-thao")}).status_code == 404
    assert registrar.post("/so-van-ban/huy", data={**form, "ly_do": " ", "csrf": token(registrar, "/du-thao")}).status_code == 400
    cancelled = registrar.post("/so-van-ban/huy", data={**form, "ly_do": "Ban hành nhầm", "csrf": token(registrar, "/du-thao")})
    assert cancelled.status_code == 200 and "Đã hủy: Ban hành nhầm" in cancelled.text
    entry = queries.entries(app.state.site.register)[0]
    assert entry.nguoi_tao == "vt (docgen serve)" and entry.nguoi_huy == "vt (docgen serve)"   # who did it
    reopened = save(registrar, where, trich_yeu="Về việc tập huấn nghiệp vụ văn thư năm 2026")
    assert reopened.status_code == 200                       # a cancelled number frees its draft


def test_a_confidential_number_is_its_own_row(app):
    registrar = client(app, "vt")
    plain, secret = new_draft(registrar), new_draft(registrar)
    text = registrar.get(secret + "/tai/yaml").text
    saved = registrar.post(secret, data={"csrf": token(registrar, secret), "che_do": "yaml",
                                         "yaml": text + "mat: true\nngay: 2026-12-31\n"})
    assert saved.status_code == 200, saved.text
    for where in (plain, secret):
        assert registrar.post(where + "/ban-hanh", data={"csrf": token(registrar, where)},
                              follow_redirects=False).status_code == 303
    rows = {(e.day_so, e.so): e for e in queries.entries(app.state.site.register)}
    assert set(rows) == {("chung", 1), ("mat", 1)}
    assert rows[("mat", 1)].ngay == date.today()             # issued today, whatever the draft said
    year = rows[("mat", 1)].nam
    names = {series: registrar.get(f"/so-van-ban/{year}/{series}/1/tai").headers["content-disposition"]
             for series in ("chung", "mat")}
    assert names["chung"] != names["mat"] and Path(rows[("mat", 1)].tep).name in names["mat"]
    cancelled = registrar.post("/so-van-ban/huy", data={"day_so": "mat", "so": "1", "nam": year, "ly_do": "Nhầm độ mật",
                                                        "csrf": token(registrar, "/du-thao")})
    assert cancelled.status_code == 200
    states = {(e.day_so, e.so): e.trang_thai for e in queries.entries(app.state.site.register)}
    assert states == {("chung", 1): "da-ban-hanh", ("mat", 1): "da-huy"}


def test_start_from_an_uploaded_plan(app, tmp_path):
    browser = client(app, "cv")
    csrf = token(browser, "/du-thao")
    plan = (SAMPLES.parent / "tests" / "seeds" / "ke-hoach-131-2025.txt").read_bytes()
    made = browser.post("/du-thao/nhap", data={"csrf": csrf}, files={"tep": ("kh.txt", plan, "text/plain")},
                        follow_redirects=False)
    assert made.status_code == 303, made.text
    text = browser.get(made.headers["location"] + "/tai/yaml").text
    assert "loai: ke-hoach" in text and "co_quan: ubnd-can-tho" in text and "tăng cường" in text
    fake = browser.post("/du-thao/nhap", data={"csrf": csrf}, files={"tep": ("a.docx", b"\x7fELF\0\0binary", "x")})
    assert fake.status_code == 415 and "nhị phân" in fake.text
    zipped = browser.post("/du-thao/nhap", data={"csrf": csrf}, files={"tep": ("a.docx", b"PK\x03\x04rubbish", "x")})
    assert zipped.status_code == 415
    huge = browser.post("/du-thao/nhap", data={"csrf": csrf}, files={"tep": ("a.txt", b"a" * 20_000_100, "text/plain")})
    assert huge.status_code == 413
    no_token = browser.post("/du-thao/nhap", files={"tep": ("kh.txt", plan, "text/plain")})
    assert no_token.status_code == 403
    assert not list((app.state.site.data_dir / "tai-len").glob("*"))       # nothing kept


def _finished(browser: TestClient, where: str) -> str:
    for _ in range(300):
        page = browser.get(where).text
        if "Đang tạo văn bản" not in page:
            return page
        time.sleep(0.1)
    raise AssertionError("việc chưa xong sau 30 giây")


def test_decisions_from_a_list_with_its_bad_rows(app):
    browser = client(app, "vt")
    lines = (SAMPLES / "tang-cuong.csv").read_text(encoding="utf-8").splitlines()[:6]
    lines[3] = lines[3].replace(";48;", ";12;")                # too short a secondment: that row fails
    data = ("\n".join(lines) + "\n").encode("utf-8")
    page = browser.get("/danh-sach").text
    assert "tang-cuong" in page
    started = browser.post("/danh-sach", data={"csrf": token(browser, "/danh-sach"), "mau_goc": "tang-cuong", "kieu": "zip"},
                           files={"tep": ("ds.csv", data, "text/csv")}, follow_redirects=False)
    assert started.status_code == 303, started.text
    where = started.headers["location"]
    done = _finished(browser, where)
    assert "Đã tạo 4 văn bản từ 5 dòng" in done and "dòng 4" in done
    archive = zipfile.ZipFile(io.BytesIO(browser.get(where + "/tai").content))
    assert len([n for n in archive.namelist() if n.endswith(".docx")]) == 4
    assert done.count(f'href="{where}/tep/') == len(archive.namelist())           # each file on its own
    one = browser.get(where + "/tep/0")
    assert one.status_code == 200 and one.content == archive.read(archive.namelist()[0])
    assert "filename*=UTF-8''" in one.headers["content-disposition"]
    assert browser.get(where + f"/tep/{len(archive.namelist())}").status_code == 404
    assert client(app, "snv").get(where + "/tep/0").status_code == 404
    restarted = create_app(Settings(app.state.site.data_dir))                    # the server started again
    again = client(restarted, "vt")
    assert "Đã tạo 4 văn bản từ 5 dòng" in again.get(where).text and again.get(where + "/tep/1").status_code == 200
    merged = browser.post("/danh-sach", data={"csrf": token(browser, "/danh-sach"), "mau_goc": "tang-cuong", "kieu": "gop"},
                          files={"tep": ("ds.csv", data, "text/csv")}, follow_redirects=False).headers["location"]
    _finished(browser, merged)
    document = Document(io.BytesIO(browser.get(merged + "/tai").content))
    assert len(document.sections) == 4
    assert client(app, "snv").get(where).status_code == 404             # another agency's work
    assert client(app, "snv").get(where + "/tai").status_code == 404
    assert "tang-cuong" not in client(app, "snv").get("/danh-sach").text  # a base of another agency
    wrong = browser.post("/danh-sach", data={"csrf": token(browser, "/danh-sach"), "mau_goc": "tang-cuong"},
                         files={"tep": ("ds.xlsx", b"PK\x03\x04garbage", "x")})
    assert wrong.status_code == 415
    grouped = browser.post("/danh-sach", data={"csrf": token(browser, "/danh-sach"), "mau_goc": "tang-cuong",
                                               "kieu": "nhom"},
                           files={"tep": ("ds.csv", data, "text/csv")}, follow_redirects=False).headers["location"]
    assert "Đã tạo 1 văn bản từ 5 dòng" in _finished(browser, grouped)
    lines = body_lines(Document(io.BytesIO(browser.get(grouped + "/tai").content)))
    assert "DANH SÁCH" in lines and any(line.startswith("Điều 1. Cử 4 cán bộ") for line in lines)
    clerk = client(app, "cv")
    no_role = clerk.post("/danh-sach", data={"csrf": token(clerk, "/danh-sach"), "mau_goc": "tang-cuong", "cap_so": "1"},
                         files={"tep": ("ds.csv", data, "text/csv")})
    assert no_role.status_code == 403
    issued = browser.post("/danh-sach", data={"csrf": token(browser, "/danh-sach"), "mau_goc": "tang-cuong",
                                              "kieu": "zip", "cap_so": "1"},
                          files={"tep": ("ds.csv", data, "text/csv")}, follow_redirects=False).headers["location"]
    page = _finished(browser, issued)
    assert "số 01/QĐ-UBND đến 04/QĐ-UBND" in page and "dòng 4" in page
    packed = zipfile.ZipFile(io.BytesIO(browser.get(issued + "/tai").content))
    numbers = sorted(next(l for l in body_lines(Document(io.BytesIO(packed.read(n)))) if l.startswith("Số:"))
                     for n in packed.namelist())
    assert numbers == [f"Số: 0{i}/QĐ-UBND" for i in range(1, 5)]
    assert [e.so for e in queries.entries(app.state.site.register)] == [1, 2, 3, 4]
    foreign = client(app, "snv")
    refused = foreign.post("/danh-sach", data={"csrf": token(foreign, "/danh-sach"), "mau_goc": "tang-cuong"},
                           files={"tep": ("ds.csv", data, "text/csv")})
    assert refused.status_code == 404


def test_sub_plans_from_a_received_plan_and_the_units(app):
    browser = client(app, "vt")
    plan = (SAMPLES.parent / "tests" / "seeds" / "ke-hoach-117-2024.txt").read_bytes()
    units = (SAMPLES / "don-vi.csv").read_bytes()
    started = browser.post("/ke-hoach-con", data={"csrf": token(browser, "/danh-sach")}, follow_redirects=False,
                           files={"ke_hoach": ("117.txt", plan, "text/plain"), "don_vi": ("dv.csv", units, "text/csv")})
    assert started.status_code == 303, started.text
    done = _finished(browser, started.headers["location"])
    assert "Đã tạo 6 kế hoạch từ 6 đơn vị" in done
    archive = zipfile.ZipFile(io.BytesIO(browser.get(started.headers["location"] + "/tai").content))
    assert sorted(archive.namelist()) == sorted(f"{code}.docx" for code in
                                                ("binh-thuy", "cai-khe", "cai-rang", "ninh-kieu", "phong-dien", "thoi-lai"))
    lines = body_lines(Document(io.BytesIO(archive.read("ninh-kieu.docx"))))
    assert "PHƯỜNG NINH KIỀU" in lines and any("117/KH-UBND" in line for line in lines)
    one_file = browser.post("/ke-hoach-con", data={"csrf": token(browser, "/danh-sach")},
                            files={"ke_hoach": ("117.txt", plan, "text/plain")})
    assert one_file.status_code == 400


def test_a_units_yearly_report_from_uploaded_files(app):
    browser = client(app, "cv")
    files = {"ke_hoach": ("117.txt", (SAMPLES.parent / "tests" / "seeds" / "ke-hoach-117-2024.txt").read_bytes(), "text/plain"),
             "ket_qua": ("kq.csv", (SAMPLES / "ket-qua-2024.csv").read_bytes(), "text/csv"),
             "don_vi": ("dv.csv", (SAMPLES / "don-vi.csv").read_bytes(), "text/csv")}
    made = browser.post("/bao-cao", data={"csrf": token(browser, "/danh-sach"), "don_vi_ma": "ninh-kieu", "nam": "2024"},
                        files=files)
    assert made.status_code == 200, made.text[:300]
    lines = body_lines(Document(io.BytesIO(made.content)))
    assert "BÁO CÁO" in lines and any("phường Ninh Kiều" in line for line in lines)
    unknown = browser.post("/bao-cao", data={"csrf": token(browser, "/danh-sach"), "don_vi_ma": "khong-co", "nam": "2024"},
                           files=files)
    assert unknown.status_code == 422 and "khong-co" in unknown.text
    neither = browser.post("/bao-cao", data={"csrf": token(browser, "/danh-sach"), "nam": "2024"}, files=files)
    assert neither.status_code == 400
    shutil.copy(SAMPLES / "bao-cao-tong-hop.yaml", app.state.site.data_dir / "mau-goc" / "tong-hop.yaml")
    department = client(app, "snv")                              # the base names Sở Nội vụ: theirs only
    summed = department.post("/bao-cao", data={"csrf": token(department, "/danh-sach"), "nam": "2024",
                                               "mau_goc": "tong-hop"}, files=files)
    assert summed.status_code == 200, summed.text[:300]
    lines = body_lines(Document(io.BytesIO(summed.content)))
    assert "SỞ NỘI VỤ" in lines and "BÁO CÁO" in lines
    other = browser.post("/bao-cao", data={"csrf": token(browser, "/danh-sach"), "nam": "2024", "mau_goc": "tong-hop"},
                         files=files)
    assert other.status_code == 400


def test_preview_pages_and_downloads(app):
    if libreoffice_missing():
        pytest.skip(f"không có LibreOffice: {libreoffice_missing()}")
    browser = client(app, "cv")
    where = new_draft(browser, "quyet-dinh")
    preview = browser.get(where + "/xem-truoc")
    assert preview.status_code == 200 and preview.text.count('<img class="trang"') >= 1
    assert "văn bản chưa có số (dự thảo)" in preview.text                          # docgen check's findings
    image = browser.get(where + "/trang/1.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert browser.get(where + "/tai/pdf").content.startswith(b"%PDF")
    document = Document(io.BytesIO(browser.get(where + "/tai/docx").content))
    assert "QUYẾT ĐỊNH" in body_lines(document)
    assert client(app, "snv").get(where + "/trang/1.png").status_code == 404
    pdf = app.state.site.work_folder(int(where.rsplit("/", 1)[1])) / "du-thao.pdf"
    made = pdf.stat().st_mtime_ns
    assert "văn bản chưa có số" in browser.get(where + "/xem-truoc").text
    assert pdf.stat().st_mtime_ns == made                       # unchanged draft: the pages kept
    save(browser, where, trich_yeu="Về việc thành lập Tổ công tác rà soát thủ tục hành chính")
    browser.get(where + "/xem-truoc")
    assert pdf.stat().st_mtime_ns != made                       # changed: made again


def test_previews_of_two_drafts_run_at_once(app, monkeypatch):
    """Two clerks' previews are converted by two warm LibreOffice workers at the same time: each
    waits at a barrier for the other before converting, which one worker serving both would break."""
    if libreoffice_missing():
        pytest.skip(f"không có LibreOffice: {libreoffice_missing()}")
    previews = app.state.site.previews
    previews.size = 2
    both = threading.Barrier(2, timeout=30)
    convert = drafting.preview
    monkeypatch.setattr(drafting, "preview", lambda docx, pool: (both.wait(), convert(docx, pool))[1])
    clerks = [client(app, "cv"), client(app, "vt")]
    drafts = [new_draft(c, "quyet-dinh") for c in clerks]
    answers = []
    threads = [threading.Thread(target=lambda c=c, d=d: answers.append(c.get(d + "/xem-truoc"))) for c, d in zip(clerks, drafts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [200, 200] and all('<img class="trang"' in a.text for a in answers)
    assert previews.made == 2 and previews.idle.qsize() == 2


def test_a_cong_van_skeleton_carries_the_agencys_own_symbol(app):
    browser = client(app, "snv")
    assert "ky_hieu: SNV-VP" in browser.get(new_draft(browser) + "/tai/yaml").text


def test_only_an_administrator_manages_users_of_their_agency(app):
    admin, registrar = client(app, "qt"), client(app, "vt")
    assert registrar.get("/nguoi-dung").status_code == 403
    assert registrar.post("/nguoi-dung", data={"ten": "x", "vai_tro": "van-thu", "mat_khau": PASSWORD,
                                               "csrf": token(registrar, "/du-thao")}).status_code == 403
    listed = admin.get("/nguoi-dung").text
    assert "cv" in listed and ">snv<" not in listed                      # another agency's users: not shown
    short = admin.post("/nguoi-dung", data={"ten": "moi", "vai_tro": "chuyen-vien", "mat_khau": "ngan",
                                           "csrf": token(admin, "/nguoi-dung")})
    assert short.status_code == 400 and "8 ký tự" in short.text
    made = admin.post("/nguoi-dung", data={"ten": "moi", "vai_tro": "chuyen-vien", "mat_khau": PASSWORD,
                                          "csrf": token(admin, "/nguoi-dung")}, follow_redirects=False)
    assert made.status_code == 303
    assert client(app, "moi").get("/du-thao").status_code == 200
    assert admin.post("/nguoi-dung", data={"ten": "moi2", "vai_tro": "van-thu", "mat_khau": PASSWORD}).status_code == 403


def test_user_add_from_the_command_line(site, monkeypatch):
    monkeypatch.setenv("DOCGEN_PASSWORD", PASSWORD)
    runner = CliRunner()
    made = runner.invoke(main, ["user", "add", "moi", "--agency", "ubnd-can-tho", "--role", "chuyen-vien",
                                "--data-dir", str(site)])
    assert made.exit_code == 0 and "Đã tạo người dùng moi" in made.output
    twice = runner.invoke(main, ["user", "add", "moi", "--agency", "ubnd-can-tho", "--role", "van-thu",
                                 "--data-dir", str(site)])
    assert twice.exit_code == 2 and "đã có" in twice.output
    unknown = runner.invoke(main, ["user", "add", "x", "--agency", "khong-co", "--role", "van-thu", "--data-dir", str(site)])
    assert unknown.exit_code == 2 and "không có cơ quan" in unknown.output
    monkeypatch.setenv("DOCGEN_PASSWORD", "ngan")
    short = runner.invoke(main, ["user", "add", "y", "--agency", "ubnd-can-tho", "--role", "van-thu", "--data-dir", str(site)])
    assert short.exit_code == 2 and "8 ký tự" in short.output
    empty = runner.invoke(main, ["serve", "--data-dir", str(site / "khong-co")])
    assert empty.exit_code == 2 and "ho-so.yaml" in empty.output


def test_work_cut_short_by_a_restart_is_shown_as_interrupted(site):
    user = accounts.authenticate(accounts.open_store(site), "vt", PASSWORD)
    folder = site / "danh-sach" / "viec-cu"
    folder.mkdir(parents=True)
    Job("viec-cu", user.id, "ubnd-can-tho", "ds.csv", "2026-11-01T08:00:00", total=50, done=20).save(folder)
    (site / "danh-sach" / "hong").mkdir()                      # a folder without its state: not listed
    browser = client(create_app(Settings(site)), "vt")
    page = browser.get("/danh-sach/viec-cu").text
    assert "Máy chủ đã dừng khi việc này đang chạy" in page and "every 1s" not in page
    assert client(create_app(Settings(site)), "snv").get("/danh-sach/viec-cu").status_code == 404
