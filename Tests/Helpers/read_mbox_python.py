#!/usr/bin/python3
"""Reads an mbox file with Python's mailbox and email packages (policy.default) and prints, as a
JSON list in file order, each message's decoded Subject, Message-ID, content type of the preferred
body (get_body preferring text/plain), and that body's text with LF line ends when it is plain text.

Usage: read_mbox_python.py FILE
"""
import email
import json
import mailbox
import sys
from email import policy


def main(path: str) -> None:
    box = mailbox.mbox(path, create=False)
    messages = []
    for key in box.iterkeys():
        message = email.message_from_bytes(box.get_bytes(key), policy=policy.default)
        body = message.get_body(preferencelist=("plain", "html"))
        plain = body is not None and body.get_content_type() == "text/plain"
        messages.append({
            "subject": str(message.get("Subject", "")),
            "message_id": str(message.get("Message-ID", "")).strip(),
            "text": body.get_content().replace("\r\n", "\n") if plain else None,
        })
    json.dump(messages, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
