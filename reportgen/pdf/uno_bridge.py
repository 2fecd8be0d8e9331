"""UNO client for one warm LibreOffice: run by the Python that has `uno`, never imported.

Debian's python3-uno is built for /usr/bin/python3, which is often not the Python
reportgen runs in, so the pool (pool.py) starts this file under that interpreter
and talks to it in JSON lines over stdin/stdout:

    argv: PIPE_NAME OFFICE_PID ROOT STARTUP_SECONDS SOCKET...
    out:  {"ready": true} | {"error": "..."}          once connected (or not)
    in:   {"in": URL, "out": URL, "filter": {...}}     one request a line
    out:  {"ok": true} | {"error": "..."}              one reply a line

It uses only the standard library and `uno`, and must not import reportgen. When
stdin closes (the parent finished or died), it kills the LibreOffice process
group and removes ROOT and LibreOffice's SOCKETs, so even a killed reportgen leaves nothing behind.
"""

import contextlib
import json
import os
import shutil
import signal
import stat
import sys
import time
from typing import Any


def reply(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def properties(values: dict[str, Any]) -> tuple[Any, ...]:
    from com.sun.star.beans import PropertyValue

    return tuple(PropertyValue(Name=name, Value=value) for name, value in values.items())


def connect(pipe_name: str, startup_seconds: float) -> Any:
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + startup_seconds
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe_name};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def convert(desktop: Any, request: dict[str, Any]) -> None:
    import uno

    # No "Referer" here: LibreOffice would judge the document itself untrusted and refuse
    # to load it. Linked images are still blocked (BlockUntrustedRefererLinks in the profile
    # judges them by the document's own location, which no trusted location contains).
    load = properties(
        {
            "Hidden": True,
            "ReadOnly": True,
            "UpdateDocMode": uno.Any("short", 0),  # UpdateDocMode.NO_UPDATE
            "MacroExecutionMode": uno.Any("short", 0),  # MacroExecMode.NEVER_EXECUTE
        }
    )
    document = desktop.loadComponentFromURL(request["in"], "_blank", 0, load)
    if document is None:
        raise RuntimeError("LibreOffice kunde inte öppna dokumentet")
    try:
        filter_data = uno.Any(
            "[]com.sun.star.beans.PropertyValue", properties(request.get("filter", {}))
        )
        store = properties({"FilterName": "writer_pdf_Export", "Overwrite": True})
        store += properties({"FilterData": filter_data})
        uno.invoke(document, "storeToURL", (request["out"], store))
    finally:
        try:
            document.close(True)
        except Exception:
            document.dispose()


def clean_up(office_pid: int, root: str, sockets: list[str]) -> None:
    with contextlib.suppress(OSError):
        os.killpg(office_pid, signal.SIGKILL)
    time.sleep(0.2)  # let the killed LibreOffice go before its files are removed
    shutil.rmtree(root, ignore_errors=True)
    for path in sockets:
        with contextlib.suppress(OSError):
            if stat.S_ISSOCK(os.lstat(path).st_mode):
                os.unlink(path)


def main() -> None:
    pipe_name, office_pid, root, startup = sys.argv[1:5]
    sockets = sys.argv[5:]
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop
    try:
        desktop = connect(pipe_name, float(startup))
    except Exception as exc:
        reply({"error": f"{type(exc).__name__}: {exc}"})
        clean_up(int(office_pid), root, sockets)
        return
    reply({"ready": True})
    for line in sys.stdin:
        try:
            convert(desktop, json.loads(line))
            reply({"ok": True})
        except Exception as exc:
            reply({"error": f"{type(exc).__name__}: {getattr(exc, 'Message', '') or exc}"})
    clean_up(int(office_pid), root, sockets)


if __name__ == "__main__":
    main()
