"""Browser mode at school scale: N teachers in Debian's headless Chromium on one ``cardsort serve``.

Targets (issue 14), with 30 tabs on 2 cores: the welcome screen painted ≤ 3 s after all tabs
open together, ≤ 60 MB resident per teacher, and a key press's round trip ≤ 150 ms at the
median while all 30 sort.

Measured per design, in the same run:

- ``per-tab``: textual-serve's own design, one ``cardsort sort`` process started per tab
  (``cardsort serve --per-tab``); the baseline;
- ``pool``: the default, tabs forked from a warm parent that imported the app once
  (:mod:`cardsort.cli.serve_pool`).

*Without a browser*: N websocket clients speaking textual.js's protocol connect at once; the
slowest one's seconds until its welcome screen arrived, and the median key round trip while
all N sort at a teacher's pace (the server's own part, without Chromium's work).
*First paint*: from the moment all pages start loading to the moment each page's app has put
the terminal cursor into the name field (the xterm helper textarea moves there), per page; the
slowest page is reported. *Memory per teacher*: the proportional set size (PSS, from
``/proc/PID/smaps_rollup``; shared pages divided among the processes sharing them) of every
process of the server's tree, the server and warm parent included, divided by the number of
tabs; RSS per app process is shown too. *Round trip*: in each page, the time from a key press
(Down in the board) to the first websocket message that comes back after it, all pages
sorting at once at a teacher's pace (a key about every :data:`PACE_S` seconds, not in step).
The CPU the server and the browser spent per key is shown too: here Chromium renders all 30
pages on the same 2 cores, which at a school each teacher's own computer does.

``BENCH_SERVE_TABS`` (default 30), ``BENCH_SERVE_KEYS`` (default 10 presses per page),
``BENCH_SERVE_DESIGNS`` (default ``per-tab,pool``; ``before`` runs another checkout, named by
``BENCH_SERVE_BEFORE``, as it is) change the run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Records when each websocket message arrives, so a round trip can be timed inside the page.
WS_PROBE = """
(() => {
  const Native = window.WebSocket;
  window.__wsLast = 0;
  window.__wsOpened = 0;
  window.WebSocket = function (...args) {
    window.__wsOpened = performance.now();
    const socket = new Native(...args);
    socket.addEventListener('message', () => { window.__wsLast = performance.now(); });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})();
"""
#: A sorting teacher's pace: one key about every 2 s (reading a card, choosing its stack).
PACE_S = 2.0
APP_READY = (
    "() => { const t = document.querySelector('.xterm-helper-textarea');"
    " return t && parseInt(t.style.top || '0') > 0; }"
)


@dataclass
class Figures:
    """One design's figures."""

    design: str
    tabs: int
    paint_max_s: float
    paint_median_s: float
    paint_after_ws_s: float
    ws_only_paint_max_s: float
    ws_only_key_median_ms: float
    server_cpu_s: float
    browser_cpu_s: float
    pss_per_teacher_mb: float
    rss_per_app_mb: float
    rtt_median_ms: float
    rtt_p90_ms: float
    server_ms_per_key: float
    browser_ms_per_key: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def make_store(path: Path) -> None:
    """A store with one open study of 40 cards (not shuffled, so every page shows the same)."""
    from sessions.cards import NewCard
    from sessions.models import StudySettings
    from sessions.store import Store
    from sessions.studies import create_study

    cards = [NewCard(f"Kaart {n:02d}", f"Beschrijving van kaart {n}") for n in range(40)]
    with Store.open(path) as store:
        create_study(store, "team", cards, settings=StudySettings(randomise_cards=False, lang="nl"))


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    found = [pid]
    for child_pid in found:
        try:
            children = Path(f"/proc/{child_pid}/task/{child_pid}/children").read_text().split()
        except OSError:
            continue
        found.extend(int(c) for c in children)
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes (children that ended count in their parent)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / os.sysconf("SC_CLK_TCK")


def _kb(path: str, field: str) -> int:
    with contextlib.suppress(OSError):  # the process ended: nothing to count
        for line in Path(path).read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def memory(server_pid: int) -> tuple[float, list[float]]:
    """(PSS of the whole tree in MB, RSS in MB of each ``cardsort sort`` app process)."""
    pids = tree(server_pid)
    pss = sum(_kb(f"/proc/{p}/smaps_rollup", "Pss") for p in pids) / 1024
    parents = set()
    for pid in pids:
        try:
            parents.add(int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]))
        except (OSError, ValueError, IndexError):
            continue
    # The apps are the leaves of the tree (a per-tab shell's python, or a forked tab).
    apps = [_kb(f"/proc/{p}/status", "VmRSS") / 1024 for p in pids[1:] if p not in parents]
    return pss, apps


