"""The ``pustaka`` command. The only place where errors become exit codes and text."""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path

import click

from . import __version__
from .exceptions import PustakaError, ValidationFailed, one_line

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


def _gh(text: str, prop: bool = False) -> str:
    """``text`` escaped for a GitHub workflow command (its data, or a property's value)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def _fail(exc: Exception) -> None:
    """Print an error the librarian can act on and exit non-zero."""
    if isinstance(exc, ValidationFailed):
        for problem in exc.problems:
            click.echo(str(problem), err=True)
            if os.environ.get("GITHUB_ACTIONS") == "true":
                # GitHub shows these as annotations on the file and line of the pull request.
                click.echo(f"::error file={_gh(problem.path, True)},line={problem.line},col={problem.column}::"
                           f"{_gh(one_line(problem.field))}: {_gh(one_line(problem.message))}", err=True)
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
@click.option("-k", "--keep-going", is_flag=True, default=None,
              help="Build even if some media files cannot be processed: each is reported and offered "
                   "as a download only. Without it a bad scan stops the build.")
@click.option("--site-url", metavar="URL",
              help="The address the site is published at, instead of site_url in mkdocs.yml "
                   "(e.g. https://org.github.io/library/ on GitHub Pages).")
def build(config_file: Path, site_dir: Path | None, strict: bool, keep_going: bool | None,
          site_url: str | None) -> None:
    """Build the site. The old site is replaced only when the build succeeds."""
    from .build import build_site

    try:
        result = build_site(config_file, site_dir, strict=strict, keep_going=keep_going, site_url=site_url)
    except PustakaError as exc:
        _fail(exc)
    stats = result.stats
    click.echo(f"Built {result.site_dir} in {result.seconds:.1f} s: {stats.get('records', 0)} records, "
               f"{stats.get('pages', 0)} record pages ({stats.get('rendered', 0)} rendered, "
               f"{stats.get('reused', 0)} unchanged).", err=True)
    media = stats.get("media")
    if media and (media["processed"] or media["cached"]):
        click.echo(f"Media: {media['processed'] - media['failed']} processed, {media['cached']} from the cache"
                   + (f", {media['failed']} failed (see the warnings above)" if media["failed"] else "") + ".", err=True)


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
    # Stopped by a service manager or a test (SIGTERM): shut down as on Ctrl+C, so MkDocs
    # removes its temporary site and the plugin its copy of it.
    signal.signal(signal.SIGTERM, _interrupt)
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
              help="Folder for the JSON Schema files (default: where the records' schema comments point: "
                   "collection/.schemas/, or generator/schemas/ in Pustaka's own repository).")
@CONFIG_OPTION
def schema(out: Path | None, config_file: Path) -> None:
    """Write the JSON Schema of each record kind (for editor completion)."""
    from .build import collection_dir
    from .records import schema_folder, write_schemas

    if out is None:
        try:
            root, _ = collection_dir(config_file)
        except PustakaError as exc:
            _fail(exc)
        out = schema_folder(root)
    for path in write_schemas(out):
        click.echo(str(path))


@cli.group(invoke_without_command=True)
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"),
              show_default=True, help="The built site, whose assets/pustaka/forms.json defines the forms.")
@click.option("--database", default="pustaka.db", show_default=True,
              help="A SQLite file, or a postgresql://user@host/db URL.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--origin", "origins", multiple=True, metavar="URL",
              help="A site origin allowed to post (repeat; the site_url and the local preview are always allowed).")
@click.option("--no-local-preview", "no_local_preview", is_flag=True,
              help="Refuse pages served from this computer (127.0.0.1, localhost, ::1 on any port), "
                   "which the local preview (pustaka serve) is otherwise allowed to post from.")
@click.option("--allow-file-origin", is_flag=True,
              help="Take requests from pages opened from file:// (a USB copy), which post with Origin: null.")
@click.option("--rate-limit", default=30, show_default=True, type=int, help="Posts per IP per minute; 0 = no limit.")
@click.option("--hours", default="mon-fri 08:00-16:00", show_default=True, help="Working hours for SLA clocks.")
@click.option("--smtp-host", help="Send e-mail notifications through this SMTP server.")
@click.option("--smtp-port", default=25, show_default=True, type=int)
@click.option("--smtp-starttls", is_flag=True, help="Use STARTTLS (login from PUSTAKA_SMTP_USER/PASSWORD).")
@click.option("--mail-from", default="pustaka@localhost", show_default=True)
@click.option("--notify", "notify_to", help="The library's address that hears of every new request.")
@click.option("--secure-cookies", is_flag=True,
              help="Mark dashboard cookies Secure even when a request does not arrive over HTTPS "
                   "(they are whenever it does).")
@click.option("--trusted-proxy", "trusted_proxies", multiple=True, metavar="IP",
              help="A reverse proxy (address or network) whose X-Forwarded-For/-Proto headers name the reader; "
                   "repeat for several. Without one, those headers are ignored.")
@click.option("--timezone", metavar="ZONE",
              help="The library's time zone for SLA clocks and the dashboard (default: the site's, from mkdocs.yml).")
@click.option("--max-attachment-mb", type=click.IntRange(1, 500), default=20, show_default=True,
              help="Largest result file a librarian may attach to a request.")
@click.option("--oai-base-url", metavar="URL",
              help="The public address of /oai that OAI-PMH harvesters use (default: the address of each request).")
@CONFIG_OPTION
@click.pass_context
def endpoint(ctx: click.Context, site_dir: Path, database: str, host: str, port: int, origins: tuple[str, ...],
             no_local_preview: bool, allow_file_origin: bool, rate_limit: int, hours: str, smtp_host: str | None, smtp_port: int, smtp_starttls: bool,
             mail_from: str, notify_to: str | None, secure_cookies: bool, timezone: str | None,
             oai_base_url: str | None, trusted_proxies: tuple[str, ...], max_attachment_mb: int,
             config_file: Path) -> None:
    """Run the form endpoint: requests, ticket status, availability, librarians' dashboard,
    and OAI-PMH at /oai over the built site's catalogue.

    `pustaka endpoint adduser NAME` adds a librarian.
    """
    from .endpoint.app import Settings
    from .site.forms import FORMS_PATH

    ctx.obj = {"database": database}
    if ctx.invoked_subcommand is not None:
        return
    import uvicorn

    from .endpoint.app import create_app
    from .endpoint.proxies import uvicorn_options

    forms = site_dir / FORMS_PATH
    if not forms.exists():
        # No built site yet (e.g. beside `pustaka serve`): write the definitions from the records.
        from .build import load_mkdocs_config, plugin_options, validate as run_validate
        from .site.forms import write_forms

        try:
            config = load_mkdocs_config(config_file)
            forms = write_forms(config_file.resolve().parent / ".pustaka-cache" / "endpoint", run_validate(config_file),
                                site_url=config.site_url or "", site_name=config.site_name,
                                timezone=plugin_options(config_file).timezone)
        except PustakaError as exc:
            _fail(exc)
    smtp = None
    if smtp_host:
        from .endpoint.notify import SMTPSettings

        smtp = SMTPSettings(host=smtp_host, port=smtp_port, sender=mail_from, library=notify_to,
                            username=os.environ.get("PUSTAKA_SMTP_USER"),
                            password=os.environ.get("PUSTAKA_SMTP_PASSWORD"), starttls=smtp_starttls,
                            dashboard_url=f"http://{host}:{port}")
    settings = Settings(forms_path=forms, database=database, origins=list(origins), rate_limit=rate_limit,
                        hours=hours, smtp=smtp, secure_cookies=secure_cookies, site_dir=site_dir,
                        oai_base_url=oai_base_url, allow_file_origin=allow_file_origin, timezone=timezone,
                        local_preview=not no_local_preview, max_attachment=max_attachment_mb * 1024 * 1024)
    app = create_app(settings)
    click.echo(f"Form endpoint on http://{host}:{port}/ (dashboard: /dasbor) — press Ctrl+C to stop.", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                **uvicorn_options(trusted_proxies))


@endpoint.command()
@click.argument("username")
@click.option("--branch", "branches", multiple=True, help="A branch this librarian works for (repeat; none = all).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_obj
def adduser(obj: dict, username: str, branches: tuple[str, ...], password_stdin: bool) -> None:
    """Add a librarian (or set a new password) for the dashboard."""
    from .endpoint.dashboard import hash_password
    from .endpoint.store import open_store

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        _fail(PustakaError("the password needs at least 8 characters"))
    store = open_store(obj["database"])
    store.put_user(username, hash_password(password), branches=list(branches))
    store.close()
    click.echo(f"Librarian {username} can now log in at /dasbor.")


@cli.command()
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"),
              show_default=True, help="The built site, whose data/catalogue.json is served.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8002, show_default=True, type=int)
@click.option("--base-url", help="The public base URL harvesters use (default: the address of each request).")
@click.option("--page-size", default=100, show_default=True, type=int, help="Records per response before a resumption token.")
def oai(site_dir: Path, host: str, port: int, base_url: str | None, page_size: int) -> None:
    """Serve the catalogue over OAI-PMH 2.0 (oai_dc) for harvesters such as Indonesia OneSearch."""
    import uvicorn

    from .oai.app import create_app

    try:
        app = create_app(site_dir, base_url=base_url, page_size=page_size)
    except FileNotFoundError as exc:
        _fail(PustakaError(str(exc)))
    click.echo(f"OAI-PMH on http://{host}:{port}/?verb=Identify — press Ctrl+C to stop.", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


class _ImportFormat(click.ParamType):
    """A registered import format (generator.importers.registry), looked up only when the
    import command runs: loading the readers takes half a second no other command needs."""

    name = "format"

    def convert(self, value: str, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from .importers import formats

        known = formats()
        if value not in known:
            self.fail(f"{value!r} is not one of {', '.join(map(repr, known))}.", param, ctx)
        return value


class _ImportCommand(click.Command):
    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from .importers import formats

        super().format_help_text(ctx, formatter)
        with formatter.section("Formats"):
            formatter.write_dl([(fmt.name, fmt.help) for fmt in formats().values()])


@cli.command("import", cls=_ImportCommand)
@click.argument("fmt", metavar="FORMAT", type=_ImportFormat())
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@CONFIG_OPTION
@click.option("--items-csv", "items_csv", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="SLiMS: the item (copy) export, joined on item_code (repeatable).")
@click.option("--covers", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A folder of the exported cover images (SLiMS: images/docs).")
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="csv: the YAML file naming the column of each field.")
@click.option("--branch-map", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML mapping of location names in the source to branch ids.")
@click.option("--default-branch", metavar="ID", help="Branch of copies whose location is not in the branch map.")
@click.option("--set", "oai_set", metavar="SPEC", help="oai: harvest only this set.")
@click.option("--name", help="Name of this source's import state in collection/.imports/ (default: the format).")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report to this file (.json for JSON, otherwise Markdown).")
@click.option("--dry-run", is_flag=True, help="Read and report, but write nothing.")
def import_(fmt: str, sources: tuple[str, ...], config_file: Path, items_csv: tuple[Path, ...], covers: Path | None,
            mapping: Path | None, branch_map: Path | None, default_branch: str | None, oai_set: str | None,
            name: str | None, report_file: Path | None, dry_run: bool) -> None:
    """Import a catalogue into collection/items/, one YAML file per work.

    FORMAT is one of those listed below. Running the same import again updates what it
    wrote, but keeps fields a librarian has edited since and lists them in the report.
    """
    from .build import collection_dir
    from .importers import ImportSettings, run_import

    try:
        root, _ = collection_dir(config_file)
        settings = ImportSettings(collection=root, name=name, items_csv=items_csv, covers=covers, mapping=mapping,
                                  branch_map=branch_map, default_branch=default_branch, oai_set=oai_set,
                                  dry_run=dry_run)
        report = run_import(fmt, list(sources), settings)
    except PustakaError as exc:
        _fail(exc)
    click.echo(report.as_text())
    if report_file:
        text = report.as_json() if report_file.suffix.lower() == ".json" else report.as_markdown()
        report_file.write_text(text, encoding="utf-8")
    if not dry_run and (report.created or report.updated):
        click.echo("Check the records with: pustaka validate")


@cli.group()
def export() -> None:
    """Publish the site for readers without internet: a USB stick copy or a Kiwix ZIM file."""


FROM_SITE_OPTION = click.option("--from-site", type=click.Path(exists=True, file_okay=False, path_type=Path),
                                help="Copy this already built site instead of building one.")


@export.command("usb")
@click.argument("target", metavar="DIR", type=click.Path(path_type=Path))
@CONFIG_OPTION
@FROM_SITE_OPTION
@click.option("-k", "--keep-going", is_flag=True, default=None, help="As for pustaka build.")
def export_usb(target: Path, config_file: Path, from_site: Path | None, keep_going: bool | None) -> None:
    """Write the site into DIR to be opened from index.html with no internet.

    DIR gets BACA-SAYA.txt (how to use the copy) and pustaka-manifest.sha256 (checked by
    `pustaka verify-usb DIR`). DIR must be new, empty or an earlier export; it is replaced
    only when the new copy is complete. The export stops if any page would load something
    from the network or link to a folder.
    """
    from .publish.usb import export_usb as run_export

    try:
        result = run_export(config_file, target, from_site=from_site, keep_going=keep_going)
    except PustakaError as exc:
        _fail(exc)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Wrote {result.target}: {result.pages} pages, {result.files} files, "
               f"{result.bytes / 1_000_000:.1f} MB. Open index.html; check later with: pustaka verify-usb {target}")


@export.command("zim")
@click.argument("out", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@CONFIG_OPTION
@FROM_SITE_OPTION
@click.option("-k", "--keep-going", is_flag=True, default=None, help="As for pustaka build.")
@click.option("--title", help="The name Kiwix lists (at most 30 characters; default: the site name, shortened).")
def export_zim(out: Path, config_file: Path, from_site: Path | None, keep_going: bool | None,
               title: str | None) -> None:
    """Pack the site into a ZIM FILE, with full-text search, for Kiwix and Internet-in-a-Box."""
    from .publish.zim import export_zim as run_export

    try:
        result = run_export(config_file, out, from_site=from_site, keep_going=keep_going, title=title)
    except PustakaError as exc:
        _fail(exc)
    click.echo(f"Wrote {result.path}: {result.pages} pages, {result.entries} entries, "
               f"{result.bytes / 1_000_000:.1f} MB.")


@cli.command("verify-usb")
@click.argument("target", metavar="DIR", type=click.Path(path_type=Path))
def verify_usb(target: Path) -> None:
    """Check a USB copy against its manifest: changed, missing and extra files.

    Exit code 0 when every file is as exported, 1 otherwise.
    """
    from .publish.verify import verify_copy

    try:
        report = verify_copy(target)
    except PustakaError as exc:
        _fail(exc)
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        click.echo(f"{len(report.lines())} problem(s) in {target}; copy the whole folder again from the library.",
                   err=True)
        sys.exit(1)
    click.echo(f"All {report.checked} files in {target} are as exported.")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    cli(prog_name="pustaka")


if __name__ == "__main__":
    main()
