"""Checks of one Word template a profile names: what a person editing it in Word can break.

* The file is a well-formed Word document (a zip with a readable
  `word/document.xml`, every XML part parses).
* No template tag is split across Word runs: Word splits a run when part of a
  `{{ … }}` is retyped or reformatted, and a tag split that way is hard to
  see and easy to break further.
* Every placeholder names a field reportgen fills (`{{ etikett.mal_uppnatt }}`,
  `{{ rubrik["4.1"] }}`): checked against a context built for the profile.
* The document language is Swedish (sv-SE), which spelling, hyphenation and
  screen readers follow.

Each problem names the part and the paragraph, so the person can find it in Word.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPEN = re.compile(r"\{[{%#]")
LANGUAGE = "sv-SE"
_SHOWN_FIELDS = 12


@dataclass(frozen=True)
class Problem:
    file: str
    place: str
    message: str

    def as_line(self) -> str:
        return (
            f"{self.file}: {self.place}: {self.message}"
            if self.place
            else (f"{self.file}: {self.message}")
        )


def well_formed(path: Path, shown: str) -> list[Problem]:
    """A readable .docx: a zip whose XML parts all parse and that has a document body."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "word/document.xml" not in names:
                return [Problem(shown, "", "är inget Word-dokument (word/document.xml saknas).")]
            problems = []
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            for name in names:
                if not name.endswith((".xml", ".rels")):
                    continue
                try:
                    etree.fromstring(archive.read(name), parser)
                except etree.XMLSyntaxError as exc:
                    problems.append(Problem(shown, name, f"XML-fel: {exc}"))
            return problems
    except (zipfile.BadZipFile, OSError) as exc:
        return [Problem(shown, "", f"kan inte öppnas som Word-dokument ({exc}).")]


def templated_parts(path: Path) -> Iterator[tuple[str, Any]]:
    """(part name, parsed XML) of the body, headers and footers."""
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if name == "word/document.xml" or re.fullmatch(r"word/(header|footer)\d*\.xml", name):
                yield name, etree.fromstring(archive.read(name))


def split_tags(path: Path, shown: str) -> list[Problem]:
    """Every tag whose characters stand in more than one run (or that is never closed)."""
    problems = []
    for name, root in templated_parts(path):
        for number, paragraph in enumerate(root.iter(f"{_W}p"), start=1):
            pieces = [t.text or "" for t in paragraph.iter(f"{_W}t")]
            text = "".join(pieces)
            if not _OPEN.search(text):
                continue
            bounds, position = [], 0
            for piece in pieces:
                position += len(piece)
                bounds.append(position)
            for match in _TAG.finditer(text):
                if any(match.start() < b < match.end() for b in bounds):
                    problems.append(
                        Problem(
                            shown,
                            f"{name} stycke {number}",
                            f"taggen '{match.group(0)}' är delad över flera textstycken "
                            "(runs) i Word. Skriv om taggen i ett svep, utan att ändra "
                            "formateringen mitt i den.",
                        )
                    )
            unclosed = _OPEN.search(_TAG.sub("", text))
            if unclosed:
                problems.append(
                    Problem(
                        shown,
                        f"{name} stycke {number}",
                        f"taggen som börjar med '{text[unclosed.start() : unclosed.start() + 30]}' "
                        "avslutas aldrig i stycket.",
                    )
                )
    return problems


def language(path: Path, shown: str) -> list[Problem]:
    """The document defaults' language (styles.xml) must be sv-SE."""
    with zipfile.ZipFile(path) as archive:
        if "word/styles.xml" not in archive.namelist():
            return [Problem(shown, "word/styles.xml", "saknas: dokumentets språk är okänt.")]
        root = etree.fromstring(archive.read("word/styles.xml"))
    lang = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}lang")
    value = lang.get(f"{_W}val") if lang is not None else None
    if value != LANGUAGE:
        return [
            Problem(
                shown,
                "word/styles.xml",
                f"dokumentets språk är {value or 'inte angivet'}, ska vara {LANGUAGE} "
                "(Granska > Språk > Ange redigeringsspråk: svenska (Sverige), som standard).",
            )
        ]
    return []


def unknown_placeholders(path: Path, shown: str, context: dict[str, Any]) -> list[Problem]:
    """Placeholders whose field the context lacks; loop variables are the template's own."""
    from jinja2 import TemplateSyntaxError

    from reportgen.render.docx import jinja_environment
    from reportgen.render.template_layout import read_layout

    environment = jinja_environment()
    with zipfile.ZipFile(path) as archive:
        layout = read_layout(archive)
    parts = [("word/document.xml", layout.body[1])]
    parts += [(part[0], part[1]) for part in layout.templated]
    problems = []
    for name, source in parts:
        try:
            tree = environment.parse(source.replace("<w:p ", "\n<w:p ").replace("<w:p>", "\n<w:p>"))
        except TemplateSyntaxError as exc:
            problems.append(Problem(shown, f"{name} stycke {exc.lineno}", f"Jinja-fel: {exc}"))
            continue
        own = {n.name for n in tree.find_all(_nodes().Name) if n.ctx in ("store", "param")}
        for chain, line in _chains(tree):
            if chain[0] in own:
                continue
            missing = _missing(chain, context)
            if missing is not None:
                problems.append(Problem(shown, f"{name} stycke {line}", missing))
    return problems


def _nodes() -> Any:
    from jinja2 import nodes

    return nodes


def _chains(tree: Any) -> Iterator[tuple[tuple[Any, ...], int]]:
    """(name, key, key …) of every outermost variable reference with constant keys."""
    nodes = _nodes()

    def visit(node: Any) -> Iterator[tuple[tuple[Any, ...], int]]:
        if isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Name):
            steps: list[Any] = []
            current = node
            while isinstance(current, nodes.Getattr | nodes.Getitem):
                if isinstance(current, nodes.Getattr):
                    steps.append(current.attr)
                elif isinstance(current.arg, nodes.Const):
                    steps.append(current.arg.value)
                else:
                    steps.clear()  # a computed key: check only what comes before it
                    yield from visit(current.arg)
                current = current.node
            if isinstance(current, nodes.Name):
                if current.ctx == "load":
                    yield (current.name, *reversed(steps)), node.lineno
                return
            yield from visit(current)  # the base is an expression (a call, a filter)
            return
        for child in node.iter_child_nodes():
            yield from visit(child)

    yield from visit(tree)


def _missing(chain: tuple[Any, ...], context: dict[str, Any]) -> str | None:
    """Why the reference cannot be filled, or None when the context has it."""
    shown = chain[0] + "".join(
        f".{k}" if isinstance(k, str) and k.isidentifier() else f"[{k!r}]" for k in chain[1:]
    )
    value: Any = context
    path = ""
    for key in chain:
        if isinstance(value, dict):
            if key not in value:
                known = ", ".join(sorted(str(k) for k in value)[:_SHOWN_FIELDS])
                where = f"under '{path}'" if path else "överst"
                return (
                    f"platshållaren '{shown}' är inget fält som reportgen fyller i (finns inte "
                    f"{where}; kända fält: {known}{' …' if len(value) > _SHOWN_FIELDS else ''})."
                )
            value = value[key]
        elif isinstance(value, list) and isinstance(key, int):
            if not -len(value) <= key < len(value):
                return f"platshållaren '{shown}': listan '{path}' har bara {len(value)} platser."
            value = value[key]
        else:
            return None  # an attribute of a value (a method, a RichText): not ours to judge
        path = f"{path}.{key}" if path else str(key)
    return None
