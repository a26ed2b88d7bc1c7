"""``cardsort serve STUDY``: the sorting app in the browsers of the whole team.

textual-serve's web server and browser client; each browser tab gets its own app process,
forked from a warm parent that loaded the app once (:mod:`cardsort.cli.serve_pool`), or with
``--per-tab`` started afresh as ``cardsort sort STUDY`` the way textual-serve does it. All of
them write to the same store, where the coordinator's app sees them appear. The page around
the app (loading, "session ended") is in the study's language (``serve_templates/``). It binds
to this computer only unless ``--host`` says otherwise; textual-serve has no authentication,
so on the network every participant must type the study's participant code, and wrong codes
are rate-limited per browser address (:mod:`sessions.identity`).

``cardsort treetest serve`` runs the tree test through the same server, warm parent and page
(:func:`serve_tabs` with ``kind="treetest"``).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._say import markup_safe
from sessions.studies import get_study

__all__ = ["TEMPLATES", "lan_address", "register", "serve_command", "serve_tabs"]

#: cardsort's version of textual-serve's page (translated, no web fonts).
TEMPLATES = Path(__file__).with_name("serve_templates")


def lan_address() -> str:
    """This computer's address on the school network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET: only picks the outgoing interface
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def serve_command(store: str, study: str, *, lang: str | None, require_code: bool) -> str:
    """The command textual-serve runs for each browser tab."""
    args = [sys.executable, "-m", "cardsort", "--store", store, "sort", study]
    if lang:
        args += ["--lang", lang]
    if require_code:
        args.append("--require-code")
    return shlex.join(args)


def page_texts(lang: str, kind: str = "sort") -> dict[str, str]:
    """The texts of the page around the app, in ``lang`` (a tree test names itself)."""
    from cardsort.i18n import Translator

    tr = Translator(lang)
    texts = {
        key: tr(f"serve.{key}") for key in ("loading", "slow", "ended", "restart", "no_script")
    }
    if kind == "treetest":
        texts.update({key: tr(f"serve.treetest.{key}") for key in ("loading", "no_script")})
    return texts


def start_warm_parent(
    socket_path: str,
    store: str,
    study: str,
    lang: str | None,
    require_code: bool,
    kind: str = "sort",
) -> subprocess.Popen[bytes]:
    """Start :mod:`cardsort.cli.serve_pool` and wait until it listens."""
    warm = subprocess.Popen(
        [
            *(sys.executable, "-m", "cardsort.cli.serve_pool", socket_path, store, study),
            *(lang or "", "1" if require_code else "0", kind),
        ],
        stdout=subprocess.PIPE,
        start_new_session=True,  # its own process group: stopping it stops every tab
    )
    assert warm.stdout is not None
    if warm.stdout.readline().strip() != b"ready":
        warm.wait()
        raise UserError("The browser mode could not start its app process; try --per-tab.")
    return warm


def make_server(
    command: str,
    *,
    host: str,
    port: int,
    title: str,
    public_url: str,
    lang: str,
    socket_path: str | None,
    kind: str = "sort",
) -> Any:
    """textual-serve's server with cardsort's page and, with ``socket_path``, forked tabs."""
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    from cardsort.cli.serve_pool import forked_app_service_class

    forked = forked_app_service_class() if socket_path else None
    texts = page_texts(lang, kind)

    class PerTabAppService(AppService):
        """textual-serve's process per tab, told the browser's address."""

        address = "unknown"

        def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
            environment: dict[str, str] = super()._build_environment(width, height)
            environment["CARDSORT_CLIENT_ADDRESS"] = self.address
            return environment

    class CardsortServer(Server):
        async def _make_app(self) -> web.Application:
            import aiohttp_jinja2

            application: web.Application = await super()._make_app()
            aiohttp_jinja2.get_env(application).globals.update(lang=lang, texts=texts)
            return application

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """textual-serve's handler (server.py), with the service that forks the tab."""
            from textual_serve.server import to_int

            websocket = web.WebSocketResponse(heartbeat=15)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            service: Any = None
            try:
                await websocket.prepare(request)
                cls: Any = forked if forked is not None else PerTabAppService
                service = cls(
                    self.command,
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=websocket.close,
                    download_manager=self.download_manager,
                    debug=self.debug,
                )
                service.address = request.remote or "unknown"
                if forked is not None:
                    service.socket_path = socket_path
                await service.start(width, height)
                try:
                    await self._process_messages(websocket, service)
                finally:
                    await service.stop()
            except asyncio.CancelledError:
                await websocket.close()
            except Exception as error:
                import logging

                logging.getLogger("textual-serve").exception(error)
            finally:
                if service is not None:
                    await service.stop()
            return websocket

        async def on_startup(self, app: web.Application) -> None:
            pass  # cardsort prints its own address and QR code

    return CardsortServer(
        command,
        host=host,
        port=port,
        title=title,
        public_url=public_url,
        templates_path=str(TEMPLATES),
    )


