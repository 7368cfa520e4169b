"""Configuration classes, read from the environment and passed to ``create_app``.

``CASUS_OMGEVING`` picks the class: ``development`` (default), ``test`` or
``production``. Every setting can be overridden by the environment variable of
the same name; see the configuration table in README.md.
"""

from __future__ import annotations

import json
import os
from typing import Any, ClassVar


def _bool(naam: str, standaard: bool) -> bool:
    waarde = os.environ.get(naam)
    if waarde is None or waarde == "":
        return standaard
    return waarde.strip().lower() in {"1", "true", "ja", "yes", "on"}


def _int(naam: str, standaard: int) -> int:
    waarde = os.environ.get(naam)
    return int(waarde) if waarde else standaard


class Config:
    OMGEVING = "development"
    DEBUG = False
    TESTING = False

    SECRET_KEY: str | None = os.environ.get("SECRET_KEY") or None
    # None: a SQLite file ``casus.sqlite`` in the instance folder (set in create_app)
    SQLALCHEMY_DATABASE_URI: str | None = os.environ.get("DATABASE_URL") or None
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = _int("SQLITE_BUSY_TIMEOUT_MS", 5000)
    # read the database through a memory map of this size: pages come from the OS's cache,
    # shared by all workers, instead of a read() into each connection's own cache
    SQLITE_MMAP_MB = _int("SQLITE_MMAP_MB", 1024)

    MFA_VERPLICHT = _bool("MFA_VERPLICHT", False)
    # argon2id cost of password hashes: RFC 9106's low-memory profile (argon2-cffi's
    # default, about 0.1 s per hash here). Higher is allowed; lower only in TestConfig.
    ARGON2_TIJDKOSTEN = _int("ARGON2_TIJDKOSTEN", 3)
    ARGON2_GEHEUGEN_KIB = _int("ARGON2_GEHEUGEN_KIB", 65_536)
    ARGON2_PARALLELLISME = _int("ARGON2_PARALLELLISME", 4)
    # Wijken of the municipality, comma separated; default Zoetermeer's.
    WIJKEN: tuple[str, ...] | None = (
        tuple(w.strip() for w in os.environ["WIJKEN"].split(",") if w.strip())
        if os.environ.get("WIJKEN")
        else None
    )
    # the dashboard per wijk (casus.dashboard.wijken; docs/wijken.md), both checked at
    # start-up. Inhabitants per wijk, "Wijk=aantal,Wijk=aantal" (a wijk left out shows its
    # rate per 1,000 as "onbekend"); unset with WIJKEN unset: Zoetermeer's, rounded.
    WIJK_INWONERS: str | None = os.environ.get("WIJK_INWONERS")
    # a GeoJSON file of the wijken (a FeatureCollection of Polygons or MultiPolygons, the
    # wijk's name in the property WIJKEN_GEOJSON_NAAM), drawn as a map; empty: no map, a
    # ranked chart only; unset with WIJKEN unset: the demo's schematic map of Zoetermeer
    WIJKEN_GEOJSON: str | None = os.environ.get("WIJKEN_GEOJSON")
    WIJKEN_GEOJSON_NAAM = os.environ.get("WIJKEN_GEOJSON_NAAM", "naam")
    GEMEENTE = os.environ.get("GEMEENTE", "Zoetermeer")
    # the infographic (casus.dashboard.infographic; docs/publicatie.md): counts from 1 up
    # to below this threshold are published as "minder dan 5" (checked at start-up: >= 2)
    PUBLICATIE_DREMPEL = _int("PUBLICATIE_DREMPEL", 5)
    # the municipality's colours, "#rrggbb,#rrggbb" (primary, secondary); checked at
    # start-up: white text on the primary and the secondary's bars on white must be legible
    HUISSTIJL_KLEUREN: ClassVar[dict[str, str]] = dict(
        zip(
            ("primair", "secundair"),
            (os.environ.get("HUISSTIJL_KLEUREN") or "#154273,#b35900").split(","),
            strict=False,
        )
    )

    # the largest request in bytes; an upload of a document may be DOCUMENT_MAX_MB plus
    # 1 MiB for the rest of its form (casus.documenten.instellingen.uploadgrens)
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)
    # reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted (0:
    # none). Behind one proxy set 1, or every client shares the proxy's address in the
    # audit log and in the per-address limits of the login and the meldpunt.
    PROXY_AANTAL = _int("PROXY_AANTAL", 0)
    WTF_CSRF_TIME_LIMIT: int | None = None  # the session lifetime bounds the token
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    SESSION_IDLE_MINUTEN = _int("SESSION_IDLE_MINUTEN", 15)
    SESSION_ABSOLUUT_UREN = _int("SESSION_ABSOLUUT_UREN", 10)
    # a form sent after the session expired is kept on the server this long, for the
    # same user logging in again in the same browser (casus.auth.formulierbewaring)
    BEWAARD_FORMULIER_MINUTEN = _int("BEWAARD_FORMULIER_MINUTEN", 30)
    PAGINA_GROOTTE = _int("PAGINA_GROOTTE", 50)
    # casusoverleg met partners (casus.partners): the invited partner users see the
    # shared items from the moment the agenda is sent until the end of the day (Dutch
    # time) this many days after the meeting; then 404
    PARTNER_INZAGE_DAGEN = _int("PARTNER_INZAGE_DAGEN", 7)
    # the API (docs/api.md): a new client's requests per minute, and how long a token
    # may be valid at most
    API_LIMIET_PER_MINUUT = _int("API_LIMIET_PER_MINUUT", 120)
    API_MAX_GELDIGHEID_DAGEN = _int("API_MAX_GELDIGHEID_DAGEN", 366)
    # failed log-in counters: "database" or a Redis URL such as redis://127.0.0.1:6379/0
    INLOG_TELLER = os.environ.get("INLOG_TELLER", "database")
    INLOG_MAX_PER_ADRES = _int("INLOG_MAX_PER_ADRES", 50)
    # privacy check: more distinct cases outside one's own caseload opened within an hour
    AUDIT_DREMPEL_PER_UUR = _int("AUDIT_DREMPEL_PER_UUR", 20)
    # the audit chain is sealed after a request that wrote records when this many seconds
    # passed since this process last sealed (casus.audit.zegel; docs/audit.md); below 0:
    # never after a request (``flask --app casus audit verzegel`` from cron instead)
    AUDIT_VERZEGEL_SECONDEN = _int("AUDIT_VERZEGEL_SECONDEN", 2)
    # the sealed head (the anchor) is written to the application log and to this file at
    # most this often; the file belongs where the database's users cannot change it.
    # Empty: one file per database in the instance folder (``casus._ankerbestand``).
    AUDIT_ANKER_BESTAND: str | None = os.environ.get("AUDIT_ANKER_BESTAND") or None
    AUDIT_ANKER_SECONDEN = _int("AUDIT_ANKER_SECONDEN", 60)
    # public meldpunt: reports per client address per 15 minutes, and the largest request
    MELDPUNT_MAX_PER_ADRES = _int("MELDPUNT_MAX_PER_ADRES", 5)
    MELDPUNT_MAX_BYTES = _int("MELDPUNT_MAX_BYTES", 32_768)
    # single sign-on with OpenID Connect (casus.auth.sso); without SSO_ISSUER it is off:
    # no route, no button. SSO_ISSUER is the issuer exactly as the provider names it (its
    # discovery document is read at <issuer>/.well-known/openid-configuration).
    SSO_ISSUER: str | None = os.environ.get("SSO_ISSUER") or None
    SSO_CLIENT_ID: str | None = os.environ.get("SSO_CLIENT_ID") or None
    SSO_CLIENT_SECRET: str | None = os.environ.get("SSO_CLIENT_SECRET") or None
    SSO_SCOPES = os.environ.get("SSO_SCOPES", "openid profile email")
    SSO_GROEPEN_CLAIM = os.environ.get("SSO_GROEPEN_CLAIM", "groups")
    # the ``amr`` value that says the provider did a second factor; else our own TOTP
    SSO_MFA_AMR = os.environ.get("SSO_MFA_AMR", "mfa")
    # or: the ``acr`` values (comma-separated) that say so; empty: ``acr`` is not read
    SSO_MFA_ACR = os.environ.get("SSO_MFA_ACR", "")
    # create an unknown user at their first SSO log-in, with the global roles below
    SSO_JIT = _bool("SSO_JIT", False)
    # "groep=rol,groep=rol": provider groups to global roles (manager, privacy, beheerder)
    SSO_GROEPEN_ROLLEN = os.environ.get("SSO_GROEPEN_ROLLEN", "")
    # "groep=rol:aanpak,...": provider groups to team roles (regisseur, triage per aanpak).
    # Empty: team membership stays the beheerder's. With either mapping set, the provider
    # decides the mapped roles at every SSO log-in (casus.auth.sso.werk_rollen_bij).
    SSO_GROEPEN_TEAMS = os.environ.get("SSO_GROEPEN_TEAMS", "")
    # mail over SMTP (casus.mail; docs/mail.md). MAIL_SERVER empty: no mail is sent at
    # all (the e-mail digests are skipped). MAIL_AFZENDER is the From address, required
    # with a server. MAIL_GEBRUIKER (with MAIL_WACHTWOORD): log in at the server; empty:
    # no log-in. MAIL_STARTTLS: upgrade the connection with STARTTLS (usually port 587);
    # MAIL_SSL: TLS from the start (usually port 465); not both. The server's certificate
    # is checked against the system's CA bundle.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_POORT = _int("MAIL_POORT", 25)
    MAIL_AFZENDER = os.environ.get("MAIL_AFZENDER", "")
    MAIL_GEBRUIKER = os.environ.get("MAIL_GEBRUIKER", "")
    MAIL_WACHTWOORD = os.environ.get("MAIL_WACHTWOORD", "")
    MAIL_STARTTLS = _bool("MAIL_STARTTLS", False)
    MAIL_SSL = _bool("MAIL_SSL", False)
    MAIL_TIMEOUT_SECONDEN = float(os.environ.get("MAIL_TIMEOUT_SECONDEN") or 10)
    # the application's public address as users reach it, e.g. https://casus.gemeente.nl,
    # for the links in e-mail; empty: no digest is sent (a warning in the log)
    BASIS_URL = os.environ.get("BASIS_URL", "")
    # the BRP (Haal Centraal "BRP bevragen" v2; casus.brp, docs/brp.md). BRP_URL: the base
    # URL, the client POSTs to <BRP_URL>/personen; empty: no external BRP.
    BRP_URL = os.environ.get("BRP_URL", "")
    # with BRP_URL empty: the built-in stub with its test persons, started at the first
    # query on a free loopback port (the demo); off in production and in the tests
    BRP_STUB = _bool("BRP_STUB", False)
    # per aanpak, JSON {"aanpak": {"doelbinding": ..., "verwerking": ..., "gegevens":
    # [...]}} (gegevens from casus.brp.GEGEVENSGROEPEN; left out: naam + geboortedatum),
    # as text or in a file (one of the two). An aanpak without a profile cannot query.
    BRP_PROFIELEN = os.environ.get("BRP_PROFIELEN", "")
    BRP_PROFIELEN_BESTAND = os.environ.get("BRP_PROFIELEN_BESTAND", "")
    # the protocol headers' names (ZAC's); an empty name leaves that header out
    BRP_KOP_DOELBINDING = os.environ.get("BRP_KOP_DOELBINDING", "X-DOELBINDING")
    BRP_KOP_VERWERKING = os.environ.get("BRP_KOP_VERWERKING", "X-VERWERKING")
    BRP_KOP_GEBRUIKER = os.environ.get("BRP_KOP_GEBRUIKER", "X-GEBRUIKER")
    BRP_KOP_OIN = os.environ.get("BRP_KOP_OIN", "X-ORIGIN-OIN")
    BRP_OIN = os.environ.get("BRP_OIN", "")  # the municipality's OIN (20 digits)
    BRP_KOP_API_KEY = os.environ.get("BRP_KOP_API_KEY", "X-API-KEY")
    BRP_API_KEY = os.environ.get("BRP_API_KEY", "")
    # mutual TLS: the client certificate and its key (PEM files), both or neither; the
    # CA bundle that verifies the BRP's certificate (empty: the system's)
    BRP_CERTIFICAAT = os.environ.get("BRP_CERTIFICAAT", "")
    BRP_SLEUTEL = os.environ.get("BRP_SLEUTEL", "")
    BRP_CA_BUNDEL = os.environ.get("BRP_CA_BUNDEL", "")
    BRP_TIMEOUT_SECONDEN = float(os.environ.get("BRP_TIMEOUT_SECONDEN") or 5)
    # the one proxy for the BRP's traffic (http://host:port); the environment's proxy
    # variables (HTTPS_PROXY, ...) are never used for it
    BRP_PROXY = os.environ.get("BRP_PROXY", "")
    # the municipality's code: a gemeenteVanInschrijving with another code is "moved out"
    BRP_GEMEENTECODE = os.environ.get("BRP_GEMEENTECODE", "0637")
    # documents on cases and signals (casus.documenten; docs/documenten.md), checked at
    # start-up (casus.documenten.instellingen.init_app). The largest document in MB (its
    # upload may be this plus 1 MiB, whatever MAX_CONTENT_LENGTH says):
    DOCUMENT_MAX_MB = _int("DOCUMENT_MAX_MB", 25)
    # where their content is kept: "schijf", a directory (DOCUMENTEN_MAP; empty:
    # instance/documenten), or "s3", an S3-compatible bucket (the S3_* settings below)
    DOCUMENTEN_OPSLAG = os.environ.get("DOCUMENTEN_OPSLAG", "schijf")
    DOCUMENTEN_MAP: str | None = os.environ.get("DOCUMENTEN_MAP") or None
    S3_BUCKET: str | None = os.environ.get("S3_BUCKET") or None
    # empty: AWS itself; else the S3-compatible service, e.g. https://s3.example.nl
    S3_ENDPOINT_URL: str | None = os.environ.get("S3_ENDPOINT_URL") or None
    S3_REGIO: str | None = os.environ.get("S3_REGIO") or None
    # put before every object's name, e.g. "casus/" to share a bucket
    S3_PREFIX = os.environ.get("S3_PREFIX", "")
    # empty: boto3's own chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, role)
    S3_TOEGANGSSLEUTEL: str | None = os.environ.get("S3_TOEGANGSSLEUTEL") or None
    S3_GEHEIM: str | None = os.environ.get("S3_GEHEIM") or None
    # the ServerSideEncryption asked for on every object: "AES256" or "aws:kms" (with
    # S3_KMS_SLEUTEL); empty: the bucket's default
    S3_VERSLEUTELING: str | None = os.environ.get("S3_VERSLEUTELING") or None
    S3_KMS_SLEUTEL: str | None = os.environ.get("S3_KMS_SLEUTEL") or None
    # ClamAV's daemon, every upload is scanned by it: tcp://host:port or unix:///path.
    # Configured but unreachable: uploads are refused. Unset: in production uploads are
    # refused unless DOCUMENTEN_ZONDER_VIRUSSCAN=1; in development and test not scanned.
    CLAMAV_ADRES: str | None = os.environ.get("CLAMAV_ADRES") or None
    CLAMAV_SCANTIJD = float(os.environ.get("CLAMAV_SCANTIJD") or 30)  # seconds per scan
    DOCUMENTEN_ZONDER_VIRUSSCAN = _bool("DOCUMENTEN_ZONDER_VIRUSSCAN", False)
    # background jobs (casus.taken; docs/taken.md), run by ``flask --app casus worker``.
    # TAKEN_OPSLAG, where the queue lives: empty, a SQLite file in the instance folder
    # named after the database (one machine); redis://host:6379/0, a Redis server that
    # workers on several machines share; or the path of a SQLite file. The queue's name
    # carries the database, so two databases never share a queue.
    TAKEN_OPSLAG = os.environ.get("TAKEN_OPSLAG", "")
    # attempts of a failing job before it is "mislukt" and the beheerders are notified
    TAKEN_MAX_POGINGEN = _int("TAKEN_MAX_POGINGEN", 3)
    # the pause before the second attempt, doubled before each next one (60, 120, ...)
    TAKEN_BACKOFF_SECONDEN = _int("TAKEN_BACKOFF_SECONDEN", 60)
    # a job "bezig" this long lost its worker (a crash, a hard kill): the sweep counts the
    # attempt as failed (retried after its pause, or failed after the last attempt)
    TAKEN_VASTGELOPEN_MINUTEN = _int("TAKEN_VASTGELOPEN_MINUTEN", 60)


