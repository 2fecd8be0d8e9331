"""Safe YAML loading that remembers line numbers and refuses duplicate keys.

PyYAML's safe loader silently keeps the last of two equal keys and forgets where
each value stood. Owners edit insats.yaml by hand, so both matter: a duplicate
`budget:` must be an error, and every message must say `insats.yaml:LINE`.
We compose the node tree with the safe loader and build plain Python values
ourselves, recording the line of every key path on the way.

The file is untrusted, so building is bounded as well as safe: the nesting
depth, the number of values and the characters of text *after following
aliases* are capped (an alias bomb of a few kB would otherwise expand to
gigabytes), only plain tags are accepted (no `!!binary`, `!!set` …), numbers
longer than any amount are refused, and text holding characters that cannot
stand in a report (NUL, ESC, lone surrogates, noncharacters) is refused with
its line, before anything is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from reportgen.errors import InputFileError
from reportgen.files import read_input
from reportgen.formatting import describe_character, forbidden_character, printable

if TYPE_CHECKING:
    # PyYAML is imported when a file is parsed, not with this module: join_key and the
    # problem types are used where no YAML is read (a Word report's check), and importing
    # PyYAML costs ~12 ms.
    import yaml
    from yaml.nodes import MappingNode, Node

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000
"""Values after following aliases; insats.yaml has a few hundred."""
MAX_DEPTH = 20
"""Nesting of mappings and lists; insats.yaml needs four (`ekonomi.rader[1].budget`)."""
MAX_TEXT_CHARS = 4_000_000
"""Characters of all text after following aliases: twice what a 2 MB file can hold."""
MAX_NUMBER_DIGITS = 30
"""Digits of a number; a krona amount has at most 13."""

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR_TAGS = frozenset(
    {
        _STR_TAG,
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        _INT_TAG,
        _FLOAT_TAG,
        _TIMESTAMP_TAG,
    }
)


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
    """Parsed values and the line of every key path, so that a finding can name its line."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)  # key path -> 1-based line


def join_key(parent: str, key: str | int) -> str:
    """Key paths read like the YAML: `ekonomi.rader[2].budget`, list positions 1-based."""
    if isinstance(key, int):
        return f"{parent}[{key + 1}]"
    return f"{parent}.{key}" if parent else str(key)


def read_yaml_file(path: Path, *, max_bytes: int = MAX_YAML_BYTES) -> LoadedYaml:
    """Read and parse a YAML file; every failure becomes a YamlReadError in Swedish.

    The file is opened as a regular file only (a FIFO or a device is refused, not
    waited for) and its size is checked before it is read.
    """
    try:
        raw = read_input(path, max_bytes=max_bytes)
    except InputFileError as exc:
        message = exc.message[:1].lower() + exc.message[1:]
        if "större än gränsen" in message:
            message += " En insatsbeskrivning är sällan större än 100 kB."
        raise YamlReadError([YamlProblem(message)]) from None
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
# Looked up on the first parse; None: the pure-Python parser only.
_FAST_LOADER: Any = "libyaml"


def _fast_loader() -> Any:
    global _FAST_LOADER
    if _FAST_LOADER == "libyaml":
        import yaml

        _FAST_LOADER = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
    return _FAST_LOADER


def parse_yaml(text: str) -> LoadedYaml:
    import yaml

    fast_error: BaseException | None = None
    fast_loader = _fast_loader()
    if fast_loader is not None:
        loader = fast_loader(text)
        try:
            node = loader.get_single_node()
        except (yaml.YAMLError, RecursionError) as exc:
            fast_error = exc
            loader.dispose()
        else:
            try:
                return _build(loader, node)
            finally:
                loader.dispose()
    try:
        loader = yaml.SafeLoader(text)  # the reader refuses control characters right here
    except yaml.YAMLError as exc:
        raise YamlReadError([_reader_problem(exc, text)]) from None
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:  # the pure parser composes recursively
            mark = getattr(fast_error, "problem_mark", None)
            raise YamlReadError([_too_deep(mark.line + 1 if mark else None)]) from None
        except yaml.MarkedYAMLError as exc:
            raise YamlReadError([_syntax_problem(exc, text)]) from None
        except yaml.YAMLError as exc:
            raise YamlReadError([_reader_problem(exc, text)]) from None
        return _build(loader, node)
    finally:
        loader.dispose()


