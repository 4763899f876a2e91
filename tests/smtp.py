"""A real SMTP server for the tests that send e-mail (aiosmtpd), and what it received."""

import contextlib
import email
import email.policy
import socket

from aiosmtpd.controller import Controller


class Mailbox:
    """What the server received: (recipients, subject, text) per message, in order."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message["Subject"], message.get_content()))
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def smtp_server(settings, *, site_url):
    """Start a server on a free port and send the app's e-mail to it, links beginning with
    ``site_url``; yields its :class:`Mailbox`."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.SITE_URL = site_url
    try:
        yield mailbox
    finally:
        controller.stop()
