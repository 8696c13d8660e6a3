"""`make bench`: make sure the Hunan-sized database exists (bench/generate.py, which skips its
work when the data is already there), then run every benchmark script in bench/
(bench/<app>_*.py, each runnable alone) and print their figures."""

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# settings.py and urls.py are the benchmarks' Django settings, not scripts.
SKIP = {"run.py", "settings.py", "urls.py"}
# Bounds for `make bench` (each script runs alone with its own defaults too): the walk of every
# operation samples 5 requests of at most 1.5 s each (about 15 minutes at province scale).
ARGS = {"api_walk.py": ["-n", "5", "--budget", "1.5"], "locustfile.py": ["--users", "4,8,16,32"]}


def scripts() -> list[Path]:
    return sorted(
        p
        for p in HERE.glob("*.py")
        if p.name not in SKIP and not p.name.startswith(("generate", "_"))
    )


def main() -> int:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_province")
    failures = []
    print("=== generate.py (skips when the data is there) " + "=" * 14, flush=True)
    if subprocess.call([sys.executable, str(HERE / "generate.py")], cwd=HERE.parent):
        failures.append("generate.py")
    for script in scripts():
        print(f"\n=== {script.name} " + "=" * max(0, 60 - len(script.name)), flush=True)
        started = time.monotonic()
        code = subprocess.call(
            [sys.executable, str(script), *ARGS.get(script.name, [])], cwd=HERE.parent
        )
        print(f"--- {script.name}: exit {code} in {time.monotonic() - started:.0f}s", flush=True)
        if code:
            failures.append(script.name)
    if failures:
        print(f"\nfailed: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
