from __future__ import annotations

from casus.werkplek.formulier import Formulier


class OpnieuwForm(Formulier):
    """Try a failed job again (the idempotency token only)."""
