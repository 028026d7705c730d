"""One LibreOffice, kept warm, converting .docx files to PDF on request.

Not imported by docgen: the pool (pool.py) runs this file under a Python that has LibreOffice's
`uno` module (Debian's python3 with python3-uno, or LibreOffice's own), which is seldom docgen's
Python; so it needs nothing but the standard library and `uno`.

Protocol, one JSON object per line: the worker says {"ready": true} once LibreOffice answers; then
for each {"in": DOCX, "out": PDF, "pdfa": bool} it answers {"ok": true} or {"error": "..."}. End of
input (the pool closed the pipe, or died) or {"quit": true} stops LibreOffice and the worker.

Arguments: the folder of a LibreOffice user profile to start from (copied, so that LibreOffice
skips its first-start set-up: ~0.2 s of ~1 s), made from this worker's profile when missing; and
the folder this worker may use (its profile, LibreOffice's output), which the pool removes.
"""

import json
import os
import shutil
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

START_SECONDS = 60


def _start(profile: str):
    pipe = f"docgen-{os.getpid()}-{time.monotonic_ns()}"
    office = subprocess.Popen(
        [os.environ.get("DOCGEN_SOFFICE", "soffice"), "--headless", "--invisible", "--nocrashreport",
         "--nodefault", "--nologo", "--nofirststartwizard", "--norestore",
         f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return office, context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except Exception:
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _props(**values):
    return tuple(PropertyValue(Name=name, Value=value) for name, value in values.items())


def convert(desktop, source: str, target: str, pdfa: bool, workdir: str) -> None:
    """Straight through the UNO API with the PDF filter named: asking LibreOffice which filters
    it has, as general converters do, costs as much again as a one-page document. LibreOffice
    writes into this worker's own folder (a LibreOffice killed mid-write leaves its lock and
    temporary files there, not beside the clerk's documents), then the PDF is moved to `target`."""
    private = os.path.join(workdir, "out.pdf")
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                            _props(Hidden=True, ReadOnly=True))
    if document is None:
        raise RuntimeError("LibreOffice không mở được tệp .docx")
    try:
        data = _props(SelectPdfVersion=2) if pdfa else ()
        document.storeToURL(uno.systemPathToFileUrl(private), _props(
            FilterName="writer_pdf_Export", Overwrite=True,
            FilterData=uno.Any("[]com.sun.star.beans.PropertyValue", data)))
    finally:
        document.close(True)
    shutil.move(private, target)


def _say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _keep_profile(profile: str, template: str) -> None:
    if not template or os.path.isdir(template):
        return
    try:
        staging = f"{template}.{os.getpid()}"
        shutil.copytree(profile, staging)
        os.rename(staging, template)
    except OSError:
        shutil.rmtree(f"{template}.{os.getpid()}", ignore_errors=True)


def main() -> None:
    template, home = sys.argv[1], sys.argv[2]
    profile, workdir = os.path.join(home, "profile"), os.path.join(home, "out")
    os.makedirs(workdir, exist_ok=True)
    if template and os.path.isdir(template):
        shutil.copytree(template, profile, dirs_exist_ok=True)
    else:
        os.makedirs(profile, exist_ok=True)
    office = desktop = None
    try:
        office, desktop = _start(profile)
        _keep_profile(profile, template)
        _say({"ready": True})
        for line in sys.stdin:
            request = json.loads(line)
            if request.get("quit"):
                break
            try:
                convert(desktop, request["in"], request["out"], bool(request.get("pdfa")), workdir)
                _say({"ok": True})
            except Exception as exc:     # reported to the pool, which names the document
                _say({"error": f"{type(exc).__name__}: {exc}"})
    finally:
        try:
            if desktop is not None:
                desktop.terminate()
        except Exception:
            pass
        if office is not None:
            try:
                office.wait(timeout=5)
            except subprocess.TimeoutExpired:
                office.kill()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
