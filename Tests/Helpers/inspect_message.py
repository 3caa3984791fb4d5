#!/usr/bin/python3
"""Parses an e-mail message with Python's own parser (email, policy.default) and prints what it
found as JSON: defects, decoded headers, the From mailbox, the decoded body and line statistics.

Input on stdin: the raw message, or with --json a JSON object whose "message" member holds it.
"""
import email
import json
import sys
from email import policy


def inspect(data: bytes) -> dict:
    message = email.message_from_bytes(data, policy=policy.default)
    defects = [repr(defect) for defect in message.defects]
    headers = {}
    for name, value in message.items():
        defects += [f"{name}: {defect!r}" for defect in getattr(value, "defects", ())]
        headers.setdefault(name, []).append(str(value))
    sender = message["From"].addresses[0]
    lines = data.split(b"\r\n")
    return {
        "defects": defects,
        "headers": headers,
        "from_display_name": sender.display_name,
        "from_address": sender.addr_spec,
        "content_type": message.get_content_type(),
        "charset": message.get_content_charset(),
        "body": message.get_content().replace("\r\n", "\n"),
        "longest_line": max(len(line) for line in lines),
        "has_bare_line_feed_or_carriage_return": any(b"\n" in line or b"\r" in line for line in lines),
        "ends_with_crlf": data.endswith(b"\r\n"),
    }


if __name__ == "__main__":
    raw = sys.stdin.buffer.read()
    if "--json" in sys.argv:
        raw = json.loads(raw)["message"].encode("ascii")
    json.dump(inspect(raw), sys.stdout, ensure_ascii=False)
