"""Converting a file auditor cannot read itself (.doc, .wps, some .et) with LibreOffice, safely.

Word 97 .doc, WPS Writer .wps and WPS .et files that are not plain BIFF have no
well-kept Python reader; LibreOffice reads them all. Where ``soffice`` is installed,
:func:`converted` hands it a copy of the file's bytes and reads back an .xlsx or .docx,
which then goes through auditor's own guarded readers like any other. The conversion:

* runs in a private temporary folder (``mkdtemp``: mode 0700, a fresh name) holding the
  copy — named ``input`` plus its ending, so that no file name can pass for an option
  and nothing is written next to the original (LibreOffice leaves lock files beside the
  documents it opens) — a fresh LibreOffice profile and the output; the folder is removed
  afterwards, whatever happened;
* never runs a macro: the fresh profile is written before LibreOffice starts with macro
  execution disabled altogether (``DisableMacrosExecution``, security level "very high",
  so that not even a signed macro from a trusted place runs), VBA neither loaded nor made
  executable by the Word and Calc importers, and links to other files and DDE never
  updated when loading (nothing is fetched from anywhere); and ``--convert-to`` only loads
  and saves, it runs nothing of the document's;
* is bounded in time: ``timeout`` (coreutils) runs LibreOffice in a process group of its
  own and kills the whole group after ``seconds`` even if the process that started it is
  itself killed (a worker stopped by ``--timeout``); where there is no ``timeout``, the
  group is killed from here;
* reads nothing from standard input and shows nothing (``--headless``), and runs with
  ``HOME`` set to the private folder, so that the user's own LibreOffice profile and
  settings are never read or changed.

:func:`soffice` says whether LibreOffice is installed (``soffice`` or ``libreoffice`` on
``PATH``); without it the readers refuse the file saying how to save it instead.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from auditor.sources.refusal import Refused, clip

#: Seconds one conversion may take, start-up included (a cold start with a fresh profile
#: takes about 2 s for a small file; less than the per-file default of ``--timeout``, 30 s).
CONVERSION_SECONDS = 20.0

#: The settings of the private profile: no macro ever runs, no VBA is loaded, no link is updated.
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Filter/Import/VBA"><prop oor:name="Load" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Filter/Import/VBA"><prop oor:name="Executable" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Filter/Import/VBA"><prop oor:name="Load" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Filter/Import/VBA"><prop oor:name="Executable" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

#: What LibreOffice is asked to write: a workbook or report auditor reads, or a PDF (the Word section's tests).
Target = Literal["xlsx", "docx", "pdf"]


def soffice() -> str | None:
    """The LibreOffice program on ``PATH``, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@contextmanager
def converted(data: bytes, suffix: str, target: Target, seconds: float | None = None) -> Iterator[Path]:
    """The path of ``data`` (a file ending in ``suffix``) converted to ``target`` by LibreOffice,
    valid inside the ``with`` block; refuses what LibreOffice cannot convert within ``seconds``
    (:data:`CONVERSION_SECONDS` by default).

    Call only where :func:`soffice` found LibreOffice.
    """
    seconds = CONVERSION_SECONDS if seconds is None else seconds
    program = soffice()
    if program is None:  # pragma: no cover - callers check first
        raise Refused("本机没有安装 LibreOffice，无法转换。", "LibreOffice is not installed here; nothing can be converted.")
    folder = Path(tempfile.mkdtemp(prefix="auditor-soffice-"))
    try:
        source = folder / f"input{suffix.lower()}"
        source.write_bytes(data)
        profile = folder / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
        out = folder / "out"
        out.mkdir()
        command = [
            program, "--headless", "--invisible", "--norestore", "--nolockcheck", "--nologo", "--nodefault",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to", target, "--outdir", str(out), str(source),
        ]
        _run(command, folder, seconds)
        result = out / f"input.{target}"
        if not result.is_file():
            raise Refused(
                f"LibreOffice 无法把该文件转换为 .{target}（文件可能已损坏，或不是其扩展名所说的格式）。",
                f"LibreOffice could not convert the file to .{target} (it may be damaged, or not what its ending says).",
            )
        yield result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str], folder: Path, seconds: float) -> None:
    """Run LibreOffice in ``folder``, its whole process group killed after ``seconds``."""
    limiter = shutil.which("timeout")
    if limiter is not None:  # enforced even if this process dies before LibreOffice does
        command = [limiter, "--kill-after=2", "--signal=KILL", f"{seconds:g}", *command]
    env = {**os.environ, "HOME": str(folder), "TMPDIR": str(folder)}
    process = subprocess.Popen(
        command, cwd=folder, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=seconds + 5)
    except subprocess.TimeoutExpired:
        output = b""
    finally:
        _kill_group(process)
    if process.returncode in (124, 137, -signal.SIGKILL) or process.returncode is None:
        raise Refused(
            f"LibreOffice 转换该文件超过 {seconds:g} 秒仍未完成，已中止。",
            f"LibreOffice took longer than {seconds:g} s to convert the file and was stopped.",
        )
    if process.returncode != 0:
        said = clip(" ".join(output.decode("utf-8", "replace").split()), 120)
        raise Refused(
            f"LibreOffice 转换该文件失败（退出码 {process.returncode}：{said}）。",
            f"LibreOffice failed to convert the file (exit status {process.returncode}: {said}).",
        )


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill whatever is left of LibreOffice's process group (it forks soffice.bin)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
