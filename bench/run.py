"""`make bench`: make sure the Hunan-sized database exists (bench/generate.py, which skips its
work when the data is already there), then run every benchmark script in bench/
(bench/<app>_*.py, each runnable alone) and print their figures."""

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SKIP = {"run.py"}


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
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"--- {script.name}: exit {code} in {time.monotonic() - started:.0f}s", flush=True)
        if code:
            failures.append(script.name)
    if failures:
        print(f"\nfailed: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
