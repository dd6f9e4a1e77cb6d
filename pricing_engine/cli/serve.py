"""``pricing-engine serve``: one warm engine over HTTP (``pip install "pricing-engine[server]"``).

Starlette and uvicorn are imported only when the command runs; without them the command
says which extra to install (exit 2).
"""

from __future__ import annotations

import importlib.util
import logging
import sys

import click

from pricing_engine.documents import MAX_BYTES

__all__ = ["serve"]

_MISSING = ("the server needs the [server] extra: pip install \"pricing-engine[server]\" "
            "(missing: {})")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes, each with its own engine and socket (Linux: SO_REUSEPORT).")
@click.option("--rules", "rules_dir", type=click.Path(exists=True, file_okay=False),
              help="A rule directory laid over the bundled rules.")
@click.option("--lists", "lists_dir", type=click.Path(exists=True, file_okay=False),
              help="A lists directory with a manifest.json in place of the bundled lists.")
@click.option("--policy", "policy_file", type=click.Path(exists=True, dir_okay=False),
              help="A policy file (default: the bundled policy).")
@click.option("--fx-table", "fx_table_file", type=click.Path(exists=True, dir_okay=False),
              envvar="PRICING_ENGINE_FX_TABLE",
              help="Dated reference rates (written by 'fx import') for a pair a quote's fx does "
                   "not give, on the quote's date; read again on a reload [default: the bundled "
                   "ECB rates; env PRICING_ENGINE_FX_TABLE].")
@click.option("--no-fx-table", is_flag=True,
              help="No reference rates: a pair a quote does not give is an error.")
@click.option("--allow-list", "allow_file", type=click.Path(exists=True, dir_okay=False),
              help="Cleared false positives (YAML) for /v1/check.")
@click.option("--audit-dir", type=click.Path(file_okay=False),
              help="Write one JSON audit record per /v1/check decision here.")
@click.option("--api-key-file", type=click.Path(exists=True, dir_okay=False),
              help="YAML/JSON file of labelled keys; without one, no key is asked for.")
@click.option("--max-body-bytes", type=click.IntRange(1024), default=MAX_BYTES + 1024,
              show_default=True, help="Largest document body (a batch has its own limit).")
@click.option("--max-batch-bytes", type=click.IntRange(1024), default=256 * 1024 * 1024,
              show_default=True, help="Largest /v1/screen/batch body.")
@click.option("--timeout", type=click.FloatRange(0.1, 3600), default=30.0, show_default=True,
              help="Seconds to read a body and to compute an answer.")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="JSON lines on stderr, one per request.")
@click.option("--openapi", "print_openapi", is_flag=True,
              help="Print the OpenAPI document and exit (no extra needed).")
def serve(host: str, port: int, workers: int, rules_dir: str | None, lists_dir: str | None,
          policy_file: str | None, allow_file: str | None, audit_dir: str | None,
          api_key_file: str | None, max_body_bytes: int, max_batch_bytes: int, timeout: float,
          access_log: bool, print_openapi: bool, fx_table_file: str | None = None,
          no_fx_table: bool = False) -> None:
    """Serve one warm engine over HTTP (needs the [server] extra).

    Endpoints: POST /v1/quote, /v1/quote/target?target=0.25, /v1/check, /v1/screen,
    /v1/screen/batch (JSON lines), /match/{dataset} (yente), /v1/admin/reload (admin key);
    GET /v1/lists, /healthz, /readyz, /metrics, /openapi.json. Bodies are JSON or YAML;
    errors are RFC 9457 problem details with the messages the CLI gives. SIGHUP (or
    POST /v1/admin/reload) builds a new engine from the same paths aside and swaps it in; a
    failed reload keeps the engine in service and says why.

    \b
    Exit codes: 0 stopped cleanly; 2 invalid data or usage, or the [server]
    extra not installed; 1 internal error.
    """
    if print_openapi:
        from pricing_engine.server.openapi import openapi_json

        click.echo(openapi_json(), nl=False)
        return
    missing = [name for name in ("starlette", "uvicorn") if importlib.util.find_spec(name) is None]
    if missing:
        raise click.UsageError(_MISSING.format(", ".join(missing)))
    import uvicorn

    from pricing_engine.server.app import create_app
    from pricing_engine.server.config import ServerConfig
    from pricing_engine.server.state import build

    config = ServerConfig(rules=rules_dir, lists=lists_dir, policy=policy_file,
                          allow_list=allow_file, api_key_file=api_key_file,
                          audit_dir=audit_dir, max_body_bytes=max_body_bytes,
                          max_batch_bytes=max_batch_bytes, timeout=timeout,
                          access_log=access_log, fx_table=fx_table_file,
                          no_fx_table=no_fx_table)
    _log_to_stderr()
    common: dict[str, object] = {"host": host, "port": port, "access_log": False,
                                 "log_config": None, "timeout_graceful_shutdown": timeout,
                                 "server_header": False}
    if workers == 1:
        served = build(config)  # faults in the data stop here, before listening (exit 2)
        click.echo(f"pricing-engine: serving on http://{host}:{port} (engine built in "
                   f"{served.seconds:.2f} s)", err=True)
        app = create_app(config, served=served, sighup=True, freeze_gc=True)
        uvicorn.run(app, **common)  # type: ignore[arg-type]
        return
    from pricing_engine.server.workers import reuse_port_supported, serve_workers

    if not reuse_port_supported():
        raise click.UsageError("--workers > 1 needs SO_REUSEPORT load balancing (Linux); "
                               "run one process per port behind a proxy instead")
    build(config)  # check the data once before starting the workers (exit 2, file:line)
    serve_workers(config, host=host, port=port, workers=workers, setup=_log_to_stderr,
                  options={k: v for k, v in common.items() if k not in ("host", "port")})


def _log_to_stderr() -> None:
    """Access lines as bare JSON, the rest as ``pricing-engine: message`` (the CLI's process)."""
    from pricing_engine.server.access_log import ACCESS_LOGGER

    access = logging.getLogger(ACCESS_LOGGER)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    access.propagate = False
    server = logging.getLogger("pricing_engine.server")
    other = logging.StreamHandler(sys.stderr)
    other.setFormatter(logging.Formatter("pricing-engine: %(levelname)s: %(message)s"))
    server.addHandler(other)
    server.setLevel(logging.INFO)
    server.propagate = False  # the CLI's handler of the library's warnings would repeat it
    uvicorn_log = logging.getLogger("uvicorn")  # uvicorn.error propagates to it
    uvicorn_log.addHandler(other)
    uvicorn_log.setLevel(logging.INFO)