async def ws_clients(url: str, tabs: int, keys: int) -> tuple[list[float], list[float]]:
    """Without a browser: ``tabs`` websocket clients (textual.js's protocol) connect at once,
    each joins and sorts at a teacher's pace. Returns (seconds until each welcome screen,
    milliseconds from each key to the app's answer): the server's part, without Chromium's."""
    import aiohttp

    ws_url = url.replace("http", "ws") + "ws?width=100&height=30"
    started = time.perf_counter()

    async def quiet(ws: aiohttp.ClientWebSocketResponse, seconds: float) -> None:
        while True:
            try:
                await asyncio.wait_for(ws.receive(), seconds)
            except TimeoutError:
                return

    async def one(session: aiohttp.ClientSession, n: int) -> tuple[float, list[float]]:
        pace = random.Random(1000 + n)
        received = b""
        async with session.ws_connect(ws_url) as ws:
            while b"naam" not in received:  # "Wat is je naam?"
                message = await ws.receive(timeout=300)
                if message.type != aiohttp.WSMsgType.BINARY:
                    raise RuntimeError("the app closed before its welcome screen")
                received += message.data
            painted = time.perf_counter() - started
            await ws.send_json(["stdin", f"Meester {n}\r"])
            await quiet(ws, 2.0)
            answers = []
            for k in range(keys):
                await asyncio.sleep(pace.uniform(0.5 * PACE_S, 1.5 * PACE_S))
                await quiet(ws, 0.05)
                pressed = time.perf_counter()
                await ws.send_json(["stdin", "\x1b[B" if k % 2 == 0 else "\x1b[A"])
                await ws.receive(timeout=300)
                answers.append((time.perf_counter() - pressed) * 1000)
        return painted, answers

    async with aiohttp.ClientSession() as session:
        done = await asyncio.gather(*(one(session, n) for n in range(tabs)))
    return [d[0] for d in done], [a for d in done for a in d[1]]


@dataclass
class Measured:
    """What one browser run measured."""

    paints: list[float]
    after_ws: list[float]
    server_cpu: float
    browser_cpu: float
    rtts: list[float]
    server_cpu_per_key: float
    browser_cpu_per_key: float
    pss: float
    apps: list[float]


