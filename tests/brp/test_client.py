"""casus.brp.client against the built-in stub over HTTP on loopback: the request per
aanpak, the reading of the answer (only the groups asked for), and every failure."""

from __future__ import annotations

import json
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from werkzeug.serving import make_server

from casus.brp import BRP_FOUTEN, BrpPersoon, Gezagsrelatie, Raadpleging
from casus.brp.client import raadpleeg
from casus.brp.stub import Stubserver, gedeelde_stub, start_stub, testpersonen
from tests.hulp.brp import (
    BSN_BUITENLAND,
    BSN_EENHOOFDIG,
    BSN_GEWEIGERD,
    BSN_GEZAMENLIJK,
    BSN_LOCATIE,
    BSN_MINDERJARIG,
    BSN_ONBEKEND,
    BSN_ONVOLLEDIG,
    BSN_OUDER_1,
    BSN_OVERLEDEN,
    BSN_STORING,
    BSN_TRAAG,
    BSN_VERHUISD,
    BSN_VOLWASSEN,
    BSN_VOOGDIJ,
    OIN,
    brp_aan,
    overlijd,
    verhuis,
)
from tests.hulp.klok import stil

NAAM = ["naam.voornamen", "naam.voorvoegsel", "naam.geslachtsnaam"]
GEZAG_LOTTE = Gezagsrelatie("Gezamenlijk ouderlijk gezag", ("Sanne Kramer", "Mehmet Yilmaz"))


def _laatste(stub: Stubserver) -> dict[str, Any]:
    assert len(stub.ontvangen) == 1
    return stub.ontvangen[-1]


# -- the request --------------------------------------------------------------------------


def test_the_request_carries_each_aanpaks_purpose_and_fields(brp: Stubserver) -> None:
    raadpleeg("pga_jeugd", BSN_VOLWASSEN, "r.devries")
    vraag = _laatste(brp)
    assert vraag["body"] == {
        "type": "RaadpleegMetBurgerservicenummer",
        "burgerservicenummer": ["999996009"],
        "fields": [
            "burgerservicenummer",
            *NAAM,
            "geboorte.datum",
            "verblijfplaats",
            "gemeenteVanInschrijving",
            "overlijden.datum",
            "gezag",
        ],
    }
    koppen = vraag["headers"]
    assert koppen["X-DOELBINDING"] == "PGA-JEUGD"
    assert koppen["X-VERWERKING"] == "Persoonsgerichte aanpak jeugd"
    assert koppen["X-GEBRUIKER"] == "r.devries"
    assert koppen["X-ORIGIN-OIN"] == "00000001234567890000"
    assert koppen["Content-Type"] == "application/json"
    assert koppen["Accept"] == "application/json"
    assert "X-API-KEY" not in koppen  # no key configured: no header

    brp.ontvangen.clear()
    raadpleeg("woonoverlast", BSN_VOLWASSEN, "m.bakker")
    vraag = _laatste(brp)
    assert vraag["body"]["fields"] == [
        "burgerservicenummer",
        *NAAM,
        "geboorte.datum",
        "verblijfplaats",
        "gemeenteVanInschrijving",
        "overlijden.datum",
    ]
    assert vraag["headers"]["X-DOELBINDING"] == "WOONOVERLAST"
    assert vraag["headers"]["X-VERWERKING"] == "Aanpak woonoverlast"
    assert vraag["headers"]["X-GEBRUIKER"] == "m.bakker"


def test_a_profile_without_groups_asks_for_the_minimum_only(brp: Stubserver) -> None:
    uitkomst = raadpleeg("ipta", BSN_VOLWASSEN, "r.devries")

    assert _laatste(brp)["body"]["fields"] == ["burgerservicenummer", *NAAM, "geboorte.datum"]
    assert _laatste(brp)["headers"]["X-DOELBINDING"] == "IPTA"
    assert uitkomst == Raadpleging(
        aanpak="ipta",
        bsn=BSN_VOLWASSEN,
        gegevens=("naam", "geboortedatum"),
        persoon=BrpPersoon(
            bsn=BSN_VOLWASSEN,
            voornamen="Jeroen",
            geslachtsnaam="Bakker",
            geboortedatum=date(1990, 5, 20),
        ),
        details={"status": 200},
    )


