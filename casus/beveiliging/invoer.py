"""Input that nothing can store is refused before any view runs.

PostgreSQL text cannot hold the NUL character (0x00): a value with one fails in
the database as a server error, in a lookup (the user name at log-in, a case
number) as much as in an insert. No keyboard types it, so a request that carries
one in a field or in the query string gets a Dutch message instead. (The import
refuses it per line: ``casus.importeren.regels``.)
"""

from __future__ import annotations

from itertools import chain

from flask import Flask, request

from casus.errors import Ongeldig

NUL = "\x00"


def register_invoercontrole(app: Flask) -> None:
    @app.before_request
    def _geen_nultekens() -> None:
        paren = chain(request.args.items(multi=True), request.form.items(multi=True))
        if any(NUL in sleutel or NUL in waarde for sleutel, waarde in paren):
            raise Ongeldig("Het formulier bevat een teken dat niet kan worden opgeslagen "
                           "(een nulteken, bijvoorbeeld uit geplakte tekst). Verwijder het "
                           "en probeer het opnieuw.")
