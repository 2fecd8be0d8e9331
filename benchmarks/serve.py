"""Is the service as fast as the command line? 50 reviews by 8 concurrent clients against `check`.

Generates N submitted Word reports (the realistic hand-filled mix of
benchmarks/check_docx.py), then, on the same files:

  (a) the CLI: one `reportgen check --format json` over all N files (best of R runs);
  (b) the service: `reportgen serve` on a free loopback port, N reviews
      (`POST /api/granska`, one report each) sent by C concurrent clients.

Prints each one's throughput, the service's p50/p95 latency and the server's peak
memory (VmHWM of the server and every process under it: workers, forkserver,
LibreOffice), checks that every answer equals the CLI's findings for that file, and
fails (exit 1) unless the service's throughput is at least 0.7 × the CLI's.
Loopback only; every request has a time limit, so a hung server cannot hang this.

    .venv/bin/python benchmarks/serve.py                 # N=50, C=8
    .venv/bin/python benchmarks/serve.py -n 100 -c 16 --jobb 2
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.check_docx import hand_filled  # noqa: E402
from tests.docx_fixtures import write_docx  # noqa: E402

TARGET = 0.7
HOST = "127.0.0.1"  # loopback only, by design
REQUEST_SECONDS = 120.0


def generate(folder: Path, count: int, seed: int = 2026) -> list[Path]:
    rng = random.Random(seed)
    return [
        write_docx(folder / f"inskickad-{index:03d}.docx", hand_filled(rng, index))
        for index in range(count)
    ]


def cli_check(paths: list[Path], folder: Path) -> tuple[float, dict[str, Any]]:
    """One `reportgen check --format json` over every file; (seconds, findings per file)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "reportgen", "check", "--format", "json", *[p.name for p in paths]],
        cwd=folder,
        capture_output=True,
        timeout=600,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"reportgen check misslyckades: {done.stderr.decode()[:500]}")
    files = json.loads(done.stdout)["files"]
    return seconds, {f["path"]: f["findings"] for f in files}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def descendants(pid: int) -> list[int]:
    """`pid` and every process under it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def peak_memory(pid: int) -> dict[str, int]:
    """Peak resident memory (VmHWM, kB) per kind of process under the server."""
    peaks: dict[str, int] = {}
    for process in descendants(pid):
        try:
            status = Path(f"/proc/{process}/status").read_text()
            command = Path(f"/proc/{process}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        hwm = next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0
        )
        kind = (
            "libreoffice"
            if "office" in command or "uno_bridge" in command
            else "server"
            if process == pid
            else "arbetare"
        )
        peaks[kind] = peaks.get(kind, 0) + hwm
    return peaks


def serve(port: int, jobs: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "reportgen", "serve", "--host", HOST, "--port", str(port)]
    command += ["--jobb", str(jobs)]
    with log.open("wb") as output:
        return subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)


def wait_ready(client: httpx.Client, seconds: float = 120) -> None:
    """Until /readyz says so: the workers answer and every LibreOffice has warmed up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if client.get("/readyz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("reportgen serve kom inte igång")


def review(client: httpx.Client, path: Path) -> tuple[float, int, Any]:
    """One review, retried after Retry-After on 429; (seconds, retries, findings)."""
    content = path.read_bytes()
    started = time.perf_counter()
    retries = 0
    while True:
        answer = client.post("/api/granska", files=[("fil", (path.name, content))])
        if answer.status_code != 429:
            break
        retries += 1
        time.sleep(float(answer.headers.get("retry-after", "1")))
    if answer.status_code != 200:
        raise SystemExit(f"{path.name}: {answer.status_code} {answer.text[:300]}")
    return time.perf_counter() - started, retries, answer.json()["files"][0]["findings"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("-n", "--files", type=int, default=50, help="reviews (one report each)")
    parser.add_argument("-c", "--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("-r", "--rounds", type=int, default=2, help="CLI runs (best counts)")
    parser.add_argument("--jobb", type=int, default=os.cpu_count() or 2, help="server workers")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="reportgen-bench-serve-") as tmp:
        folder = Path(tmp)
        paths = generate(folder, args.files)
        print(f"{len(paths)} inskickade rapporter, {os.cpu_count()} kärnor")

        cli_seconds, expected = min(
            (cli_check(paths, folder) for _ in range(args.rounds)), key=lambda run: run[0]
        )
        cli_rate = len(paths) / cli_seconds
        print(f"CLI   reportgen check: {cli_seconds:6.2f} s  {cli_rate:6.1f} rapporter/s")

        port = free_port()
        server = serve(port, args.jobb, folder / "serve.log")
        try:
            limits = httpx.Limits(max_connections=args.clients)
            with httpx.Client(
                base_url=f"http://{HOST}:{port}", timeout=REQUEST_SECONDS, limits=limits
            ) as client:
                wait_ready(client)
                review(client, paths[0])  # the first request warms nothing but the client
                started = time.perf_counter()
                with ThreadPoolExecutor(max_workers=args.clients) as threads:
                    results = list(threads.map(lambda p: review(client, p), paths))
                wall = time.perf_counter() - started
            peaks = peak_memory(server.pid)
        finally:
            server.terminate()
            server.wait(30)

    latencies = [seconds for seconds, _, _ in results]
    wrong = [
        p.name for p, (_, _, got) in zip(paths, results, strict=True) if got != expected[p.name]
    ]
    rate = len(paths) / wall
    ratio = rate / cli_rate
    p50, p95 = statistics.median(latencies) * 1000, percentile(latencies, 0.95) * 1000
    retries = sum(r for _, r, _ in results)
    print(
        f"Tjänst {args.clients} klienter, --jobb {args.jobb}: {wall:6.2f} s  "
        f"{rate:6.1f} rapporter/s  p50 {p50:.0f} ms  p95 {p95:.0f} ms  429-omförsök {retries}"
    )
    total = sum(peaks.values())
    parts = ", ".join(f"{kind} {kb / 1024:.0f} MB" for kind, kb in sorted(peaks.items()))
    print(f"Serverns toppminne (VmHWM): {total / 1024:.0f} MB ({parts})")
    print(f"Samma fynd som CLI:n: {'ja' if not wrong else 'NEJ: ' + ', '.join(wrong)}")
    verdict = "OK" if ratio >= TARGET and not wrong else "UNDER MÅLET"
    print(f"Tjänstens genomströmning / CLI:ns: {ratio:.2f} (mål ≥ {TARGET}) {verdict}")
    return 0 if verdict == "OK" else 1


if __name__ == "__main__":
    sys.exit(main())
