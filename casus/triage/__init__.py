"""Triage: the weeg- en triageoverleg that decides which aanmeldingen are taken in,
and the review lists that keep the caseload moving."""