# the demo's BRP profiles (DevelopmentConfig): all groups for PGA Jeugd (custody matters
# for minors), the address and death for the others, none for PGA-R (docs/brp.md)
_DEMO_BRP_GEGEVENS = ["naam", "geboortedatum", "adres", "overlijden"]
DEMO_BRP_PROFIELEN: dict[str, dict[str, Any]] = {
    "pga_jeugd": {
        "doelbinding": "PGA-JEUGD",
        "verwerking": "Persoonsgerichte aanpak jeugd",
        "gegevens": [*_DEMO_BRP_GEGEVENS, "gezag"],
    },
    "ipta": {
        "doelbinding": "IPTA",
        "verwerking": "Integrale persoonsgerichte toeleiding naar arbeid",
        "gegevens": _DEMO_BRP_GEGEVENS,
    },
    "rio": {
        "doelbinding": "RIO",
        "verwerking": "Re-integratie na detentie",
        "gegevens": _DEMO_BRP_GEGEVENS,
    },
    "woonoverlast": {
        "doelbinding": "WOONOVERLAST",
        "verwerking": "Aanpak woonoverlast",
        "gegevens": _DEMO_BRP_GEGEVENS,
    },
    "ondermijning": {
        "doelbinding": "ONDERMIJNING",
        "verwerking": "Aanpak ondermijning",
        "gegevens": _DEMO_BRP_GEGEVENS,
    },
}