def test_header_names_are_configurable_and_an_empty_name_leaves_the_header_out(
    app: Flask, brp_stub: Stubserver
) -> None:
    with brp_aan(
        app,
        brp_stub,
        BRP_KOP_DOELBINDING="X-Doel",
        BRP_KOP_VERWERKING="X-Grondslag",
        BRP_KOP_GEBRUIKER="",
        BRP_KOP_OIN="",
        BRP_KOP_API_KEY="X-Gateway-Sleutel",
        BRP_API_KEY="geheim-123",
    ):
        raadpleeg("woonoverlast", BSN_VOLWASSEN, "r.devries")

    koppen = _laatste(brp_stub)["headers"]
    assert koppen["X-Doel"] == "WOONOVERLAST"
    assert koppen["X-Grondslag"] == "Aanpak woonoverlast"
    assert koppen["X-Gateway-Sleutel"] == "geheim-123"
    for weg in ("X-DOELBINDING", "X-VERWERKING", "X-GEBRUIKER", "X-ORIGIN-OIN", "X-API-KEY"):
        assert weg not in koppen
    assert OIN not in koppen.values()
    assert "r.devries" not in koppen.values()


# -- reading the answer -------------------------------------------------------------------


def test_data_a_brp_returns_beyond_the_fields_asked_for_is_dropped(brp: Stubserver) -> None:
    brp.negeer_velden = True
    # the stub really sends everything now: address, custody, gender, place of birth
    rauw = requests.post(
        f"{brp.url}/personen",
        json={
            "type": "RaadpleegMetBurgerservicenummer",
            "burgerservicenummer": [BSN_MINDERJARIG],
            "fields": ["burgerservicenummer"],
        },
        timeout=5,
    ).json()["personen"][0]
    assert {"verblijfplaats", "gezag", "geslacht", "gemeenteVanInschrijving"} <= set(rauw)

    ipta = raadpleeg("ipta", BSN_MINDERJARIG, "r.devries")
    assert ipta.persoon == BrpPersoon(
        bsn=BSN_MINDERJARIG,
        voornamen="Lotte Elif",
        geslachtsnaam="Yilmaz",
        geboortedatum=date(2012, 11, 5),
    )
    woonoverlast = raadpleeg("woonoverlast", BSN_MINDERJARIG, "r.devries")
    assert woonoverlast.persoon is not None
    assert woonoverlast.persoon.adres == "Europaweg 212, 2711 AH Zoetermeer"
    assert woonoverlast.persoon.gezag == ()  # not the aanpak's to know


def test_custody_is_kept_for_a_minor_and_dropped_for_an_adult(brp: Stubserver) -> None:
    kind = raadpleeg("pga_jeugd", BSN_MINDERJARIG, "r.devries").persoon
    assert kind is not None
    assert kind.gezag == (GEZAG_LOTTE,)

    # the mother's BRP record holds the same relation (she has custody of Lotte)
    assert brp.personen[BSN_OUDER_1]["gezag"][0]["type"] == "TweehoofdigOuderlijkGezag"
    moeder = raadpleeg("pga_jeugd", BSN_OUDER_1, "r.devries").persoon
    assert moeder is not None
    assert moeder.gezag == ()
    assert moeder.voornamen == "Sanne"


@pytest.mark.parametrize(
    ("moment", "gezag"),
    [
        (datetime(2030, 11, 4, 12, tzinfo=UTC), (GEZAG_LOTTE,)),  # 17 on her last day
        (datetime(2030, 11, 5, 12, tzinfo=UTC), ()),  # 18 today
    ],
)
def test_custody_ends_on_the_18th_birthday(
    brp: Stubserver, moment: datetime, gezag: tuple[Gezagsrelatie, ...]
) -> None:
    with stil(moment):
        persoon = raadpleeg("pga_jeugd", BSN_MINDERJARIG, "r.devries").persoon
    assert persoon is not None
    assert persoon.gezag == gezag


