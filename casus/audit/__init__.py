"""The verwerkingenlog: ``from casus.audit import log_actie``."""

from casus.audit.services import log_actie, log_weigering, log_wijziging

__all__ = ["log_actie", "log_weigering", "log_wijziging"]
