#!/usr/bin/python3
"""Writes a large mbox file for scripts/bench-replies, the same bytes every time (seeded): messages
of about 50 kB (a text part in UTF-8 or Windows-1252 quoted-printable, or HTML only, and a base64
attachment); every 50th message a delivery status notification; and REPLIES messages that answer
orders <bench-order-K@regionstockholm.se> (K = 0, 1, ...) by In-Reply-To, spread through the file.

Usage: make_bench_mbox.py PATH [COUNT] [REPLIES]   (defaults: 20000 messages, 10 replies)
"""
import base64
import random
import sys

SWEDISH = ("Hej, vi har tagit emot er beställning och återkommer så snart ärendet är behandlat. "
           "Med vänlig hälsning, Supporten för 1177 Vårdguidens e-tjänster. ")


def qp_windows1252(text):
    out, line = [], ""
    for byte in text.encode("windows-1252"):
        piece = chr(byte) if 33 <= byte <= 126 and byte != 61 or byte == 32 else "=%02X" % byte
        if len(line) + len(piece) > 75:
            out.append(line + "=")
            line = ""
        line += piece
    out.append(line)
    return "\n".join(out)


def message(index, rng, reply_to):
    boundary = "bench-%06d" % index
    headers = [
        "From: Sender %d <sender%d@example.se>" % (index, index % 997),
        "To: team@regionstockholm.se",
        "Subject: =?utf-8?q?Fr=C3=A5ga_nummer_%d?= om ärende" % index if index % 3 else "Subject: Question %d" % index,
        "Date: Tue, 1 Dec 2026 %02d:%02d:%02d +0100" % (index // 3600 % 24, index // 60 % 60, index % 60),
        "Message-ID: <bench-%d@example.se>" % index,
        "MIME-Version: 1.0",
    ] + ["Received: from relay%d.example.se by mx.regionstockholm.se; Tue, 1 Dec 2026 09:00:00 +0100" % hop for hop in range(6)]
    if reply_to is not None:
        headers += ["In-Reply-To: <bench-order-%d@regionstockholm.se>" % reply_to,
                    "References: <bench-order-%d@regionstockholm.se>" % reply_to]
    attachment = base64.encodebytes(rng.randbytes(34_000 + rng.randrange(4_000))).decode("ascii")
    text = SWEDISH * (8 + index % 10)
    if index % 50 == 49:
        headers += ["Content-Type: multipart/report; report-type=delivery-status; boundary=\"%s\"" % boundary]
        parts = ["Content-Type: text/plain; charset=utf-8\n\nDelivery failed.\n",
                 "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.se\n\n"
                 "Final-Recipient: rfc822; gone%d@example.se\nAction: failed\nStatus: 5.1.1\n"
                 "Diagnostic-Code: smtp; 550 5.1.1 unknown\n" % index,
                 "Content-Type: text/rfc822-headers\n\nMessage-ID: <sent-%d@regionstockholm.se>\nSubject: x\n" % index,
                 "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n" + attachment]
    else:
        headers += ["Content-Type: multipart/mixed; boundary=\"%s\"" % boundary]
        if index % 7 == 0:
            body = "Content-Type: text/html; charset=utf-8\n\n<html><body><p>" + text + "</p></body></html>\n"
        elif index % 5 == 0:
            body = ("Content-Type: text/plain; charset=windows-1252\nContent-Transfer-Encoding: quoted-printable\n\n"
                    + qp_windows1252(text) + "\n")
        else:
            body = "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + text + "\n"
        parts = [body, "Content-Type: application/pdf; name=\"bilaga.pdf\"\nContent-Disposition: attachment; "
                       "filename=\"bilaga.pdf\"\nContent-Transfer-Encoding: base64\n\n" + attachment]
    lines = "\n".join(headers) + "\n\nThis is a multi-part message in MIME format.\n"
    for part in parts:
        lines += "--%s\n%s" % (boundary, part)
    lines += "--%s--\n" % boundary
    return "From sender%d@example.se Tue Dec  1 09:00:00 2026\n%s\n" % (index % 997, lines)


def main(path, count=20_000, replies=10):
    rng = random.Random(15)
    reply_positions = {count * (k + 1) // (replies + 1): k for k in range(replies)}
    with open(path, "w", encoding="utf-8", newline="\n") as file:
        for index in range(count):
            file.write(message(index, rng, reply_positions.get(index)))


if __name__ == "__main__":
    main(sys.argv[1], *(int(argument) for argument in sys.argv[2:]))
