"""`docgen new`: a commented skeleton of a document type, ready to edit and render."""

from __future__ import annotations

import os
from pathlib import Path

import click

from docgen.cli import fail
from docgen.errors import LoiDuLieu


@click.command()
@click.argument("loai", metavar="TYPE", required=False)
@click.option("-o", "--output", type=click.Path(), help="Tệp YAML (mặc định: TYPE.yaml ở thư mục hiện tại).")
@click.option("--ho-so", "ho_so", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Tệp hồ sơ cơ quan: lấy cơ quan và người ký đầu tiên của hồ sơ.")
@click.option("--list", "show_list", is_flag=True, help="Liệt kê các loại văn bản: khóa, tên, mẫu theo NĐ 30.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có.")
def new(loai: str | None, output: str | None, ho_so: Path | None, show_list: bool, force: bool) -> None:
    """Write a skeleton of a document of TYPE (see --list), every field explained."""
    from docgen import mau_moi
    from docgen.dau_ra import output_path
    from docgen.readers.ho_so import read_ho_so
    from docgen.atomic import write_atomic

    if show_list:
        for key, name, model in mau_moi.types():
            click.echo(f"{key}\t{name}\t{model}")
        return
    if not loai:
        fail(["cần TYPE (xem docgen new --list)"])
    try:
        target = output_path(output, Path(f"{loai}.yaml"), (".yaml", ".yml"))
        if target.exists() and not force:
            fail([f"{target}: đã có tệp này; dùng --force để ghi đè"])
        profile = read_ho_so(ho_so) if ho_so else None
        relative = None
        if ho_so is not None:
            relative = Path(os.path.relpath(ho_so.resolve(), target.resolve().parent))
            relative = None if relative.parts[:1] == ("..",) else relative   # a profile must sit beside it
        text = mau_moi.skeleton(loai, profile, relative)
    except ValueError as exc:
        fail([str(exc)])
    except LoiDuLieu as exc:
        fail([str(problem) for problem in exc.problems])
    write_atomic(target, text.encode("utf-8"))
    extra = f" --ho-so {ho_so}" if ho_so is not None and relative is None else ""
    click.echo(f"Đã tạo {target}: sửa nội dung rồi chạy docgen render {target}{extra}")