def test_every_kind_of_custody_reads_in_dutch_with_the_custodians(brp: Stubserver) -> None:
    def gezag(bsn: str) -> tuple[Gezagsrelatie, ...]:
        persoon = raadpleeg("pga_jeugd", bsn, "r.devries").persoon
        assert persoon is not None
        return persoon.gezag

    assert gezag(BSN_VOOGDIJ) == (Gezagsrelatie("Voogdij", ("Johanna Maria Verbeek",)),)
    assert gezag(BSN_EENHOOFDIG) == (
        Gezagsrelatie("Eenhoofdig ouderlijk gezag", ("Linda Peters",)),
    )
    assert gezag(BSN_GEZAMENLIJK) == (
        Gezagsrelatie("Gezamenlijk gezag", ("Eva de Vries", "Martijn Kok")),
    )
    lotte = brp.personen[BSN_MINDERJARIG]
    lotte["gezag"] = [
        {"type": "TijdelijkGeenGezag", "minderjarige": {"burgerservicenummer": BSN_MINDERJARIG}},
        {"type": "GezagNietTeBepalen", "minderjarige": {"burgerservicenummer": BSN_MINDERJARIG}},
        # a relation about someone else (the person's own child) is not hers to show
        {
            "type": "EenhoofdigOuderlijkGezag",
            "ouder": {"naam": {"volledigeNaam": "Lotte Elif Yilmaz"}},
            "minderjarige": {"burgerservicenummer": BSN_ONBEKEND},
        },
        {"type": "Voogdij", "derden": [], "minderjarige": {"burgerservicenummer": BSN_MINDERJARIG}},
    ]
    assert gezag(BSN_MINDERJARIG) == (
        Gezagsrelatie("Tijdelijk geen gezag", ()),
        Gezagsrelatie("Gezag niet te bepalen", ()),
        Gezagsrelatie("Voogdij", ()),
    )


def test_addresses_read_as_one_dutch_line(brp: Stubserver) -> None:
    def adres(bsn: str) -> tuple[str | None, str | None]:
        persoon = raadpleeg("woonoverlast", bsn, "r.devries").persoon
        assert persoon is not None
        return persoon.adres, persoon.gemeente_code

    # the short street name, house letter and addition, the postcode with a space
    assert adres(BSN_VOLWASSEN) == ("Burg v Leeuwenpark 12a-2, 2715 AB Zoetermeer", "0637")
    assert adres(BSN_VERHUISD) == ("Laan van Meerdervoort 100, 2517 AN 's-Gravenhage", "0518")
    assert adres(BSN_LOCATIE) == ("Woonboot aan de Noord Aa", "0637")
    assert adres(BSN_BUITENLAND) == ("België", "1999")
    assert adres(BSN_ONVOLLEDIG) == (None, "0637")  # VerblijfplaatsOnbekend


def test_a_move_and_a_death_in_the_brp_are_read(brp: Stubserver) -> None:
    verhuis(brp, BSN_VOLWASSEN)
    overlijd(brp, BSN_VOLWASSEN, date(2026, 5, 1))

    persoon = raadpleeg("woonoverlast", BSN_VOLWASSEN, "r.devries").persoon
    assert persoon is not None
    assert persoon.adres == "Stationsweg 1, 2515 BJ 's-Gravenhage"
    assert (persoon.gemeente_code, persoon.gemeente_naam) == ("0518", "'s-Gravenhage")
    assert persoon.overleden_op == date(2026, 5, 1)

    overleden = raadpleeg("woonoverlast", BSN_OVERLEDEN, "r.devries").persoon
    assert overleden is not None
    assert overleden.overleden_op == date(2025, 3, 8)


@pytest.mark.parametrize(
    ("datum", "overleden_op"),
    [
        (
            {"type": "JaarMaandDatum", "jaar": 2026, "maand": 2, "langFormaat": "februari 2026"},
            date(2026, 2, 1),
        ),
        ({"type": "JaarDatum", "jaar": 2025, "langFormaat": "2025"}, date(2025, 1, 1)),
        # no date known at all: dead on the day of the query at the latest
        ({"type": "DatumOnbekend", "onbekend": True, "langFormaat": "onbekend"}, date(2026, 6, 15)),
    ],
)
def test_a_partial_date_of_death_still_means_dead(
    brp: Stubserver, datum: dict[str, Any], overleden_op: date
) -> None:
    brp.personen[BSN_VOLWASSEN]["overlijden"] = {"datum": datum}
    with stil(datetime(2026, 6, 15, 12, tzinfo=UTC)):
        persoon = raadpleeg("woonoverlast", BSN_VOLWASSEN, "r.devries").persoon
    assert persoon is not None
    assert persoon.overleden_op == overleden_op


def test_a_partial_birth_date_is_no_birth_date(brp: Stubserver) -> None:
    persoon = raadpleeg("ipta", BSN_ONVOLLEDIG, "r.devries").persoon
    assert persoon is not None
    assert (persoon.voornamen, persoon.geslachtsnaam) == ("Yusuf", "Hassan")
    assert persoon.geboortedatum is None


