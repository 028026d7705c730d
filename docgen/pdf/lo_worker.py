"""One LibreOffice, kept warm, converting .docx files to PDF on request.

Not imported by docgen: the pool (pool.py) runs this file under a Python that has LibreOffice's
`uno` module (Debian's python3 with python3-uno, or LibreOffice's own), which is seldom docgen's
Python. It needs only the standard library, `uno` and unoserver's converter (a pure-Python module,
found on the path given as the first argument and appended after the interpreter's own packages).

Protocol, one JSON object per line: the worker says {"ready": true} once LibreOffice answers; then
for each {"in": DOCX, "out": PDF, "pdfa": bool} it answers {"ok": true} or {"error": "..."}. End of
input (the pool closed the pipe, or died) or {"quit": true} stops LibreOffice and the worker.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.append(sys.argv[1])

from unoserver.converter import UnoConverter  # noqa: E402

START_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(profile: str):
    port = _free_port()
    office = subprocess.Popen(
        [os.environ.get("DOCGEN_SOFFICE", "soffice"), "--headless", "--invisible", "--nocrashreport",
         "--nodefault", "--nologo", "--nofirststartwizard", "--norestore",
         f"-env:UserInstallation=file://{profile}",
         f"--accept=socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            return office, UnoConverter(port=str(port))
        except Exception:
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main() -> None:
    profile = tempfile.mkdtemp(prefix="docgen-lo-")
    office = None
    try:
        office, converter = _start(profile)
        _say({"ready": True})
        for line in sys.stdin:
            request = json.loads(line)
            if request.get("quit"):
                break
            options = ["SelectPdfVersion=2"] if request.get("pdfa") else []
            try:
                converter.convert(inpath=request["in"], outpath=request["out"], convert_to="pdf",
                                  filter_options=options, update_index=False)
                _say({"ok": True})
            except Exception as exc:     # reported to the pool, which names the document
                _say({"error": f"{type(exc).__name__}: {exc}"})
        try:
            converter.desktop.terminate()
        except Exception:
            pass
    finally:
        if office is not None:
            try:
                office.wait(timeout=5)
            except subprocess.TimeoutExpired:
                office.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
