"""UNO client for one warm LibreOffice: run by the Python that has `uno`, not imported.

Debian's python3-uno is built for /usr/bin/python3, which is often not the Python
reportgen runs in, so the pool (pool.py) starts this file under that interpreter
and talks to it in JSON lines over stdin/stdout:

    argv: PIPE_NAME OFFICE_PID ROOT STARTUP_SECONDS SOCKET...
    out:  {"ready": true} | {"error": "..."}          once connected (or not)
    in:   {"in": URL, "out": URL, "filter": {...}}     one request a line
    out:  {"ok": true, "described": N} | {"error": "..."}   one reply a line (N charts
                                                       given their alt text)

It uses only the standard library and `uno`, and must not import reportgen. When
stdin closes (the parent finished or died), it kills the LibreOffice process
group and removes ROOT and LibreOffice's SOCKETs, so even a killed reportgen leaves nothing behind.

Charts' alt text: LibreOffice 7.4's DOCX import drops `descr` (and `title`) of a native
chart's `wp:docPr`, so the tagged PDF's Figure would have no /Alt. Before export each
chart object gets its `Description` from the .docx's own drawing (chart_alt_texts):
LibreOffice names chart objects "Object1", "Object2", … whatever `wp:docPr name` says,
so they are matched in document order, each checked against the categories cached in
its chart part (a chart whose categories differ takes the next drawing that has them).
Only Description is set: with a Title too, LibreOffice writes /Alt as "Title - Description".
"""

import contextlib
import functools
import json
import os
import posixpath
import shutil
import signal
import stat
import sys
import time
import zipfile
from typing import Any
from xml.parsers import expat

DOCUMENT_PART = "word/document.xml"
READ_LIMIT = 64 * 1024 * 1024
"""Most XML bytes read from one .docx for alt text (a report's document.xml is ~150 KiB)."""
CHART_CLSID = "12DCAE26-281F-416F-A234-C3086127382E"  # a chart among embedded objects
CHART_LIMIT = 1000  # chart drawings read from one document
_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


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


def convert(desktop: Any, request: dict[str, Any]) -> int:
    """Export one document as PDF; how many charts were given their alt text."""
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
        described = describe_charts(document, uno.fileUrlToSystemPath(request["in"]))
        filter_data = uno.Any(
            "[]com.sun.star.beans.PropertyValue", properties(request.get("filter", {}))
        )
        store = properties({"FilterName": "writer_pdf_Export", "Overwrite": True})
        store += properties({"FilterData": filter_data})
        uno.invoke(document, "storeToURL", (request["out"], store))
        return described
    finally:
        try:
            document.close(True)
        except Exception:
            document.dispose()


def describe_charts(document: Any, docx: str) -> int:
    """Give each chart object of the loaded `document` its drawing's descr; how many got one.

    Never fails the conversion: a .docx that cannot be read leaves the charts without alt
    text, as a one-shot `--convert-to` does.
    """
    try:
        drawings = chart_alt_texts(docx)
        objects = document.getEmbeddedObjects()
        charts = [objects.getByIndex(i) for i in range(objects.getCount())]
    except Exception:
        return 0
    charts = in_document_order(document, [c for c in charts if is_chart(c)])
    described = 0
    for chart, description in match([categories_of(chart) for chart in charts], drawings).items():
        with contextlib.suppress(Exception):
            charts[chart].Description = description
            described += 1
    return described


def is_chart(embedded: Any) -> bool:
    try:
        return str(embedded.CLSID).upper() == CHART_CLSID
    except Exception:
        return False


def in_document_order(document: Any, charts: list[Any]) -> list[Any]:
    """Sorted by where they are anchored in the body; LibreOffice's own order if any is
    anchored elsewhere (a table cell or a frame cannot be compared with the body)."""
    text = document.getText()

    def earlier(a: Any, b: Any) -> int:
        return -text.compareRegionStarts(a.getAnchor(), b.getAnchor())

    try:
        return sorted(charts, key=functools.cmp_to_key(earlier))
    except Exception:
        return charts


def categories_of(chart: Any) -> tuple[str, ...] | None:
    """The categories LibreOffice drew the chart with, or None when it cannot say."""
    try:
        return tuple(chart.getEmbeddedObject().getData().getRowDescriptions())
    except Exception:
        return None


