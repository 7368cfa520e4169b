"""Idempotency tokens of submitted forms: a double submit creates nothing twice. And the
forms kept for a user whose session expired while sending one (``BewaardFormulier``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casus.db import Base, UTCDateTime
from casus.klok import nu


class Formuliertoken(Base):
    """One row per processed form submission, written in the same transaction as
    the change it made; the primary key refuses a second submission of that form.
    No user: a form used without logging in (the public meldpunt).

    ``inhoud_hash``: a hash of who sent what where (the user, the URL, the fields
    without token), so the same form sent again with a new token shortly after (Back,
    then send again: the page comes back with a fresh token and the browser refills
    the fields) is recognised as well (``casus.werkplek.formulier.claim_token``)."""

    __tablename__ = "formuliertoken"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    gebruiker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"))
    verwerkt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu, index=True)
    inhoud_hash: Mapped[str | None] = mapped_column(String(64), index=True)


class BewaardFormulier(Base):
    """What a user had filled in when the form arrived after their session had ended
    (``casus.auth.formulierbewaring``): kept on the server, never in the browser, for a
    short while; bound to the browser (``sleutel_hash``: the SHA-256 of the random key in
    its HttpOnly cookie) and to the user; given back once, on the form's page, after
    logging in again, and then deleted. Never a password or a CSRF token."""

    __tablename__ = "bewaard_formulier"

    id: Mapped[int] = mapped_column(primary_key=True)
    sleutel_hash: Mapped[str] = mapped_column(String(64), index=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"))
    pagina: Mapped[str] = mapped_column(String(500))  # the form's page: a local path
    formulier: Mapped[str] = mapped_column(String(200))  # form class and prefix
    velden: Mapped[str] = mapped_column(Text)  # JSON: [[name, value], ...]
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    verloopt_op: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