def test_a_person_stored_and_read_back_is_the_same() -> None:
    persoon = BrpPersoon(
        bsn=BSN_VOOGDIJ,
        voornamen="Daan",
        voorvoegsel="van",
        geslachtsnaam="Verbeek",
        geboortedatum=date(2013, 2, 14),
        adres="Dorpsstraat 41, 2712 AB Zoetermeer",
        gemeente_code="0637",
        gemeente_naam="Zoetermeer",
        overleden_op=date(2026, 1, 2),
        gezag=(GEZAG_LOTTE, Gezagsrelatie("Tijdelijk geen gezag", ())),
    )
    opgeslagen = json.loads(json.dumps(persoon.als_dict()))

    assert opgeslagen["geboortedatum"] == "2013-02-14"
    assert opgeslagen["overleden_op"] == "2026-01-02"
    assert opgeslagen["gezag"] == [
        {"soort": "Gezamenlijk ouderlijk gezag", "gezaghouders": ["Sanne Kramer", "Mehmet Yilmaz"]},
        {"soort": "Tijdelijk geen gezag", "gezaghouders": []},
    ]
    assert BrpPersoon.uit_dict(opgeslagen) == persoon
    leeg = BrpPersoon(bsn=BSN_VOLWASSEN)
    assert BrpPersoon.uit_dict(json.loads(json.dumps(leeg.als_dict()))) == leeg


# -- failures -----------------------------------------------------------------------------


def test_a_slow_brp_times_out_well_before_it_answers(app: Flask, brp_stub: Stubserver) -> None:
    brp_stub.vertraging = 3.0
    with brp_aan(app, brp_stub, BRP_TIMEOUT_SECONDEN=0.3):
        begin = time.monotonic()
        uitkomst = raadpleeg("ipta", BSN_TRAAG, "r.devries")
        duur = time.monotonic() - begin

    assert uitkomst.fout == "time_out"
    assert uitkomst.persoon is None
    assert uitkomst.melding == "De BRP antwoordde niet op tijd. Probeer het later opnieuw."
    assert duur < 1.5


@pytest.mark.parametrize(
    ("bsn", "fout", "details"),
    [
        (BSN_STORING, "storing", {"status": 500}),
        (BSN_GEWEIGERD, "niet_geautoriseerd", {"status": 403}),
        (BSN_ONBEKEND, "niet_gevonden", {"status": 200}),
    ],
)
def test_failures_of_the_brp_come_back_as_a_code_with_a_dutch_message(
    brp: Stubserver, bsn: str, fout: str, details: dict[str, object]
) -> None:
    uitkomst = raadpleeg("pga_jeugd", bsn, "r.devries")

    assert uitkomst == Raadpleging(
        "pga_jeugd",
        bsn,
        ("naam", "geboortedatum", "adres", "overlijden", "gezag"),
        fout=fout,
        details=details,
    )
    assert uitkomst.melding == BRP_FOUTEN[fout]
    assert not uitkomst.gelukt
    assert len(brp.ontvangen) == 1


def test_an_invalid_bsn_or_no_profile_sends_nothing(app: Flask, brp: Stubserver) -> None:
    ongeldig = raadpleeg("pga_jeugd", "999996008", "r.devries")  # elfproef fails
    assert (ongeldig.fout, ongeldig.gegevens) == (
        "ongeldig_bsn",
        ("naam", "geboortedatum", "adres", "overlijden", "gezag"),
    )
    assert raadpleeg("pga_jeugd", "12345", "r.devries").fout == "ongeldig_bsn"
    # PGA-R has no profile in the tests' configuration (nor in the demo's)
    geen_profiel = raadpleeg("pga_r", BSN_VOLWASSEN, "r.devries")
    assert (geen_profiel.fout, geen_profiel.gegevens) == ("niet_ingesteld", ())
    assert geen_profiel.melding == "De BRP is voor deze aanpak niet ingesteld."
    with brp_aan(app, brp, BRP_URL="", BRP_STUB=False):  # profiles, but no BRP at all
        assert raadpleeg("pga_jeugd", BSN_VOLWASSEN, "r.devries").fout == "niet_ingesteld"

    assert len(brp.ontvangen) == 0


