"""The web app: FastAPI routes over the same services as the CLI (drafting, render, check, PDF pool,
register). Every page needs a signed-in user; every POST a CSRF token; every draft, file and register
row is looked up within the user's agency, so another agency's simply do not exist for them."""

from __future__ import annotations

import secrets
import tempfile
import zipfile
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from docgen.errors import LoiMauVanBan, LoiPdf
from docgen.mau_moi import types as document_types
from docgen.model.loai import LOAI_VAN_BAN
from docgen.readers.ho_so import read_ho_so
from docgen.render.docx_renderer import TEMPLATES_DIR
from docgen.register import queries, store
from docgen.register.issue import LoiCapSo, agency_key, issue
from docgen.model.outline import TASK_FIELDS
from docgen.web import accounts, dan_y, drafting, limits, quan_tri, uploads
from docgen.web.lists import Lists
from docgen.web.previews import Previews
from docgen.web.accounts import User

HERE = Path(__file__).parent
TYPE_NAMES = {key: name for key, name, _model in document_types()}
# the types an agency may give its own Word template: those docgen prints
TEMPLATE_TYPES = {p.stem: LOAI_VAN_BAN[p.stem].ten for p in sorted(TEMPLATES_DIR.glob("*.docx")) if p.stem in LOAI_VAN_BAN}
MAX_FORM_BYTES = limits.FORM_BYTES
MAX_UPLOAD_BYTES = uploads.MAX_BYTES


@dataclass
class Settings:
    data_dir: Path
    register: str | None = None
    secure_cookies: bool = False       # set behind TLS


