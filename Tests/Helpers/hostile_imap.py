#!/usr/bin/python3
"""A small IMAP server for ordermail's tests, plain text on 127.0.0.1, that serves the messages in
--mail-dir (files named UID.eml, read again at every command, so a test can add one between runs)
and answers in the ways real servers may but libcurl's reading of custom requests cannot follow:

  --phantoms N    the UID SEARCH answer also names N UIDs of messages expunged since (from 10**9
                  up, 11 bytes each: 30,000 make an answer over 256 KB); FETCH answers nothing for them
  --claim UID=N   RFC822.SIZE says N bytes for that UID (a message too large to fetch)
  --log FILE      every command after the login is appended to FILE, one line each

Any LOGIN is accepted. UID SEARCH follows RFC 3501: "UID n:*" always includes the highest UID.
Prints its port on stdout once it listens, and runs until stdin closes."""
import argparse
import os
import socketserver
import sys
import threading


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mail-dir", required=True)
    parser.add_argument("--uidvalidity", type=int, default=1701)
    parser.add_argument("--phantoms", type=int, default=0)
    parser.add_argument("--claim", action="append", default=[])
    parser.add_argument("--log")
    options = parser.parse_args()
    claims = {int(uid): int(size) for uid, size in (claim.split("=") for claim in options.claim)}
    log_lock = threading.Lock()

    def messages():
        found = {}
        for name in os.listdir(options.mail_dir):
            if name.endswith(".eml"):
                with open(os.path.join(options.mail_dir, name), "rb") as message:
                    found[int(name[:-4])] = message.read()
        return dict(sorted(found.items()))

    def uid_set(text, everything):
        chosen = set()
        highest = max(everything) if everything else 0
        for part in text.split(","):
            if ":" in part:
                low, high = part.split(":")
                low = int(low)
                high = highest if high == "*" else int(high)
                low, high = min(low, high), max(low, high)
                chosen.update(uid for uid in everything if low <= uid <= high)
            else:
                chosen.add(int(part))
        return chosen

    class Session(socketserver.StreamRequestHandler):
        def send(self, text):
            self.wfile.write(text if isinstance(text, bytes) else text.encode())

        def handle(self):
            self.send("* OK [CAPABILITY IMAP4rev1] hostile test server ready\r\n")
            logged_in = False
            while True:
                line = self.rfile.readline()
                if not line:
                    return
                tag, _, rest = line.decode().rstrip("\r\n").partition(" ")
                command = rest.upper()
                if logged_in and options.log:
                    with log_lock, open(options.log, "a") as log:
                        log.write(rest + "\n")
                mail = messages()
                if command.startswith("CAPABILITY"):
                    self.send("* CAPABILITY IMAP4rev1\r\n%s OK done\r\n" % tag)
                elif command.startswith("LOGIN"):
                    logged_in = True
                    self.send("%s OK LOGIN completed\r\n" % tag)
                elif command.startswith("EXAMINE"):
                    self.send("* %d EXISTS\r\n* OK [UIDVALIDITY %d] UIDs valid\r\n%s OK [READ-ONLY] EXAMINE completed\r\n"
                              % (len(mail), options.uidvalidity, tag))
                elif command.startswith("UID SEARCH"):
                    words = rest.split()
                    found = set(mail)
                    if len(words) > 3 and words[2].upper() == "UID":
                        found = uid_set(words[3], set(mail))
                    phantoms = " ".join(str(10**9 + number) for number in range(options.phantoms))
                    answer = " ".join(str(uid) for uid in sorted(found))
                    self.send("* SEARCH %s%s\r\n%s OK SEARCH completed\r\n"
                              % (answer, (" " + phantoms) if phantoms else "", tag))
                elif command.startswith("UID FETCH"):
                    words = rest.split(" ", 3)
                    sequence = {uid: number + 1 for number, uid in enumerate(mail)}
                    for uid in sorted(uid_set(words[2], set(mail))):
                        if uid not in mail:
                            continue
                        if "RFC822.SIZE" in words[3].upper():
                            self.send("* %d FETCH (UID %d RFC822.SIZE %d)\r\n" % (sequence[uid], uid, claims.get(uid, len(mail[uid]))))
                        else:
                            body = mail[uid]
                            self.send(b"* %d FETCH (UID %d BODY[] {%d}\r\n%s)\r\n" % (sequence[uid], uid, len(body), body))
                    self.send("%s OK FETCH completed\r\n" % tag)
                elif command.startswith("LOGOUT"):
                    self.send("* BYE logging out\r\n%s OK LOGOUT completed\r\n" % tag)
                    return
                else:
                    self.send("%s BAD unknown command\r\n" % tag)

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    server = Server(("127.0.0.1", 0), Session)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
