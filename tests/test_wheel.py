"""The installed package: a wheel of this checkout, installed into a new venv, builds and answers outside it.

The wheel is built offline by the project venv's hatchling (a test extra). The new venv has no pip
and no copy of the dependencies: a .pth file, written after the wheel is installed, points it at
the site-packages this test runs from, so nothing is downloaded. That path is added as a plain
directory, so the editable install's own .pth there is never processed and `pipelines` can only
come from the wheel. `doedocket` runs in a temporary directory outside the repository, so the SQL,
the bundled data and the app can only come from the installed package (pipelines/resources.py).
"""

from __future__ import annotations

import json
import os
import signal
import site
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from pipelines import resources
from pipelines.cli import main
from tests.app_server import free_port

REPO = Path(__file__).resolve().parent.parent
BUNDLE = "pipelines/_bundle"
# What the wheel must carry under BUNDLE, as paths in the checkout.
BUNDLED = ("queries", "data/curated", "data/aliases", "data/corrections", "data/fjc_districts.csv", "app.py")
STAGES = ["sued", "discovery_granted", "named", "served", "judgment"]


def _files(relative: str) -> set[str]:
    path = REPO / relative
    if path.is_file():
        return {relative}
    return {p.relative_to(REPO).as_posix() for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def _environment() -> dict[str, str]:
    """The caller's environment without what would point `doedocket` back at the checkout, and with
    ../shared named (an installed package has no checkout beside it to find it from)."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DOEDOCKET_DB")} | {
        "DOEDOCKET_SHARED": str(resources.shared())}


def _children(pid: int) -> list[int]:
    """Linux: the processes whose parent is `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _run(command: list[str], cwd: Path) -> str:
    result = subprocess.run(command, cwd=cwd, env=_environment(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{command}: {result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation", "--no-index",
          "--disable-pip-version-check", "--quiet", "-w", str(out)], cwd=REPO)
    (path,) = out.glob("doedocket-*.whl")
    return path


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv holding only the wheel, with the running tests' dependencies on its path."""
    root = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", "--clear", str(root)], cwd=root)
    python = root / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
          "--disable-pip-version-check", "--quiet", str(wheel)], cwd=root)
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=root)
    Path(purelib.strip(), "_doedocket_test_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return root


@pytest.fixture()
def elsewhere(tmp_path: Path) -> Path:
    where = tmp_path / "elsewhere"
    where.mkdir()
    assert not where.resolve().is_relative_to(REPO)
    return where


def test_wheel_carries_the_sql_bundled_data_and_app_but_no_build(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert f"{BUNDLE}/queries/schema.sql" in names
    assert f"{BUNDLE}/app.py" in names
    bundled = {name.removeprefix(BUNDLE + "/") for name in names if name.startswith(BUNDLE + "/")}
    expected = set().union(*(_files(path) for path in BUNDLED))
    assert bundled == expected
    assert any(name.startswith("queries/build/") for name in bundled)
    assert not [n for n in names if n.endswith((".duckdb", ".key")) or "/builds/" in n or "__pycache__" in n]
    assert {n.split("/")[0] for n in names} == {"pipelines", "dashboard", wheel.name.split("-py3")[0] + ".dist-info"}


def test_installed_package_finds_its_own_files(venv: Path, elsewhere: Path):
    probe = ("import json, dashboard, pipelines; from pipelines import resources; "
             "print(json.dumps({'pipelines': pipelines.__file__, 'dashboard': dashboard.__file__, "
             "'app': str(resources.APP), 'schema': str(resources.QUERIES / 'schema.sql'), "
             "'curated': str(resources.CURATED), 'districts': str(resources.FJC_DISTRICTS)}))")
    found = {key: Path(value) for key, value in json.loads(_run([str(venv / "bin" / "python"), "-c", probe],
                                                                 cwd=elsewhere)).items()}
    package = found["pipelines"].parent
    assert package.parent.name == "site-packages" and package.is_relative_to(venv)
    assert found["dashboard"].parent.parent == package.parent
    # `doedocket serve` runs `streamlit run resources.APP`: the app shipped in the package.
    assert found["app"] == package / "_bundle" / "app.py"
    assert found["app"].read_bytes() == (REPO / "app.py").read_bytes()
    assert found["schema"] == package / "_bundle" / "queries" / "schema.sql" and found["schema"].is_file()
    assert found["curated"] == package / "_bundle" / "data" / "curated"
    assert (found["curated"] / "cases.csv").read_bytes() == (REPO / "data" / "curated" / "cases.csv").read_bytes()
    assert found["districts"].is_file()


def test_installed_doedocket_builds_and_answers_outside_the_repository(venv: Path, elsewhere: Path, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]):
    doedocket = str(venv / "bin" / "doedocket")
    built = _run([doedocket, "build", "--db", "here.duckdb"], cwd=elsewhere)
    assert (elsewhere / "here.duckdb").exists()
    funnel = json.loads(_run([doedocket, "query", "funnel", "--db", "here.duckdb", "--format", "json"], cwd=elsewhere))
    cand = json.loads(_run([doedocket, "query", "funnel", "--db", "here.duckdb", "--format", "json",
                            "--param", "court=cand"], cwd=elsewhere))

    # The same commands run from the checkout.
    repo_db = str(tmp_path / "repo.duckdb")
    assert main(["build", "--db", repo_db]) == 0
    repo_built = capsys.readouterr().out
    assert main(["query", "funnel", "--db", repo_db, "--format", "json"]) == 0
    repo_funnel = json.loads(capsys.readouterr().out)
    assert main(["query", "funnel", "--db", repo_db, "--format", "json", "--param", "court=cand"]) == 0
    repo_cand = json.loads(capsys.readouterr().out)

    # "built <db> -> <build file>: 196 cases, ..." : the same counts, whatever the file names.
    assert built.split(": ", 1)[1] == repo_built.split(": ", 1)[1]
    assert funnel == repo_funnel
    assert cand == repo_cand
    assert [row["stage"] for row in funnel] == STAGES
    sued = funnel[0]["cases"]
    assert sued > cand[0]["cases"] > 0 and funnel[0]["does"] > 0
    assert all(0 <= row["cases"] <= sued for row in funnel)


def test_installed_doedocket_serves_the_database_where_it_is_run(venv: Path, elsewhere: Path):
    """`doedocket serve` with no --db: the packaged app, viewer toolbar (no Deploy), ./data/doedocket.duckdb."""
    _run([str(venv / "bin" / "doedocket"), "build"], cwd=elsewhere)
    port = free_port()
    server = subprocess.Popen([str(venv / "bin" / "doedocket"), "serve", "--port", str(port)], cwd=elsewhere,
                              env=_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, "doedocket serve exited"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    assert response.read() == b"ok"
                    break
            except OSError:
                assert time.monotonic() < deadline, "no answer on /_stcore/health within 60 s"
                time.sleep(0.25)
        (streamlit,) = _children(server.pid)
        argv = Path(f"/proc/{streamlit}/cmdline").read_bytes().decode().split("\0")
        environ = dict(v.split("=", 1) for v in Path(f"/proc/{streamlit}/environ").read_bytes().decode().split("\0")
                       if "=" in v)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    app = argv[argv.index("run") + 1]
    assert Path(app).is_relative_to(venv) and Path(app).name == "app.py"
    assert argv[argv.index("--client.toolbarMode") + 1] == "viewer"
    assert environ["DOEDOCKET_DB"] == str((elsewhere / "data" / "doedocket.duckdb").resolve())