def _too_deep(line: int | None) -> YamlProblem:
    return YamlProblem(
        f"värdena är nästlade i fler än {MAX_DEPTH} nivåer (listor i listor eller mappningar "
        "i mappningar). insats.yaml behöver högst fyra; jämför med 'reportgen init'.",
        line=line,
    )


def _reader_problem(exc: yaml.YAMLError, text: str) -> YamlProblem:
    """A character the YAML reader refuses outright (NUL, ESC and other control characters)."""
    import yaml.reader

    if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.character, int):
        return YamlProblem(
            f"filen innehåller tecknet {describe_character(chr(exc.character))}, som inte får "
            "finnas i en textfil. Ta bort det (det kommer ofta med när text klistras in från "
            "ett annat program).",
            line=text.count("\n", 0, exc.position) + 1,
        )
    return YamlProblem(
        "filen kan inte läsas som YAML (tecknen kan inte tolkas). Spara den som vanlig text "
        "(UTF-8) och jämför med mallen från 'reportgen init'."
    )


def _build(loader: yaml.SafeLoader, node: Node | None) -> LoadedYaml:
    if node is None:
        return LoadedYaml(data=None)
    builder = _Builder(loader)
    data = builder.build(node, "")
    if builder.problems:
        raise YamlReadError(builder.problems)
    return LoadedYaml(data=data, lines=builder.lines)


