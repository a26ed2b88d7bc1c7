"""``python -m bench [NAME ...]``: run each ``bench/bench_*.py`` module's ``main()``.

Each benchmark runs in a fresh interpreter of its own, so that one benchmark's memory peak
(the analysis holds half a gigabyte) never shows up in the next one's figures; Linux carries
a process's peak resident size over to the children it starts.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    """Run the benchmarks; a failing one is reported and the others still run."""
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    wanted = [n if n.startswith("bench_") else f"bench_{n}" for n in argv] or names
    unknown = sorted(set(wanted) - set(names))
    if unknown:
        print(f"No such benchmark: {', '.join(unknown)}. Known: {', '.join(names)}.")
        return 2
    failed = []
    for name in wanted:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        code = f"import bench.{name} as b; b.main()"
        if subprocess.run([sys.executable, "-c", code], cwd=here.parent).returncode != 0:
            failed.append(name)  # one broken benchmark must not hide the others
            print(f"!! {name} failed", flush=True)
        print(f"({name} took {time.perf_counter() - started:.1f} s)", flush=True)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