async def drive(url: str, tabs: int, keys: int, server_pid: int) -> Measured:
    """Open ``tabs`` pages at once, wait for every welcome screen, then sort in all of them."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = await browser.new_context(viewport={"width": 1000, "height": 640})
        await context.add_init_script(WS_PROBE)
        pages = [await context.new_page() for _ in range(tabs)]
        server_tree = tree(server_pid)
        browser_tree = [p for p in tree(os.getpid()) if p not in server_tree and p != os.getpid()]
        server_before, browser_before = cpu_seconds(server_tree), cpu_seconds(browser_tree)
        started = time.perf_counter()

        async def open_page(page: object) -> tuple[float, float]:
            await page.goto(url)  # type: ignore[attr-defined]
            await page.wait_for_function(APP_READY, timeout=300_000)  # type: ignore[attr-defined]
            painted = time.perf_counter() - started
            opened = await page.evaluate("performance.now() - window.__wsOpened")  # type: ignore[attr-defined]
            return painted, opened / 1000

        timings = await asyncio.gather(*(open_page(p) for p in pages))
        paints = [t[0] for t in timings]
        after_ws = [t[1] for t in timings]
        server_cpu = cpu_seconds(tree(server_pid)) - server_before
        browser_tree = [p for p in tree(os.getpid()) if p not in tree(server_pid)]
        browser_cpu = cpu_seconds([p for p in browser_tree if p != os.getpid()]) - browser_before
        await asyncio.sleep(1)
        pss, apps = memory(server_pid)

        async def join(page: object, n: int) -> None:
            helper = page.locator(".xterm-helper-textarea")  # type: ignore[attr-defined]
            await helper.focus()
            await page.keyboard.type(f"Juf {n}", delay=20)  # type: ignore[attr-defined]
            await page.keyboard.press("Enter")  # type: ignore[attr-defined]

        await asyncio.gather(*(join(p, n) for n, p in enumerate(pages)))
        await asyncio.sleep(3)

        async def press(page: object, seed: int) -> list[float]:
            pace = random.Random(seed)  # teachers do not press in step
            await asyncio.sleep(pace.uniform(0, PACE_S))
            times = []
            for n in range(keys):
                before = await page.evaluate("performance.now()")  # type: ignore[attr-defined]
                await page.keyboard.press("ArrowDown" if n % 2 == 0 else "ArrowUp")  # type: ignore[attr-defined]
                await page.wait_for_function(  # type: ignore[attr-defined]
                    f"window.__wsLast > {before}", timeout=60_000, polling=5
                )
                arrived = await page.evaluate("window.__wsLast")  # type: ignore[attr-defined]
                times.append(arrived - before)
                await asyncio.sleep(pace.uniform(0.5 * PACE_S, 1.5 * PACE_S))
            return times

        server_tree = tree(server_pid)
        browser_tree = [p for p in tree(os.getpid()) if p not in server_tree and p != os.getpid()]
        server_before, browser_before = cpu_seconds(server_tree), cpu_seconds(browser_tree)
        rtts = [
            t
            for ts in await asyncio.gather(*(press(p, n) for n, p in enumerate(pages)))
            for t in ts
        ]
        key_server_cpu = cpu_seconds(tree(server_pid)) - server_before
        key_browser_cpu = cpu_seconds(browser_tree) - browser_before
        await browser.close()
    return Measured(
        paints,
        after_ws,
        server_cpu,
        browser_cpu,
        rtts,
        key_server_cpu / max(1, len(rtts)),
        key_browser_cpu / max(1, len(rtts)),
        pss,
        apps,
    )


def run(design: str, tabs: int, keys: int) -> Figures:
    """Serve a fresh store with ``design`` and measure it with ``tabs`` pages."""
    with tempfile.TemporaryDirectory() as scratch:
        store = Path(scratch) / "store.sqlite"
        port = free_port()
        env = dict(os.environ)
        extra = ["--per-tab"] if design == "per-tab" else []
        checkout = Path(__file__).resolve().parents[1]
        if design == "before":  # another checkout's cardsort (textual-serve's design)
            if "BENCH_SERVE_BEFORE" not in os.environ:
                raise SystemExit("design 'before' needs BENCH_SERVE_BEFORE=<another checkout>")
            checkout = Path(os.environ["BENCH_SERVE_BEFORE"])
        env["PYTHONPATH"] = str(checkout)  # `python -m` looks in the working directory first
        # The store is made by the checkout that serves it (its own schema version).
        source = Path(__file__).read_text()
        maker = source[source.index("def make_store") : source.index("def tree")]
        subprocess.run(
            [
                sys.executable,
                "-c",
                f"from pathlib import Path\n{maker}\nmake_store(Path({str(store)!r}))",
            ],
            env=env,
            cwd=checkout,
            check=True,
        )
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "cardsort", "--store", str(store), "serve", "team"),
                *("--port", str(port), "--no-qr", *extra),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=checkout,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://localhost:{port}/", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError(f"cardsort serve ({design}) did not start") from None
                    time.sleep(0.2)
            time.sleep(1)  # the warm parent finishes its imports
            ws_only, ws_keys = asyncio.run(ws_clients(f"http://localhost:{port}/", tabs, keys))
            time.sleep(3)  # those tabs close
            measured = asyncio.run(drive(f"http://localhost:{port}/", tabs, keys, server.pid))
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    rtts = sorted(measured.rtts)
    return Figures(
        design,
        tabs,
        max(measured.paints),
        statistics.median(measured.paints),
        statistics.median(measured.after_ws),
        max(ws_only),
        statistics.median(ws_keys),
        measured.server_cpu,
        measured.browser_cpu,
        measured.pss / tabs,
        statistics.mean(measured.apps) if measured.apps else 0.0,
        statistics.median(rtts),
        rtts[int(len(rtts) * 0.9)],
        measured.server_cpu_per_key * 1000,
        measured.browser_cpu_per_key * 1000,
    )


def main() -> None:
    if not CHROMIUM.exists():
        print("skipped: Debian's Chromium is not installed at /usr/bin/chromium")
        return
    tabs = int(os.environ.get("BENCH_SERVE_TABS", "30"))
    keys = int(os.environ.get("BENCH_SERVE_KEYS", "10"))
    designs = os.environ.get("BENCH_SERVE_DESIGNS", "per-tab,pool").split(",")
    results = [run(design, tabs, keys) for design in designs]
    print(
        f"{'design':8} {'tabs':>4} {'no browser':>11} {'key':>6} {'paint max':>10} {'median':>8}"
        f" {'after ws':>9}"
        f" {'server CPU':>11} {'browser CPU':>12} {'PSS/teacher':>12}"
        f" {'RSS/app':>8} {'key median':>11} {'p90':>8} {'CPU/key server':>15} {'browser':>8}"
    )
    for r in results:
        print(
            f"{r.design:8} {r.tabs:4d} {r.ws_only_paint_max_s:10.2f}s"
            f" {r.ws_only_key_median_ms:4.0f}ms"
            f" {r.paint_max_s:9.2f}s {r.paint_median_s:7.2f}s"
            f" {r.paint_after_ws_s:8.2f}s {r.server_cpu_s:10.1f}s {r.browser_cpu_s:11.1f}s"
            f" {r.pss_per_teacher_mb:10.1f}MB {r.rss_per_app_mb:6.1f}MB"
            f" {r.rtt_median_ms:9.0f}ms {r.rtt_p90_ms:6.0f}ms"
            f" {r.server_ms_per_key:13.0f}ms {r.browser_ms_per_key:6.0f}ms"
        )
    print(
        "no browser: the slowest of N websocket clients opening together (the server alone),"
        " and their median key round trip while all N sort;"
        " paint: the slowest of N Chromium pages; after ws: median from a page's websocket."
    )
    print(
        "server CPU: CPU seconds the server's processes used until every welcome screen was"
        " painted; on 2 cores of its own, first paint cannot be sooner than half of it."
    )
    targets = "targets: paint max ≤ 3 s, ≤ 60 MB per teacher, key median ≤ 150 ms"
    print(targets)


if __name__ == "__main__":
    main()
