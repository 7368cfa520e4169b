"""Word lists for synthetic Dutch persons, addresses, companies and texts.

Everything here is invented; any likeness to a real person or company is chance.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

VOORNAMEN_M = (
    "Sem",
    "Daan",
    "Luuk",
    "Milan",
    "Bram",
    "Jesse",
    "Thijs",
    "Ruben",
    "Lars",
    "Stijn",
    "Noah",
    "Finn",
    "Mohamed",
    "Yassin",
    "Ayoub",
    "Bilal",
    "Mehmet",
    "Emre",
    "Kerem",
    "Youssef",
    "Rayan",
    "Anouar",
    "Dylan",
    "Kevin",
    "Jayden",
    "Damian",
    "Gino",
    "Shane",
    "Joël",
    "Ricardo",
    "Tim",
    "Niels",
    "Mike",
    "Jordy",
    "Delano",
    "Quincy",
    "Ilias",
    "Hamza",
    "Omar",
    "Sven",
)
VOORNAMEN_V = (
    "Emma",
    "Sanne",
    "Lisa",
    "Fleur",
    "Julia",
    "Anouk",
    "Eva",
    "Noa",
    "Tess",
    "Lotte",
    "Yasmina",
    "Fatima",
    "Salma",
    "Imane",
    "Elif",
    "Zeynep",
    "Aylin",
    "Chantal",
    "Kimberley",
    "Shirley",
    "Demi",
    "Naomi",
    "Priya",
    "Sharon",
    "Esmee",
    "Romy",
    "Amira",
    "Nadia",
    "Ilse",
)
ACHTERNAMEN = (
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("", "Bakker"),
    ("van", "Dijk"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("", "Jacobs"),
    ("de", "Haan"),
    ("", "Vermeulen"),
    ("van den", "Heuvel"),
    ("van der", "Veen"),
    ("", "El Amrani"),
    ("", "Bouzid"),
    ("", "El Idrissi"),
    ("", "Benali"),
    ("", "Ouali"),
    ("", "Yilmaz"),
    ("", "Kaya"),
    ("", "Demir"),
    ("", "Çelik"),
    ("", "Öztürk"),
    ("", "Sitaram"),
    ("", "Ramdin"),
    ("", "Pinas"),
    ("", "Martina"),
    ("", "Kromo"),
    ("", "Nowak"),
    ("", "Kowalski"),
    ("", "Hoekstra"),
    ("", "Verhoeven"),
    ("van", "Rijn"),
)
STRATEN: dict[str, tuple[str, ...]] = {
    "Bedrijventerreinen": ("Edisonstraat", "Fokkerstraat", "Bleiswijkseweg", "Zilverstraat"),
    "Buytenwegh": ("Kurkhout", "Hazelaarlaan", "Tuinkers", "Olijfhout"),
    "De Leyens": ("Balsemien", "Dolomieten", "Leyenseweg", "Spijkerboor"),
    "Dorp": ("Dorpsstraat", "Voorweg", "Kerkpad", "Zuidweg"),
    "Driemanspolder": ("Ambrosijn", "Sportlaan", "Ruimtebaan", "Roggekamp"),
    "Meerzicht": (
        "Meerzichtlaan",
        "Aalscholverstraat",
        "Duikerhof",
        "Schoutlaan",
        "Ruysdaelstraat",
    ),
    "Noordhove": ("Noordhovenseweg", "Paltrokweg", "Molenwiek", "Windas"),
    "Oosterheem": ("Oosterheemplein", "Van Leeuwenhoeklaan", "Vlinderweg", "Bolwerk"),
    "Palenstein": ("Palensteinstraat", "Zwembadweg", "Croesinckplein", "Cypressenhof"),
    "Rokkeveen": ("Rokkeveenseweg", "Maiskolf", "Akkerdistel", "Hooghe Boekel"),
    "Seghwaert": ("Seghwaertseweg", "Bachstraat", "Händelstraat", "Mozartstraat"),
    "Stadshart": ("Stadhuisplein", "Promenade", "Markt", "Europaweg"),
}
BEDRIJFSNAMEN = (
    "Kapsalon Yasmin",
    "Nagelstudio Glamour",
    "Autobedrijf De Vaart",
    "Shisha Lounge Sultan",
    "Massagesalon Lotus",
    "Belwinkel Connect",
    "Barbershop Fade",
    "Transportbedrijf Van Leeuwen",
    "Minimarkt Anatolia",
    "Carwash Rokkeveen",
    "Bouwbedrijf Noordwind",
    "Schoonmaakbedrijf Glans",
    "Autoverhuur Express",
    "Koeriersdienst Snel",
    "Cafetaria De Hoek",
    "Uitzendbureau Werkt",
    "Tattooshop Ink",
    "Bandenhandel Zoetermeer",
    "Vastgoed Beheer West",
    "Kledingzaak Milano",
)
RECHTSVORMEN = ("", " B.V.", " V.O.F.")
PARTIJEN: dict[str, tuple[str, ...]] = {
    "verhuizing": ("Gemeente Den Haag", "Gemeente Leidschendam-Voorburg", "Gemeente Delft"),
    "andere_gemeente": ("Gemeente Gouda", "Gemeente Den Haag", "Gemeente Pijnacker-Nootdorp"),
    "zorgpartij": ("Parnassia", "Youz", "Jeugdformaat", "Perspektief", "GGZ Delfland"),
    "jeugdbescherming": ("Jeugdbescherming West",),
    "reclassering": ("Reclassering Nederland",),
    "riec": ("RIEC Haaglanden",),
    "politie_om": ("Politie Den Haag, team Zoetermeer", "Openbaar Ministerie"),
    "corporatie": ("De Goede Woning", "Vidomes", "Rochdale"),
}
IPTA_PARTIJ_ANDERE_GEMEENTE = "IPTA Gouda"


def persoonsnaam(rng: random.Random) -> tuple[str, str | None, str]:
    voornaam = rng.choice(VOORNAMEN_M if rng.random() < 0.8 else VOORNAMEN_V)
    tussenvoegsel, achternaam = rng.choice(ACHTERNAMEN)
    return voornaam, tussenvoegsel or None, achternaam


def adres(rng: random.Random, wijk: str) -> str:
    straat = rng.choice(STRATEN.get(wijk, ("Dorpsstraat",)))
    nummer = rng.randint(1, 180)
    toevoeging = rng.choice(("", "", "", " A", " B", "-1", "-2"))
    return f"{straat} {nummer}{toevoeging}, Zoetermeer"


def bedrijf(rng: random.Random) -> tuple[str, str]:
    """(name, KvK-nummer of 8 digits)."""
    naam = rng.choice(BEDRIJFSNAMEN) + rng.choice(RECHTSVORMEN)
    return naam, f"{rng.randint(10_000_000, 99_999_999)}"


def bsn_reeks(start: int = 0) -> Iterator[str]:
    """Distinct 9-digit numbers that pass the elfproef, in a scattered deterministic order.

    The first eight digits are a permutation of a counter (7_654_321 is coprime with
    the range size), the ninth is the check digit; numbers whose check would be 10
    are skipped.
    """
    bereik = 89_999_999
    i = start
    while True:
        basis = 10_000_000 + (i * 7_654_321) % bereik
        i += 1
        cijfers = str(basis)
        controle = sum(int(c) * w for c, w in zip(cijfers, range(9, 1, -1), strict=True)) % 11
        if controle < 10:
            yield cijfers + str(controle)
