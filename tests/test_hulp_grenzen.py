"""The tests share code through ``tests.hulp`` only: no test module and no conftest
imports from a conftest or from another test module, and no other ``tests.*``
module is imported anywhere under tests/."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
TOEGESTAAN = ("tests", "hulp")  # tests.hulp and everything below it


def _geimporteerd(plek: Path, knoop: ast.Import | ast.ImportFrom) -> list[list[str]]:
    """The modules (or module.name) an import statement in ``plek`` reaches, as
    dotted parts; a relative import counts from the file's own package."""
    if isinstance(knoop, ast.Import):
        return [alias.name.split(".") for alias in knoop.names]
    pakket = ["tests", *plek.relative_to(TESTS).parent.parts]
    basis = pakket[: len(pakket) - knoop.level + 1] if knoop.level else []
    module = [*basis, *(knoop.module.split(".") if knoop.module else [])]
    return [[*module, alias.name] for alias in knoop.names]


def fout_imports(tekst: str, plek: Path) -> list[str]:
    """``file:line: import`` of every import in ``tekst`` (the file ``plek`` under
    tests/) that reaches a conftest or a ``tests.*`` module outside ``tests.hulp``."""
    fouten = []
    for knoop in ast.walk(ast.parse(tekst, filename=str(plek))):
        if not isinstance(knoop, ast.Import | ast.ImportFrom):
            continue
        for delen in _geimporteerd(plek, knoop):
            naar_tests = delen[:1] == ["tests"] and len(delen) > 1
            if "conftest" in delen or (naar_tests and tuple(delen[:2]) != TOEGESTAAN):
                fouten.append(
                    f"{plek.relative_to(TESTS.parent)}:{knoop.lineno}: {ast.unparse(knoop)}"
                )
                break
    return fouten


def test_tests_import_shared_code_only_from_tests_hulp() -> None:
    fouten = [
        f
        for bestand in sorted(TESTS.rglob("*.py"))
        for f in fout_imports(bestand.read_text(encoding="utf-8"), bestand)
    ]
    assert fouten == [], "alleen tests.hulp mag gedeeld worden:\n" + "\n".join(fouten)


def test_the_check_names_every_kind_of_forbidden_import() -> None:
    """What the check above is worth: each forbidden import is named, nothing else."""
    plant = (
        "from tests.conftest import login\n"
        "import tests.web.test_inloggen\n"
        "from tests.hulp import client\n"
        "from . import conftest\n"
        "from .test_werkplek import ik\n"
        "from tests import demo\n"
        "import tests.hulp.fabrieken\n"
        "def f():\n"
        "    from ..triage.conftest import persoon\n"
        "    from ..hulp.klok import stil\n"
    )
    gevonden = fout_imports(plant, TESTS / "web" / "test_plant.py")
    assert [f.split(": ", 1)[0] for f in gevonden] == [
        f"tests/web/test_plant.py:{regel}" for regel in (1, 2, 4, 5, 6, 9)
    ]
