#!/usr/bin/python3
"""Reads a message file with Python's email package (policy.default) and prints, as JSON, what a
reader would compare: the decoded subject, the Message-ID, In-Reply-To, and the plain-text body
(get_body preferring text/plain) with LF line ends.

Usage: read_mail_python.py FILE
"""
import email
import json
import sys
from email import policy


def main(path: str) -> None:
    with open(path, "rb") as file:
        message = email.message_from_binary_file(file, policy=policy.default)
    body = message.get_body(preferencelist=("plain", "html"))
    json.dump({
        "subject": str(message.get("Subject", "")),
        "message_id": str(message.get("Message-ID", "")).strip(),
        "in_reply_to": str(message.get("In-Reply-To", "")).strip(),
        "content_type": body.get_content_type() if body else None,
        "text": body.get_content().replace("\r\n", "\n") if body else None,
    }, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
