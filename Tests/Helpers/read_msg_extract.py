#!/usr/bin/env python3
"""Reads an Outlook .msg with PyPI's extract-msg (a reader ordermail's authors did not write, which
reads the message's properties, not just the container) and prints what it found as JSON:
subject, body, Message-ID, date, sender, To and Cc.

Usage: read_msg_extract.py FILE   (run with the venv scripts/test makes: .build/extract-msg-venv)
"""
import json
import sys

import extract_msg


def main(path: str) -> None:
    message = extract_msg.openMsg(path, strict=True)
    json.dump({
        "subject": message.subject,
        "body": message.body,
        "messageId": message.messageId,
        "date": message.date.isoformat() if message.date else None,
        "sender": message.sender,
        "to": message.to,
        "cc": message.cc,
    }, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
