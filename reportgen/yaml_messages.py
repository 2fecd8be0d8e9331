"""PyYAML's syntax errors, told in Swedish about the owner's own line.

A newcomer's three commonest mistakes give the same parser complaint: an
unquoted `: ` inside a value, a key indented one space too far, and a value
that begins with a character YAML reserves (`%`, `@`, `*`, `&` …). The parser
only says "mapping values are not allowed here" or "cannot start any token";
the owner needs to hear which of the mistakes it is, on which line, and how
their own value looks when it is quoted. So the message is decided from the
line the parser stopped at, and every message is Swedish: an English parser
sentence is never shown (the line number always is, by the caller).
"""

from __future__ import annotations

import re

import yaml

from reportgen.formatting import printable

__all__ = ["syntax_hint"]

_QUOTE_WIDTH = 60
"""Characters of the owner's value shown in the advice; longer values end in …"""

# `key:` at the start of a line (after an optional list dash): a key as insats.yaml spells them.
_KEY_AT_START = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?(?P<key>[^\s:#'\"{}\[\],]+):(?=\s|$)")
_FOUND_CHARACTER = re.compile(r"found character '(?P<char>.+)' that cannot start any token")


def syntax_hint(exc: yaml.MarkedYAMLError, text: str) -> str:
    """What is wrong, in Swedish, quoting the owner's line where that helps."""
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    lines = text.splitlines()
    mark = exc.problem_mark
    line = _line(lines, mark)
    column = mark.column if mark is not None else 0

    if "mapping values are not allowed" in problem:
        return _colon_or_indent(line, column, lines, mark.line if mark else 0)
    if found := _FOUND_CHARACTER.search(problem):
        char = found["char"]
        if char in ("\\t", "\t"):
            return "tabbtecken används för indrag. Använd mellanslag i stället."
        return _reserved_start(char, line[column:])
    if "while scanning an alias" in context or "while scanning an anchor" in context:
        start = exc.context_mark.column if exc.context_mark is not None else column
        return _reserved_start(line[start : start + 1] or "*", line[start:])
    if problem.startswith("found undefined alias"):
        return _reserved_start("*", line[column:])
    if "tag" in context or "undefined tag handle" in problem:
        start = exc.context_mark.column if exc.context_mark is not None else column
        return _reserved_start("!", _line(lines, exc.context_mark)[start:])
    if "found unknown escape character" in problem:
        return (
            "inom dubbla citattecken är \\ början på en specialkod (som \\n). Skriv \\\\ för ett "
            "omvänt snedstreck, eller sätt värdet inom enkla citattecken ('…') i stället."
        )
    if "quoted scalar" in context:
        return _unclosed_quote(exc, lines)
    if "flow sequence" in context or "flow mapping" in context:
        bracket = "hakparentesen [" if "sequence" in context else "klammerparentesen {"
        closing = "]" if "sequence" in context else "}"
        opened = exc.context_mark.line + 1 if exc.context_mark is not None else None
        where = f" på rad {opened}" if opened else ""
        return (
            f"{bracket}{where} stängs inte med {closing}, eller en text inom den innehåller "
            f"kolon eller komma. Avsluta med {closing}, eller sätt texten inom citattecken."
        )
    if "block scalar" in context:
        return (
            "efter | eller > ska raden sluta. Börja texten på nästa rad, med indrag under nyckeln."
        )
    if "sequence entries are not allowed" in problem:
        return (
            'en lista ("- ") kan inte börja på samma rad som sin nyckel. Skriv varje "- " på en '
            "egen rad under nyckeln, eller sätt texten inom citattecken: "
            f"{_quoted(_value_of(line))}."
        )
    if "mapping keys are not allowed" in problem:
        return _reserved_start("?", line[column:])
    if "found '<scalar>'" in problem and _value_of(line)[:1] in ("'", '"'):
        return _quote_inside_quotes(_value_of(line))
    if (
        "expected <block end>" in problem
        or "did not find expected key" in problem
        or "did not find expected '-' indicator" in problem
    ):
        return _indentation(lines, mark.line if mark else 0)
    if "could not find expected ':'" in problem:
        return "en rad saknar kolon efter nyckeln, eller en text fortsätter på fel indrag."
    if "expected a single document" in context or "but found another document" in problem:
        return "filen innehåller flera YAML-dokument (---). Använd ett dokument per fil."
    if "found unexpected end of stream" in problem or "found unexpected" in problem:
        return "ett citattecken eller en hakparentes är inte avslutad."
    shown = f': "{printable(line.strip(), _QUOTE_WIDTH)}"' if line.strip() else ""
    return (
        f"raden följer inte YAML:s regler{shown}. Kontrollera kolon, indrag och citattecken "
        "(jämför med mallen från 'reportgen init'); sätt en text inom citattecken om den "
        "innehåller kolon eller börjar med ett specialtecken."
    )


def _line(lines: list[str], mark: yaml.Mark | None) -> str:
    if mark is None or not 0 <= mark.line < len(lines):
        return ""
    return lines[mark.line]


def _colon_or_indent(line: str, column: int, lines: list[str], number: int) -> str:
    """`mål: Individuella insatser: Ge …` (a value with `: `) or `   ort: X` (indented too far).

    The parser stops at a colon. If that colon is the one after the line's own
    key, the key was read as the continuation of the value above it: the line is
    indented deeper than its siblings. Otherwise the colon is inside a value.
    """
    key = _KEY_AT_START.match(line)
    if key is not None and key.end() - 1 == column:
        return _indentation(lines, number)
    value = _value_of(line)
    if key is None:
        return (
            f"en text innehåller kolon följt av mellanslag ({_quoted(line.strip())}), som YAML "
            "läser som en ny nyckel. Sätt hela texten inom citattecken, eller skriv den som ett "
            "textblock med | efter nyckeln och texten indragen på raderna under."
        )
    return (
        f"värdet för '{printable(key['key'])}' innehåller kolon följt av mellanslag, som YAML "
        f"läser som en ny nyckel. Sätt värdet inom citattecken: {_quoted(value)}."
    )


def _indentation(lines: list[str], number: int) -> str:
    line = lines[number] if 0 <= number < len(lines) else ""
    text = line.strip()
    if not text:
        return "indraget stämmer inte. Kontrollera att nycklar på samma nivå har samma indrag."
    indent = _indent(line)
    above = next(
        (
            lines[i]
            for i in range(number - 1, -1, -1)
            if lines[i].strip() and not lines[i].lstrip().startswith("#")
        ),
        None,
    )
    shown = f'"{printable(text, _QUOTE_WIDTH)}"'
    if above is not None and _indent(above) != indent:
        return (
            f"indraget stämmer inte: raden {shown} har {_spaces(indent)} före sig, raden ovanför "
            f"{_spaces(_indent(above))}. Nycklar på samma nivå ska ha lika många mellanslag "
            "före sig (två mellanslag per nivå i mallen)."
        )
    return (
        f"indraget stämmer inte på raden {shown}. Nycklar på samma nivå ska ha lika många "
        "mellanslag före sig, och en nyckel efter en lista står på samma indrag som listans "
        "nyckel."
    )


def _reserved_start(char: str, value: str) -> str:
    shown = printable(char, 4)
    return (
        f'ett värde får inte börja med tecknet "{shown}" i YAML. Sätt värdet inom '
        f"citattecken: {_quoted(value.strip())}."
    )


def _unclosed_quote(exc: yaml.MarkedYAMLError, lines: list[str]) -> str:
    start = exc.context_mark
    opened = f" på rad {start.line + 1}" if start is not None else ""
    return (
        f"citattecknet{opened} avslutas aldrig. Avsluta värdet med samma slags citattecken "
        "som det börjar med (ett citattecken inuti skrivs som \\\" inom \"…\" eller '' inom '…')."
    )


def _quote_inside_quotes(value: str) -> str:
    """`"Han sa "hej" idag"`: the quotation ends early; quote it with the other kind."""
    inner = value[1:-1] if len(value) > 1 and value[-1] == value[0] else value[1:]
    return (
        "värdet börjar med citattecken men fortsätter efter det avslutande citattecknet. Sätt "
        f"hela värdet inom citattecken av det andra slaget: {_quoted(inner)}."
    )


def _value_of(line: str) -> str:
    """The value part of `key: value` (or `- key: value`), else the stripped line."""
    key = _KEY_AT_START.match(line)
    return line[key.end() :].strip() if key else line.strip()


def _quoted(value: str) -> str:
    """The owner's value as it should be written: in quotes YAML accepts, shortened if long."""
    short = printable(value, _QUOTE_WIDTH)
    if '"' in value and "'" not in value:
        return f"'{short}'"
    return '"' + short.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _spaces(count: int) -> str:
    return "1 mellanslag" if count == 1 else f"{count} mellanslag"
