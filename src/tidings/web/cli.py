"""``tidings serve``: the web page and JSON API over the store of the main ``--db``.

Why its own module: the command imports the server only when run, and the lead registers
it with ``main.add_command(serve)`` so ``cli.py`` stays the one place commands are listed.
"""

from __future__ import annotations

import click

from tidings.web.server import DEFAULT_HOST, DEFAULT_PORT


@click.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to bind.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, help="Port (0: any free one).")
def serve(host: str, port: int) -> None:
    """Serve search, timelines, stories and articles as web pages and JSON (read-only)."""
    from tidings.entities.kb import load_kb
    from tidings.web.server import make_server

    root = click.get_current_context().find_root()
    db = (root.obj or {}).get("db", "tidings.sqlite")
    try:
        server = make_server(db, host, port)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    load_kb()  # once, before the first request asks for an actor
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"tidings: serving {db} on http://{bound_host!s}:{bound_port} (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        server.server_close()
