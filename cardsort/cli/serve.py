"""``cardsort serve STUDY``: the sorting app in the browsers of the whole team.

textual-serve starts one process per browser tab running ``cardsort sort STUDY``; all of them
write to the same store, where the coordinator's app sees them appear. It binds to this
computer only unless ``--host`` says otherwise; textual-serve has no authentication, so on
the network every participant must type the study's participant code.
"""

from __future__ import annotations

import io
import shlex
import socket
import sys

import click

from cardsort.cli._app import AppContext, UserError, pass_app
from sessions.studies import get_study

__all__ = ["lan_address", "register", "serve_command"]


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
@pass_app
def serve(
    app: AppContext, study: str, host: str | None, port: int, lang: str | None, qr: bool
) -> None:
    """Serve STUDY to browsers: teachers open the address and sort."""
    try:
        from textual_serve.server import Server
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
    console.print(f"Study [bold]{found.name}[/]: open [bold]{url}[/] in a browser.")
    if qr:
        import segno

        buffer = io.StringIO()
        segno.make(url, error="m").terminal(out=buffer, compact=True)
        console.out(buffer.getvalue(), highlight=False)
    console.print(
        "Follow progress with `cardsort` (coordinator app) or "
        f"`cardsort participants {found.name}`. Stop with Ctrl+C."
    )
    command = serve_command(
        str(app.store_path.resolve()), found.name, lang=lang, require_code=public
    )
    server = Server(command, host=bind, port=port, title=f"cardsort — {found.name}", public_url=url)
    server.serve()


def register(root: click.Group) -> None:
    """Add ``cardsort serve`` to the root group."""
    root.add_command(serve)
