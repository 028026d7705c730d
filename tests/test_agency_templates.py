"""An agency's own Word template named in its profile (`co_quan.<key>.mau_word`): a letterhead with a logo
and its own chủ quản lines, linted, then used by `render`, `batch` and the register without
`--templates`; the pictures survive rendering; paths stay inside the profile's folder."""

from __future__ import annotations

import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import yaml
from click.testing import CliRunner
from docx import Document
from docx.shared import Mm

from docgen.checkers.check import check_file
from docgen.cli import main
from docgen.render.docx_renderer import TEMPLATES_DIR

from conftest import SAMPLES

FIXED_CHU_QUAN = ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ CẦN THƠ"]


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def png(path: Path, size: int = 48) -> bytes:
    """A small red square, written without an imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\xc8\x10\x2e" * size for _ in range(size))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    path.write_bytes(data)
    return data


def letterhead_with_logo(target: Path, logo: Path, loai: str = "quyet-dinh") -> None:
    """A built-in template as an agency would edit it in Word: a logo above its name, its chủ quản
    written as two fixed lines instead of the profile's, a small logo in the page header."""
    document = Document(str(TEMPLATES_DIR / f"{loai}.docx"))
    cell = document.tables[0].rows[0].cells[0]
    loop = [p for p in cell.paragraphs if p.style.name == "DGChuQuan"]
    first_name_line = next(p for p in cell.paragraphs if p.style.name == "DGCoQuan")
    for paragraph in loop:
        paragraph._element.getparent().remove(paragraph._element)
    for line in FIXED_CHU_QUAN:
        first_name_line.insert_paragraph_before(line, style="DGChuQuan")
    logo_paragraph = cell.paragraphs[0].insert_paragraph_before(style="DGChuQuan")
    logo_paragraph.add_run().add_picture(str(logo), width=Mm(14))
    header = document.sections[0].first_page_header
    header.paragraphs[0].add_run().add_picture(str(logo), width=Mm(8))
    document.save(str(target))


