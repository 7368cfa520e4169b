"""One gate: who may see or do what is decided in ``casus/toegang`` and nowhere else.

Why this test exists: the aanmelding's person lookup once had a visibility rule of its
own (``vindbare_personen``), one of about twelve places that decided who sees what next
to ``casus.toegang``, and it leaked the names and birth dates of other teams' persons,
minors among them. Every new door (an API, partners, documents, single sign-on) would
add another such place. This test reads the source of the application and fails when
code outside ``casus/toegang`` reads a user's roles or teams, names the strictly
confidential flag, or filters rows by aanpak membership, so that the next rule is
written where it is checked once, tested once and audited once.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CASUS = ROOT / "casus"
TOEGANG = CASUS / "toegang"

# reading a user's roles and teams: only casus.toegang decides with them
ROL_METHODEN = {"aanpakken", "aanpakken_als", "heeft_rol"}
# the strictly-confidential flag of an aanpak (PGA-R): who may learn of such cases
VERTROUWELIJK = "strikt_vertrouwelijk"
# the membership tables themselves
LIDMAATSCHAP = {"Teamlid", "GebruikerRol"}

# Places that legitimately touch roles and memberships without deciding access with
# them, each with its reason.
UITZONDERINGEN: dict[str, set[str]] = {
    # the model that defines the role methods and the membership tables
    "casus/auth/models.py": ROL_METHODEN | LIDMAATSCHAP,
    # the registry of every table, for Alembic and the tests
    "casus/models.py": LIDMAATSCHAP,
    # creating a user with roles (CLI), and the one writer of roles and teams
    # (geef_rollen: the beheerder's screens, API clients): administration, not access
    "casus/auth/services.py": LIDMAATSCHAP,
    # building the demo users with their roles (setup data, no access decision)
    "casus/demo/__init__.py": LIDMAATSCHAP,
    "casus/demo/opbouw.py": LIDMAATSCHAP | {"aanpakken_als"},
}


def _bronbestanden() -> list[Path]:
    return sorted(p for p in CASUS.rglob("*.py") if TOEGANG not in p.parents)


def _overtredingen(pad: Path) -> list[str]:
    naam = pad.relative_to(ROOT).as_posix()
    toegestaan = UITZONDERINGEN.get(naam, set())
    boom = ast.parse(pad.read_text(encoding="utf-8"), filename=naam)
    fouten = []
    for knoop in ast.walk(boom):
        regel = getattr(knoop, "lineno", 0)
        if (
            isinstance(knoop, ast.Call)
            and isinstance(knoop.func, ast.Attribute)
            and knoop.func.attr in ROL_METHODEN - toegestaan
        ):
            fouten.append(f"{naam}:{regel} roept .{knoop.func.attr}() aan")
        if isinstance(knoop, ast.Attribute) and knoop.attr == VERTROUWELIJK:
            fouten.append(f"{naam}:{regel} leest .{VERTROUWELIJK}")
        if isinstance(knoop, ast.Name) and knoop.id in LIDMAATSCHAP - toegestaan:
            fouten.append(f"{naam}:{regel} gebruikt {knoop.id}")
        if isinstance(knoop, ast.ImportFrom):
            for alias in knoop.names:
                if alias.name in LIDMAATSCHAP - toegestaan:
                    fouten.append(f"{naam}:{regel} importeert {alias.name}")
        # <Model>.aanpak.in_(...) / .not_in(...): filtering rows by a set of aanpakken is
        # what the visibility filters do; a user's chosen filter is one aanpak (==)
        if (
            isinstance(knoop, ast.Call)
            and isinstance(knoop.func, ast.Attribute)
            and knoop.func.attr in ("in_", "not_in")
            and isinstance(knoop.func.value, ast.Attribute)
            and knoop.func.value.attr == "aanpak"
        ):
            fouten.append(f"{naam}:{regel} filtert op een verzameling aanpakken")
    return fouten


def test_no_access_rule_outside_casus_toegang() -> None:
    fouten = [f for pad in _bronbestanden() for f in _overtredingen(pad)]
    assert fouten == [], "\n".join(
        ["Toegangsregels horen in casus/toegang (zie de docstring van deze test):", *fouten]
    )


@pytest.mark.parametrize(
    "bron",
    [
        "def f(g):\n    return g.aanpakken()\n",
        "def f(g):\n    return 'ipta' in g.aanpakken_als('triage')\n",
        "def f(g):\n    return g.heeft_rol('manager')\n",
        "def f(a):\n    return a.strikt_vertrouwelijk\n",
        "from casus.auth.models import Teamlid\n",
        "def f(q, codes):\n    return q.where(Casus.aanpak.in_(codes))\n",
        "def f(q, codes):\n    return q.where(Signaal.aanpak.not_in(codes))\n",
    ],
)
def test_the_check_recognises_each_kind_of_rule(
    tmp_path: Path, bron: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above must not pass by being blind: each pattern it looks for, written
    in a module outside casus/toegang, is reported."""
    nep = tmp_path / "casus" / "elders.py"
    nep.parent.mkdir()
    nep.write_text(bron, encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert _overtredingen(nep) != []