@contextmanager
def _server(antwoord: Callable[[], tuple[int, str, bytes]]) -> Iterator[str]:
    """A BRP that answers every request with ``antwoord()``: (status, type, body)."""

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        status, soort, inhoud = antwoord()
        start_response(f"{status} X", [("Content-Type", soort)])
        return [inhoud]

    server = make_server("127.0.0.1", 0, wsgi, threaded=True)
    draad = threading.Thread(target=server.serve_forever, daemon=True)
    draad.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


PROBLEEM = "application/problem+json"


@pytest.mark.parametrize(
    ("status", "soort", "inhoud", "details"),
    [
        (400, PROBLEEM, b'{"status": 400, "invalidParams": []}', {"status": 400}),
        (401, PROBLEEM, b'{"status": 401}', {"status": 401}),
        (503, "text/html", b"<h1>Service Unavailable</h1>", {"status": 503}),
        (200, "application/json", b"{niet: json", {"status": 200, "oorzaak": "json"}),
        (200, "application/json", b'{"type": "x"}', {"status": 200, "oorzaak": "json"}),
        # a person in a shape the API does not have
        (
            200,
            "application/json",
            json.dumps(
                {"personen": [{"burgerservicenummer": BSN_VOLWASSEN, "naam": "Jeroen"}]}
            ).encode(),
            {"status": 200, "oorzaak": "vorm"},
        ),
    ],
)
def test_other_answers_are_a_failure_of_the_brp(
    app: Flask,
    brp_stub: Stubserver,
    status: int,
    soort: str,
    inhoud: bytes,
    details: dict[str, object],
) -> None:
    with _server(lambda: (status, soort, inhoud)) as url, brp_aan(app, brp_stub, BRP_URL=url):
        uitkomst = raadpleeg("ipta", BSN_VOLWASSEN, "r.devries")
    assert (uitkomst.fout, uitkomst.details) == ("storing", details)
    assert uitkomst.melding == "De BRP is nu niet bereikbaar. Probeer het later opnieuw."


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort: int = s.getsockname()[1]
        return poort


def test_an_unreachable_brp_is_a_failure(app: Flask, brp_stub: Stubserver) -> None:
    with brp_aan(app, brp_stub, BRP_URL=f"http://127.0.0.1:{_vrije_poort()}"):
        uitkomst = raadpleeg("ipta", BSN_VOLWASSEN, "r.devries")
    assert (uitkomst.fout, uitkomst.details) == ("storing", {"oorzaak": "ConnectionError"})


def test_the_environments_proxy_is_never_used_only_brp_proxy(
    app: Flask, brp: Stubserver, monkeypatch: pytest.MonkeyPatch
) -> None:
    dood = f"http://127.0.0.1:{_vrije_poort()}"
    for naam in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(naam, dood)
    for naam in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(naam, raising=False)

    assert raadpleeg("ipta", BSN_VOLWASSEN, "r.devries").gelukt
    with brp_aan(app, brp, BRP_PROXY=dood):
        uitkomst = raadpleeg("ipta", BSN_VOLWASSEN, "r.devries")
    assert (uitkomst.fout, uitkomst.details) == ("storing", {"oorzaak": "ProxyError"})
    assert len(brp.ontvangen) == 1


