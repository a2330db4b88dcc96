"""The ``pustaka`` command. The only place where errors become exit codes and text."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from . import __version__
from .exceptions import PustakaError, ValidationFailed

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # we pin mkdocs<2 ourselves; the banner only confuses

CONFIG_OPTION = click.option("-f", "--config-file", "config_file", type=click.Path(dir_okay=False, path_type=Path),
                             default=Path("mkdocs.yml"), show_default=True, help="The site's MkDocs configuration.")


def _setup_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in ("mkdocs", "generator"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


def _fail(exc: Exception) -> None:
    """Print an error the librarian can act on and exit non-zero."""
    if isinstance(exc, ValidationFailed):
        for problem in exc.problems:
            click.echo(str(problem), err=True)
            if os.environ.get("GITHUB_ACTIONS") == "true":
                # GitHub shows these as annotations on the file and line of the pull request.
                click.echo(f"::error file={problem.path},line={problem.line},col={problem.column}::"
                           f"{problem.field}: {problem.message}", err=True)
        count = len(exc.problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was built.", err=True)
        sys.exit(1)
    click.echo(f"Error: {exc}", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pustaka")
@click.option("-v", "--verbose", is_flag=True, help="Show debugging output.")
@click.option("-q", "--quiet", is_flag=True, help="Show only warnings and errors.")
def cli(verbose: bool, quiet: bool) -> None:
    """Pustaka: build a digital library website from YAML records.

    Run the commands in the folder that holds mkdocs.yml.
    """
    _setup_logging(verbose, quiet)


@cli.command()
@CONFIG_OPTION
def validate(config_file: Path) -> None:
    """Check every record; print each problem as path:line:col: field: message."""
    from .build import validate as run_validate

    try:
        collection = run_validate(config_file)
    except PustakaError as exc:
        _fail(exc)
    counts = ", ".join(f"{len(collection.of(kind))} {kind}" for kind in ("items", "services", "branches", "events"))
    click.echo(f"All records are valid: {counts}.")


@cli.command()
@CONFIG_OPTION
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site (default: site_dir from mkdocs.yml, usually ./site).")
@click.option("-s", "--strict", is_flag=True, help="Treat warnings as errors.")
def build(config_file: Path, site_dir: Path | None, strict: bool) -> None:
    """Build the site. The old site is replaced only when the build succeeds."""
    from .build import build_site

    try:
        result = build_site(config_file, site_dir, strict=strict)
    except PustakaError as exc:
        _fail(exc)
    stats = result.stats
    click.echo(f"Built {result.site_dir} in {result.seconds:.1f} s: {stats.get('records', 0)} records, "
               f"{stats.get('pages', 0)} record pages ({stats.get('rendered', 0)} rendered, "
               f"{stats.get('reused', 0)} unchanged).", err=True)


@cli.command()
@CONFIG_OPTION
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT",
              help="Address to serve the site on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
def serve(config_file: Path, dev_addr: str, open_browser: bool) -> None:
    """Build the site and serve it, rebuilding and reloading when a record changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .build import load_mkdocs_config, validate as run_validate

    try:
        load_mkdocs_config(config_file)
        run_validate(config_file)
    except PustakaError as exc:
        _fail(exc)
    click.echo(f"Serving on http://{dev_addr}/ — press Ctrl+C to stop.", err=True)
    mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, open_in_browser=open_browser)


@cli.command()
@click.argument("kind", type=click.Choice(["item", "service", "branch", "event"]))
@click.argument("record_id")
@click.option("-t", "--title", help="Title (or name) to put in the new record.")
@CONFIG_OPTION
def new(kind: str, record_id: str, title: str | None, config_file: Path) -> None:
    """Write a commented YAML skeleton for a new record.

    RECORD_ID becomes the file name and the page address, e.g.
    `pustaka new item babad-tanah-jawi`.
    """
    from .build import collection_dir
    from .scaffold import new_record

    try:
        root, _ = collection_dir(config_file)
        path = new_record(root, kind, record_id, title=title)
    except PustakaError as exc:
        _fail(exc)
    click.echo(f"Wrote {path}. Fill it in, then run: pustaka validate")


@cli.command()
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the JSON Schema files (default: the package's schemas folder).")
def schema(out: Path | None) -> None:
    """Write the JSON Schema of each record kind (for editor completion)."""
    from .records import SCHEMA_DIR, write_schemas

    for path in write_schemas(out or SCHEMA_DIR):
        click.echo(str(path))


def main() -> None:
    cli(prog_name="pustaka")


if __name__ == "__main__":
    main()
