"""Rights in one place: "may this user do X to this object" and the SQL filters
for "which objects may this user see" (domain.md section 1, docs/toegang.md).

- ``actor``: who acts (a user or an explicit system actor); ``vereis_actor`` refuses
  anyone else (closed by default);
- ``policy``: predicates (may this actor do X to this object) and the aanpakken per
  kind of work;
- ``queries``: the SQL filters every list, search, lookup and count starts from;
- ``laden``: ``casus_of_404``, ``persoon_of_404``, ``signaal_of_404``, ... load one
  object for a view, or 404 (logged);
- ``rollen``: ``vereist_rol`` guards the pages of global roles;
- ``bekend``: "ook bekend bij", the one rule for a person's cases elsewhere.

Nothing outside this package reads a user's roles or teams or filters by them
(``tests/toegang/test_een_poort.py``).
"""

from __future__ import annotations

from typing import Any


def __getattr__(naam: str) -> Any:
    # lazy, so importing casus.toegang.policy from the services creates no import cycle
    if naam in (
        "casus_of_404",
        "persoon_of_404",
        "triage_casus_of_404",
        "signaal_of_404",
        "overleg_of_404",
    ):
        from casus.toegang import laden

        return getattr(laden, naam)
    if naam == "vereist_rol":
        from casus.toegang.rollen import vereist_rol

        return vereist_rol
    raise AttributeError(naam)
