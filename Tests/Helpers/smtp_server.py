#!/usr/bin/python3
"""A real SMTP server for ordermail's tests: aiosmtpd on 127.0.0.1, on a free port.

Prints the port on stdout once it accepts connections, stores every message it receives in
--mail-dir (N.eml with the exact bytes after DATA, N.json with the envelope), and runs until
stdin closes, so it stops when the test that started it does.

--behaviour makes it misbehave: accept, mail-550, rcpt-550, data-451, data-554, drop-after-data,
stall-after-greeting, stall-after-data, hold-after-data (the reply to DATA waits until the file
"release" exists in --mail-dir), no-auth (AUTH left out of the EHLO reply, which aiosmtpd
otherwise advertises even without an authenticator), send-as-denied (Exchange Online's 554 5.2.252).

--xoauth2-token-file also offers XOAUTH2, accepted only for the exact SASL string with --user and
that token, and OAUTHBEARER, always refused, so a client that does not force XOAUTH2 fails.
"""
import argparse
import asyncio
import base64
import json
import os
import socket
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Handler:
    def __init__(self, mail_dir: str, behaviour: str):
        self.mail_dir = mail_dir
        self.behaviour = behaviour
        self.count = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if self.behaviour == "stall-after-greeting":
            await asyncio.sleep(3600)
        session.host_name = hostname
        with open(os.path.join(self.mail_dir, "ehlo.txt"), "a") as log:
            log.write(hostname + "\n")
        if self.behaviour == "no-auth":
            responses = [line for line in responses if not line[4:].upper().startswith("AUTH")]
        return responses

    async def handle_QUIT(self, server, session, envelope):
        with open(os.path.join(self.mail_dir, "quit.txt"), "a") as log:
            log.write("QUIT\n")
        return "221 Bye"

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.behaviour == "mail-550":
            return "550 5.7.1 Sender not allowed"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.behaviour == "rcpt-550":
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.behaviour == "data-451":
            return "451 4.3.0 Try again later"
        if self.behaviour == "send-as-denied":
            return "554 5.2.252 SendAsDenied; anna@example.org not allowed to send as anna.andersson@regionstockholm.se"
        if self.behaviour == "data-554":
            return "554 5.6.0 Message rejected as spam"
        self.count += 1
        base = os.path.join(self.mail_dir, str(self.count))
        with open(base + ".eml", "wb") as message:
            message.write(envelope.original_content)
        with open(base + ".json", "w") as meta:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "authenticated": session.authenticated, "tls": server.transport.get_extra_info("ssl_object") is not None}, meta)
        if self.behaviour == "drop-after-data":
            server.transport.abort()
            return "250 never sent"
        if self.behaviour == "stall-after-data":
            await asyncio.sleep(3600)
        if self.behaviour == "hold-after-data":
            # The test says when: the reply to DATA waits until the file "release" exists.
            while not os.path.exists(os.path.join(self.mail_dir, "release")):
                await asyncio.sleep(0.02)
        return "250 2.0.0 Ok: queued as test-%d" % self.count


class OAuthHandler(Handler):
    """Handler plus the XOAUTH2 and OAUTHBEARER mechanisms (aiosmtpd finds auth_* methods on it)."""

    def __init__(self, mail_dir: str, behaviour: str, expected: bytes):
        super().__init__(mail_dir, behaviour)
        self.expected = expected

    async def auth_XOAUTH2(self, server, args):
        # libcurl sends no initial response: ask for it with an empty challenge.
        response = await server.challenge_auth("") if len(args) == 1 else base64.b64decode(args[1])
        return AuthResult(success=response == self.expected, handled=False)

    async def auth_OAUTHBEARER(self, server, args):
        return AuthResult(success=False, handled=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mail-dir", required=True)
    parser.add_argument("--tls", choices=["starttls", "implicit", "none"], default="none")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password-file", help="file holding the expected password (UTF-8)")
    parser.add_argument("--behaviour", default="accept")
    parser.add_argument("--xoauth2-token-file", help="file holding the one access token XOAUTH2 accepts")
    options = parser.parse_args()

    context = None
    if options.tls != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(options.cert, options.key)

    kwargs = {}
    if options.user:
        with open(options.password_file, "rb") as secret:
            expected = (options.user.encode(), secret.read())

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == expected
            return AuthResult(success=ok, handled=False)

        kwargs.update(authenticator=authenticator, auth_required=True)
    # Implicit TLS does not count as TLS for auth_require_tls; plain text is for loopback tests only.
    kwargs["auth_require_tls"] = options.tls == "starttls"

    port = free_port()
    if options.xoauth2_token_file:
        with open(options.xoauth2_token_file, "rb") as token:
            expected = b"user=" + options.user.encode() + b"\x01auth=Bearer " + token.read() + b"\x01\x01"
        handler = OAuthHandler(options.mail_dir, options.behaviour, expected)
    else:
        handler = Handler(options.mail_dir, options.behaviour)
    if options.tls == "implicit":
        controller = Controller(handler, hostname="127.0.0.1", port=port, ssl_context=context, **kwargs)
    else:
        controller = Controller(handler, hostname="127.0.0.1", port=port, tls_context=context,
                                require_starttls=options.tls == "starttls", **kwargs)
    if options.tls == "implicit":
        # The controller's readiness probe wraps its socket with the server's own context, which
        # cannot act as a client: probe with a client context instead.
        def probe():
            client = ssl.create_default_context()
            client.check_hostname = False
            client.verify_mode = ssl.CERT_NONE
            with socket.create_connection(("127.0.0.1", port), 1.0) as raw:
                with client.wrap_socket(raw) as wrapped:
                    wrapped.recv(1024)

        controller._trigger_server = probe
    controller.start()
    print(port, flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
