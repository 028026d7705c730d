"""The quản trị's page: their agency's part of the profile and its signers, and the list bases; every
refusal (another role, another agency's entry or signer, a broken profile, a hostile base name)."""

from __future__ import annotations

import html
import io
import re

import yaml
from docx import Document

from docgen.readers.ho_so import read_ho_so
from docgen.render.docx_renderer import TEMPLATES_DIR

from test_agency_templates import FIXED_CHU_QUAN, letterhead_with_logo, png
from test_web import app, client, new_draft, save, site, token  # noqa: F401  (fixtures)

from conftest import SAMPLES


def post_profile(browser, text: str):
    return browser.post("/quan-tri/ho-so", data={"csrf": token(browser, "/quan-tri"), "ho_so": text},
                        follow_redirects=False)


def shown_part(browser) -> dict:
    page = browser.get("/quan-tri").text
    text = re.search(r'<textarea id="ho-so"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    return yaml.safe_load(html.unescape(text))


def test_an_administrator_edits_only_their_agency_and_its_signers(app, site):
    admin = client(app, "qt")
    part = shown_part(admin)
    assert set(part["co_quan"]) == {"ubnd-can-tho"} and "pgd-snv" not in part["nguoi_ky"]
    assert set(part["nguoi_ky"]) == {"ct-tran-viet-truong", "ct-truong-canh-tuyen", "pct-nguyen-thuc-hien"}
    part["co_quan"]["ubnd-can-tho"]["dia_danh"] = "TP. Cần Thơ"
    part["nguoi_ky"]["pct-le-van-a"] = {"ho_ten": "Lê Văn A", "chuc_vu": "Phó Chủ tịch", "tham_quyen": ["KT. CHỦ TỊCH"]}
    del part["nguoi_ky"]["ct-truong-canh-tuyen"]
    saved = post_profile(admin, yaml.safe_dump(part, allow_unicode=True))
    assert saved.status_code == 303, saved.text
    profile = read_ho_so(site / "ho-so.yaml")
    assert profile.co_quan["ubnd-can-tho"].dia_danh == "TP. Cần Thơ"
    assert profile.nguoi_ky["pct-le-van-a"].co_quan == ["ubnd-can-tho"]              # tied to the agency
    assert "ct-truong-canh-tuyen" not in profile.nguoi_ky
    assert profile.co_quan["so-noi-vu-can-tho"].ten_day_du == "Sở Nội vụ thành phố Cần Thơ"   # others kept
    assert profile.nguoi_ky["pgd-snv"].ho_ten == "Nguyễn Thị Minh Hạnh" and profile.nhom_noi_nhan
    assert (site / "ho-so.truoc.yaml").read_text(encoding="utf-8") == (SAMPLES / "co-quan.yaml").read_text(encoding="utf-8")
    clerk = client(app, "cv")                                   # the clerk's form offers the new signer
    assert "Lê Văn A — PHÓ CHỦ TỊCH" in clerk.get(new_draft(clerk)).text


def test_profile_changes_that_are_refused(app, site):
    admin = client(app, "qt")
    before = (site / "ho-so.yaml").read_bytes()
    part = shown_part(admin)
    cases = [
        ({**part, "co_quan": {"so-noi-vu-can-tho": {"ten": "SỞ X", "ten_day_du": "Sở X"}}}, "đúng một cơ quan"),
        ({**part, "nguoi_ky": {**part["nguoi_ky"], "pgd-snv": {"ho_ten": "Kẻ Giả", "chuc_vu": "GIÁM ĐỐC"}}},
         "cơ quan khác"),
        ({**part, "nguoi_ky": {"x": {"ho_ten": "Trần B", "chuc_vu": "GIÁM ĐỐC", "co_quan": "so-noi-vu-can-tho"}}},
         "chỉ thêm người ký của cơ quan"),
        ({**part, "nhom_noi_nhan": {"a": ["b"]}}, "không sửa 'nhom_noi_nhan'"),
        ({**part, "nguoi_ky": {"x": {"ho_ten": "TS. Trần B", "chuc_vu": "GIÁM ĐỐC"}}}, "học hàm"),
    ]
    for changed, says in cases:
        refused = post_profile(admin, yaml.safe_dump(changed, allow_unicode=True))
        assert refused.status_code == 400 and says in html.unescape(refused.text), says
    assert post_profile(admin, "co_quan: [").status_code == 400
    assert (site / "ho-so.yaml").read_bytes() == before                                # nothing written
    assert client(app, "vt").get("/quan-tri").status_code == 403
    assert client(app, "vt").post("/quan-tri/ho-so", data={"csrf": token(client(app, "vt"), "/du-thao")}).status_code == 403
    assert admin.post("/quan-tri/ho-so", data={"ho_so": "x"}).status_code == 403        # no CSRF token


def test_bases_belong_to_their_agency(app, site):
    admin = client(app, "qt")
    base = (SAMPLES / "quyet-dinh-tang-cuong.yaml").read_bytes()
    up = admin.post("/quan-tri/mau-goc", data={"csrf": token(admin, "/quan-tri"), "ten": "tang-cuong-2027"},
                    files={"tep": ("b.yaml", base, "text/yaml")}, follow_redirects=False)
    assert up.status_code == 303
    stored = yaml.safe_load((site / "mau-goc" / "tang-cuong-2027.yaml").read_text(encoding="utf-8"))
    assert stored["co_quan"] == "ubnd-can-tho" and "ho_so" not in stored
    assert "tang-cuong-2027" in client(app, "vt").get("/danh-sach").text                # offered to the clerks
    for name, data, says in [("../../etc/x", base, "chữ thường"), ("a", b"\xff\xfe", "UTF-8"),
                             ("a", b"- 1\n- 2\n", "khóa: giá trị"), ("a", b"x: 1\n", "cần 'loai'")]:
        refused = admin.post("/quan-tri/mau-goc", data={"csrf": token(admin, "/quan-tri"), "ten": name},
                             files={"tep": ("b.yaml", data, "text/yaml")})
        assert refused.status_code == 400 and says in html.unescape(refused.text)
    (site / "mau-goc" / "cua-snv.yaml").write_text("co_quan: so-noi-vu-can-tho\nloai: quyet-dinh\n", encoding="utf-8")
    taken = admin.post("/quan-tri/mau-goc", data={"csrf": token(admin, "/quan-tri"), "ten": "cua-snv"},
                       files={"tep": ("b.yaml", base, "text/yaml")})
    assert taken.status_code == 400 and "cơ quan khác" in html.unescape(taken.text)
    assert admin.post("/quan-tri/mau-goc/xoa", data={"csrf": token(admin, "/quan-tri"), "ten": "cua-snv"}).status_code == 404
    assert (site / "mau-goc" / "cua-snv.yaml").exists()
    gone = admin.post("/quan-tri/mau-goc/xoa", data={"csrf": token(admin, "/quan-tri"), "ten": "tang-cuong-2027"},
                      follow_redirects=False)
    assert gone.status_code == 303 and not (site / "mau-goc" / "tang-cuong-2027.yaml").exists()
    registrar = client(app, "vt")
    assert registrar.post("/quan-tri/mau-goc/xoa", data={"csrf": token(registrar, "/du-thao"), "ten": "tang-cuong"}).status_code == 403


def upload_template(browser, loai: str, data: bytes):
    return browser.post("/quan-tri/mau-word", data={"csrf": token(browser, "/quan-tri"), "loai": loai},
                        files={"tep": (f"{loai}.docx", data, "application/octet-stream")}, follow_redirects=False)


def test_an_agency_word_template_uploaded_is_linted_then_prints_its_documents(app, site, tmp_path):
    admin, clerk, registrar, other = client(app, "qt"), client(app, "cv"), client(app, "vt"), client(app, "snv")
    built_in = admin.get("/quan-tri/mau-word/cong-van?goc=1")
    assert built_in.status_code == 200 and built_in.content == (TEMPLATES_DIR / "cong-van.docx").read_bytes()
    png(tmp_path / "logo.png")
    letterhead_with_logo(tmp_path / "cong-van.docx", tmp_path / "logo.png", "cong-van")
    up = upload_template(admin, "cong-van", (tmp_path / "cong-van.docx").read_bytes())
    assert up.status_code == 303, html.unescape(up.text)
    page = html.unescape(admin.get("/quan-tri").text)
    assert "mẫu in tên cơ quan chủ quản cố định" in page and "mau-word/ubnd-can-tho/cong-van.docx" in page
    assert read_ho_so(site / "ho-so.yaml").co_quan["ubnd-can-tho"].mau_word["cong-van"] == str(
        (site / "mau-word" / "ubnd-can-tho" / "cong-van.docx").resolve())
    assert admin.get("/quan-tri/mau-word/cong-van").content == (site / "mau-word/ubnd-can-tho/cong-van.docx").read_bytes()

    def issued_letterhead(writer, issuer, number: int):
        where = new_draft(writer)
        save(writer, where, trich_yeu="Về việc tập huấn nghiệp vụ văn thư")
        assert issuer.post(where + "/ban-hanh", data={"csrf": token(issuer, where)}).status_code == 200
        year = re.search(r'/so-van-ban/(\d+)/chung/1/tai', issuer.get("/so-van-ban").text).group(1)
        document = Document(io.BytesIO(issuer.get(f"/so-van-ban/{year}/chung/{number}/tai").content))
        return document.tables[0].rows[0].cells[0]

    ours = issued_letterhead(clerk, registrar, 1)
    assert ours._element.xpath(".//pic:pic") and [p.text for p in ours.paragraphs][1:3] == FIXED_CHU_QUAN
    theirs = issued_letterhead(other, other, 1)                       # Sở Nội vụ keeps the built-in one
    assert not theirs._element.xpath(".//pic:pic") and "SỞ NỘI VỤ" in [p.text for p in theirs.paragraphs]

    removed = admin.post("/quan-tri/mau-word/xoa", data={"csrf": token(admin, "/quan-tri"), "loai": "cong-van"},
                         follow_redirects=False)
    assert removed.status_code == 303 and not (site / "mau-word" / "ubnd-can-tho" / "cong-van.docx").exists()
    assert read_ho_so(site / "ho-so.yaml").co_quan["ubnd-can-tho"].mau_word == {}


def test_word_templates_that_are_refused(app, site, tmp_path):
    admin = client(app, "qt")
    before = (site / "ho-so.yaml").read_bytes()
    hand_made = Document()
    hand_made.add_paragraph("{{ so_van_ban }}")
    hand_made.save(str(tmp_path / "sai.docx"))
    cases = [((tmp_path / "sai.docx").read_bytes(), "cong-van", "thẻ không có: «so_van_ban»"),
             (b"PK\x03\x04rubbish", "cong-van", "tệp .docx bị hỏng"),
             ((TEMPLATES_DIR / "cong-van.docx").read_bytes(), "../cong-van", "chưa in được loại văn bản"),
             ((TEMPLATES_DIR / "cong-van.docx").read_bytes(), "phieu-gui", "chưa in được loại văn bản")]
    for data, loai, says in cases:
        refused = upload_template(admin, loai, data)
        assert refused.status_code == 400 and says in html.unescape(refused.text), says
    part = shown_part(admin)
    another = site / "ban-hanh" / "so-noi-vu-can-tho" / "1-snv.docx"       # another agency's issued file
    another.parent.mkdir(parents=True)
    another.write_bytes((TEMPLATES_DIR / "cong-van.docx").read_bytes())
    for name in ("../../etc/x.docx", "ban-hanh/so-noi-vu-can-tho/1-snv.docx"):
        part["co_quan"]["ubnd-can-tho"]["mau_word"] = {"cong-van": name}
        refused = post_profile(admin, yaml.safe_dump(part, allow_unicode=True))
        assert refused.status_code == 400 and "chỉ được tải lên ở mục" in html.unescape(refused.text), name
    assert admin.get("/quan-tri/mau-word/cong-van").content == (TEMPLATES_DIR / "cong-van.docx").read_bytes()
    assert (site / "ho-so.yaml").read_bytes() == before and not (site / "mau-word").exists()
    registrar = client(app, "vt")
    assert registrar.post("/quan-tri/mau-word", data={"csrf": token(registrar, "/du-thao"), "loai": "cong-van"},
                          files={"tep": ("a.docx", b"x", "x")}).status_code == 403
    assert registrar.get("/quan-tri/mau-word/cong-van?goc=1").status_code == 403
    assert admin.post("/quan-tri/mau-word", data={"loai": "cong-van"},
                      files={"tep": ("a.docx", b"x", "x")}).status_code == 403                  # no CSRF token
