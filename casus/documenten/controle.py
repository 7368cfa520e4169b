"""The checks at the door (docs/documenten.md, "Controle bij het uploaden"): a file is
refused with a Dutch message (``Bestandsfout``) before anything is stored, in this order:

1. empty;
2. larger than ``DOCUMENT_MAX_MB``;
3. a name that is not a plain file name (a path separator, only dots, control or
   invisible characters, nothing left); otherwise the name is tidied (``schone_naam``);
4. the real type, read from the content by libmagic, not on the allow-list
   (``TOEGESTANE_SOORTEN``) or not the type the name's extension says;
5. a virus found by clamd, or clamd configured but giving no verdict.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from casus.documenten import Bestandsfout, GecontroleerdBestand, clamav, instellingen

log = logging.getLogger(__name__)

MAX_NAAMLENGTE = 150  # characters of a tidied name, its extension included
GERESERVEERD = frozenset('<>:"|?*')  # not allowed in a name on Windows: removed
# Unicode categories refused in a name: control (Cc), format (Cf: e.g. the right-to-left
# override that shows "factuur\u202efdp.exe" as "factuurexe.pdf"), surrogates (Cs),
# private use (Co), unassigned (Cn)
VERBODEN_CATEGORIEEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})

ZIP = "application/zip"
GENERIEK_OLE = frozenset({"application/CDFV2", "application/x-ole-storage"})
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
MACRO = "application/x-office-macro"  # our own name: an OOXML file with macros


@dataclass(frozen=True)
class Soort:
    """A kind of file on the allow-list: its Dutch name, its extensions, the type it is
    stored and served with, and libmagic's answers that fit it."""

    naam: str
    extensies: tuple[str, ...]
    mediatype: str
    herkend: frozenset[str]


def _soort(naam: str, extensies: str, mediatype: str, *ook: str) -> Soort:
    return Soort(naam, tuple(extensies.split()), mediatype, frozenset({mediatype, *ook}))


SOORTEN: tuple[Soort, ...] = (
    _soort("PDF", "pdf", "application/pdf"),
    _soort("PNG-afbeelding", "png", "image/png"),
    _soort("JPEG-afbeelding", "jpg jpeg", "image/jpeg"),
    _soort("GIF-afbeelding", "gif", "image/gif"),
    _soort("TIFF-afbeelding", "tif tiff", "image/tiff"),
    _soort("WebP-afbeelding", "webp", "image/webp"),
    _soort("HEIC-foto", "heic", "image/heic", "image/heif"),
    _soort("tekstbestand", "txt", "text/plain", "text/csv"),
    _soort("CSV-bestand", "csv", "text/csv", "text/plain"),
    _soort("Word-document", "docx", DOCX),
    _soort("Excel-werkmap", "xlsx", XLSX),
    _soort("PowerPoint-presentatie", "pptx", PPTX),
    _soort("Word-document (oud formaat)", "doc", "application/msword", *GENERIEK_OLE),
    _soort("Excel-werkmap (oud formaat)", "xls", "application/vnd.ms-excel", *GENERIEK_OLE),
    _soort(
        "PowerPoint-presentatie (oud formaat)",
        "ppt",
        "application/vnd.ms-powerpoint",
        *GENERIEK_OLE,
    ),
    _soort("OpenDocument-tekst", "odt", "application/vnd.oasis.opendocument.text"),
    _soort("OpenDocument-rekenblad", "ods", "application/vnd.oasis.opendocument.spreadsheet"),
    _soort("OpenDocument-presentatie", "odp", "application/vnd.oasis.opendocument.presentation"),
    # an e-mail whose first header is not one libmagic knows (Subject:, MIME-Version:)
    # reads as plain text
    _soort("e-mail", "eml", "message/rfc822", "text/plain"),
    _soort("Outlook-bericht", "msg", "application/vnd.ms-outlook", *GENERIEK_OLE),
)

# extension (lower case, without its dot) -> Dutch name: for a form's accept attribute
# and help text
TOEGESTANE_SOORTEN: dict[str, str] = {e: s.naam for s in SOORTEN for e in s.extensies}
_PER_EXTENSIE: dict[str, Soort] = {e: s for s in SOORTEN for e in s.extensies}

