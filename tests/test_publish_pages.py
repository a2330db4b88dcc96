"""Publishing on GitHub Pages: the workflow, a sub-path site_url, robots.txt, the 404 page,
and the pre-commit hook that checks records before a commit."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from .conftest import ROOT
from .pages_support import PAGES_URL, serve_like_pages
from .projects import make_project

WORKFLOW = ROOT / ".github/workflows/pages.yml"
BIN = Path(sys.executable).parent


# -- the workflow ----------------------------------------------------------------------------

def _workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def _uses(job: dict) -> list[str]:
    return [step["uses"] for step in job["steps"] if "uses" in step]


def test_the_workflow_is_a_valid_github_workflow() -> None:
    # check-jsonschema's copy of SchemaStore's schema for workflow files (no network needed).
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_are_validated_with_annotations() -> None:
    workflow = _workflow()
    assert "pull_request" in workflow["on"]
    jobs = [job for job in workflow["jobs"].values() if re.search(r"^pustaka validate\b", _runs(job), re.M)]
    assert jobs, "no job runs pustaka validate"
    job = jobs[0]
    assert "if" not in job, "validation must run on pull requests too"
    assert "actions/checkout@v4" in _uses(job) and re.search(r"^pip install \.$", _runs(job), re.M)
    # The annotations come from GITHUB_ACTIONS=true, which Actions sets; nothing may switch it off.
    envs = [workflow.get("env", {}), job.get("env", {})] + [step.get("env", {}) for step in job["steps"]]
    assert not any("GITHUB_ACTIONS" in env for env in envs)


def test_main_is_built_for_its_pages_address_and_deployed() -> None:
    workflow = _workflow()
    assert workflow["on"]["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    build = next(job for job in jobs.values() if "pustaka build" in _runs(job))
    assert "--strict" in _runs(build) and "--site-url" in _runs(build)
    assert "actions/configure-pages@v5" in _uses(build)
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site" and "--site-dir site" in _runs(build)
    assert "pull_request" in upload["if"], "pull requests must not upload a Pages artifact"

    name, deploy = next((n, job) for n, job in jobs.items() if "actions/deploy-pages@v4" in _uses(job))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    # deploy needs build, which needs validate: a bad record never reaches the site.
    needs = {n: job.get("needs") for n, job in jobs.items()}
    build_name = next(n for n, job in jobs.items() if job is build)
    assert needs[name] == build_name and needs[build_name] in jobs and needs[needs[build_name]] is None
    # The repository only reads, except the deploy job, which alone may write to Pages.
    assert workflow["permissions"] == {"contents": "read"}


# -- a sub-path site_url -----------------------------------------------------------------------

def test_absolute_urls_carry_the_sub_path(built_pages_site: Path) -> None:
    site = built_pages_site
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', (site / "katalog/index.html").read_text())
    assert canonical and canonical.group(1) == PAGES_URL + "katalog/index.html"
    for name in ("sitemap.xml", "sitemap-1.xml", "koleksi-baru.atom", "koleksi-baru.rss", "kegiatan.atom"):
        urls = re.findall(r"https?://[^\s<>\"']+", (site / name).read_text(encoding="utf-8"))
        ours = [u for u in urls if urlsplit(u).hostname == "org.github.io"]
        assert ours, f"{name} has no URL of the site"
        outside = [u for u in ours if not u.startswith(PAGES_URL)]
        assert not outside, f"{name} has URLs outside {PAGES_URL}: {outside[:5]}"
    assert "perpustakaan-tanjung-lestari.example" not in (site / "sitemap-1.xml").read_text()


def test_robots_txt_allows_all_and_names_the_sitemap(built_pages_site: Path) -> None:
    lines = (built_pages_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert not any(line.startswith("Disallow: /") for line in lines)
    assert f"Sitemap: {PAGES_URL}sitemap.xml" in lines
    # The standard library's parser reads it the same way a crawler does.
    from urllib.robotparser import RobotFileParser

    parser = RobotFileParser()
    parser.parse(lines)
    assert parser.can_fetch("Googlebot", PAGES_URL + "katalog/index.html")
    assert parser.site_maps() == [PAGES_URL + "sitemap.xml"]


def test_robots_txt_without_site_url_has_no_sitemap_line() -> None:
    from generator.metadata.robots import robots_txt

    assert "Sitemap" not in robots_txt("")
    assert robots_txt("https://x.example/lib").endswith("Sitemap: https://x.example/lib/sitemap.xml\n")


# -- the 404 page --------------------------------------------------------------------------

@pytest.mark.browser
def test_the_404_page_works_at_any_depth(built_pages_site: Path, page) -> None:
    from .conftest import assert_no_axe_violations

    with serve_like_pages(built_pages_site) as base:
        response = page.goto(base + "katalog/tidak/ada/di/sini.html")
        assert response.status == 404
        assert page.locator("h1").inner_text() == "Halaman tidak ditemukan"
        assert page.locator("html").get_attribute("lang") == "id"
        assert page.locator("section[lang=en] h2").inner_text() == "Page not found"
        # The stylesheets loaded from four folders down: pustaka.css styles the skip and help links.
        sheets = page.evaluate("""() => [...document.styleSheets].filter(s => s.href)
            .map(s => [new URL(s.href).pathname, s.cssRules.length])""")
        assert sheets and all(count > 0 for _, count in sheets), sheets
        assert any(path == "/library/assets/pustaka/pustaka.css" for path, _ in sheets), sheets
        assert_no_axe_violations(page)
        page.get_by_role("link", name="Cari di katalog").click()
        page.wait_for_url(base + "katalog/cari.html")
        page.go_back()
        with page.expect_navigation() as home:
            page.get_by_role("link", name="Kembali ke beranda").click()
        assert home.value.status == 200 and page.url == base + "index.html"
        # And the English link leads to the English home page.
        page.goto(base + "en/katalog/x/y.html")
        with page.expect_navigation() as english:
            page.get_by_role("link", name="Home page").click()
        assert english.value.status == 200 and page.url == base + "en/index.html"


def test_every_link_of_the_404_page_is_root_relative_to_the_sub_path(built_pages_site: Path) -> None:
    html = (built_pages_site / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src|action)="([^"]+)"', html)
    local = [link for link in links if not link.startswith(("https://", "http://", "#", "mailto:"))]
    assert local and all(link.startswith("/library/") for link in local), [x for x in local if
                                                                          not x.startswith("/library/")]


# -- pre-commit --------------------------------------------------------------------------------

def test_the_hook_configurations_are_valid_and_name_pustaka_validate() -> None:
    from pre_commit.clientlib import load_config, load_manifest

    config = load_config(str(ROOT / ".pre-commit-config.yaml"))
    (hook,) = [h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "pustaka-validate"]
    (shared,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    for h in (hook, shared):
        assert h["entry"] == "pustaka validate" and h["pass_filenames"] is False
        assert h["files"] == "^collection/"
    assert shared["language"] == "python"  # other repositories get Pustaka installed by pre-commit


@pytest.fixture
def git_project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "perpustakaan")
    shutil.copy(ROOT / ".pre-commit-config.yaml", project)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)
    return project


def _pre_commit(project: Path, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "PRE_COMMIT_HOME": str(project.parent / "pre-commit-home"), "NO_COLOR": "1"}
    return subprocess.run([str(BIN / "pre-commit"), "run", "--files", *files], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def test_pre_commit_stops_a_bad_record_and_lets_a_good_one_through(git_project: Path) -> None:
    good = _pre_commit(git_project, "collection/items/hikayat-uji.yml")
    assert good.returncode == 0 and "Passed" in good.stdout, good.stdout + good.stderr
    outside = _pre_commit(git_project, "mkdocs.yml")
    assert outside.returncode == 0 and "no files to check" in outside.stdout, outside.stdout

    (git_project / "collection/items/rusak.yml").write_text("type: book\ntitle: Rusak\ndate: kemarin\n")
    bad = _pre_commit(git_project, "collection/items/rusak.yml")
    assert bad.returncode == 1, bad.stdout
    assert ('collection/items/rusak.yml:3:7: date: expected a year, a date (YYYY-MM-DD) or a range, got "kemarin"'
            in bad.stdout), bad.stdout
