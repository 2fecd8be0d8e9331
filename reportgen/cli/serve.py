"""`reportgen serve`: the web service (pages and API) on this machine.

FastAPI and uvicorn are imported inside the command, so `reportgen --help` and every
other command start without them.
"""

from __future__ import annotations

import gc
import ipaddress
import os

import click

from reportgen.cli.group import cli


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cli.command(
    epilog="""\b
Exempel:
  reportgen serve                                  http://127.0.0.1:8000
  reportgen serve --port 8080 --jobb 4
  REPORTGEN_API_TOKEN=hemlig reportgen serve --host 0.0.0.0

\b
Sidor: /granska, /bygg, /arsskifte, /mallar.  API: /api/...  Beskrivning: /docs.
Filerna raderas när svaret har skickats; inget av deras innehåll loggas.
"""
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Adressen att lyssna på.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Porten."
)
@click.option(
    "--jobb",
    "jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Granskningar och byggen som körs samtidigt. Standard: antalet processorkärnor.",
)
@click.option(
    "--max-storlek",
    "max_size",
    default="20MB",
    show_default=True,
    metavar="STORLEK",
    help="Största begäran (alla filer tillsammans), t.ex. 20MB.",
)
@click.option(
    "--tidsgrans",
    "time_limit",
    type=click.IntRange(min=5),
    default=120,
    show_default=True,
    metavar="SEKUNDER",
    help="Längsta tid en granskning eller ett bygge får ta.",
)
def serve(host: str, port: int, jobs: int | None, max_size: str, time_limit: int) -> None:
    """Starta tjänsten: sidor och API för insatsägare och förbundets kansli.

    Arbetet körs i JOBB arbetsprocesser; fler samtidiga begäranden köas en
    stund och besvaras annars med 429. Sätt miljövariabeln REPORTGEN_API_TOKEN
    för att kräva 'Authorization: Bearer <nyckel>' av API:t. Kör tjänsten bakom
    kommunens omvända proxy med inloggning om den ska nås från andra datorer.
    """
    import logging

    import uvicorn

    from reportgen.web.app import create_app
    from reportgen.web.settings import Settings, parse_size, token_from_environment

    settings = Settings(
        host=host,
        port=port,
        jobs=jobs or os.cpu_count() or 2,
        max_body=parse_size(max_size),
        time_limit=float(time_limit),
        token=token_from_environment(),
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if not _loopback(host) and settings.token is None:
        click.echo(
            f"Obs: tjänsten lyssnar på {host} utan API-nyckel. Låt den nås bara genom "
            "kommunens omvända proxy med inloggning, eller sätt REPORTGEN_API_TOKEN.",
            err=True,
        )
    click.echo(f"reportgen serve: http://{host}:{port}/  (avsluta med Ctrl-C)", err=True)
    # A service runs for weeks: the collector's usual thresholds again, instead of the
    # raised start-up threshold main() sets for one-off commands (group._fewer_collections).
    gc.set_threshold(700, 10, 10)
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        access_log=False,  # our own log line per request names no file (web/middleware.py)
        log_level="info",
        timeout_graceful_shutdown=10,
        server_header=False,
    )
