"""The development outbox: writes each message, reset links included, to the log instead of sending it.

For development and tests only: the app refuses to start with it when ENVIRONMENT=production (set
SMTP_HOST). Its lines are marked `"dev_outbox": true` so they are never mistaken for a leak, nor a leak
for them.
"""

from __future__ import annotations

import logging

from app.domain.interfaces.email import EmailMessage

logger = logging.getLogger("jobwise.email")

DEV_OUTBOX_MESSAGE = "development outbox: email NOT sent, written here instead (set SMTP_HOST to send)"


class LogEmailSender:
    async def send(self, message: EmailMessage) -> None:
        logger.info(
            DEV_OUTBOX_MESSAGE,
            extra={
                "dev_outbox": True,
                "email_to": message.to,
                "email_subject": message.subject,
                "email_body": message.body,
            },
        )