# libmagic's answers for programs: an executable, a library, an installer, a script
PROGRAMMAS = frozenset(
    {
        "application/x-executable",
        "application/x-pie-executable",
        "application/x-sharedlib",
        "application/x-object",
        "application/x-elf",
        "application/x-coff",
        "application/x-coffexec",
        "application/x-dosexec",
        "application/x-msdownload",
        "application/vnd.microsoft.portable-executable",
        "application/x-mach-binary",
        "application/x-msi",
        "application/x-ms-installer",
        "application/java-archive",
        "application/x-java-applet",
        "application/javascript",
        "text/javascript",
        "text/x-msdos-batch",
        "text/x-shellscript",
    }
)
# a Dutch description of some types that are not on the list, for the mismatch message
BESCHRIJVINGEN = {
    ZIP: "een zip-archief",
    MACRO: "een Office-bestand met macro's",
    "text/html": "een webpagina (HTML)",
    "image/svg+xml": "een SVG-afbeelding",
    "application/encrypted": "een met een wachtwoord beveiligd bestand",
}

NIET_TOEGESTAAN = (
    "Dit soort bestand is niet toegestaan. Toegestaan zijn: PDF, afbeeldingen, "
    "Office-bestanden, tekst en e-mail."
)
SCANNER_ONBEREIKBAAR = (
    "De virusscanner is niet bereikbaar; het bestand is niet opgeslagen. Probeer het later opnieuw."
)
GEEN_LIBMAGIC = (
    "Het soort bestand kan nu niet worden vastgesteld; daarom kunnen nu geen bestanden "
    "worden opgeslagen. Meld dit bij de beheerder."
)
GEEN_SCANNER = (
    "Er is geen virusscanner ingesteld; daarom kunnen nu geen bestanden worden opgeslagen. "
    "Meld dit bij de beheerder."
)


def controleer(inhoud: bytes, bestandsnaam: str) -> GecontroleerdBestand:
    """Every check in order; the file ready to be stored, or ``Bestandsfout``."""
    if not inhoud:
        raise Bestandsfout("Het bestand is leeg.")
    if len(inhoud) > instellingen.max_bytes():
        raise Bestandsfout(f"Het bestand is groter dan {instellingen.max_mb()} MB.")
    naam = schone_naam(bestandsnaam)
    mediatype = echte_soort(inhoud, naam)
    _virusscan(inhoud)
    return GecontroleerdBestand(
        naam=naam,
        mediatype=mediatype,
        grootte=len(inhoud),
        sha256=hashlib.sha256(inhoud).hexdigest(),
        inhoud=inhoud,
    )


# -- the name -----------------------------------------------------------------------------


def _naamfout(reden: str) -> Bestandsfout:
    return Bestandsfout(f"De bestandsnaam is niet toegestaan: {reden}")


def schone_naam(bestandsnaam: str) -> str:
    """The name as it will be stored and offered on download, or ``Bestandsfout``.

    Refused: a path separator (``/`` or ``\\``), the names ``.`` and ``..``, control and
    invisible characters, and a name with nothing left after tidying. Tidying: Unicode
    NFC (an accented letter is one character), the characters Windows reserves
    (``<>:"|?*``) removed, dots and white space stripped at both ends, at most 150
    characters with the extension kept."""
    if "/" in bestandsnaam or "\\" in bestandsnaam:
        raise _naamfout("een naam mag geen / of \\ bevatten.")
    if bestandsnaam.strip() in (".", ".."):
        raise _naamfout("een naam mag niet . of .. zijn.")
    if any(unicodedata.category(t) in VERBODEN_CATEGORIEEN for t in bestandsnaam):
        raise _naamfout("er staan stuurtekens of onzichtbare tekens in.")
    naam = "".join(t for t in unicodedata.normalize("NFC", bestandsnaam) if t not in GERESERVEERD)
    naam = _zonder_randen(naam)
    if not naam:
        raise _naamfout("de naam is leeg.")
    if len(naam) > MAX_NAAMLENGTE:
        stam, punt, extensie = naam.rpartition(".")
        staart = punt + extensie if stam and len(extensie) <= 10 else ""
        naam = _zonder_randen(naam[: MAX_NAAMLENGTE - len(staart)]) + staart
    return naam


def _zonder_randen(naam: str) -> str:
    """Without dots and white space at the start and the end."""
    begin, eind = 0, len(naam)
    while begin < eind and (naam[begin] == "." or naam[begin].isspace()):
        begin += 1
    while eind > begin and (naam[eind - 1] == "." or naam[eind - 1].isspace()):
        eind -= 1
    return naam[begin:eind]


def extensie(naam: str) -> str:
    """The extension of ``naam``, lower case, without its dot; "" without one."""
    stam, punt, achter = naam.rpartition(".")
    return achter.lower() if punt and stam else ""


# -- the type -----------------------------------------------------------------------------


