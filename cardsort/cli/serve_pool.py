"""The warm parent of ``cardsort serve``: browser tabs forked from one process with the app loaded.

textual-serve starts a new Python for every tab, which imports Textual and the app again (about
1 s of CPU and 60–120 MB each; 30 tabs opening together take minutes on 2 cores). Instead,
``cardsort serve`` starts this module once (:func:`main`): it imports the teacher's app, freezes
the garbage collector's view of those objects (``gc.freeze``, so children do not copy the pages
they live on) and waits on a Unix socket. For each tab the server sends one end of a socket
pair (``SCM_RIGHTS``) with the terminal size and the browser's address; the warm parent forks,
and the child makes that socket its stdin and stdout, opens its own store connection (nothing
SQLite is ever shared across a fork) and runs the app with Textual's web driver, speaking the
same byte protocol textual-serve's own processes speak. The server side is
:class:`ForkedAppService`, a drop-in for textual-serve's ``AppService``.

The same pool serves the tree test (``cardsort treetest serve``): the optional last argument
says which app a tab runs, ``sort`` (the default) or ``treetest``.

Linux only (``fork`` and ``SCM_RIGHTS``); ``cardsort serve --per-tab`` keeps textual-serve's own
design for anything else.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import signal
import socket
import struct
import sys
from pathlib import Path
from typing import Any

__all__ = ["WEB_ENVIRONMENT", "main", "request_tab", "run_tab"]

#: What textual-serve sets for its app processes (textual_serve.app_service); Textual reads
#: some of these when it is imported, so the warm parent sets them before importing it.
WEB_ENVIRONMENT = {
    "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
    "TEXTUAL_FPS": "60",
    "TEXTUAL_COLOR_SYSTEM": "truecolor",
    "TERM_PROGRAM": "textual",
}
_HEADER = struct.Struct("!I")


def request_tab(socket_path: str, tab_end: socket.socket, settings: dict[str, Any]) -> int:
    """Ask the warm parent for a tab on ``tab_end`` (its stdin and stdout); returns the pid."""
    payload = json.dumps(settings).encode()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as control:
        control.connect(socket_path)
        socket.send_fds(control, [_HEADER.pack(len(payload)) + payload], [tab_end.fileno()])
        answer = control.recv(64)
    return int(answer or b"0")


def run_tab(
    store_path: str, study: str, lang: str | None, require_code: bool, kind: str = "sort"
) -> None:
    """Run the teacher's app for one tab in this (forked) process: the body of ``cardsort sort``
    (or, with ``kind="treetest"``, of ``cardsort treetest take``; ``study`` is then the test)."""
    from cardsort.i18n import pick_language
    from cardsort.tui.session import SortSession
    from cardsort.tui.sort_app import SortApp
    from sessions.store import Store

    with Store.open(Path(store_path), create=False) as store:
        if kind == "treetest":
            from cardsort.tui.treetest.app import TreeTestApp

            TreeTestApp(store, study, lang=lang, require_code=require_code).run()
            return
        session = SortSession.open(store, study)
        language = pick_language(lang, session.study.settings.lang)
        SortApp(session, lang=language, require_code=require_code).run()


def _child(connection: socket.socket, tab: int, settings: dict[str, Any], args: list[str]) -> None:
    """In the forked child: become the tab's process and run the app; never returns."""
    code = 0
    try:
        connection.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.dup2(tab, 0)
        os.dup2(tab, 1)
        os.close(tab)
        os.environ["COLUMNS"] = str(int(settings.get("width", 80)))
        os.environ["ROWS"] = str(int(settings.get("height", 24)))
        os.environ["CARDSORT_CLIENT_ADDRESS"] = str(settings.get("address", "unknown"))
        gc.enable()
        store_path, study, lang, require_code, *rest = args
        run_tab(store_path, study, lang or None, require_code == "1", rest[0] if rest else "sort")
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        os._exit(code)


