"""`make bench`: the load benchmark (not part of `make test`).

1. Recreates the database named by BENCH_DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/asm_bench), migrates it, loads the demo case and a
   generated large case (BENCH_ROWS items in every list), and the simulated officials.
2. Collects static files and starts gunicorn (2 workers, the README's options) on
   127.0.0.1 with production settings (DEBUG off, HTTPS as if behind a proxy).
3. Runs tests/perf/client.py in a separate process: BENCH_USERS officials for
   BENCH_SECONDS, then the same officials against a bare Django view.
4. Prints requests/s, p50/p95/p99 per page type, errors, and each p95 as a ratio of the
   bare view's p95; writes the figures to BENCH_OUTPUT (default test-artifacts/bench.json).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("asm_bench"):
        raise SystemExit(f"Refusing to drop {name!r}: the bench database name must start with asm_bench")
    admin = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                             password=parts.password, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def run(args, env, **kwargs):
    subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def wait_until_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz")


def table(result: dict) -> str:
    bare_p95 = result["bare"]["types"]["bare"]["p95"] or 1.0
    floor = result["bare"]["types"].get("case_floor", {}).get("p95") or 1.0
    lines = [f"{'page type':20} {'count':>6} {'err':>4} {'req/s':>6} {'p50 ms':>8} {'p95 ms':>8} "
             f"{'p99 ms':>8} {'p95/bare':>9} {'p95/case floor':>15}"]
    for phase in ("mix", "bare"):
        for kind, row in result[phase]["types"].items():
            lines.append(f"{kind:20} {row['count']:6} {row['errors']:4} {row['rps']:6} {row['p50']:8} "
                         f"{row['p95']:8} {row['p99']:8} {row['p95'] / bare_p95:9.1f} {row['p95'] / floor:15.1f}")
    mix, bare = result["mix"], result["bare"]
    lines.append(f"mix: {mix['requests']} requests in {mix['seconds']} s = {mix['rps']} req/s, "
                 f"{mix['errors']} errors, {mix.get('edit_conflicts', 0)} edit conflicts (refused saves, shown to "
                 f"the official); bare: {bare['rps']} req/s, {bare['errors']} errors")
    return "\n".join(lines)


def server_times(log_text: str, cases: dict[str, str]) -> dict:
    """Service time inside Django per route (from the JSON request log): no queueing in it."""
    groups: dict[str, list[float]] = {}
    for line in log_text.splitlines():
        if '"asm_guide.request"' not in line:
            continue
        entry = json.loads(line)
        path = entry["path"]
        match = re.match(r"^/cases/(\d+)/", path)
        label = f"[{cases.get(match.group(1), '?')}] " if match else ""
        route = re.sub(r"/\d+/", "/<id>/", path)
        key = f"{entry['method']} {label}{route}"
        groups.setdefault(key, []).append(entry["duration_ms"])
    out = {}
    for key, times in sorted(groups.items()):
        times.sort()
        out[key] = {"count": len(times), "p50": times[len(times) // 2],
                    "p95": times[min(len(times) - 1, int(len(times) * 0.95))]}
    return out


def main() -> int:
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/asm_bench")
    users = int(os.environ.get("BENCH_USERS", "20"))
    seconds = float(os.environ.get("BENCH_SECONDS", "60"))
    bare_seconds = float(os.environ.get("BENCH_BARE_SECONDS", "20"))
    rows = int(os.environ.get("BENCH_ROWS", "60"))
    think = os.environ.get("BENCH_THINK", "0.5,1.5")
    output = Path(os.environ.get("BENCH_OUTPUT", ROOT / "test-artifacts" / "bench.json"))
    port = free_port()
    work = Path(tempfile.mkdtemp(prefix="asm-bench-"))
    password = secrets.token_urlsafe(16)
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "ASM_TESTING")}
    env.update(
        DATABASE_URL=url, DJANGO_SETTINGS_MODULE="tests.perf.settings", SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost", CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{port}",
        BEHIND_HTTPS_PROXY="1", STATIC_ROOT=str(work / "static"), PYTHONPATH=str(ROOT),
    )
    print(f"== preparing {url} (large case: {rows} items a list; {users} officials)", flush=True)
    recreate_database(url)
    run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    run([PY, "manage.py", "load_demo", "--force", "--password", password], env, stdout=subprocess.DEVNULL)
    plan_path = work / "plan.json"
    run([PY, "-m", "tests.perf.prepare", str(users), str(rows), password, str(plan_path)], env)

    log_path = work / "gunicorn.log"
    print(f"== gunicorn: 2 workers on 127.0.0.1:{port} (log: {log_path})", flush=True)
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [PY, "-m", "gunicorn", "tests.perf.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--timeout", "120", "--graceful-timeout", "30",
             "--max-requests", "500", "--max-requests-jitter", "50"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_until_up(port)
        print(f"== client: {users} officials x {seconds:.0f} s (think {think} s), then the bare view "
              f"x {bare_seconds:.0f} s", flush=True)
        client = subprocess.run(
            [PY, "-m", "tests.perf.client", "--port", str(port), "--plan", str(plan_path), "--users", str(users),
             "--duration", str(seconds), "--bare-duration", str(bare_seconds), "--think", think],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=seconds + bare_seconds + 600,
        )
        if client.returncode != 0:
            print(client.stderr, file=sys.stderr)
            return 1
        result = json.loads(client.stdout)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    log_text = log_path.read_text(errors="replace")
    result["server_5xx"] = log_text.count('"status": 5')
    result["server_log_lines"] = log_text.count('"logger": "asm_guide.request"')
    with open(plan_path) as handle:
        result["cases"] = {pk: case["title"] for pk, case in json.load(handle)["cases"].items()}
    short = {pk: ("demo" if "Lumeria" in title else "large") for pk, title in result["cases"].items()}
    result["server_ms"] = server_times(log_text, short)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2))
    print(table(result))
    print("service time inside Django (ms, no queueing), from the request log:")
    for key, row in result["server_ms"].items():
        print(f"  {key:60} n={row['count']:4} p50={row['p50']:8.1f} p95={row['p95']:8.1f}")
    print(f"server: {result['server_log_lines']} requests logged, {result['server_5xx']} with status 5xx; "
          f"figures in {output}")
    return 0 if result["mix"]["errors"] == 0 and result["server_5xx"] == 0 else 2


if __name__ == "__main__":
    sys.exit(main())
