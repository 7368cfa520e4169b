"""Small real files of every kind the document tests need, built here byte by byte (or
with zipfile and openpyxl), so no binary fixture sits in the repository."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl

# a complete one-page PDF (catalog, pages, page, trailer)
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
    b"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n"
    b"trailer <</Root 1 0 R>>\n"
    b"%%EOF\n"
)


def _png_blok(soort: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + soort + data + struct.pack(">I", zlib.crc32(soort + data))


# a 1x1 grey PNG: signature, IHDR, IDAT (one filter byte and one pixel), IEND
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_blok(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    + _png_blok(b"IDAT", zlib.compress(b"\x00\x80"))
    + _png_blok(b"IEND", b"")
)

TEKST = b"Gespreksverslag huisbezoek\nAfspraken met de corporatie en de wijkagent.\n"
CSV = b"naam,datum,aantal\nJansen,01-02-2025,3\nPietersen,02-02-2025,4\n"
EML = (
    b"From: corporatie@example.nl\r\n"
    b"To: regisseur@example.nl\r\n"
    b"Subject: Gedragsaanwijzing\r\n"
    b"Date: Mon, 6 Jan 2025 10:00:00 +0100\r\n"
    b"\r\n"
    b"Bijgaand de afspraken.\r\n"
)

WORD_HOOFDDEEL = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO_HOOFDDEEL = "application/vnd.ms-word.document.macroEnabled.main+xml"


def docx(
    *,
    typen_eerst: bool = True,
    hoofddeel: str = WORD_HOOFDDEEL,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A minimal Word document: [Content_Types].xml, the package's relations, the body.
    ``typen_eerst=False`` puts [Content_Types].xml last (libmagic then says zip)."""
    typen = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{hoofddeel}"/>'
        "</Types>"
    )
    relaties = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Plan van aanpak</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archief:
        if typen_eerst:
            archief.writestr("[Content_Types].xml", typen)
        archief.writestr("_rels/.rels", relaties)
        archief.writestr("word/document.xml", body)
        for naam, inhoud in (extra or {}).items():
            archief.writestr(naam, inhoud)
        if not typen_eerst:
            archief.writestr("[Content_Types].xml", typen)
    return buffer.getvalue()


def xlsx() -> bytes:
    werkmap = openpyxl.Workbook()
    werkmap.active["A1"] = "Casussen per wijk"
    buffer = io.BytesIO()
    werkmap.save(buffer)
    return buffer.getvalue()


def odt() -> bytes:
    """An OpenDocument text: its first entry ``mimetype``, stored uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archief:
        archief.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archief.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def zip_met(naam: str, inhoud: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archief:
        archief.writestr(naam, inhoud)
    return buffer.getvalue()


def elf() -> bytes:
    """A real Linux executable: the system's ``true``."""
    return Path("/bin/true").read_bytes()


def pe() -> bytes:
    """The headers of a Windows executable: MZ, the offset of the PE header at 0x3c,
    "PE\\0\\0" and the machine type i386."""
    data = bytearray(512)
    data[0:2] = b"MZ"
    data[0x3C:0x40] = struct.pack("<I", 0x80)
    data[0x80:0x84] = b"PE\0\0"
    data[0x84:0x86] = struct.pack("<H", 0x14C)
    return bytes(data)


SCRIPT = b"#!/bin/sh\nrm -rf ~\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
