"""Signalen: intake before a case exists, the signalenoverleg and the public meldpunt."""
