"""The default email adapter: writes each message to the log instead of sending it."""

from __future__ import annotations

import logging

from app.domain.interfaces.email import EmailMessage

logger = logging.getLogger("jobwise.email")


class LogEmailSender:
    async def send(self, message: EmailMessage) -> None:
        logger.info(
            "email (log adapter, not sent)",
            extra={"email_to": message.to, "email_subject": message.subject, "email_body": message.body},
        )