@click.command("serve")
@click.argument("study")
@click.option(
    "--host",
    default=None,
    help="Address to listen on (default: localhost only). 0.0.0.0 opens it to the network.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default=None,
    help="Language of the app (default: the study's).",
)
@click.option("--qr/--no-qr", default=True, show_default=True, help="Print a QR code of the URL.")
@click.option(
    "--per-tab",
    is_flag=True,
    help="Start a new process for every tab (textual-serve's own way; slower, more memory).",
)
@pass_app
def serve(
    app: AppContext,
    study: str,
    host: str | None,
    port: int,
    lang: str | None,
    qr: bool,
    per_tab: bool,
) -> None:
    """Serve STUDY to browsers: teachers open the address and sort."""
    from cardsort.i18n import pick_language

    try:
        import textual_serve.server  # noqa: F401
    except ImportError as error:  # pragma: no cover - textual-serve is a dependency
        raise UserError("Browser mode needs textual-serve: pip install textual-serve") from error
    found = get_study(app.store, study)
    public = host is not None
    bind = host or "localhost"
    shown = lan_address() if bind in ("0.0.0.0", "") else bind
    url = f"http://{shown}:{port}"
    console = app.console
    if public:
        console.print(
            "[bold]Warning:[/] textual-serve has no authentication. Anyone on this network who "
            "can reach the address can open the sorting app; participants must type the "
            f"participant code [bold]{found.access_code}[/]. Stop the server after the session."
        )
    console.print(f"Study [bold]{markup_safe(found.name)}[/]: open [bold]{url}[/] in a browser.")
    if qr:
        import segno

        buffer = io.StringIO()
        segno.make(url, error="m").terminal(out=buffer, compact=True)
        console.out(buffer.getvalue(), highlight=False)
    console.print(
        "Follow progress with `cardsort` (coordinator app) or "
        f"`cardsort participants {found.name}`. Stop with Ctrl+C."
    )
    store = str(app.store_path.resolve())
    command = serve_command(store, found.name, lang=lang, require_code=public)
    page_lang = pick_language(lang, found.settings.lang)
    serve_tabs(
        command,
        store=store,
        target=found.name,
        lang=lang,
        public=public,
        per_tab=per_tab,
        host=bind,
        port=port,
        url=url,
        page_lang=page_lang,
    )


def serve_tabs(
    command: str,
    *,
    store: str,
    target: str,
    lang: str | None,
    public: bool,
    per_tab: bool,
    host: str,
    port: int,
    url: str,
    page_lang: str,
    kind: str = "sort",
) -> None:
    """Serve ``target`` (a study, or a tree test with ``kind="treetest"``) until Ctrl+C: tabs
    forked from a warm parent where the platform allows, else ``command`` per tab."""
    fork = not per_tab and hasattr(os, "fork") and hasattr(socket, "send_fds")
    with tempfile.TemporaryDirectory(prefix="cardsort-serve-") as scratch:
        socket_path = os.path.join(scratch, "tabs.sock") if fork else None
        warm = (
            start_warm_parent(socket_path, store, target, lang, public, kind)
            if socket_path
            else None
        )
        try:
            server = make_server(
                command,
                host=host,
                port=port,
                title=f"cardsort — {target}",
                public_url=url,
                lang=page_lang,
                socket_path=socket_path,
                kind=kind,
            )
            server.serve()
        finally:
            if warm is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(warm.pid, signal.SIGTERM)
                try:
                    warm.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(warm.pid, signal.SIGKILL)


def register(root: click.Group) -> None:
    """Add ``cardsort serve`` to the root group."""
    root.add_command(serve)
