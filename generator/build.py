"""Building a site safely: into a fresh folder beside the old one, swapped in on success.

A failed build (a bad record, a template error, a full disk) leaves the previous site
exactly as it was. The previous site also lends its unchanged pages to the new one.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from .exceptions import BuildError, ConfigError
from .records import Collection, load_collection

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    site_dir: Path
    seconds: float
    stats: dict


def _plugin(config):
    plugin = config.plugins.get("pustaka")
    if plugin is None:
        raise ConfigError("mkdocs.yml does not enable the pustaka plugin (plugins: [pustaka])")
    return plugin


def load_mkdocs_config(config_file: Path, **overrides):
    if not config_file.is_file():
        raise ConfigError(f"{config_file}: no such file (run pustaka in the folder that holds mkdocs.yml, or pass -f)")
    try:
        return load_config(config_file=str(config_file), **overrides)
    except ConfigurationError as exc:
        raise ConfigError(f"{config_file}: {exc}") from None
    except Abort as exc:
        raise ConfigError(f"{config_file}: {exc}") from None


def plugin_options(config_file: Path):
    """The options of mkdocs.yml's pustaka plugin (collection, timezone, …)."""
    return _plugin(load_mkdocs_config(config_file)).config


def collection_dir(config_file: Path) -> tuple[Path, Path]:
    """The collection folder named by mkdocs.yml's pustaka plugin, and the project folder."""
    project = config_file.resolve().parent
    return (project / plugin_options(config_file).collection).resolve(), project


def validate(config_file: Path) -> Collection:
    """Load and check every record; raise `ValidationFailed` listing every problem."""
    root, project = collection_dir(config_file)
    return load_collection(root, project_dir=project, cache_dir=None)


def build_site(config_file: Path, site_dir: Path | None = None, *, strict: bool = False,
               keep_going: bool | None = None, site_url: str | None = None) -> BuildResult:
    """Build into a fresh folder and swap it in. ``keep_going``: a media file that cannot be
    processed is reported and shown as a download only, instead of stopping the build
    (None: as mkdocs.yml says). ``site_url`` replaces mkdocs.yml's (GitHub Pages knows its
    address only at deploy time, e.g. ``https://org.github.io/library/``)."""
    started = time.perf_counter()
    final = Path(site_dir or load_mkdocs_config(config_file).site_dir).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = final.parent / f".{final.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    overrides = {"site_url": site_url} if site_url else {}
    config = load_mkdocs_config(config_file, site_dir=str(staging), strict=strict, **overrides)
    plugin = _plugin(config)
    plugin.previous_site = final if final.is_dir() else None
    plugin.final_site = final
    plugin.keep_going = keep_going
    quiet = _DropMessage(lambda: str(plugin.failure) if plugin.failure else None)
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(quiet)
    try:
        mkdocs_build(config)
    except (PluginError, Abort) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if plugin.failure is not None:
            raise plugin.failure from None
        raise BuildError(f"the build stopped: {exc}", site_dir=final) from exc
    except BaseException:  # interrupted: MkDocs has not stopped what runs beside the pages
        plugin.stop_background()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        build_log.removeFilter(quiet)
    replace_folder(staging, final)
    return BuildResult(final, time.perf_counter() - started, dict(plugin.stats))


class _DropMessage(logging.Filter):
    """Keeps MkDocs from printing the validation report that the CLI prints itself."""

    def __init__(self, message) -> None:
        super().__init__()
        self.message = message

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != self.message()


def replace_folder(new: Path, final: Path) -> None:
    """Put ``new`` where ``final`` is; the old site is removed only once the new one is in place."""
    old = final.parent / f".{final.name}.old-{os.getpid()}"
    if final.exists():
        os.replace(final, old)
    os.replace(new, final)
    shutil.rmtree(old, ignore_errors=True)
