"""The verwerkingenlog: ``from casus.audit import log_actie``."""

from casus.audit.services import log_actie

__all__ = ["log_actie"]
