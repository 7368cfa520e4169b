"""casus: casusregistratie voor de persoonsgerichte aanpak (application factory)."""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import make_url
from werkzeug.routing import IntegerConverter, Map

# templates/, static/ and migrations/ sit inside the package, so a wheel ships them
PAKKET = Path(__file__).resolve().parent


MAX_ID = 2**31 - 1


def _tot_en_met(grens: str) -> str:
    """A regular expression for the numbers 0 to ``grens``: fewer digits, or as many
    with a smaller digit at the first place where they differ, or ``grens`` itself."""
    delen = [rf"\d{{1,{len(grens) - 1}}}"]
    for i, cijfer in enumerate(grens):
        laagste = 1 if i == 0 else 0
        if int(cijfer) > laagste:
            rest = len(grens) - i - 1
            staart = rf"\d{{{rest}}}" if rest else ""
            delen.append(f"{grens[:i]}[{laagste}-{int(cijfer) - 1}]{staart}")
    delen.append(grens)
    return "(?:" + "|".join(delen) + ")"


GETAL_TOT_MAX_ID = _tot_en_met(str(MAX_ID))


class Idconverter(IntegerConverter):
    """``<int:...>`` capped at the largest value of an INTEGER column (2^31 - 1), in the
    pattern itself: werkzeug judges the method of a route whose pattern matches before
    its converter's bound, so a number the pattern let through would make a POST answer
    405 (the GET route at that address) instead of 404."""

    regex = GETAL_TOT_MAX_ID

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def create_app(config: object | None = None, **overrides: Any) -> Flask:
    """Build the application. ``config`` is a class or object from ``config.py``."""
    from config import config_uit_omgeving

    app = Flask(__name__, instance_relative_config=True)
    # every <int:...> in a URL is a row id: one that no id column can hold is a 404
    # like any id that does not exist (PostgreSQL would refuse the lookup with an error)
    app.url_map.converters["int"] = Idconverter
    app.config.from_object(config or config_uit_omgeving())
    app.config.update(overrides)
    if int(app.config.get("PROXY_AANTAL") or 0) > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = int(app.config["PROXY_AANTAL"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _database_default(app)
    _secret_key(app)
    if app.config.get("AUDIT_ANKER_BESTAND") is None:
        app.config["AUDIT_ANKER_BESTAND"] = str(_ankerbestand(app))

    from casus import models  # noqa: F401  - register every table on the metadata
    from casus.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PAKKET / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    from casus.auth import wachtwoord

    wachtwoord.init_app(app)
    with app.app_context():
        _sqlite_pragmas(app, db.engine)

    from casus.audit.views import bp as audit_bp
    from casus.auth import sso
    from casus.auth.views import bp as auth_bp
    from casus.beheer.views import bp as beheer_bp
    from casus.brp import instellingen as brp_instellingen
    from casus.brp.views import bp as brp_bp
    from casus.casussen.aanmelding import bp as aanmelding_bp
    from casus.casussen.views import bp as casussen_bp
    from casus.dashboard import bp as dashboard_bp
    from casus.documenten import instellingen as documentinstellingen
    from casus.documenten.views import bp as documenten_bp
    from casus.notificaties.views import bp as notificaties_bp
    from casus.partners.beheerviews import bp as partnerbeheer_bp
    from casus.partners.partnerviews import bp as partner_bp
    from casus.partners.views import bp as partneroverleggen_bp
    from casus.personen.views import bp as personen_bp
    from casus.privacy.views import bp as privacy_bp
    from casus.rapportage.views import bp as rapportage_bp
    from casus.signalen import blueprint as signalen_blueprint
    from casus.signalen.meldpunt import bp as meldpunt_bp
    from casus.taken.views import bp as taken_bp
    from casus.termijnen.views import bp as termijnen_bp
    from casus.triage import blueprint as triage_blueprint
    from casus.werkplek.views import bp as werkplek_bp
    from casus.zoeken.views import bp as zoeken_bp

    app.register_blueprint(auth_bp)
    sso.init_app(app)  # only with SSO_ISSUER set
    brp_instellingen.init_app(app)  # the BRP_* settings checked at start-up
    documentinstellingen.init_app(app)  # checks the settings; the uploads' size limit
    app.register_blueprint(werkplek_bp)
    # a package whose routes sit in several modules gives its blueprint with all of them
    app.register_blueprint(triage_blueprint())
    app.register_blueprint(casussen_bp)
    app.register_blueprint(personen_bp)
    app.register_blueprint(aanmelding_bp)
    app.register_blueprint(zoeken_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(beheer_bp)
    app.register_blueprint(signalen_blueprint())
    app.register_blueprint(meldpunt_bp)
    app.register_blueprint(rapportage_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(brp_bp)
    app.register_blueprint(documenten_bp)
    app.register_blueprint(termijnen_bp)
    app.register_blueprint(notificaties_bp)
    app.register_blueprint(taken_bp)
    # the casusoverleg met partners (issue 22): the internal pages, the beheerder's pages
    # and the partner door
    app.register_blueprint(partneroverleggen_bp)
    app.register_blueprint(partnerbeheer_bp)
    app.register_blueprint(partner_bp)

    from casus.beveiliging.headers import register_headers
    from casus.errors import register_error_handlers
    from casus.templating import register_template_helpers

    register_error_handlers(app)
    register_headers(app)
    register_template_helpers(app)

    from casus.audit.services import register_audit

    register_audit(app)

    from casus.api import init_api

    # after the audit hooks: its call record is queued before they write (casus.api)
    init_api(app)

    from casus.cli import register_cli

    register_cli(app)
    return app


def _database_default(app: Flask) -> None:
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        pad = Path(app.instance_path) / "casus.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{pad}"
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql://"):
        # plain postgresql:// would pick psycopg2; we ship psycopg 3
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            "postgresql+psycopg://" + uri[len("postgresql://") :]
        )
    if uri.startswith("sqlite"):
        opties = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        opties.pop("pool_pre_ping", None)
        connect_args = dict(opties.get("connect_args") or {})
        connect_args.setdefault("timeout", app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000)
        opties["connect_args"] = connect_args
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = opties


def _ankerbestand(app: Flask) -> Path:
    """The default anchor file of the audit chain: one per database (a checkout may serve
    several, e.g. the demo and a copy), named after it, in the instance folder."""
    url = make_url(str(app.config["SQLALCHEMY_DATABASE_URI"]))
    naam = Path(url.database or "geheugen").stem or "geheugen"
    sleutel = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()
    return Path(app.instance_path) / f"audit-anker-{naam}-{sleutel[:8]}.jsonl"


def _secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if app.config["OMGEVING"] == "production":
        raise RuntimeError(
            "SECRET_KEY ontbreekt. Zet de omgevingsvariabele SECRET_KEY op een lange "
            "willekeurige waarde; zonder start casus niet in productie."
        )
    # development: one random key kept in the instance folder, so sessions survive restarts
    bestand = Path(app.instance_path) / "secret_key"
    if not bestand.exists():
        bestand.write_text(secrets.token_hex(32))
        os.chmod(bestand, 0o600)
    app.config["SECRET_KEY"] = bestand.read_text().strip()


def _sqlite_pragmas(app: Flask, engine: Any) -> None:
    """Foreign keys on, WAL, busy timeout, memory-mapped reads; and real transactions
    (BEGIN) for pysqlite."""
    if engine.dialect.name != "sqlite":
        return
    timeout = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    mmap = int(app.config["SQLITE_MMAP_MB"]) * 1024 * 1024

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # let SQLAlchemy emit BEGIN itself (pysqlite's own handling defers it wrongly)
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {timeout}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute(f"PRAGMA mmap_size = {mmap}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # A transaction that may write takes the write lock at its first statement: two
        # concurrent writers then queue (busy timeout) instead of the later one failing
        # with "database is locked" because its snapshot went stale before it wrote.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _schrijvend_verzoek() else "BEGIN")


def _schrijvend_verzoek() -> bool:
    """A transaction that may write: every change, the closing write phase of a page view
    (``casus.werkeenheid``); a page view itself reads only and begins a plain BEGIN, so it
    never holds the write lock while the page is made."""
    from casus.werkeenheid import schrijvend

    return schrijvend()
