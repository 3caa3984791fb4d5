#!/usr/bin/python3
"""Parses a message with an optional attachment with Python's own parser (email, policy.default)
and prints what it found as JSON: defects of every part, the decoded subject, the text part, and
the CSV attachment read back with Python's csv module (utf-8-sig, ';').

Input on stdin: the raw message.
"""
import csv
import email
import io
import json
import sys
from email import policy

data = sys.stdin.buffer.read()
message = email.message_from_bytes(data, policy=policy.default)
defects = []
for part in message.walk():
    defects += [repr(defect) for defect in part.defects]
    for name, value in part.items():
        defects += [f"{name}: {defect!r}" for defect in getattr(value, "defects", ())]
text = message.get_body(preferencelist=("plain",))
attachments = list(message.iter_attachments()) if message.is_multipart() else []
result = {
    "defects": defects,
    "subject": str(message["Subject"]),
    "content_type": message.get_content_type(),
    "text": text.get_content().replace("\r\n", "\n") if text is not None else None,
    "attachment_name": attachments[0].get_filename() if attachments else None,
    "attachment_type": attachments[0].get_content_type() if attachments else None,
    "attachment_has_bom": attachments[0].get_payload(decode=True).startswith(b"\xef\xbb\xbf") if attachments else False,
    "attachment_rows": [row for row in csv.reader(io.StringIO(attachments[0].get_payload(decode=True).decode("utf-8-sig"), newline=""), delimiter=";")] if attachments else [],
}
json.dump(result, sys.stdout, ensure_ascii=False)