def echte_soort(inhoud: bytes, naam: str) -> str:
    """The type ``inhoud`` is stored with: its real type (libmagic, and for a zip what is
    inside) must be one the extension of ``naam`` allows; else ``Bestandsfout``."""
    soort = _PER_EXTENSIE.get(extensie(naam))
    if soort is None:
        raise Bestandsfout(NIET_TOEGESTAAN)
    gelezen = gelezen_soort(inhoud)
    if gelezen in soort.herkend:
        return soort.mediatype
    if gelezen in PROGRAMMAS or gelezen.endswith("script"):
        raise Bestandsfout(f"Het bestand is geen {soort.naam}, maar een programma.")
    raise Bestandsfout(
        "Het bestand is van een ander soort dan de naam zegt "
        f"(de naam zegt {soort.naam}, maar de inhoud is {_beschrijving(gelezen)})."
    )


def _beschrijving(mediatype: str) -> str:
    for soort in SOORTEN:
        if mediatype == soort.mediatype:
            return f"een {soort.naam}"
    return BESCHRIJVINGEN.get(mediatype, "geen toegestaan soort bestand")


def gelezen_soort(inhoud: bytes) -> str:
    """The real type of ``inhoud``: libmagic's answer, and for a zip (which an Office
    file is: libmagic names OOXML only when its parts come in the usual order) the
    type its ``[Content_Types].xml`` or ``mimetype`` entry gives."""
    try:
        # imported here: the application starts without the libmagic library (python-magic
        # cannot be imported then), only uploads are refused (and init_app warns)
        import magic
    except ImportError as fout:
        log.error("documenten: libmagic ontbreekt (apt-get install libmagic1): %s", fout)
        raise Bestandsfout(GEEN_LIBMAGIC) from None
    gelezen = str(magic.from_buffer(inhoud, mime=True))
    if inhoud.startswith(b"PK\x03\x04") and (
        gelezen in (ZIP, "application/octet-stream", DOCX, XLSX, PPTX)
    ):
        return _soort_in_zip(inhoud) or gelezen
    return gelezen


# the main part's content type in [Content_Types].xml -> the file's type
OOXML_HOOFDDELEN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
    "application/vnd.ms-word.document.macroEnabled.main+xml": MACRO,
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": MACRO,
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": MACRO,
}
ODF = re.compile(rb"application/vnd\.oasis\.opendocument\.(text|spreadsheet|presentation)")
MAX_BESCHRIJVING = 1024 * 1024  # bytes of [Content_Types].xml read, at most


def _soort_in_zip(inhoud: bytes) -> str | None:
    """ZIP for a plain archive, the OOXML or ODF type for an Office file, MACRO for an
    Office file with macros; None when it cannot be read as a zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
            namen = set(archief.namelist())
            if any(n.lower().endswith("vbaproject.bin") for n in namen):
                return MACRO
            if "[Content_Types].xml" in namen:
                info = archief.getinfo("[Content_Types].xml")
                if info.file_size <= MAX_BESCHRIJVING:
                    typen = re.findall(
                        rb'ContentType\s*=\s*"([^"]+)"', archief.read(info), flags=re.I
                    )
                    for t in typen:
                        gevonden = OOXML_HOOFDDELEN.get(t.decode("ascii", "replace"))
                        if gevonden:
                            return gevonden
            if "mimetype" in namen and archief.getinfo("mimetype").file_size <= 100:
                odf = ODF.fullmatch(archief.read("mimetype").strip())
                if odf:
                    return odf.group(0).decode("ascii")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError):
        return None
    except RuntimeError:  # an encrypted entry
        return "application/encrypted"
    return ZIP


# -- the virus scan -----------------------------------------------------------------------


def _virusscan(inhoud: bytes) -> None:
    adres = instellingen.clamav_adres()
    if adres is None:
        if instellingen.zonder_virusscan_toegestaan():
            return
        raise Bestandsfout(GEEN_SCANNER)
    try:
        gevonden = clamav.scan(inhoud, adres, instellingen.clamav_scantijd())
    except clamav.Scannerfout as fout:
        log.error("documenten: virusscan mislukt, bestand geweigerd: %s", fout)
        raise Bestandsfout(SCANNER_ONBEREIKBAAR) from None
    if gevonden is not None:
        log.warning("documenten: virus gevonden, bestand geweigerd: %s", gevonden)
        raise Bestandsfout(
            f"Het bestand bevat een virus of schadelijke code ({virusnaam(gevonden)}) "
            "en is niet opgeslagen."
        )


def virusnaam(gevonden: str) -> str:
    """clamd's signature name as shown: without the ``.UNOFFICIAL`` it adds to the name
    of a signature from a database that is not ClamAV's own."""
    return gevonden.removesuffix(".UNOFFICIAL")
