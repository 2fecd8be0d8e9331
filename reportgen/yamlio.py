"""Safe YAML loading that remembers line numbers and refuses duplicate keys.

PyYAML's safe loader silently keeps the last of two equal keys and forgets where
each value stood. Owners edit insats.yaml by hand, so both matter: a duplicate
`budget:` must be an error, and every message must say `insats.yaml:LINE`.
We compose the node tree with the safe loader and build plain Python values
ourselves, recording the line of every key path on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass
class YamlProblem:
    """One problem found while reading; `line` is 1-based, `key` a dotted key path."""

    message: str
    line: int | None = None
    key: str | None = None


class YamlReadError(Exception):
    """The file could not be read as YAML at all (syntax, encoding, size, tags)."""

    def __init__(self, problems: list[YamlProblem]) -> None:
        super().__init__(problems[0].message if problems else "YAML-fel")
        self.problems = problems


@dataclass
class LoadedYaml:
    data: Any
    lines: dict[str, int] = field(default_factory=dict)  # key path -> 1-based line


def join_key(parent: str, key: str | int) -> str:
    """Key paths read like the YAML: `ekonomi.rader[2].budget`, list positions 1-based."""
    if isinstance(key, int):
        return f"{parent}[{key + 1}]"
    return f"{parent}.{key}" if parent else str(key)


def read_yaml_file(path: Path, *, max_bytes: int = MAX_YAML_BYTES) -> LoadedYaml:
    """Read and parse a YAML file; every failure becomes a YamlReadError in Swedish."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise YamlReadError([YamlProblem("filen finns inte. Kontrollera sökvägen.")]) from None
    except OSError as exc:
        raise YamlReadError([YamlProblem(f"filen kan inte läsas ({exc.strerror}).")]) from None
    if path.is_dir():
        raise YamlReadError([YamlProblem("är en mapp, inte en fil.")])
    if size > max_bytes:
        raise YamlReadError(
            [
                YamlProblem(
                    f"filen är {size // 1024} kB – större än gränsen {max_bytes // 1024} kB "
                    "för en insatsbeskrivning. Kontrollera att det är rätt fil."
                )
            ]
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlReadError(
            [
                YamlProblem(
                    "filen är inte sparad som UTF-8 (å, ä och ö blir fel). "
                    "Spara om den som UTF-8 i din editor.",
                    line=line,
                )
            ]
        ) from None
    return parse_yaml(text)


# libyaml composes the same nodes, with the same line marks, about 15 times faster.
# It is stricter in a few corners (`{namn:}`), so whenever it refuses a file the
# pure-Python parser decides – and words any real syntax error, as we translate it.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None


def parse_yaml(text: str) -> LoadedYaml:
    if _FAST_LOADER is not None:
        loader = _FAST_LOADER(text)
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:
            loader.dispose()
        else:
            try:
                return _build(loader, node)
            finally:
                loader.dispose()
    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise YamlReadError([_syntax_problem(exc)]) from None
        except yaml.YAMLError as exc:
            raise YamlReadError([YamlProblem(f"YAML-fel: {exc}")]) from None
        return _build(loader, node)
    finally:
        loader.dispose()


def _build(loader: yaml.SafeLoader, node: Node | None) -> LoadedYaml:
    if node is None:
        return LoadedYaml(data=None)
    builder = _Builder(loader)
    data = builder.build(node, "")
    if builder.problems:
        raise YamlReadError(builder.problems)
    return LoadedYaml(data=data, lines=builder.lines)


class _Builder:
    """Turns composed nodes into plain values; only the safe tags are allowed."""

    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.lines: dict[str, int] = {}
        self.problems: list[YamlProblem] = []
        self.nodes = 0

    def build(self, node: Node, path: str) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YamlReadError(
                [
                    YamlProblem(
                        "filen innehåller orimligt många värden (kanske ankare/alias som "
                        "refererar till varandra). Skriv ut värdena utan & och *.",
                        line=node.start_mark.line + 1,
                    )
                ]
            )
        line = node.start_mark.line + 1
        if isinstance(node, MappingNode):
            if node.tag != _MAP_TAG:
                return self._bad_tag(node, path)
            return self._build_mapping(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                return self._bad_tag(node, path)
            return [self._build_item(i, item, path) for i, item in enumerate(node.value)]
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            return self._bad_tag(node, path)
        except ValueError:
            # e.g. 2025-13-01 matches the timestamp pattern but is no date
            self.problems.append(
                YamlProblem(
                    f"värdet {node.value!r} ser ut som ett datum men är inget giltigt datum. "
                    "Skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2025-12-31.",
                    line=line,
                    key=path or None,
                )
            )
            return None

    def _build_item(self, index: int, node: Node, path: str) -> Any:
        key = join_key(path, index)
        self.lines[key] = node.start_mark.line + 1
        return self.build(node, key)

    def _build_mapping(self, node: MappingNode, path: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                self.problems.append(
                    YamlProblem(
                        "en nyckel måste vara ett enkelt ord, inte en lista eller mappning.",
                        line=key_line,
                        key=path or None,
                    )
                )
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    YamlProblem(
                        "sammanslagning med '<<' stöds inte. Skriv ut nycklarna direkt.",
                        line=key_line,
                        key=path or None,
                    )
                )
                continue
            key = str(self.build(key_node, path))
            full = join_key(path, key)
            if key in result or key in first_line:
                self.problems.append(
                    YamlProblem(
                        f"nyckeln '{key}' förekommer två gånger (första gången på rad "
                        f"{first_line[key]}). Ta bort eller slå ihop den ena – annars "
                        "skulle det ena värdet tyst gå förlorat.",
                        line=key_line,
                        key=full,
                    )
                )
                continue
            first_line[key] = key_line
            self.lines[full] = key_line
            result[key] = self.build(value_node, full)
        return result

    def _bad_tag(self, node: Node, path: str) -> None:
        self.problems.append(
            YamlProblem(
                f"taggen '{node.tag}' är inte tillåten. insats.yaml får bara innehålla text, "
                "tal, datum, listor och mappningar – ta bort taggen (det som börjar med !).",
                line=node.start_mark.line + 1,
                key=path or None,
            )
        )
        return None


def _syntax_problem(exc: yaml.MarkedYAMLError) -> YamlProblem:
    """Translate PyYAML's syntax errors into what the user should do about them."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    problem = (exc.problem or "").strip()
    if "mapping values are not allowed" in problem:
        hint = (
            "ett värde innehåller kolon följt av mellanslag (t.ex. 912 000: -). "
            'Sätt värdet inom citattecken: "912 000: -".'
        )
    elif "found character '\\t'" in problem or "\\t" in problem:
        hint = "tabbtecken används för indrag. Använd mellanslag i stället."
    elif "could not find expected ':'" in problem:
        hint = "en rad saknar kolon efter nyckeln, eller en text fortsätter på fel indrag."
    elif "expected <block end>" in problem or "did not find expected key" in problem:
        hint = "indraget stämmer inte. Kontrollera att nycklar på samma nivå har samma indrag."
    elif "found undefined alias" in problem:
        hint = "ett alias (*namn) pekar på ett ankare som inte finns."
    elif "expected a single document" in (exc.context or "") or "but found another document" in (
        problem
    ):
        hint = "filen innehåller flera YAML-dokument (---). Använd ett dokument per fil."
    elif "found unexpected end of stream" in problem or "found unexpected" in problem:
        hint = "ett citattecken eller en hakparentes är inte avslutad."
    else:
        hint = f"YAML-syntaxfel ({problem or exc})."
    return YamlProblem(f"kan inte läsas som YAML: {hint}", line=line)
