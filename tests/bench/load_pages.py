"""Load test: the public pages under concurrent clients. Prints numbers, asserts nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsapp_load .venv/bin/python tests/bench/load_pages.py
    (options: --duration 10 --connections 16 --threads 2 --workers 2 --port 8765)

Serves the app with gunicorn on 127.0.0.1 with production settings (debug off,
static files collected), then runs `wrk` (apt-get install wrk) against the
home, search, person and country pages, one after another, each for
--duration seconds, and prints requests per second, the median and 99th
percentile latency, and the number of responses that were not 2xx (and of
socket errors). The person and country are the most mentioned ones, the search
word a common one, so the pages are the heaviest of their kind. Runs on the
database it is given: fill it first (`manage.py ingest ...`). gunicorn is
stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Per-thread count of responses that are not 2xx, summed when wrk is done.
WRK_SCRIPT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non2xx") end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency.max, bad, errors))
end
"""


def pages() -> dict[str, str]:
    """The addresses to load, read from the database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")
    import django

    django.setup()
    from articles.models import Country, Person

    person = Person.objects.most_mentioned().first()
    country = Country.objects.most_mentioned().first()
    if person is None or country is None:
        sys.exit("The database has no articles with people and countries: ingest some first.")
    return {
        "home": "/",
        "search": "/articles/?q=minister",
        "person": person.get_absolute_url(),
        "country": country.get_absolute_url(),
    }


def serve(port: int, workers: int, environment: dict[str, str]) -> subprocess.Popen:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=environment, check=True
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsapp.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=environment, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop(server)
    sys.exit("gunicorn did not answer within 60 s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # its own session: the master and its workers
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def load(url: str, args, script: str) -> dict[str, float]:
    finished = subprocess.run(
        ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s", "-s", script, url],
        capture_output=True, text=True, timeout=args.duration + 60,
    )
    line = next((line for line in finished.stdout.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        sys.exit(f"wrk gave no result for {url}:\n{finished.stdout}{finished.stderr}")
    requests, duration_us, p50, p99, worst, non_2xx, errors = map(int, line.split()[1:])
    return {
        "rps": requests / (duration_us / 1e6),
        "p50": p50 / 1000,
        "p99": p99 / 1000,
        "max": worst / 1000,
        "requests": requests,
        "non_2xx": non_2xx,
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install -y wrk)")

    environment = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "load-test-only-not-a-secret-" + "x" * 40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
    }
    os.environ.update({key: environment[key] for key in ("DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS")})
    addresses = pages()
    print("uptime before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print(f"gunicorn workers {args.workers}, wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
          f"database {os.environ.get('DATABASE_URL', 'SQLite (db.sqlite3)').rsplit('@', 1)[-1]}")
    server = serve(args.port, args.workers, environment)
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(WRK_SCRIPT)
        print(f"{'page':8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'requests':>9} {'non-2xx':>8} {'errors':>7}  address")
        for name, path in addresses.items():
            result = load(f"http://127.0.0.1:{args.port}{path}", args, lua.name)
            print(
                f"{name:8} {result['rps']:8.1f} {result['p50']:8.1f} {result['p99']:8.1f} {result['max']:8.1f} "
                f"{result['requests']:9d} {result['non_2xx']:8d} {result['errors']:7d}  {path}"
            )
    finally:
        stop(server)
        Path(lua.name).unlink(missing_ok=True)
    print("uptime after: ", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