def _warm_up(kind: str = "sort") -> None:
    """Import everything a tab needs, so each fork starts with it already in memory."""
    for name, value in WEB_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    import textual.drivers.web_driver
    import textual.widgets

    import cardsort.i18n
    import cardsort.tui.sort_app
    from cardsort.tui.screens import board, finish, taken_over, welcome  # noqa: F401
    from sessions.store import Store  # noqa: F401

    if kind == "treetest":
        import cardsort.tui.treetest.app  # noqa: F401

    # Textual's widgets module loads each widget on first use: load the ones the app shows.
    for widget in ("Button", "Footer", "Header", "Input", "Label", "Static", "ListView"):
        getattr(textual.widgets, widget, None)


def _rehearse(store_path: str, study: str, lang: str | None, kind: str = "sort") -> None:
    """Run the welcome screen once, headless, so Textual's caches (parsed CSS, widget
    classes) are filled before the first fork and every tab starts with them."""
    from cardsort.i18n import pick_language
    from cardsort.tui.session import SortSession
    from cardsort.tui.sort_app import SortApp
    from sessions.store import Store

    async def once() -> None:
        with Store.open(Path(store_path), create=False) as store:
            if kind == "treetest":
                from cardsort.tui.treetest.app import TreeTestApp

                async with TreeTestApp(store, study, lang=lang).run_test(size=(100, 30)) as tt:
                    await tt.pause()
                return
            session = SortSession.open(store, study)
            language = pick_language(lang, session.study.settings.lang)
            app = SortApp(session, lang=language)
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()

    try:
        asyncio.run(once())
    except Exception:
        return


def serve_forever(listener: socket.socket, args: list[str]) -> None:
    """Fork one child per request on ``listener`` until the server closes it."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    while True:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        with connection:
            try:
                message, fds, _, _ = socket.recv_fds(connection, 65536, 1)
                (size,) = _HEADER.unpack_from(message)
                settings = json.loads(message[_HEADER.size : _HEADER.size + size])
            except (OSError, ValueError, struct.error):
                continue
            if len(fds) != 1:
                for fd in fds:
                    os.close(fd)
                continue
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                listener.close()
                _child(connection, fds[0], settings, args)
            os.close(fds[0])
            with contextlib.suppress(OSError):
                connection.sendall(str(pid).encode())


def main(argv: list[str] | None = None) -> None:
    """``python -m cardsort.cli.serve_pool SOCKET STORE STUDY LANG REQUIRE_CODE [KIND]``."""
    args = sys.argv[1:] if argv is None else argv
    socket_path, rest = args[0], args[1:]
    kind = rest[4] if len(rest) > 4 else "sort"
    _warm_up(kind)
    _rehearse(rest[0], rest[1], rest[2] or None, kind)
    gc.collect()
    gc.freeze()  # objects made so far stay out of the children's collections (fewer copies)
    gc.disable()  # the warm parent allocates next to nothing from here on
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(socket_path)
        listener.listen(64)
        print("ready", flush=True)  # the server waits for this line
        serve_forever(listener, rest)


class _ForkedProcess:
    """What textual-serve's ``AppService.run`` reads from a process: stdout and stderr."""

    def __init__(self, stdout: asyncio.StreamReader, pid: int) -> None:
        self.stdout = stdout
        self.stderr = asyncio.StreamReader()
        self.stderr.feed_eof()  # a forked tab's errors go to the server's own stderr
        self.pid = pid


def forked_app_service_class() -> type:
    """textual-serve's ``AppService`` with the process forked from the warm parent."""
    from textual_serve.app_service import AppService

    class ForkedAppService(AppService):
        """One tab: a child of the warm parent on a socket pair instead of a new process."""

        socket_path = ""
        address = "unknown"

        async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
            mine, theirs = socket.socketpair()
            try:
                settings = {"width": width, "height": height, "address": self.address}
                loop = asyncio.get_running_loop()
                pid = await loop.run_in_executor(
                    None, request_tab, self.socket_path, theirs, settings
                )
            finally:
                theirs.close()
            reader, writer = await asyncio.open_unix_connection(sock=mine)
            self._stdin = writer
            process: Any = _ForkedProcess(reader, pid)  # duck-typed as asyncio's Process
            self._process = process
            return process

    return ForkedAppService


if __name__ == "__main__":
    main()
