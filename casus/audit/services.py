"""Writing the verwerkingenlog: ``log_actie`` is what every other package calls, and
``log_wijziging`` around a change, so that a refused change is logged as well.

A record is appended without any lock: the chain is sealed after commit
(``casus.audit.zegel``), so no request waits for another's audit record.

A record of a change joins the current unit of work, so a change and its record are
committed together (the view or CLI command commits). A read (a page view) writes
nothing while the page is made: its records wait for ``bewaar_na_verzoek`` (an
after_request hook), which writes them in a short transaction of its own at the end
(``casus.werkeenheid``); a page whose records cannot be written is not shown (the
error propagates: a server error instead of the page). For an error or
refused change it rolls the unit of work back and writes the records again alone;
the "ok" record of a change made with ``log_wijziging`` is then dropped, because
the change itself was rolled back. The record of a refusal is only queued when
the refusal happens (the unit of work may be unusable by then, e.g. after a
failed flush) and written by ``bewaar_na_verzoek``, or by ``bewaar_weigeringen``
outside a request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from flask import Flask, g, has_request_context, request
from flask.wrappers import Response
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from casus.audit.models import UITKOMSTEN, AuditRecord
from casus.errors import Conflict, DomeinFout, GeenToegang, Ongeldig, TransitieGeweigerd
from casus.extensions import db
from casus.klok import nu
from casus.werkeenheid import heeft_geschreven, leesverzoek, neem_herhalingen, schrijffase

if TYPE_CHECKING:
    from casus.casussen.models import Casus
    from casus.personen.models import Persoon
    from casus.toegang.actor import Actor

SYSTEEM = "systeem"  # gebruikersnaam of records written outside a request (CLI)
_ONBEVESTIGD = "audit_onbevestigd"  # session.info key: records not yet committed
_WEIGERINGEN = "audit_weigeringen"  # session.info key: refusals not yet written
_WIJZIGING = "_wijziging"  # marks the "ok" record of a change in the queue (not stored)
_WACHT = "_wacht"  # marks a record in the queue not written yet (a read's)
_GESCHREVEN = "audit_geschreven"  # g: this request wrote records (seal after it)
# the kind of refusal, as a code in the record's details (never the Dutch message:
# it may name people)
WEIGERINGEN: dict[type[DomeinFout], str] = {
    Conflict: "conflict",
    GeenToegang: "geen_toegang",
    TransitieGeweigerd: "niet_toegestaan",
    Ongeldig: "ongeldig",
}
_DETAIL_TYPES = (str, int, bool, type(None))
MAX_DETAIL_LENGTE = 200


def log_actie(
    actie: str,
    *,
    casus: Casus | int | None = None,
    persoon: Persoon | int | None = None,
    object_type: str | None = None,
    object_id: object = None,
    uitkomst: str = "ok",
    details: dict[str, Any] | None = None,
    gebruiker: Actor | None = None,
    met_adres: bool = True,
    **extra: Any,
) -> AuditRecord:
    """Append one record to the log: who (current user, or ``gebruiker``), when, what,
    and from which client address (not with ``met_adres=False``: the public meldpunt
    promises not to keep it).

    ``casus`` and ``persoon`` are model instances or ids. ``details`` (and any
    extra keyword, e.g. ``overleg_id=3``) hold codes, ids and counts only: never
    passwords or free text of a case. Without casus or persoon, the first extra
    ``<soort>_id`` names the object.
    """
    velden = _voorbereid(
        actie,
        casus=casus,
        persoon=persoon,
        object_type=object_type,
        object_id=object_id,
        uitkomst=uitkomst,
        details=details,
        gebruiker=gebruiker,
        met_adres=met_adres,
        **extra,
    )
    return _vastleggen(velden)


class Wijziging:
    """The record-to-be of one change (see ``log_wijziging``): name its object with
    ``object(...)`` as soon as it is known, e.g. a case that the change creates."""

    def __init__(self, actie: str, velden: dict[str, Any]) -> None:
        self.actie = actie
        self._velden = velden
        self._voorbereid = _voorbereid(actie, **velden)

    def object(self, **velden: Any) -> None:
        self._velden.update(velden)
        # resolved now, while the unit of work is sound: a refusal may come after a
        # failed flush, when the objects can no longer be read
        self._voorbereid = _voorbereid(self.actie, **self._velden)


@contextmanager
def log_wijziging(actie: str, **velden: Any) -> Iterator[Wijziging]:
    """Log the change made in the ``with`` block: one record ``actie``, outcome "ok"
    when the block completes, "geweigerd" (with the kind of refusal) when a domain
    rule, a right or a concurrent change refuses it. The refusal is raised again.

    ``velden`` are ``log_actie``'s keywords (casus, persoon, object_type, details, ...).
    """
    wijziging = Wijziging(actie, dict(velden))
    try:
        yield wijziging
    except DomeinFout as fout:
        _weigering(wijziging._voorbereid, fout)
        raise
    velden_ok = _voorbereid(actie, **wijziging._velden)
    _vastleggen(velden_ok, wijziging=True)


def log_weigering(actie: str, fout: DomeinFout, **velden: Any) -> None:
    """Queue the record of a refused change (outcome "geweigerd"); see ``log_wijziging``."""
    _weigering(_voorbereid(actie, **velden), fout)


def _weigering(velden: dict[str, Any], fout: DomeinFout) -> None:
    soort = next(
        (code for klasse, code in WEIGERINGEN.items() if isinstance(fout, klasse)), "geweigerd"
    )
    details = {**(velden["details"] or {}), "weigering": soort}
    if fout.veld:
        details["veld"] = fout.veld
    db.session.info.setdefault(_WEIGERINGEN, []).append(
        {
            **velden,
            "tijdstip": nu(),
            "uitkomst": "geweigerd",
            "details": _controleer_details(details),
        }
    )


def bewaar_weigeringen() -> None:
    """Outside a request (CLI, tests): write the queued refusals, after the rollback of
    the refused change. The caller commits."""
    for velden in db.session.info.pop(_WEIGERINGEN, []):
        _vastleggen(velden)


def _voorbereid(
    actie: str,
    *,
    casus: Casus | int | None = None,
    persoon: Persoon | int | None = None,
    object_type: str | None = None,
    object_id: object = None,
    uitkomst: str = "ok",
    details: dict[str, Any] | None = None,
    gebruiker: Actor | None = None,
    met_adres: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    if uitkomst not in UITKOMSTEN:
        raise ValueError(f"onbekende uitkomst {uitkomst!r}")
    if extra:
        details = {**extra, **(details or {})}
        if object_type is None and casus is None and persoon is None:
            sleutel = next((k for k in extra if k.endswith("_id")), None)
            if sleutel is not None:
                object_type, object_id = sleutel[:-3], extra[sleutel]
    velden = _velden(actie, casus, persoon, object_type, object_id, uitkomst, details, gebruiker)
    if not met_adres:
        velden["client_adres"] = None
    return velden


def _vastleggen(velden: dict[str, Any], *, wijziging: bool = False) -> AuditRecord:
    """Write the record into the unit of work; in a read, only queue it for the write at
    the end of the request (``bewaar_na_verzoek``)."""
    wacht = leesverzoek()
    # in a read: an unsaved record, written after the page
    record = AuditRecord(**velden) if wacht else _schrijf(velden)
    db.session.info.setdefault(_ONBEVESTIGD, []).append(
        {**velden, _WIJZIGING: wijziging, _WACHT: wacht}
    )
    return record


def _id_van(obj: Casus | Persoon | int | None) -> int | None:
    if obj is None:
        return None
    return int(obj) if isinstance(obj, int) else obj.id


def _velden(
    actie: str,
    casus: Casus | int | None,
    persoon: Persoon | int | None,
    object_type: str | None,
    object_id: object,
    uitkomst: str,
    details: dict[str, Any] | None,
    gebruiker: Actor | None,
) -> dict[str, Any]:
    wie = gebruiker
    if wie is None and has_request_context() and current_user.is_authenticated:
        wie = current_user
    casus_id = _id_van(casus)
    persoon_id = _id_van(persoon)
    if persoon_id is None and casus is not None and not isinstance(casus, int):
        persoon_id = casus.persoon_id
    if object_type is None and (casus is not None or persoon is not None):
        object_type = "casus" if casus is not None else "persoon"
        object_id = casus_id if casus is not None else persoon_id
    return {
        "tijdstip": nu(),
        "gebruiker_id": wie.id if wie is not None else None,
        "gebruikersnaam": wie.gebruikersnaam if wie is not None else _anoniem(),
        "actie": actie,
        "object_type": object_type,
        "object_id": None if object_id is None else str(object_id),
        "casus_id": casus_id,
        "persoon_id": persoon_id,
        "aanpak": None if casus is None or isinstance(casus, int) else casus.aanpak,
        "uitkomst": uitkomst,
        "client_adres": request.remote_addr if has_request_context() else None,
        "details": _controleer_details(details),
    }


def _anoniem() -> str:
    return "anoniem" if has_request_context() else SYSTEEM


def _controleer_details(details: dict[str, Any] | None) -> dict[str, Any] | None:
    """Only short codes, ids, counts and lists of them: the log holds no content."""
    if not details:
        return None
    for sleutel, waarde in details.items():
        waarden = waarde if isinstance(waarde, list | tuple) else [waarde]
        for w in waarden:
            if not isinstance(w, _DETAIL_TYPES) or (
                isinstance(w, str) and len(w) > MAX_DETAIL_LENGTE
            ):
                raise ValueError(f"audit-detail {sleutel!r}: alleen codes, ids en aantallen")
    return {k: list(v) if isinstance(v, tuple) else v for k, v in details.items()}


def _schrijf(velden: dict[str, Any]) -> AuditRecord:
    """Append the record: an INSERT, no lock; its place in the chain and its hashes come
    with the seal after commit (``casus.audit.zegel``)."""
    record = AuditRecord(**{k: v for k, v in velden.items() if k not in (_WIJZIGING, _WACHT)})
    db.session.add(record)
    db.session.flush()
    if has_request_context():
        g.setdefault(_GESCHREVEN, True)
    return record


@event.listens_for(Session, "after_commit")
def _bevestigd(sessie: Session) -> None:
    if sessie.in_nested_transaction():  # a savepoint released (a form's token): not yet
        return
    # a read's records are not written yet: they stay queued for the closing write
    wachtend = [v for v in sessie.info.pop(_ONBEVESTIGD, []) if v.get(_WACHT)]
    if wachtend:
        sessie.info[_ONBEVESTIGD] = wachtend


def bewaar_na_verzoek(response: Response) -> Response:
    """The request's one commit when its view made none, and the one place that decides
    when audit records are committed (see module docstring). A read that went well: the
    read transaction ends (it wrote nothing) and a short write transaction writes its
    records with what the request keeps whatever its outcome (``casus.werkeenheid``: the
    session's last activity, a rate counter). After an error or a refused change: the
    rollback of the unit of work, then those writes again and the records alone. After a
    server error only the records: the database may be what failed. Then, now and then,
    the seal of the chain."""
    # taken off the session: written below (or already committed with the view)
    onbevestigd = db.session.info.pop(_ONBEVESTIGD, [])
    weigeringen = db.session.info.pop(_WEIGERINGEN, [])
    uitgevoerd, uitgesteld = neem_herhalingen()
    herhalingen = uitgevoerd + uitgesteld
    if not onbevestigd and not weigeringen and not herhalingen:
        _verzegel_als_geschreven()
        return response
    gelukte_lezing = request.method in ("GET", "HEAD") and response.status_code < 400
    with schrijffase():
        if gelukte_lezing and not weigeringen and heeft_geschreven():
            # a page view that wrote while it was made (rare): what waited goes with that
            for schrijf in uitgesteld:
                schrijf()
            records = [v for v in onbevestigd if v.get(_WACHT)]
        else:
            db.session.rollback()
            if gelukte_lezing and not weigeringen:
                records = onbevestigd
            else:
                # a change's "ok" record goes with the change: both were rolled back
                records = [v for v in onbevestigd if not v.get(_WIJZIGING)] + weigeringen
                if response.status_code >= 500:
                    herhalingen = []
                    if not records:  # nothing to write to a database that may be failing
                        return response
            for schrijf in herhalingen:
                schrijf()
        for velden in records:
            _schrijf(velden)
        db.session.commit()
    _verzegel_als_geschreven()
    return response


def _verzegel_als_geschreven() -> None:
    if g.pop(_GESCHREVEN, False):
        from casus.audit.zegel import verzegel_na_verzoek

        verzegel_na_verzoek()


def register_audit(app: Flask) -> None:
    app.after_request(bewaar_na_verzoek)
