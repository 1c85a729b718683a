"""Legacy binary formats: Word 97–2003 (.doc), Excel 97–2003 (.xls) and Kingsoft WPS Office's
.wps and .et, converted by LibreOffice from Debian (libreoffice-writer-nogui,
libreoffice-calc-nogui) to .docx and .xlsx, which the Word and Excel readers then read.

Why LibreOffice: it is the one Debian tool that reads all four. The .wps and .et files of
Kingsoft WPS Office are OLE compound files holding Word and Excel binary streams, and
LibreOffice's filter registry lists them as such (the type writer_MS_Word_97 has the extensions
"doc wps", calc_MS_Excel_97 "xls xlc xlm xlw xlk et"); it also imports Word 6/95 and Excel
5/95. catdoc and antiword only cover .doc and .xls, give no tables or cell addresses, and are
barely maintained.

How: ``soffice --headless --norestore -env:UserInstallation=file://<fresh folder>
--convert-to docx|xlsx --outdir <folder> <file>``, the file named with its own extension so that
LibreOffice's own detection picks the filter. Each run has its own profile folder, so runs
never share (or lock) a profile, and its own process group, killed on the file's deadline
(reading.tools). Only an OLE compound file is handed over: LibreOffice imports any other bytes
under a .doc name as plain text instead of refusing them. It answers a file it cannot load,
damaged or with a password alike, with "Error: source file could not be loaded" and no output;
the editor is told it is one or the other.

Measured on the two-core machine: 1.0–1.1 s per small file with a fresh profile (2.0 s for the
very first run after boot); a .doc renamed .wps and an .xls renamed .et convert exactly like the
originals (same filters, same output).
"""

from __future__ import annotations

import os
import tempfile

from gongkai.publishing.reading import office, tools
from gongkai.publishing.reading.core import DAMAGED, Budget, Limits, Reading, Unreadable, _

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
# LibreOffice gives the same answer for a damaged file and one with a password (headless, it asks
# for none): "source file could not be loaded".
NOT_LOADED = _("%(kind)s文件无法打开：文件已损坏或设有密码，请取消密码、用原软件另存后再上传")
# kind → (label for messages, target format, reader of the result)
LEGACY = {
    "doc": ("Word（.doc）", "docx"),
    "wps": ("WPS 文字（.wps）", "docx"),
    "xls": ("Excel（.xls）", "xlsx"),
    "et": ("WPS 表格（.et）", "xlsx"),
}


def read_legacy(kind: str, data: bytes, limits: Limits, budget: Budget) -> Reading:
    label, target = LEGACY[kind]
    if not data.startswith(OLE_SIGNATURE):
        raise Unreadable(DAMAGED, kind=label)
    converted = convert(kind, data, target, budget, label)
    method = f"libreoffice→{target}"
    try:
        if target == "docx":
            return office.read_docx(converted, limits, budget, method)
        return office.read_xlsx(converted, limits, budget, method)
    except Unreadable as error:
        if error.template == DAMAGED:  # what LibreOffice wrote is unreadable: say which file
            raise Unreadable(DAMAGED, kind=label) from error
        raise


def convert(kind: str, data: bytes, target: str, budget: Budget, label: str) -> bytes:
    """The file converted to ``target`` (docx or xlsx) by LibreOffice."""
    soffice = tools.executable("soffice", label)
    with tempfile.TemporaryDirectory(prefix="gongkai-soffice-") as folder:
        source = os.path.join(folder, f"file.{kind}")
        with open(source, "wb") as file:
            file.write(data)
        profile = os.path.join(folder, "profile")
        out = os.path.join(folder, "out")
        os.mkdir(out)
        tools.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                target,
                "--outdir",
                out,
                source,
            ],
            budget,
            env={"HOME": folder},  # nothing written to the service account's home
            cwd=folder,
        )
        result = os.path.join(out, f"file.{target}")
        if not os.path.exists(result):
            raise Unreadable(NOT_LOADED, kind=label)
        with open(result, "rb") as file:
            return file.read()