class _Builder:
    """Turns composed nodes into plain values; only the safe tags are allowed.

    Aliases are followed (an alias is the same node again), so the caps on values
    and on characters count what the file *expands* to, not what it spells.
    """

    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.lines: dict[str, int] = {}
        self.problems: list[YamlProblem] = []
        self.nodes = 0
        self.chars = 0

    def build(self, node: Node, path: str, depth: int = 0) -> Any:
        line = node.start_mark.line + 1
        self.nodes += 1
        if self.nodes > MAX_NODES or self.chars > MAX_TEXT_CHARS:
            raise YamlReadError(
                [
                    YamlProblem(
                        "filen innehåller orimligt många värden eller orimligt mycket text när "
                        f"ankare och alias (& och *) följs: över {MAX_NODES:,} värden eller "
                        f"{MAX_TEXT_CHARS // 1_000_000} miljoner tecken. Skriv ut värdena utan "
                        "& och *.".replace(",", " "),
                        line=line,
                    )
                ]
            )
        if depth > MAX_DEPTH:
            raise YamlReadError([_too_deep(line)])
        kind = getattr(node, "id", "")  # the node class's name, without importing the classes
        if kind == "mapping":
            if node.tag != _MAP_TAG:
                return self._bad_tag(node, path)
            return self._build_mapping(cast("MappingNode", node), path, depth)
        if kind == "sequence":
            if node.tag != _SEQ_TAG:
                return self._bad_tag(node, path)
            return [self._build_item(i, item, path, depth) for i, item in enumerate(node.value)]
        return self._build_scalar(node, path, line)

    def _build_scalar(self, node: Node, path: str, line: int) -> Any:
        text = str(node.value)
        self.chars += len(text)
        if node.tag == _STR_TAG:  # what SafeConstructor.construct_yaml_str returns, unasked
            return self._checked_text(text, node, path, line)
        if node.tag not in _SCALAR_TAGS:
            return self._bad_tag(node, path)
        if node.tag in (_INT_TAG, _FLOAT_TAG) and _digits(text) > MAX_NUMBER_DIGITS:
            return self._problem(
                f"talet har {_digits(text)} siffror – fler än något belopp eller antal. "
                "Kontrollera värdet.",
                line,
                path,
            )
        try:
            value = self.loader.construct_object(node, deep=True)
        except _constructor_error():
            return self._bad_tag(node, path)
        except (ValueError, OverflowError):
            if node.tag != _TIMESTAMP_TAG:
                return self._problem(
                    f"värdet {printable(text)!r} kan inte läsas som tal.", line, path
                )
            # e.g. 2025-13-01 matches the timestamp pattern but is no date: a wrong value,
            # not a broken file. As text it reaches the model, whose date fields report
            # it as a finding at its key (and a text field simply keeps it).
            return self._checked_text(text, node, path, line)
        if isinstance(value, str):
            return self._checked_text(value, node, path, line)
        return value

    def _checked_text(self, value: str, node: Node, path: str, line: int) -> str | None:
        if value.isprintable():  # no forbidden character is printable (nor is a line break)
            return value
        index = forbidden_character(value)
        if index is None:
            return value
        block = 1 if getattr(node, "style", None) in ("|", ">") else 0
        return self._problem(
            f"texten innehåller tecknet {describe_character(value[index])}, som inte kan stå "
            "i en rapport. Ta bort det (det kommer ofta med när text klistras in från ett annat "
            "program, eller från en escape-sekvens som \\0 eller \\e inom citattecken).",
            line + block + value.count("\n", 0, index),
            path,
        )

    def _problem(self, message: str, line: int, path: str) -> Any:
        """Record a problem; the value it stood for becomes None (so building goes on)."""
        self.problems.append(YamlProblem(message, line=line, key=path or None))
        return None

    def _build_item(self, index: int, node: Node, path: str, depth: int) -> Any:
        key = join_key(path, index)
        self.lines[key] = node.start_mark.line + 1
        return self.build(node, key, depth + 1)

    def _build_mapping(self, node: MappingNode, path: str, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if getattr(key_node, "id", "") != "scalar":
                self._problem(
                    "en nyckel måste vara ett enkelt ord, inte en lista eller mappning.",
                    key_line,
                    path,
                )
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(
                    "sammanslagning med '<<' stöds inte. Skriv ut nycklarna direkt.",
                    key_line,
                    path,
                )
                continue
            key = str(self.build(key_node, path, depth + 1))
            full = join_key(path, key)
            if key in result or key in first_line:
                self._problem(
                    f"nyckeln '{printable(key)}' förekommer två gånger (första gången på rad "
                    f"{first_line[key]}). Ta bort eller slå ihop den ena – annars "
                    "skulle det ena värdet tyst gå förlorat.",
                    key_line,
                    full,
                )
                continue
            first_line[key] = key_line
            self.lines[full] = key_line
            result[key] = self.build(value_node, full, depth + 1)
        return result

    def _bad_tag(self, node: Node, path: str) -> None:
        tag = printable(node.tag.replace("tag:yaml.org,2002:", "!!"))
        return self._problem(
            f"taggen '{tag}' är inte tillåten. insats.yaml får bara innehålla "
            "text, tal, datum, listor och mappningar – ta bort taggen (det som börjar med !).",
            node.start_mark.line + 1,
            path,
        )


@cache
def _constructor_error() -> type[Exception]:
    import yaml.constructor

    return yaml.constructor.ConstructorError


def _digits(text: str) -> int:
    return sum(char.isdigit() for char in text)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """Translate PyYAML's syntax errors into what the user should do about them."""
    from reportgen.yaml_messages import syntax_hint

    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    if "quoted scalar" in (exc.context or "") and exc.context_mark is not None:
        line = exc.context_mark.line + 1  # where the unclosed quotation begins
    return YamlProblem(f"kan inte läsas som YAML: {syntax_hint(exc, text)}", line=line)
