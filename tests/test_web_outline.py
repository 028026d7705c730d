"""The body as an outline in the browser: operations on the draft's nodes, and the route that saves
the typed text first, then does one operation, and renders what the clerk made."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from docx import Document

from docgen.readers.docx_text import body_lines
from docgen.web import dan_y

from test_web import app, client, new_draft, site, token  # noqa: F401  (fixtures)

PLAN = [
    {"tieu_de": "Mục đích, yêu cầu", "muc": ["Nâng cao kỹ năng.", "Bảo đảm thể thức."]},
    {"tieu_de": "Nội dung", "muc": [{"tieu_de": "Tổ chức lớp tập huấn", "nhiem_vu": {"chu_tri": "Văn phòng"}}]},
    {"tieu_de": "Tổ chức thực hiện", "doan": ["Văn phòng theo dõi."], "bang": {"cot": ["A"], "dong": [["x"]]}},
]


def fresh():
    return yaml.safe_load(yaml.safe_dump(PLAN, allow_unicode=True))


def test_rows_show_depth_texts_tasks_and_what_is_kept_aside():
    rows = dan_y.rows(fresh())
    assert [(r.path, r.cap) for r in rows] == [("0", 0), ("0.0", 1), ("0.1", 1), ("1", 0), ("1.0", 1), ("2", 0)]
    assert rows[1].van_ban == "Nâng cao kỹ năng." and rows[4].nhiem_vu["chu_tri"] == "Văn phòng"
    assert rows[5].doan == "Văn phòng theo dõi." and rows[5].kept == ["bảng"]
    assert dan_y.human_path("1.0") == "2.1"


def test_each_operation_moves_the_right_node():
    nodes, focus = dan_y.operate(fresh(), "thut-vao", "0.1")           # under "Nâng cao kỹ năng."
    assert nodes[0]["muc"] == [{"van_ban": "Nâng cao kỹ năng.", "muc": ["Bảo đảm thể thức."]}] and focus == "0.0.0"
    nodes, focus = dan_y.operate(nodes, "thut-ra", "0.0.0")
    assert nodes[0]["muc"] == ["Nâng cao kỹ năng.", "Bảo đảm thể thức."] and focus == "0.1"
    nodes, focus = dan_y.operate(nodes, "thut-ra", "0.1")              # to the top, after its parent
    assert nodes[1] == "Bảo đảm thể thức." and nodes[2]["tieu_de"] == "Nội dung" and focus == "1"
    nodes, focus = dan_y.operate(nodes, "len", "1")
    assert nodes[0] == "Bảo đảm thể thức." and focus == "0"
    nodes, focus = dan_y.operate(nodes, "xoa", "0")
    assert nodes[0]["tieu_de"] == "Mục đích, yêu cầu" and focus == "0"
    nodes, focus = dan_y.operate(nodes, "them-con", "1.0")
    assert nodes[1]["muc"][0]["muc"] == [{}] and focus == "1.0.0"
    nodes, _ = dan_y.operate(nodes, "nhiem-vu", "1.0")                  # a task no more: its fields go
    assert "nhiem_vu" not in nodes[1]["muc"][0]
    nodes, _ = dan_y.operate(nodes, "nhiem-vu", "0.0")                  # a leaf becomes a task
    assert nodes[0]["muc"][0] == {"van_ban": "Nâng cao kỹ năng.", "nhiem_vu": {}}
    assert nodes[2]["bang"] == {"cot": ["A"], "dong": [["x"]]}           # the table never touched


@pytest.mark.parametrize("operation, path, says", [
    ("thut-vao", "0", "không thụt vào được"), ("thut-ra", "1", "cấp cao nhất"), ("len", "0", "ở đầu"),
    ("xuong", "2", "ở cuối"), ("xoa", "7", "không có mục"), ("xoa", "0.x", "không hợp lệ"), ("bay", "0", "không có"),
])
def test_impossible_operations_are_said(operation, path, says):
    with pytest.raises(dan_y.LoiDanY, match=says):
        dan_y.operate(fresh(), operation, path)


def test_typed_text_lands_on_its_node_and_empty_fields_vanish():
    form = {"0:tieu_de": "Mục đích", "0:van_ban": "", "0.0:van_ban": "Nâng cao  kỹ năng soạn thảo.",
            "0.0:tieu_de": "", "1.0:tieu_de": "Tổ chức lớp", "1.0:van_ban": "", "1.0:nv:thoi_gian": "quý II",
            "1.0:nv:chu_tri": "", "2:tieu_de": "Tổ chức thực hiện", "2:van_ban": "", "2:doan": "A.\n\nB."}
    nodes = dan_y.apply_texts(fresh(), form)
    assert nodes[0]["tieu_de"] == "Mục đích" and nodes[0]["muc"][0] == "Nâng cao  kỹ năng soạn thảo."
    assert nodes[1]["muc"][0]["nhiem_vu"] == {"thoi_gian": "quý II"}
    assert nodes[2]["doan"] == ["A.", "B."] and nodes[2]["bang"]


def outline_post(browser, where: str, operation: str, **fields):
    page = browser.get(where).text
    version = re.search(r'name="dan_y" value="([^"]+)"', page).group(1)
    return browser.post(where + "/dan-y", data={"csrf": token(browser, where), "che_do": "bieu-mau",
                                                "dan_y": version, "thao_tac": operation, **fields},
                        headers={"HX-Request": "true"})


def test_a_plan_outlined_in_the_browser_renders_with_its_labels(app, tmp_path):
    browser = client(app, "cv")
    where = new_draft(browser, "ke-hoach")
    page = browser.get(where).text
    assert 'id="dan-y"' in page and 'name="0.0:van_ban"' in page and "Cơ quan chủ trì" in page
    added = outline_post(browser, where, "them:0.1", **{"0.1:van_ban": "Bảo đảm văn bản đúng thể thức."})
    assert added.status_code == 200 and 'name="0.2:van_ban"' in added.text
    assert re.search(r'name="0.2:tieu_de" value=""\s+autofocus', added.text)          # the new row has the focus
    assert "mỗi mục cần" in added.text                                                 # empty until typed
    typed = outline_post(browser, where, "thut-vao:0.2", **{"0.2:van_ban": "Lưu trữ hồ sơ đúng quy định."})
    assert typed.status_code == 200 and 'name="0.1.0:van_ban"' in typed.text and "mỗi mục cần" not in typed.text
    task = outline_post(browser, where, "nhiem-vu:2")
    assert 'name="2:nv:chu_tri"' in task.text
    outline_post(browser, where, "them:2", **{"2:nv:chu_tri": "Văn phòng HĐND và UBND", "2:nv:thoi_gian": "năm 2026"})
    saved = yaml.safe_load(browser.get(where + "/tai/yaml").text)
    assert saved["noi_dung"][0]["muc"][1] == {"van_ban": "Bảo đảm văn bản đúng thể thức.",
                                              "muc": ["Lưu trữ hồ sơ đúng quy định."]}
    assert saved["noi_dung"][2]["nhiem_vu"]["chu_tri"] == "Văn phòng HĐND và UBND" and saved["noi_dung"][3] == {}
    outline_post(browser, where, "xoa:3")
    docx = tmp_path / "ke-hoach.docx"
    docx.write_bytes(browser.get(where + "/tai/docx").content)
    lines = body_lines(Document(docx))
    assert "2. Bảo đảm văn bản đúng thể thức." in lines and "a) Lưu trữ hồ sơ đúng quy định." in lines
    assert "III. TỔ CHỨC THỰC HIỆN:" in lines and "1. Cơ quan chủ trì: Văn phòng HĐND và UBND;" in lines
    assert "2. Thời gian thực hiện: năm 2026." in lines


def test_outline_refusals(app):
    clerk, other = client(app, "cv"), client(app, "snv")
    where = new_draft(clerk, "ke-hoach")
    impossible = outline_post(clerk, where, "thut-vao:0")
    assert impossible.status_code == 200 and "Không làm được: mục đầu tiên" in impossible.text
    stale = clerk.post(where + "/dan-y", data={"csrf": token(clerk, where), "dan_y": "khac", "thao_tac": "xoa:0"},
                       headers={"HX-Request": "true"})
    assert stale.status_code == 200 and "đã được sửa ở nơi khác" in stale.text
    assert len(yaml.safe_load(clerk.get(where + "/tai/yaml").text)["noi_dung"]) == 3      # nothing deleted
    assert clerk.post(where + "/dan-y", data={"thao_tac": "xoa:0"}).status_code == 403    # no CSRF token
    assert other.post(where + "/dan-y", data={"csrf": token(other, "/du-thao"), "thao_tac": "xoa:0"}).status_code == 404
    plain = clerk.post(where + "/dan-y", data={"csrf": token(clerk, where), "che_do": "bieu-mau",
                                               "dan_y": re.search(r'name="dan_y" value="([^"]+)"', clerk.get(where).text).group(1),
                                               "thao_tac": "xuong:0"}, follow_redirects=False)
    assert plain.status_code == 303 and plain.headers["location"].endswith("#dong-1")      # without JavaScript


def test_recipient_groups_survive_the_form_and_are_offered(app):
    browser = client(app, "cv")
    where = new_draft(browser)
    text = browser.get(where + "/tai/yaml").text.replace("noi_nhan:\n", "noi_nhan:\n- nhom: so-ban-nganh\n", 1)
    browser.post(where, data={"csrf": token(browser, where), "che_do": "yaml", "yaml": text})
    page = browser.get(where).text
    assert "nhom: so-ban-nganh\n" in page and "<code>nhom: so-ban-nganh</code> (Sở, ban, ngành TP)" in page
    form = {"csrf": token(browser, where), "che_do": "bieu-mau",
            "noi_nhan": "nhom: so-ban-nganh\nVăn phòng UBND thành phố\nnhom: mttq-doan-the-2024"}
    assert browser.post(where, data=form).status_code == 200
    saved = yaml.safe_load(browser.get(where + "/tai/yaml").text)
    assert saved["noi_nhan"] == [{"nhom": "so-ban-nganh"}, "Văn phòng UBND thành phố", {"nhom": "mttq-doan-the-2024"}]
    lines = body_lines(Document(io.BytesIO(browser.get(where + "/tai/docx").content)))
    assert "- Sở, ban, ngành TP;" in lines and "- UBMTTQVN TP và tổ chức đoàn thể;" in lines
    grouped = browser.get(where + "/tai/yaml").text.replace(
        "- nhom: so-ban-nganh", "- ten: Các sở\n  muc: [Sở Nội vụ, Sở Tài chính]", 1)
    browser.post(where, data={"csrf": token(browser, where), "che_do": "yaml", "yaml": grouped})
    assert 'name="noi_nhan"' not in browser.get(where).text          # a group with items: YAML only