def match(
    objects: list[tuple[str, ...] | None], drawings: list[tuple[str, tuple[str, ...]]]
) -> dict[int, str]:
    """Object index -> description: in order, each object taking the first unused drawing
    with its categories; an object whose categories are unknown takes the drawing in its
    own position when there are as many drawings as objects."""
    found: dict[int, str] = {}
    used: set[int] = set()
    for index, categories in enumerate(objects):
        if categories is None:
            if len(objects) == len(drawings) and index not in used:
                found[index] = drawings[index][0]
                used.add(index)
            continue
        for position, (description, drawn) in enumerate(drawings):
            if position not in used and drawn == categories:
                found[index] = description
                used.add(position)
                break
    return found


def chart_alt_texts(docx: str) -> list[tuple[str, tuple[str, ...]]]:
    """(descr, categories) of each chart drawing in the body of `docx`, in document order."""
    budget = [READ_LIMIT]
    with zipfile.ZipFile(docx) as package:
        drawings = _chart_drawings(package, budget)
        if not drawings:
            return []
        targets = _relationships(package, budget)
        found = []
        for description, rid in drawings:
            target = targets.get(rid)
            categories = _chart_categories(package, target, budget) if target else ()
            found.append((description, categories))
        return found


def _parse(
    package: zipfile.ZipFile,
    name: str,
    budget: list[int],
    start: Any,
    end: Any = None,
    characters: Any = None,
) -> None:
    """Parse one part with expat, refusing any DTD (so no entities) and stopping when the
    document's `budget` of bytes is spent: a zip bomb costs at most READ_LIMIT.

    Element names arrive as "namespace local"."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*_args: Any) -> None:
        raise ValueError("DTD i dokumentdelen")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if characters is not None:
        parser.CharacterDataHandler = characters
    with package.open(name) as stream:
        while chunk := stream.read(65536):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise ValueError(f"{name} är för stor")
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _chart_drawings(package: zipfile.ZipFile, budget: list[int]) -> list[tuple[str, str]]:
    """(descr, r:id) of each drawing whose graphic is a chart."""
    drawings: list[tuple[str, str]] = []
    pending = [""]

    def start(name: str, attributes: dict[str, str]) -> None:
        if name == f"{_DRAWING} docPr":
            pending[0] = attributes.get("descr", "")
        elif name == f"{_CHART} chart" and len(drawings) < CHART_LIMIT:
            drawings.append((pending[0], attributes.get(f"{_R} id", "")))
        elif name in (f"{_DRAWING} inline", f"{_DRAWING} anchor"):
            pending[0] = ""

    _parse(package, DOCUMENT_PART, budget, start)
    return drawings


def _relationships(package: zipfile.ZipFile, budget: list[int]) -> dict[str, str]:
    """rId -> part name of document.xml's relationships."""
    targets: dict[str, str] = {}
    folder = posixpath.dirname(DOCUMENT_PART)

    def start(name: str, attributes: dict[str, str]) -> None:
        if name == f"{_RELS} Relationship" and attributes.get("TargetMode") != "External":
            target = attributes.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
            targets[attributes.get("Id", "")] = posixpath.normpath(path)

    _parse(package, f"{folder}/_rels/{posixpath.basename(DOCUMENT_PART)}.rels", budget, start)
    return targets


def _chart_categories(package: zipfile.ZipFile, part: str, budget: list[int]) -> tuple[str, ...]:
    """The cached categories of a chart part's first series."""
    points: dict[int, str] = {}
    state = {"in_cat": False, "done": False, "index": -1, "value": False}
    text: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if state["done"]:
            return
        if name == f"{_CHART} cat":
            state["in_cat"] = True
        elif state["in_cat"] and name == f"{_CHART} pt":
            state["index"] = int(attributes.get("idx", "-1"))
        elif state["in_cat"] and name == f"{_CHART} v":
            state["value"] = True
            text.clear()

    def end(name: str) -> None:
        if state["done"]:
            return
        if name == f"{_CHART} cat":
            state["in_cat"], state["done"] = False, True
        elif state["value"] and name == f"{_CHART} v":
            state["value"] = False
            points[int(state["index"])] = "".join(text)

    def characters(data: str) -> None:
        if state["value"]:
            text.append(data)

    try:
        _parse(package, part, budget, start, end, characters)
    except (KeyError, ValueError, expat.ExpatError):
        return ()
    return tuple(points[i] for i in sorted(points))


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
            reply({"ok": True, "described": convert(desktop, json.loads(line))})
        except Exception as exc:
            reply({"error": f"{type(exc).__name__}: {getattr(exc, 'Message', '') or exc}"})
    clean_up(int(office_pid), root, sockets)


if __name__ == "__main__":
    main()