class Site:
    """What every request shares: the data folder, its profile, the stores, the warm PDF pool."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.data_dir = settings.data_dir
        self.profile_path = self.data_dir / "ho-so.yaml"
        self.profile = read_ho_so(self.profile_path)
        self.accounts = accounts.open_store(self.data_dir)
        register = str(settings.register or self.data_dir / "so-van-ban-di.sqlite")
        self.register = store.open_engine(register)
        self.lists = Lists(self.data_dir, self.profile_path, register)
        self.previews = Previews()

    def secret(self) -> str:
        path = self.data_dir / ".khoa-phien"
        if not path.exists():
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48))
        return path.read_text().strip()

    def work_folder(self, draft_id: int) -> Path:
        return self.data_dir / "du-thao" / str(draft_id)

    def check(self, text: str, draft_id: int) -> drafting.Checked:
        return drafting.check(text, self.work_folder(draft_id), self.profile_path)

    def agency_identity(self, user: User) -> str:
        return agency_key(self.profile.co_quan[user.co_quan])

    def close(self) -> None:
        self.previews.close()


def create_app(settings: Settings) -> FastAPI:
    site = Site(settings)

    @asynccontextmanager
    async def lifespan(_app):
        yield
        site.close()                     # the warm LibreOffice stops with the server

    app = FastAPI(title="docgen", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.site = site
    app.add_middleware(SessionMiddleware, secret_key=site.secret(), session_cookie="docgen",
                       same_site="strict", https_only=settings.secure_cookies, max_age=8 * 3600)
    app.add_middleware(limits.BodyLimit)
    app.mount("/tinh", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(uploads.LoiTaiLen)
    async def refused_upload(_request: Request, exc: uploads.LoiTaiLen):
        """An upload refused for its size, kind or content: the same answer from every route."""
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)
    pages = Jinja2Templates(directory=HERE / "templates")
    pages.env.filters["so_muc"] = dan_y.human_path

    def page(request: Request, name: str, status: int = 200, **values) -> HTMLResponse:
        values.update(request=request, csrf=_csrf_token(request), nguoi_dung=_current(request),
                      vai_tro=accounts.ROLES, bao=request.session.pop("bao", None))
        return pages.TemplateResponse(request, name, values, status_code=status)

    def signed_in(request: Request) -> User:
        user = _current(request)
        if user is None:
            raise HTTPException(303, headers={"Location": "/dang-nhap"})
        return user

    async def posted(request: Request) -> dict[str, str]:
        """The form, once its size and CSRF token are checked."""
        if int(request.headers.get("content-length") or 0) > MAX_FORM_BYTES:
            raise HTTPException(413, "Biểu mẫu quá lớn")
        form = await request.form()
        token = form.get("csrf") or request.headers.get("x-csrf-token") or ""
        expected = request.session.get("csrf", "")
        if not expected or not secrets.compare_digest(str(token), expected):
            raise HTTPException(403, "Phiên làm việc hết hạn hoặc biểu mẫu không hợp lệ (CSRF): tải lại trang")
        return {key: str(value) for key, value in form.items() if isinstance(value, str)}

    async def uploaded(request: Request, missing: str, fields: tuple[str, ...] = ("tep",)):
        """A multipart form with files: its fields, and each file's (bytes, name); CSRF checked."""
        form = await request.form(max_files=len(fields), max_fields=6)
        if not secrets.compare_digest(str(form.get("csrf") or ""), request.session.get("csrf", "") or "-"):
            raise HTTPException(403, "Phiên làm việc hết hạn hoặc biểu mẫu không hợp lệ (CSRF): tải lại trang")
        files = {}
        for name in fields:
            upload = form.get(name)
            if upload is None or isinstance(upload, str):
                raise HTTPException(400, missing)
            files[name] = (await upload.read(MAX_UPLOAD_BYTES + 1), upload.filename or "")
        return form, files

    def _current(request: Request) -> User | None:
        user_id = request.session.get("nguoi_dung")
        user = accounts.user(site.accounts, user_id) if user_id else None
        return user if user is not None and user.phien == request.session.get("phien") else None

    def own_draft(user: User, draft_id: int) -> accounts.Draft:
        draft = accounts.draft_for(site.accounts, user, draft_id)
        if draft is None:
            raise HTTPException(404, "Không có dự thảo này")
        return draft

    @app.get("/")
    def home(request: Request):
        return RedirectResponse("/du-thao" if _current(request) else "/dang-nhap", 303)

    @app.get("/dang-nhap")
    def login_page(request: Request):
        return page(request, "dang-nhap.html")

    @app.post("/dang-nhap")
    async def login(request: Request):
        form = await posted(request)
        user = accounts.authenticate(site.accounts, form.get("ten", ""), form.get("mat_khau", ""))
        if user is None:
            return page(request, "dang-nhap.html", 401, loi="Sai tên đăng nhập hoặc mật khẩu")
        request.session.clear()
        request.session.update(nguoi_dung=user.id, phien=user.phien, csrf=secrets.token_urlsafe(32))
        return RedirectResponse("/du-thao", 303)

    @app.post("/dang-xuat")
    async def logout(request: Request):
        await posted(request)
        user = _current(request)
        if user is not None:
            accounts.end_sessions(site.accounts, user.id)     # a copied cookie is no key after this
        request.session.clear()
        return RedirectResponse("/dang-nhap", 303)

    @app.get("/du-thao")
    def draft_list(request: Request):
        user = signed_in(request)
        return page(request, "du-thao.html", du_thao=accounts.visible_drafts(site.accounts, user),
                    loai=document_types(), ten_loai=TYPE_NAMES)

    @app.post("/du-thao")
    async def draft_new(request: Request):
        user = signed_in(request)
        form = await posted(request)
        known = {key for key, _name, _model in document_types()}
        if form.get("loai") not in known:
            raise HTTPException(400, "Loại văn bản không có")
        text = drafting.new_text(form["loai"], site.profile, user.co_quan)
        draft_id = accounts.save_draft(site.accounts, user, form["loai"], text)
        return RedirectResponse(f"/du-thao/{draft_id}", 303)

    def edit_page(request: Request, user: User, draft: accounts.Draft, text: str, status: int = 200,
                  checked: drafting.Checked | None = None, yaml_error: str | None = None):
        try:
            values = drafting.form_values(text)
        except drafting.LoiNhap:
            values = {}
        signers = site.profile.signers_of(user.co_quan)
        try:
            fields = drafting.shown_fields(text)
        except drafting.LoiNhap:
            fields = drafting.FORM_FIELDS
        return page(request, "soan-thao.html", status, du_thao=draft, yaml=text, gia_tri=values,
                    truong=fields, ten_loai=TYPE_NAMES.get(draft.loai, draft.loai), nguoi_ky=list(signers.items()),
                    kiem_tra=checked, loi_yaml=yaml_error, duoc_ban_hanh=user.may_issue,
                    nhom_noi_nhan=site.profile.nhom_noi_nhan, **outline_values(text))

    def outline_values(text: str, focus: str | None = None, message: str | None = None) -> dict:
        try:
            nodes = dan_y.nodes_of(drafting.load(text))
        except (drafting.LoiNhap, dan_y.LoiDanY):
            nodes = []
        return dict(dan_y=dan_y.rows(nodes), dan_y_phien_ban=dan_y.version(nodes), dan_y_chon=focus,
                    dan_y_bao=message, thao_tac=dan_y.OPERATION_NAMES, truong_nhiem_vu=TASK_FIELDS)

    @app.get("/danh-sach")
    def lists_page(request: Request):
        user = signed_in(request)
        return page(request, "danh-sach.html", mau_goc=site.lists.bases(user.co_quan),
                    viec=site.lists.jobs_of(user.id, user.co_quan))

    @app.post("/danh-sach")
    async def lists_start(request: Request):
        user = signed_in(request)
        form, files = await uploaded(request, "Chọn tệp danh sách .xlsx hoặc .csv")
        data, name = files["tep"]
        issue_numbers = form.get("cap_so") == "1"
        if issue_numbers and not user.may_issue:
            raise HTTPException(403, "Chỉ văn thư mới cấp số")
        job = site.lists.start(user.id, user.co_quan, str(form.get("mau_goc") or ""), data,
                               name or "danh-sach", str(form.get("kieu") or "zip"), issue_numbers)
        return RedirectResponse(f"/danh-sach/{job.id}", 303)

    @app.post("/ke-hoach-con")
    async def subplans_start(request: Request):
        user = signed_in(request)
        _form, files = await uploaded(request, "Chọn kế hoạch cấp trên và danh sách đơn vị", ("ke_hoach", "don_vi"))
        (plan, plan_name), (units, _units_name) = files["ke_hoach"], files["don_vi"]
        job = site.lists.start_subplans(user.id, user.co_quan, plan, plan_name or "ke-hoach", units)
        return RedirectResponse(f"/danh-sach/{job.id}", 303)

    @app.post("/bao-cao")
    async def yearly_report(request: Request):
        user = signed_in(request)
        form, files = await uploaded(request, "Chọn kế hoạch, tệp kết quả và danh sách đơn vị",
                                     ("ke_hoach", "ket_qua", "don_vi"))
        year = str(form.get("nam") or "")
        if not year.isdigit():
            raise HTTPException(400, "Năm báo cáo phải là số")
        target = site.lists.report(user.co_quan, files["ke_hoach"][0], files["ke_hoach"][1] or "ke-hoach",
                                   files["ket_qua"][0], files["don_vi"][0], str(form.get("don_vi_ma") or ""),
                                   int(year), str(form.get("mau_goc") or ""))
        return FileResponse(target, filename=f"bao-cao-{int(year)}.docx")

    def own_job(user: User, job_id: str):
        job = site.lists.job_for(user.id, user.co_quan, job_id)
        if job is None:
            raise HTTPException(404, "Không có việc này")
        return job

    @app.get("/danh-sach/{job_id}")
    def list_job(request: Request, job_id: str):
        user = signed_in(request)
        return page(request, "viec.html", viec=own_job(user, job_id))

    @app.get("/danh-sach/{job_id}/tai")
    def list_download(request: Request, job_id: str):
        user = signed_in(request)
        job = own_job(user, job_id)
        if job.output is None or not job.output.is_file():
            raise HTTPException(404, "Chưa có tệp kết quả")
        return FileResponse(job.output, filename=job.output.name)

    @app.get("/danh-sach/{job_id}/tep/{index}")
    def list_member(request: Request, job_id: str, index: int):
        """One document of a zipped result, by its place in the archive (never by a name the
        archive chose)."""
        user = signed_in(request)
        job = own_job(user, job_id)
        names = job.members()
        if not 0 <= index < len(names):
            raise HTTPException(404, "Không có tệp này")
        with zipfile.ZipFile(job.output) as archive:
            data = archive.read(names[index])
        filename = quote(Path(names[index]).name)
        return Response(data, media_type="application/octet-stream",
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"})

    @app.post("/du-thao/nhap")
    async def draft_import(request: Request):
        """A Word file or a text (a received plan, an earlier draft) as the start of a new draft."""
        user = signed_in(request)
        _form, files = await uploaded(request, "Chọn một tệp .docx hoặc .txt")
        data, name = files["tep"]
        text = uploads.import_draft(data, name, site.data_dir / "tai-len", site.profile, user.co_quan)
        draft_id = accounts.save_draft(site.accounts, user, drafting.load(text).get("loai", "ke-hoach"), text)
        return RedirectResponse(f"/du-thao/{draft_id}", 303)

    @app.get("/du-thao/{draft_id}")
    def draft_edit(request: Request, draft_id: int):
        user = signed_in(request)
        draft = own_draft(user, draft_id)
        return edit_page(request, user, draft, draft.yaml,
                         checked=site.check(draft.yaml, draft.id))

    @app.post("/du-thao/{draft_id}")
    async def draft_save(request: Request, draft_id: int):
        user = signed_in(request)
        draft = own_draft(user, draft_id)
        if draft.ky_hieu:
            raise HTTPException(409, f"Dự thảo đã ban hành thành {draft.ky_hieu}: không sửa được")
        form = await posted(request)
        try:
            text = form["yaml"] if form.get("che_do") == "yaml" else drafting.apply_form(draft.yaml, form)
            text = drafting.pinned(text, user.co_quan)
        except drafting.LoiNhap as exc:
            return edit_page(request, user, draft, form.get("yaml", draft.yaml), 400, yaml_error=str(exc))
        if len(text.encode("utf-8")) > drafting.MAX_DRAFT_BYTES:
            raise HTTPException(413, "Dự thảo quá lớn")
        accounts.save_draft(site.accounts, user, draft.loai, text, draft.id)
        draft = own_draft(user, draft_id)
        checked = site.check(text, draft.id)
        if request.headers.get("hx-request"):         # typed in the form: the errors beside each field
            return page(request, "loi-truong.html", truong=drafting.shown_fields(text), kiem_tra=checked)
        return edit_page(request, user, draft, text, 200 if checked.document else 422, checked=checked)

    @app.post("/du-thao/{draft_id}/dan-y")
    async def draft_outline(request: Request, draft_id: int):
        """One operation of the body's outline (add, indent, outdent, move, delete, task), after the
        form's text is saved: htmx gets the outline back, a plain form the whole page."""
        user = signed_in(request)
        draft = own_draft(user, draft_id)
        if draft.ky_hieu:
            raise HTTPException(409, f"Dự thảo đã ban hành thành {draft.ky_hieu}: không sửa được")
        form = await posted(request)
        text, message, focus = draft.yaml, None, None
        try:
            text = drafting.apply_form(draft.yaml, form)
            text, focus = drafting.outline_operation(text, form.get("thao_tac", ""))
        except dan_y.LoiDanY as exc:
            message = f"Không làm được: {exc}."
        except drafting.LoiNhap as exc:
            text, message = draft.yaml, str(exc)
        text = drafting.pinned(text, user.co_quan)
        if len(text.encode("utf-8")) > drafting.MAX_DRAFT_BYTES:
            raise HTTPException(413, "Dự thảo quá lớn")
        accounts.save_draft(site.accounts, user, draft.loai, text, draft.id)
        checked = site.check(text, draft.id)
        if not request.headers.get("hx-request"):
            if message:
                request.session["bao"] = message
            return RedirectResponse(f"/du-thao/{draft.id}" + (f"#dong-{focus.replace('.', '-')}" if focus else ""), 303)
        return page(request, "dan-y.html", du_thao=draft, kiem_tra=checked, **outline_values(text, focus, message))

    @app.get("/du-thao/{draft_id}/xem-truoc")
    def draft_preview(request: Request, draft_id: int):
        user = signed_in(request)
        draft = own_draft(user, draft_id)
        checked = site.check(draft.yaml, draft.id)
        pages_found, findings, problem = [], [], None
        if checked.document is None:
            problem = "Dự thảo còn lỗi (xem bên cạnh các ô): chưa xem trước được."
        else:
            try:
                shown = site.previews.preview(draft.id, draft.yaml, checked.document, site.work_folder(draft.id))
                pages_found, findings = shown.pages, shown.findings
            except (drafting.LoiNhap, LoiPdf, LoiMauVanBan) as exc:
                problem = str(exc)
        return page(request, "xem-truoc.html", du_thao=draft, trang=len(pages_found), nhan_xet=findings,
                    van_de=problem)

    @app.get("/du-thao/{draft_id}/trang/{number}.png")
    def draft_page_image(request: Request, draft_id: int, number: int):
        user = signed_in(request)
        draft = own_draft(user, draft_id)
        image = site.work_folder(draft.id) / f"trang-{number}.png"
        if not image.is_file():
            raise HTTPException(404)
        return FileResponse(image, media_type="image/png")

    @app.get("/du-thao/{draft_id}/tai/{kind}")
    def draft_download(request: Request, draft_id: int, kind: str):
        user = signed_in(request)
        draft = own_draft(user, draft_id)
        name = f"du-thao-{draft.id}"
        if kind == "yaml":
            return Response(draft.yaml, media_type="text/yaml; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}.yaml"'})
        if kind not in ("docx", "pdf"):
            raise HTTPException(404)
        folder = site.work_folder(draft.id)
        checked = site.check(draft.yaml, draft.id)
        if checked.document is None:
            raise HTTPException(422, "Dự thảo còn lỗi")
        if kind == "pdf":
            try:
                made = site.previews.pdf(draft.id, draft.yaml, checked.document, folder)
            except (drafting.LoiNhap, LoiPdf) as exc:
                raise HTTPException(503, str(exc)) from None
        else:
            made = site.previews.docx(draft.id, checked.document, folder)
        return FileResponse(made, filename=f"{name}.{kind}")

    @app.post("/du-thao/{draft_id}/ban-hanh")
    async def draft_issue(request: Request, draft_id: int):
        user = signed_in(request)
        await posted(request)
        if not user.may_issue:
            raise HTTPException(403, "Chỉ văn thư mới cấp số, ban hành")
        draft = own_draft(user, draft_id)
        if draft.ky_hieu:
            raise HTTPException(409, f"Đã ban hành: {draft.ky_hieu}")
        checked = site.check(draft.yaml, draft.id)
        if checked.document is None:
            return edit_page(request, user, draft, draft.yaml, 422, checked=checked)
        folder = site.data_dir / "ban-hanh" / user.co_quan
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{checked.document.loai.ma}-{draft.id}.docx"
        try:
            entry = issue(checked.document, target, site.register, when=date.today(), by=f"{user.ten} (docgen serve)")
        except (LoiCapSo, LoiMauVanBan, store.SoBiKhoa) as exc:
            checked.errors.append(str(exc))
            return edit_page(request, user, draft, draft.yaml, 409, checked=checked)
        accounts.mark_issued(site.accounts, draft.id, entry.ky_hieu, entry.tep)
        request.session["bao"] = f"Đã ban hành {entry.ky_hieu} ngày {entry.ngay:%d/%m/%Y}."
        return RedirectResponse(f"/so-van-ban?nam={entry.nam}", 303)

    def administrator(request: Request) -> User:
        user = signed_in(request)
        if user.vai_tro != "quan-tri":
            raise HTTPException(403, "Chỉ quản trị mới quản lý hồ sơ, mẫu gốc và người dùng")
        return user

    def admin_page(request: Request, admin: User, status: int = 200, profile_text: str | None = None,
                   problem: str | None = None):
        return page(request, "quan-tri.html", status, loi=problem, mau_goc=site.lists.bases(admin.co_quan),
                    mau_word=quan_tri.templates_of(site.profile_path, admin.co_quan), loai_van_ban=TEMPLATE_TYPES,
                    ho_so=profile_text if profile_text is not None else quan_tri.agency_part(site.profile_path, admin.co_quan))

    def back_to_admin(request: Request, said: str):
        """After a change on the quản trị page: say what was done, show the page again (POST → GET)."""
        request.session["bao"] = said
        return RedirectResponse("/quan-tri", 303)

    @app.get("/quan-tri")
    def admin_home(request: Request):
        return admin_page(request, administrator(request))

    @app.post("/quan-tri/ho-so")
    async def admin_profile(request: Request):
        admin = administrator(request)
        form = await posted(request)
        try:
            site.profile = quan_tri.save_agency_part(site.profile_path, admin.co_quan, form.get("ho_so", ""))
        except quan_tri.LoiQuanTri as exc:
            return admin_page(request, admin, 400, form.get("ho_so", ""), str(exc))
        return back_to_admin(request, "Đã lưu hồ sơ cơ quan.")

    @app.post("/quan-tri/mau-goc")
    async def admin_base_upload(request: Request):
        admin = administrator(request)
        form, files = await uploaded(request, "Chọn tệp mẫu gốc .yaml")
        try:
            name = quan_tri.save_base(site.lists.bases_dir, admin.co_quan, str(form.get("ten") or ""), files["tep"][0])
        except quan_tri.LoiQuanTri as exc:
            return admin_page(request, admin, 400, problem=str(exc))
        return back_to_admin(request, f"Đã lưu mẫu gốc {name}.")

    @app.post("/quan-tri/mau-goc/xoa")
    async def admin_base_remove(request: Request):
        admin = administrator(request)
        form = await posted(request)
        try:
            quan_tri.remove_base(site.lists.bases_dir, admin.co_quan, form.get("ten", ""))
        except quan_tri.LoiQuanTri as exc:
            raise HTTPException(404, str(exc)) from None
        return back_to_admin(request, f"Đã xóa mẫu gốc {form.get('ten')}.")

    @app.post("/quan-tri/mau-word")
    async def admin_template_upload(request: Request):
        admin = administrator(request)
        form, files = await uploaded(request, "Chọn tệp mẫu Word .docx")
        loai = str(form.get("loai") or "")
        try:
            site.profile, warnings = quan_tri.save_template(site.profile_path, admin.co_quan, loai, files["tep"][0])
        except quan_tri.LoiQuanTri as exc:
            return admin_page(request, admin, 400, problem=str(exc))
        said = f" Lưu ý: {'; '.join(warnings)}." if warnings else ""
        return back_to_admin(request, f"Đã dùng mẫu Word riêng cho {TEMPLATE_TYPES.get(loai, loai)}.{said}")

    @app.post("/quan-tri/mau-word/xoa")
    async def admin_template_remove(request: Request):
        admin = administrator(request)
        form = await posted(request)
        try:
            site.profile = quan_tri.remove_template(site.profile_path, admin.co_quan, form.get("loai", ""))
        except quan_tri.LoiQuanTri as exc:
            raise HTTPException(404, str(exc)) from None
        return back_to_admin(request, f"{TEMPLATE_TYPES.get(form.get('loai'), '')}: dùng lại mẫu có sẵn.")

    @app.get("/quan-tri/mau-word/{loai}")
    def admin_template_download(request: Request, loai: str, goc: int = 0):
        """The agency's template of a type to edit further, or (`goc=1`, or none of its own) the built-in one."""
        admin = administrator(request)
        if loai not in TEMPLATE_TYPES:
            raise HTTPException(404, "Không có loại văn bản này")
        own = None if goc else quan_tri.own_template(site.profile_path, admin.co_quan, loai)
        target = own or TEMPLATES_DIR / f"{loai}.docx"
        if not target.is_file():
            raise HTTPException(404, "Chưa có mẫu cho loại văn bản này")
        return FileResponse(target, filename=f"{loai}{'' if own else '-mau-co-san'}.docx")

    @app.get("/nguoi-dung")
    def users_page(request: Request):
        admin = administrator(request)
        return page(request, "nguoi-dung.html", danh_sach=accounts.users_of(site.accounts, admin.co_quan))

    @app.post("/nguoi-dung")
    async def users_add(request: Request):
        admin = administrator(request)
        form = await posted(request)
        try:
            made = accounts.add_user(site.accounts, form.get("ten", ""), admin.co_quan, form.get("vai_tro", ""),
                                     form.get("mat_khau", ""))
        except accounts.LoiTaiKhoan as exc:
            return page(request, "nguoi-dung.html", 400, danh_sach=accounts.users_of(site.accounts, admin.co_quan),
                        loi=str(exc))
        request.session["bao"] = f"Đã tạo người dùng {made.ten}."
        return RedirectResponse("/nguoi-dung", 303)

    def agency_entries(user: User, year: int | None = None, kind: str | None = None):
        return queries.entries(site.register, year, kind or None, agency=site.agency_identity(user))

    @app.get("/so-van-ban")
    def register_page(request: Request, nam: int | None = None, loai: str | None = None, tim: str = ""):
        user = signed_in(request)
        rows = agency_entries(user, nam, loai)
        if tim:
            rows = [e for e in rows if tim.lower() in f"{e.ky_hieu} {e.trich_yeu}".lower()]
        return page(request, "so-van-ban.html", dong=rows, nam=nam, loai=loai or "", tim=tim,
                    duoc_ban_hanh=user.may_issue, nam_nay=date.today().year)

    @app.get("/so-van-ban/xuat.xlsx")
    def register_export(request: Request, nam: int | None = None):
        user = signed_in(request)
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "so.xlsx"
            queries.export_xlsx(site.register, target, nam, agency=site.agency_identity(user))
            data = target.read_bytes()
        return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": 'attachment; filename="so-van-ban-di.xlsx"'})

    def agency_entry(user: User, year: int, series: str, number: int) -> store.Entry:
        """One row of the agency's register: a number is unique in its series and year, not across
        series (the confidential series has its own 01)."""
        entry = next((e for e in agency_entries(user, year) if e.day_so == series and e.so == number), None)
        if entry is None:
            raise HTTPException(404, "Không có văn bản này trong sổ của cơ quan")
        return entry

    @app.get("/so-van-ban/{year}/{series}/{number}/tai")
    def issued_download(request: Request, year: int, series: str, number: int):
        user = signed_in(request)
        entry = agency_entry(user, year, series, number)
        if entry.trang_thai != store.ISSUED or not Path(entry.tep).is_file():
            raise HTTPException(404, "Không có tệp này")
        return FileResponse(entry.tep, filename=Path(entry.tep).name)

    @app.post("/so-van-ban/huy")
    async def register_cancel(request: Request):
        user = signed_in(request)
        form = await posted(request)
        if not user.may_issue:
            raise HTTPException(403, "Chỉ văn thư mới hủy số")
        reason = form.get("ly_do", "").strip()
        if not reason:
            raise HTTPException(400, "Cần ghi lý do hủy")
        if not (form.get("nam", "").isdigit() and form.get("so", "").isdigit()):
            raise HTTPException(400, "Năm và số phải là số")
        entry = agency_entry(user, int(form["nam"]), form.get("day_so", ""), int(form["so"]))
        try:
            queries.cancel(site.register, entry.ky_hieu, reason, entry.nam, entry.day_so, entry.co_quan,
                           by=f"{user.ten} (docgen serve)")
        except queries.KhongTimThay as exc:
            raise HTTPException(409, str(exc)) from None
        accounts.reopen_issued(site.accounts, entry.tep)       # its draft can be corrected and issued again
        return RedirectResponse(f"/so-van-ban?nam={entry.nam}", 303)

    return app


def _csrf_token(request: Request) -> str:
    """The session's CSRF token (made on the first page of a session, signed in or not)."""
    if "csrf" not in request.session:
        request.session["csrf"] = secrets.token_urlsafe(32)
    return request.session["csrf"]
