"""Notificaties: in-app notifications for events that concern a user ("Meldingen" on
the screens, ``/meldingen``; docs/meldingen.md).

- ``casus.notificaties.models``: ``Notificatie``, one row per recipient;
- ``casus.notificaties.services``: ``notificeer`` adds them in the caller's transaction
  (only to recipients who may see the case or signal, idempotent per ``sleutel``), the
  counts, the list and marking read;
- ``casus.notificaties.haken``: what the case, triage and signal services call after
  an assignment, a triage decision and a new signal;
- ``casus.notificaties.views``: the list, "Gelezen", "Alles gelezen", and the header's
  "Meldingen (n)".

Who sees which notification is decided in ``casus.toegang.queries``
(``zichtbare_notificaties``, ``ontvangers_die_zien``): a notification on a case or
signal is shown only while its recipient may see that case or signal.
"""

from __future__ import annotations

# code -> Dutch label (the list, the e-mail digest's counts)
SOORTEN: dict[str, str] = {
    "toegewezen": "Casus aan u toegewezen",
    "termijn_nadert": "Termijn nadert",
    "termijn_verlopen": "Termijn verlopen",
    "triagebesluit": "Triagebesluit over uw aanmelding",
    "signaal": "Nieuw signaal voor uw team",
    "taak_mislukt": "Achtergrondtaak mislukt",
    "controle_mislukt": "Nachtelijke controle mislukt",
    "bewaartermijn": "Bewaartermijn: proefrun",
    # casusoverleg met partners (issue 22): a partner user's agenda, a partner's report
    # on an agreed action (to the case's regisseur)
    "partneragenda": "Agenda casusoverleg met partners",
    "terugmelding": "Terugmelding van een partner",
}