def agency_folder(tmp_path: Path, template_name: str = "mau/qd-snv.docx") -> Path:
    """A copy of the samples' profile and decision with Sở Nội vụ's template named in the profile."""
    folder = tmp_path / "so-noi-vu"
    (folder / "mau").mkdir(parents=True)
    logo = png(tmp_path / "logo.png")
    letterhead_with_logo(folder / "mau" / "qd-snv.docx", tmp_path / "logo.png")
    assert logo
    profile = yaml.safe_load((SAMPLES / "co-quan.yaml").read_text(encoding="utf-8"))
    profile["co_quan"]["so-noi-vu-can-tho"]["mau_word"] = {"quyet-dinh": template_name}
    (folder / "co-quan.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    shutil.copy(SAMPLES / "quyet-dinh-ban-hanh-quy-che.yaml", folder / "quy-che.yaml")
    return folder


def test_a_letterhead_with_a_logo_and_its_own_chu_quan_lints_and_renders(tmp_path):
    folder = agency_folder(tmp_path)
    linted = cli("template", "lint", folder / "mau" / "qd-snv.docx", "--type", "quyet-dinh")
    assert linted.exit_code == 0, linted.output
    assert "mẫu in tên cơ quan chủ quản cố định" in linted.output and ": 0 lỗi" in linted.output

    out = tmp_path / "quy-che.docx"
    result = cli("render", folder / "quy-che.yaml", "-o", out)             # no --templates: the profile's
    assert result.exit_code == 0, result.output
    checked = check_file(out)
    assert checked.errors == 0 and not checked.unreadable, [f.message for f in checked.findings]

    rendered = Document(str(out))
    letterhead = [p.text for p in rendered.tables[0].rows[0].cells[0].paragraphs]
    assert letterhead[1:4] == [*FIXED_CHU_QUAN, "SỞ NỘI VỤ"]
    assert "UBND THÀNH PHỐ CẦN THƠ" not in letterhead                      # the profile's line is not printed
    assert rendered.tables[0].rows[0].cells[0].paragraphs[0]._element.xpath(".//pic:pic")
    logo = (tmp_path / "logo.png").read_bytes()
    with zipfile.ZipFile(out) as package:
        images = [name for name in package.namelist() if name.startswith("word/media/")]
        assert images and all(package.read(name) == logo for name in images)   # python-docx shares one part
        body_rels = package.read("word/_rels/document.xml.rels").decode()
        header_rels = "".join(package.read(n).decode() for n in package.namelist()
                              if n.startswith("word/_rels/header"))
        document_xml = package.read("word/document.xml").decode()
    assert "media/" in body_rels and "media/" in header_rels
    assert rendered.sections[0].first_page_header._element.xpath(".//pic:pic")
    # the adopted Quy chế repeats the letterhead: the logo with it, each drawing with its own id
    assert document_xml.count("<pic:pic") == 2
    ids = [part.split('"')[1] for part in document_xml.split('<wp:docPr id=')[1:]]
    assert len(ids) == len(set(ids)) == 2


def test_the_profile_template_is_used_by_batches_and_the_built_in_one_by_other_agencies(tmp_path):
    folder = agency_folder(tmp_path)
    base = yaml.safe_load((SAMPLES / "quyet-dinh-tang-cuong.yaml").read_text(encoding="utf-8"))
    shutil.copy(SAMPLES / "tang-cuong.csv", folder / "tang-cuong.csv")
    for agency, expected in (("so-noi-vu-can-tho", FIXED_CHU_QUAN[0]), ("ubnd-can-tho", "ỦY BAN NHÂN DÂN")):
        base["co_quan"] = agency
        base["nguoi_ky"] = "pgd-snv" if agency == "so-noi-vu-can-tho" else "ct-truong-canh-tuyen"
        (folder / "base.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
        out = tmp_path / agency
        result = cli("batch", folder / "tang-cuong.csv", "--base", folder / "base.yaml", "-o", out)
        assert result.exit_code == 0, result.output
        made = sorted(out.glob("*.docx"))
        assert made
        first = Document(str(made[0]))
        cell = first.tables[0].rows[0].cells[0]
        has_logo = bool(cell._element.xpath(".//pic:pic"))
        assert has_logo == (agency == "so-noi-vu-can-tho")
        assert expected in [p.text for p in cell.paragraphs]


def test_templates_given_on_the_command_line_win_over_the_profile(tmp_path):
    folder = agency_folder(tmp_path)
    out = tmp_path / "qc.docx"
    assert cli("render", folder / "quy-che.yaml", "-o", out, "--templates", TEMPLATES_DIR).exit_code == 0
    letterhead = [p.text for p in Document(str(out)).tables[0].rows[0].cells[0].paragraphs]
    assert "UBND THÀNH PHỐ CẦN THƠ" in letterhead


def test_a_profile_template_outside_its_folder_or_missing_is_refused_with_its_line(tmp_path):
    for name, said in (("../ngoai.docx", "phải nằm trong thư mục của hồ sơ"),
                       ("/etc/passwd.docx", "phải nằm trong thư mục của hồ sơ"),
                       ("mau/khong-co.docx", "không tìm thấy tệp mẫu 'mau/khong-co.docx'"),
                       ("mau/qd.doc", "phải là đường dẫn tệp mẫu .docx")):
        folder = agency_folder(tmp_path / name.replace("/", "_"), name)
        (folder.parent / "ngoai.docx").write_bytes((TEMPLATES_DIR / "quyet-dinh.docx").read_bytes())
        result = cli("render", folder / "quy-che.yaml", "-o", tmp_path / "x.docx")
        assert result.exit_code != 0 and said in result.output, result.output
        assert "co_quan.so-noi-vu-can-tho.mau_word.quyet-dinh" in result.output and "Traceback" not in result.output
        assert not (tmp_path / "x.docx").exists()
    profile = yaml.safe_load((SAMPLES / "co-quan.yaml").read_text(encoding="utf-8"))
    profile["co_quan"]["ubnd-can-tho"]["mau_word"] = {"quyet-dinh-sai": "a.docx"}
    bad = tmp_path / "sai" / "co-quan.yaml"
    bad.parent.mkdir()
    bad.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    (bad.parent / "a.docx").write_bytes(b"x")
    shutil.copy(SAMPLES / "quyet-dinh-tang-cuong-mot-nguoi.yaml", bad.parent / "qd.yaml")
    result = cli("render", bad.parent / "qd.yaml", "-o", tmp_path / "y.docx")
    assert result.exit_code != 0 and "'quyet-dinh-sai' không phải loại văn bản" in result.output