class DevelopmentConfig(Config):
    OMGEVING = "development"
    # the demo runs without a BRP: the built-in stub and the demo's profiles
    BRP_STUB = _bool("BRP_STUB", True)
    BRP_PROFIELEN = os.environ.get("BRP_PROFIELEN") or (
        "" if os.environ.get("BRP_PROFIELEN_BESTAND") else json.dumps(DEMO_BRP_PROFIELEN)
    )


class TestConfig(Config):
    OMGEVING = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105 - test only
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    WTF_CSRF_ENABLED = False
    MFA_VERPLICHT = False
    # the cheapest argon2id: hashing is not what the tests test, except
    # tests/beveiliging/test_hashkosten.py, which pins the production cost above
    ARGON2_TIJDKOSTEN = 1
    ARGON2_GEHEUGEN_KIB = 8
    ARGON2_PARALLELLISME = 1
    # no seal after a request (a test seals, or turns it on); no anchor file unless set
    AUDIT_VERZEGEL_SECONDEN = -1
    AUDIT_ANKER_BESTAND = os.environ.get("TEST_AUDIT_ANKER_BESTAND") or ""
    # no BRP unless a test turns one on (tests/hulp/brp.py: the stub on loopback)
    BRP_URL = ""
    BRP_STUB = False
    BRP_PROFIELEN = ""
    BRP_PROFIELEN_BESTAND = ""
    # no mail unless a test starts its own SMTP server (tests/mail)
    MAIL_SERVER = ""
    BASIS_URL = ""
    # no scanner and the disk unless a test asks for them (tests/documenten/conftest.py)
    CLAMAV_ADRES = None
    DOCUMENTEN_OPSLAG = "schijf"
    # the queue in the test process's memory, unless a test names a file (casus.taken)
    TAKEN_OPSLAG = os.environ.get("TEST_TAKEN_OPSLAG") or "geheugen"


class ProductionConfig(Config):
    OMGEVING = "production"
    MFA_VERPLICHT = _bool("MFA_VERPLICHT", True)
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_uit_omgeving() -> type[Config]:
    naam = os.environ.get("CASUS_OMGEVING", "development")
    try:
        return CONFIGS[naam]
    except KeyError:
        raise RuntimeError(
            f"CASUS_OMGEVING={naam!r} is onbekend; kies uit {', '.join(CONFIGS)}."
        ) from None
