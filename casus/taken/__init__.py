"""Background jobs (``Taak``): planned in a transaction, run by the worker after it commits.

A job is a row of ``taak`` (its kind, arguments, status, attempts and last error) and a
message on Huey's queue that names the row. ``services.plan_taak`` adds the row in the
caller's transaction; the message follows only when that transaction commits (an
outbox, ``services``' session events), so a rollback never runs a job. The worker
(``flask --app casus worker``, ``cli``) runs the kind's function with retries and
backoff (``services.voer_taak_uit``); a sweep every minute enqueues what is due and
has no message (a crash between the commit and the enqueue, a retry). The periodic
jobs (``soorten``) are planned with a date in their key, so they run once a day or week
whatever the number of workers. The beheerder sees failures on ``/beheer/taken``.
"""

from __future__ import annotations

WACHTEND = "wachtend"
BEZIG = "bezig"
GELUKT = "gelukt"
MISLUKT = "mislukt"

# code -> what the beheerder reads
STATUSSEN: dict[str, str] = {
    WACHTEND: "Wacht op de worker",
    BEZIG: "Bezig",
    GELUKT: "Gelukt",
    MISLUKT: "Mislukt",
}