def test_nothing_personal_goes_to_the_application_log(
    app: Flask, brp: Stubserver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for bsn in (BSN_VOLWASSEN, BSN_STORING, BSN_GEWEIGERD, BSN_ONBEKEND):
        raadpleeg("pga_jeugd", bsn, "r.devries")

    assert "storing" in caplog.text  # the failures are logged, without the person
    for persoonlijk in (
        BSN_VOLWASSEN,
        BSN_STORING,
        BSN_GEWEIGERD,
        BSN_ONBEKEND,
        "r.devries",
        "Bakker",
        "Jeroen",
    ):
        assert persoonlijk not in caplog.text


# -- the stub started by configuration ----------------------------------------------------


def test_brp_stub_without_url_starts_the_built_in_stub_once(
    app: Flask, brp_stub: Stubserver
) -> None:
    with brp_aan(app, brp_stub, BRP_URL="", BRP_STUB=True):
        eerste = raadpleeg("woonoverlast", BSN_VERHUISD, "r.devries")
        stub = gedeelde_stub()
        tweede = raadpleeg("ipta", BSN_VOLWASSEN, "r.devries")

    assert eerste.persoon is not None
    assert eerste.persoon.gemeente_code == "0518"
    assert tweede.gelukt
    assert gedeelde_stub() is stub  # one per process
    assert stub is not brp_stub
    assert stub.url.startswith("http://127.0.0.1:")
    assert [v["body"]["burgerservicenummer"] for v in list(stub.ontvangen)[-2:]] == [
        [BSN_VERHUISD],
        [BSN_VOLWASSEN],
    ]
    assert len(brp_stub.ontvangen) == 0


# -- mutual TLS ---------------------------------------------------------------------------


def _certificaten(map_: Path) -> dict[str, Path]:
    """A CA, a server certificate for 127.0.0.1 and a client certificate, as PEM files."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    nu = datetime.now(UTC)

    def naam(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def maak(
        cn: str, uitgever: x509.Name, sleutel_uitgever: Any, sleutel: Any, *extensies: Any
    ) -> x509.Certificate:
        bouwer = (
            x509.CertificateBuilder()
            .subject_name(naam(cn))
            .issuer_name(uitgever)
            .public_key(sleutel.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(nu - timedelta(minutes=5))
            .not_valid_after(nu + timedelta(days=1))
        )
        for extensie, kritiek in extensies:
            bouwer = bouwer.add_extension(extensie, critical=kritiek)
        return bouwer.sign(sleutel_uitgever, hashes.SHA256())

    ca_sleutel = ec.generate_private_key(ec.SECP256R1())
    ca = maak(
        "Test-CA",
        naam("Test-CA"),
        ca_sleutel,
        ca_sleutel,
        (x509.BasicConstraints(ca=True, path_length=None), True),
        (
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            True,
        ),
    )
    server_sleutel = ec.generate_private_key(ec.SECP256R1())
    server = maak(
        "127.0.0.1",
        ca.subject,
        ca_sleutel,
        server_sleutel,
        (x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False),
    )
    client_sleutel = ec.generate_private_key(ec.SECP256R1())
    client = maak(
        "Gemeente Zoetermeer",
        ca.subject,
        ca_sleutel,
        client_sleutel,
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False),
    )

    def pem_sleutel(sleutel: Any) -> bytes:
        return sleutel.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    bestanden = {
        "ca": ca.public_bytes(serialization.Encoding.PEM),
        "server": server.public_bytes(serialization.Encoding.PEM),
        "server_sleutel": pem_sleutel(server_sleutel),
        "client": client.public_bytes(serialization.Encoding.PEM),
        "client_sleutel": pem_sleutel(client_sleutel),
    }
    paden = {}
    for naam_, inhoud in bestanden.items():
        paden[naam_] = map_ / f"{naam_}.pem"
        paden[naam_].write_bytes(inhoud)
    return paden


def test_mutual_tls_the_brp_answers_only_with_the_client_certificate(
    app: Flask, tmp_path: Path
) -> None:
    pem = _certificaten(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pem["server"], pem["server_sleutel"])
    context.load_verify_locations(pem["ca"])
    context.verify_mode = ssl.CERT_REQUIRED
    stub = start_stub(personen=testpersonen(), ssl_context=context)
    try:
        assert stub.url.startswith("https://127.0.0.1:")
        with brp_aan(app, stub, BRP_CA_BUNDEL=str(pem["ca"])):
            zonder = raadpleeg("ipta", BSN_VOLWASSEN, "r.devries")
        with brp_aan(
            app,
            stub,
            BRP_CA_BUNDEL=str(pem["ca"]),
            BRP_CERTIFICAAT=str(pem["client"]),
            BRP_SLEUTEL=str(pem["client_sleutel"]),
        ):
            met = raadpleeg("ipta", BSN_VOLWASSEN, "r.devries")
        with brp_aan(  # the BRP's certificate is checked: not with the system's CAs
            app, stub, BRP_CERTIFICAAT=str(pem["client"]), BRP_SLEUTEL=str(pem["client_sleutel"])
        ):
            onbekende_ca = raadpleeg("ipta", BSN_VOLWASSEN, "r.devries")
    finally:
        stub.stop()

    assert zonder.fout == "storing"
    assert onbekende_ca.fout == "storing"
    assert met.persoon is not None
    assert (met.persoon.voornamen, met.persoon.geslachtsnaam) == ("Jeroen", "Bakker")
    assert len(stub.ontvangen) == 1  # only the request with the certificate got through
