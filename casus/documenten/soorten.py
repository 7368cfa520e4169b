"""Which kinds of document each aanpak offers (its catalogue), and the confidentiality
levels.

The codes are listed here per aanpak; their Dutch names live in ``casus.labels``
(``DOCUMENTSOORTEN``, ``VERTROUWELIJKHEDEN``), the one place a code becomes Dutch. The
service (``casus.documenten.services``) refuses a kind its case's aanpak (or, for a
signal, the signal list) does not offer; the database only stores the code.
"""

from __future__ import annotations

from casus import labels

# every aanpak offers these
ALGEMEEN: tuple[str, ...] = (
    "brief",
    "verslag",
    "plan_van_aanpak",  # PGA Jeugd: the plan signed with the parents
    "toestemmingsverklaring",
)
OVERIG = "overig"  # always offered, last

PER_AANPAK: dict[str, tuple[str, ...]] = {
    "woonoverlast": ("brief_corporatie", "gedragsaanwijzing", "gedragsovereenkomst"),
    "ondermijning": ("bibob_advies", "sluitingsbevel", "bestuurlijke_rapportage"),
    "pga_jeugd": ("rapportage_jeugdbescherming",),
    "rio": ("reclasseringsadvies",),
    "ipta": ("reclasseringsadvies", "risicotaxatie"),
    "pga_r": ("risicotaxatie", "ambtsbericht"),
}

# the documents of a signal (before a case exists): the report itself and what came with it
SIGNAAL: tuple[str, ...] = ("melding", "bijlage_melding")

VERTROUWELIJKHEDEN: tuple[str, ...] = tuple(labels.VERTROUWELIJKHEDEN)
STANDAARD_VERTROUWELIJKHEID = "zaakvertrouwelijk"


def _met_namen(codes: tuple[str, ...]) -> dict[str, str]:
    return {code: labels.documentsoort(code) for code in (*codes, OVERIG)}


def soorten_van_casus(aanpak: str) -> dict[str, str]:
    """The kinds a case in ``aanpak`` offers (code -> Dutch name), in the order a chooser
    shows them: the aanpak's own first, then the general ones, "overig" last."""
    return _met_namen((*PER_AANPAK.get(aanpak, ()), *ALGEMEEN))


def soorten_van_signaal(aanpak: str) -> dict[str, str]:
    """The kinds a signal offers (the same for every aanpak that takes signals)."""
    return _met_namen((*SIGNAAL, "brief"))


def vertrouwelijkheden() -> dict[str, str]:
    """Every confidentiality level (code -> Dutch name), from open to closed."""
    return dict(labels.VERTROUWELIJKHEDEN)
