"""Mail over SMTP (``verstuur``) and the opt-in e-mail digests of unread notifications
(``casus.mail.digest``); docs/mail.md."""

from casus.mail.verzenden import MailFout, verstuur

__all__ = ["MailFout", "verstuur"]
