"""`reportgen batch`: every report of the association and the compilation."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from reportgen.cli.group import DRAFT_OPTION, KIND_CHOICE, PDFA_HELP, cli
from reportgen.texttable import aligned_table


@cli.command(
    epilog="""\b
Exempel:
  reportgen batch inputs -o out
  reportgen batch inputs -o out --jobs 2 --force
  reportgen batch inputs -o out --typ delrapport --utkast
  reportgen batch inputs -o out --pdf                 även PDF (kräver LibreOffice)

\b
Utdata:
  OUT/<insatsmapp>/<typ>-<insatsens namn>.docx    en rapport per insats
  OUT/sammanstallning/uppfoljning.docx, .xlsx     sammanställningen (tabell 1–6);
                                                  vid flera förbund en per förbund i
                                                  OUT/sammanstallning/<förbund>/
  OUT/sammanstallning/granskning.json             fel och varningar per insats
"""
)
@click.argument("inputs", metavar="MAPP")
@click.option(
    "-o", "--output", "out", required=True, metavar="UTMAPP", help="Mappen rapporterna skrivs i."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Antal rapporter som byggs samtidigt. Standard: antalet processorkärnor.",
)
@click.option("--typ", "kind", type=KIND_CHOICE, help="Rapporttyp för alla insatser.")
@DRAFT_OPTION
@click.option("--force", is_flag=True, help="Skriv över befintliga rapporter och sammanställning.")
@click.option(
    "--utan-diagram", "no_charts", is_flag=True, help="Utelämna diagrammen i rapporterna."
)
@click.option(
    "--pdf",
    is_flag=True,
    help="Skriv även PDF av varje rapport och sammanställningen (kräver LibreOffice).",
)
@click.option("--pdfa", is_flag=True, help=PDFA_HELP)
def batch(
    inputs: str,
    out: str,
    jobs: int | None,
    kind: str | None,
    draft: bool,
    force: bool,
    no_charts: bool,
    pdf: bool,
    pdfa: bool,
) -> None:
    """Bygg alla insatsers rapporter och förbundets sammanställning i ett svep.

    Hittar varje mapp med en insats.yaml under MAPP (på alla nivåer), kontrollerar
    och bygger rapporterna parallellt och fortsätter förbi insatser som inte går att
    bygga. En befintlig rapport skrivs aldrig över utan --force. Slutkod 0 när alla
    rapporter byggdes, 1 när någon inte byggdes, 2 vid användningsfel, 130 om
    körningen avbröts (Ctrl-C); färdiga rapporter ligger då kvar.
    """
    from reportgen.batch import BatchInterrupted, run_batch, summary_rows

    progress = _BatchProgress(tty=sys.stdout.isatty())
    try:
        result = run_batch(
            Path(inputs),
            Path(out),
            jobs=jobs,
            kind=kind,
            draft=draft,
            force=force,
            progress=progress,
            charts=not no_charts,
            pdf=pdf or pdfa,
            pdfa=pdfa,
        )
    except BatchInterrupted as exc:
        progress.finish()
        click.echo(f"\n{exc.message}", err=True)
        sys.exit(exc.exit_code)
    progress.finish()

    rows = summary_rows(result)
    click.echo("")
    click.echo(_batch_table(rows))
    click.echo("")
    built = len(result.built)
    click.echo(
        f"{built} av {len(result.results)} rapporter byggdes i {result.out} "
        f"({result.seconds:.1f} s, {result.jobs} processer)."
    )
    for _funder, docx, xlsx in result.compilations:
        click.echo(f"Skrev {docx}")
        click.echo(f"Skrev {xlsx}")
    if result.compilation_error:
        click.secho(
            f"Sammanställningen skrevs inte: {result.compilation_error}", fg="red", err=True
        )
    for path in result.compilation_left_out:
        click.secho(
            f"Sammanställningen utelämnar {path}: dess siffror kunde inte sammanställas "
            "(ett fel i reportgen, inte i insatsen); rapportera det till förvaltarna.",
            fg="red",
            err=True,
        )
    if result.review:
        click.echo(f"Skrev {result.review}")
    elif result.review_kept:
        click.echo(
            "granskning.json från förra körningen behölls: inga rapporter byggdes nu. "
            "Ange --force för att bygga om allt."
        )
    if result.pdfs:
        written = len(result.pdfs) - len(result.pdf_failures)
        click.echo(f"Skrev {written} PDF-filer bredvid .docx-filerna.")
        for failure in result.pdf_failures:
            click.secho(f"Ingen PDF för {failure.docx}: {failure.error}", fg="red", err=True)
    if result.not_built:
        click.echo(
            "Se fel och varningar per insats i granskning.json eller med 'reportgen check MAPP'."
        )
    if result.exit_code:
        sys.exit(result.exit_code)


class _BatchProgress:
    """Click's progress bar on a terminal; one plain line per intervention otherwise."""

    def __init__(self, *, tty: bool) -> None:
        self.tty = tty
        self.bar: Any = None

    def __call__(self, done: int, total: int, result: Any) -> None:
        if not self.tty:
            folder = str(Path(result.path).parent)
            outcome = f"skrev {result.report}" if result.built else f"inte byggd – {result.reason}"
            click.echo(f"[{done}/{total}] {folder}: {outcome}")
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total, label="Bygger rapporter", show_pos=True, show_eta=False
            )
            self.bar.render_progress()
        self.bar.update(1)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()
            self.bar = None


def _batch_table(rows: Sequence[tuple[str, str, int, int]]) -> str:
    headers = ("Insats", "Rapport eller skäl", "Fel", "Varningar")
    texts = [(name, outcome, str(errors), str(warns)) for name, outcome, errors, warns in rows]
    return "\n".join(aligned_table(headers, texts, numeric_from=2))
