"""A real SMTP server on 127.0.0.1 (aiosmtpd) that tests can make refuse: the next few
commands answered with a temporary (4xx) or permanent (5xx) error, or the whole server
stopped (connections refused) and started again on its port."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Inbox:
    """aiosmtpd's handler: what arrived, and the refusals still to give."""

    messages: list = field(default_factory=list)
    refusals: dict[str, list[str | None]] = field(default_factory=dict)  # None: accept
    refused_for_good: set[str] = field(default_factory=set)  # recipients answered 550
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _refusal(self, command: str) -> str | None:
        with self.lock:
            replies = self.refusals.get(command)
            return replies.pop(0) if replies else None

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if reply := self._refusal("MAIL"):
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused_for_good:
            return "550 5.1.1 No such mailbox"
        if reply := self._refusal("RCPT"):
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if reply := self._refusal("DATA"):
            return reply
        with self.lock:
            self.messages.append(envelope)
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def refuse(self, command: str, *replies: str | None) -> None:
        """Answer the next len(replies) `command`s (MAIL, RCPT or DATA) with these replies
        (None lets that one through)."""
        with self.inbox.lock:
            self.inbox.refusals.setdefault(command, []).extend(replies)

    def refuse_for_good(self, address: str) -> None:
        self.inbox.refused_for_good.add(address)

    def recipients(self) -> Counter:
        """How many messages each address received."""
        with self.inbox.lock:
            return Counter(rcpt for message in self.inbox.messages for rcpt in message.rcpt_tos)

    def mailer(self) -> dict:
        """A MAILERS entry that sends here."""
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
        }
