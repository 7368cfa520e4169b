"""The package installs from its wheel alone: templates, static files and migrations ship.

The wheel is built from a copy of only what ``pyproject.toml`` packages, installed
without dependencies into a fresh virtualenv, and run from a folder outside the
checkout, so nothing can come from the source tree. The dependencies (Flask,
SQLAlchemy, ...) are not what is tested: the fresh virtualenv reads them from the
test environment's site-packages through a ``.pth`` file, so the test needs no network.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# what the wheel is built from: the project file and the packages it names
BRON = ("pyproject.toml", "README.md", "config.py", "casus", "workflows")


def _run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    klaar = subprocess.run(  # noqa: S603 - argv built by this test
        argv,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert klaar.returncode == 0, f"{' '.join(argv)}\n{klaar.stdout[-3000:]}{klaar.stderr[-3000:]}"
    return klaar.stdout


def _bouw_wheel(tmp_path: Path) -> Path:
    bron = tmp_path / "bron"
    bron.mkdir()
    for naam in BRON:
        pad = ROOT / naam
        if pad.is_dir():
            shutil.copytree(pad, bron / naam, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(pad, bron / naam)
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path / "dist"),
            str(bron),
        ],
        tmp_path,
    )
    (wheel,) = (tmp_path / "dist").glob("casus-*.whl")
    return wheel


def _venv_met(wheel: Path, tmp_path: Path) -> Path:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    python = venv / "bin" / "python"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            str(wheel),
        ],
        tmp_path,
    )
    eigen = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp_path
        ).strip()
    )
    # the dependencies only: this site-packages' own .pth files (the editable casus) are
    # not processed, so ``casus`` can only come from the wheel
    afhankelijk = {sysconfig.get_path("purelib"), *site.getsitepackages()}
    (eigen / "_afhankelijkheden.pth").write_text("\n".join(sorted(afhankelijk)) + "\n")
    return venv


def test_the_wheel_installs_migrates_and_serves_the_login_page(tmp_path: Path) -> None:
    wheel = _bouw_wheel(tmp_path)
    venv = _venv_met(wheel, tmp_path)
    werkmap = tmp_path / "elders"
    werkmap.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "TEST_DATABASE_URL", "DATABASE_URL", "CASUS_OMGEVING"}
    }
    env |= {
        "DATABASE_URL": f"sqlite:///{werkmap / 'casus.sqlite'}",
        "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
    }
    python = str(venv / "bin" / "python")

    herkomst = _run(
        [python, "-c", "import casus, config; print(casus.__file__); print(config.__file__)"],
        werkmap,
        env,
    ).split()
    assert all(Path(p).is_relative_to(venv) for p in herkomst), herkomst

    _run([python, "-m", "flask", "--app", "casus", "db", "upgrade"], werkmap, env)
    uit = _run(
        [
            python,
            "-c",
            (
                "from casus import create_app\n"
                "from sqlalchemy import inspect\n"
                "from casus.extensions import db\n"
                "app = create_app()\n"
                "with app.app_context():\n"
                "    print('tabellen', len(inspect(db.engine).get_table_names()))\n"
                "c = app.test_client()\n"
                "r = c.get('/inloggen')\n"
                "print('inloggen', r.status_code, 'Inloggen' in r.get_data(as_text=True))\n"
                "print('css', c.get('/static/css/casus.css').status_code)\n"
            ),
        ],
        werkmap,
        env,
    )
    regels = dict(r.split(" ", 1) for r in uit.splitlines())
    assert int(regels["tabellen"]) > 20
    assert regels["inloggen"] == "200 True"
    assert regels["css"] == "200"
