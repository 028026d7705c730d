"""`docgen serve` and `docgen user add`: the web app and its accounts."""

from __future__ import annotations

import os
from pathlib import Path

import click

from docgen.cli import REGISTER_HELP, fail

DATA_DIR_HELP = "Thư mục dữ liệu của ứng dụng web (hồ sơ ho-so.yaml, tài khoản, dự thảo, văn bản ban hành)."


def _data_dir(data_dir: Path | None) -> Path:
    folder = data_dir or Path(os.environ.get("DOCGEN_DATA_DIR") or Path.home() / ".local" / "share" / "docgen" / "web")
    if not (folder / "ho-so.yaml").is_file():
        fail([f"{folder}: chưa có hồ sơ cơ quan ho-so.yaml (chép hồ sơ của cơ quan vào đó, như samples/co-quan.yaml)"])
    return folder


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ lắng nghe.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--register", "register_location", help=REGISTER_HELP + " Mặc định: trong thư mục dữ liệu.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), help=DATA_DIR_HELP)
@click.option("--tls", is_flag=True, help="Chạy sau TLS (cookie chỉ gửi qua https).")
def serve(host: str, port: int, register_location: str | None, data_dir: Path | None, tls: bool) -> None:
    """The clerk's web app: draft, preview, issue and download in a browser, in Vietnamese."""
    import uvicorn

    from docgen.errors import LoiDuLieu
    from docgen.web.app import Settings, create_app

    folder = _data_dir(data_dir)
    try:
        app = create_app(Settings(folder, register_location, secure_cookies=tls))
    except LoiDuLieu as exc:
        fail([str(problem) for problem in exc.problems])
    click.echo(f"docgen đang phục vụ tại http://{host}:{port}/ (dữ liệu: {folder}); Ctrl+C để dừng.")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@click.group()
def user() -> None:
    """Accounts of the web app."""


@user.command("add")
@click.argument("name")
@click.option("--agency", required=True, help="Mã cơ quan trong hồ sơ (khóa của co_quan).")
@click.option("--role", required=True, type=click.Choice(["chuyen-vien", "van-thu", "quan-tri"]))
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), help=DATA_DIR_HELP)
def user_add(name: str, agency: str, role: str, data_dir: Path | None) -> None:
    """Create a user; the password from $DOCGEN_PASSWORD or a prompt."""
    from docgen.errors import LoiDuLieu
    from docgen.readers.ho_so import read_ho_so
    from docgen.web import accounts

    folder = _data_dir(data_dir)
    try:
        profile = read_ho_so(folder / "ho-so.yaml")
    except LoiDuLieu as exc:
        fail([str(problem) for problem in exc.problems])
    if agency not in profile.co_quan:
        fail([f"--agency: không có cơ quan '{agency}' trong hồ sơ; có: {', '.join(profile.co_quan)}"])
    password = os.environ.get("DOCGEN_PASSWORD") or click.prompt("Mật khẩu", hide_input=True,
                                                                 confirmation_prompt="Nhập lại mật khẩu")
    try:
        created = accounts.add_user(accounts.open_store(folder), name, agency, role, password)
    except accounts.LoiTaiKhoan as exc:
        fail([str(exc)])
    click.echo(f"Đã tạo người dùng {created.ten} ({accounts.ROLES[created.vai_tro]}, {agency}).")
