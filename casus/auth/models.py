"""Users and their roles: global roles and per-aanpak team membership."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casus.db import Base, UTCDateTime, check_in
from casus.klok import nu
from workflows.codes import GLOBALE_ROLLEN, TEAMROLLEN

# how often a user wants an e-mail with the counts of their unread notifications
# (casus.mail.digest; docs/mail.md): never, once a day, once an ISO week
DIGESTS = ("geen", "dagelijks", "wekelijks")


class Gebruiker(UserMixin, Base):
    __tablename__ = "gebruiker"
    __table_args__ = (CheckConstraint(check_in("digest", DIGESTS), name="digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gebruikersnaam: Mapped[str] = mapped_column(String(80), unique=True)
    naam: Mapped[str] = mapped_column(String(200))
    wachtwoord_hash: Mapped[str] = mapped_column(String(255))
    actief: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    laatst_ingelogd_op: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # two-factor authentication (TOTP); the secret is only stored once confirmed
    mfa_geheim: Mapped[str | None] = mapped_column(String(64))
    mfa_actief: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # the last TOTP time step accepted: a code is never accepted twice
    mfa_laatste_stap: Mapped[int | None] = mapped_column(Integer)
    # set when someone else chose the password (the beheerder, the command line): the
    # user changes it before any other page (casus.auth.views.eis_nieuw_wachtwoord)
    moet_wachtwoord_wijzigen: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # the account an API client acts as (casus.api.models.Apiclient): it has roles and
    # teams like a person, so casus.toegang decides its rights unchanged, but it never
    # logs in on the web and is never a case's regisseur
    is_api_client: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # logs in only through single sign-on (casus.auth.sso): a password log-in is refused
    # as a wrong password would be; set by the beheerder, and on a JIT-created account
    alleen_sso: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # a partner user (casus.partners): a person of a partner organisation (police, OM,
    # Veilig Thuis, ...) with its own log-in, MFA required, no roles, no teams and no
    # access of its own to any case; it sees only what casus.toegang grants it through
    # the partner meetings it is invited to
    partnerorganisatie_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerorganisatie.id"), index=True
    )
    # the e-mail digest (casus.mail.digest), set by the user on Mijn account: the address
    # it goes to, how often (DIGESTS), and when the last one was sent (its counts start
    # there; None: never sent, the first counts every unread notification)
    email: Mapped[str | None] = mapped_column(String(254))
    digest: Mapped[str] = mapped_column(String(12), default="geen", server_default="geen")
    digest_verstuurd_op: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # loaded with the logged-in user (casus.auth.views.laad_gebruiker); for the other
    # users a page shows (regisseurs, authors) only when asked for
    rollen: Mapped[list[GebruikerRol]] = relationship(
        back_populates="gebruiker", cascade="all, delete-orphan"
    )
    teams: Mapped[list[Teamlid]] = relationship(
        back_populates="gebruiker", cascade="all, delete-orphan"
    )

    # Flask-Login: a deactivated user is not active and is logged out.
    @property
    def is_active(self) -> bool:
        return bool(self.actief)

    @property
    def is_partner(self) -> bool:
        """A partner organisation's user (``partnerorganisatie_id``): casus.toegang
        decides what that means; this only says which kind of account it is."""
        return self.partnerorganisatie_id is not None

    def heeft_rol(self, rol: str) -> bool:
        return any(r.rol == rol for r in self.rollen)

    def aanpakken_als(self, rol: str) -> frozenset[str]:
        return frozenset(t.aanpak for t in self.teams if t.rol == rol)

    def aanpakken(self) -> frozenset[str]:
        """Every aanpak the user is a team member of, in any team role."""
        return frozenset(t.aanpak for t in self.teams)

    @property
    def korte_naam(self) -> str:
        """'J. de Vries' style, as colleagues refer to each other."""
        delen = self.naam.split()
        if len(delen) < 2:
            return self.naam
        return f"{delen[0][0]}. {' '.join(delen[1:])}"

    def __repr__(self) -> str:
        return f"<Gebruiker {self.gebruikersnaam}>"


class GebruikerRol(Base):
    __tablename__ = "gebruiker_rol"
    __table_args__ = (CheckConstraint(check_in("rol", GLOBALE_ROLLEN), name="rol"),)

    gebruiker_id: Mapped[int] = mapped_column(
        ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True
    )
    rol: Mapped[str] = mapped_column(String(20), primary_key=True)
    gebruiker: Mapped[Gebruiker] = relationship(back_populates="rollen")


class Teamlid(Base):
    """Membership of an aanpak's team, as regisseur or triage."""

    __tablename__ = "teamlid"
    __table_args__ = (CheckConstraint(check_in("rol", TEAMROLLEN), name="rol"),)

    gebruiker_id: Mapped[int] = mapped_column(
        ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True
    )
    aanpak: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
    rol: Mapped[str] = mapped_column(String(20), primary_key=True)
    gebruiker: Mapped[Gebruiker] = relationship(back_populates="teams")


class Sessie(Base):
    """A server-side session: logging out or expiring ends it, whatever the cookie says."""

    __tablename__ = "sessie"

    # sha256 of the random token in the (signed) session cookie
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(
        ForeignKey("gebruiker.id", ondelete="CASCADE"), index=True
    )
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime)
    laatst_actief_op: Mapped[datetime] = mapped_column(UTCDateTime)
    beeindigd_op: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the ID token of an SSO log-in (casus.auth.sso): the id_token_hint of the logout at
    # the provider (RP-initiated logout); kept here, not in the cookie, for its size
    sso_id_token: Mapped[str | None] = mapped_column(Text)

    # loaded with the session row on every request (casus.auth.sessies.geldig)
    gebruiker: Mapped[Gebruiker] = relationship()


class Herstelcode(Base):
    """One-time recovery code for two-factor authentication, stored hashed."""

    __tablename__ = "herstelcode"

    id: Mapped[int] = mapped_column(primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(
        ForeignKey("gebruiker.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    gebruikt_op: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SsoIdentiteit(Base):
    """A user's account at the OpenID provider (casus.auth.sso): matched by issuer and
    subject, never by e-mail."""

    __tablename__ = "sso_identiteit"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(
        ForeignKey("gebruiker.id", ondelete="CASCADE"), index=True
    )
    issuer: Mapped[str] = mapped_column(String(400))
    subject: Mapped[str] = mapped_column(String(255))
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    laatst_ingelogd_op: Mapped[datetime | None] = mapped_column(UTCDateTime)

    gebruiker: Mapped[Gebruiker] = relationship()
