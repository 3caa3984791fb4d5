#!/usr/bin/python3
"""Writes the mail fixtures under Tests/OrderMailTests/MailFixtures/ with Python's own email
package, as the programs named in each would send them, about one QA order:
order Message-ID <20261120140300.golden@regionstockholm.se>, the id Exchange Online assigned
instead <AM0PR05MB6131A1B2C3D4E5F6@AM0PR05MB6131.eurprd05.prod.outlook.com>, HSA-id
SE2321000016-84GX, reference VGR-2026-114.

Usage: make_mail_fixtures.py [order | all]   (order: the order itself on stdout, for the Postfix
bounce made by make_postfix_dsn.sh; all, the default: every fixture but the Postfix one)
"""
import os
import sys
from email import charset, policy
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

FOLDER = os.path.join(os.path.dirname(__file__), "..", "OrderMailTests", "MailFixtures")
ORDER_ID = "<20261120140300.golden@regionstockholm.se>"
EXCHANGE_ID = "<AM0PR05MB6131A1B2C3D4E5F6@AM0PR05MB6131.eurprd05.prod.outlook.com>"
SUBJECT = "Beställning av vitlistning i 1177 Vårdguidens e-tjänster (QA): Cosmic Tidbok, SE2321000016-84GX"
ORDER_BODY = """Hej,

Region Stockholm beställer vitlistning av tidbokningssystemet nedan i 1177 Vårdguidens e-tjänster.

Miljö: QA
HSA-id för tidbokningssystemet: SE2321000016-84GX
Tidbokningssystemets namn: Cosmic Tidbok
Vårt ärendenummer: VGR-2026-114

Med vänlig hälsning
Anna Andersson
"""
SMTP = policy.SMTP
# Outlook and Exchange write Western European text as Windows-1252 in quoted-printable.
charset.add_charset("windows-1252", charset.QP, charset.QP, "windows-1252")


def quoted(text):
    return "".join("> " + line + "\n" if line else ">\n" for line in text.splitlines())


def order():
    message = EmailMessage(policy=SMTP)
    message["From"] = "Anna Andersson <integration@vgregion.se>"
    message["To"] = "e-tjanster@1177.se"
    message["Subject"] = SUBJECT
    message["Date"] = "Fri, 20 Nov 2026 14:03:00 +0100"
    message["Message-ID"] = ORDER_ID
    message.set_content(ORDER_BODY, charset="utf-8", cte="quoted-printable")
    return message


def support_reply(subject, date, message_id, in_reply_to):
    """A message from 1177's support to the order's contact, answering `in_reply_to`."""
    message = EmailMessage(policy=SMTP)
    message["From"] = "1177 Vårdguidens e-tjänster <e-tjanster@1177.se>"
    message["To"] = "Anna Andersson <anna.andersson@regionstockholm.se>"
    message["Subject"] = subject
    message["Date"] = date
    message["Message-ID"] = message_id
    message["In-Reply-To"] = in_reply_to
    message["References"] = in_reply_to
    return message


def reply_utf8():
    """A reply as Python's email (and most Unix clients) compose it: UTF-8, quoted with '>'."""
    message = support_reply("SV: " + SUBJECT, "Mon, 23 Nov 2026 10:15:00 +0100", "<reply-utf8-1@1177.se>", ORDER_ID)
    message.set_content("Hej Anna,\n\nSystemet är nu vitlistat i QA. Ärendenummer INC0012345.\n\n"
                        "Med vänlig hälsning\nSupporten för 1177 Vårdguidens e-tjänster\n\n" + quoted(ORDER_BODY),
                        charset="utf-8")
    return message


def reply_outlook():
    """A reply as Outlook sends it through Exchange: multipart/alternative, the text part in
    Windows-1252 quoted-printable, the original below a 'Från:' block, In-Reply-To the id
    Exchange Online assigned to the order."""
    message = MIMEMultipart("alternative", boundary="_000_AM0PR01MB2222_")
    message["From"] = "=?Windows-1252?Q?Support_f=F6r_1177?= <e-tjanster@1177.se>"
    message["To"] = "Anna Andersson <anna.andersson@regionstockholm.se>"
    message["Subject"] = Header("SV: " + SUBJECT, "windows-1252")
    message["Thread-Topic"] = Header(SUBJECT, "windows-1252")
    message["Thread-Index"] = "AQHbPq1xR2n8kM0cT0uXyZ7aBcDeFg=="
    message["Date"] = "Tue, 24 Nov 2026 08:30:12 +0000"
    message["Message-ID"] = "<AM0PR01MB2222B0A1C2D3E4F5@AM0PR01MB2222.eurprd01.prod.outlook.com>"
    message["In-Reply-To"] = EXCHANGE_ID
    message["References"] = EXCHANGE_ID
    message["Accept-Language"] = "sv-SE, en-US"
    message["Content-Language"] = "sv-SE"
    message["X-MS-Has-Attach"] = ""
    message["X-MS-TNEF-Correlator"] = ""
    text = ("Hej!\r\n\r\nVitlistningen i QA är klar – välkommen att testa. Vi återkommer om produktion.\r\n\r\n"
            "Hälsningar\r\nÅsa Öberg\r\n\r\n"
            "Från: Anna Andersson <anna.andersson@regionstockholm.se>\r\nSkickat: den 20 november 2026 14:03\r\n"
            "Till: e-tjanster@1177.se\r\nÄmne: " + SUBJECT + "\r\n\r\n" + ORDER_BODY.replace("\n", "\r\n"))
    message.attach(MIMEText(text, "plain", "windows-1252"))
    html = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Windows-1252\"></head>"
            "<body><p>Hej!</p><p>Vitlistningen i QA är klar – välkommen att testa.</p></body></html>")
    message.attach(MIMEText(html, "html", "windows-1252"))
    return message


def reply_html_only():
    """A case system's answer in HTML only, no In-Reply-To, its subject rewritten around its
    case number; the region's reference is in the quoted order."""
    message = EmailMessage(policy=SMTP)
    message["From"] = "Inera Kundservice <kundservice@inera.se>"
    message["To"] = "anna.andersson@regionstockholm.se"
    message["Subject"] = "Ärende CS0012345 har lösts"
    message["Date"] = "Wed, 25 Nov 2026 16:45:00 +0100"
    message["Message-ID"] = "<cs0012345.resolved@inera.example>"
    html = ("<!DOCTYPE html><html><head><style>p{margin:0}</style></head><body>"
            "<p>Hej,</p><p>Ditt &auml;rende CS0012345 har l&ouml;sts: systemet &auml;r vitlistat.</p>"
            "<hr><blockquote><p>V&aring;rt &auml;rendenummer: VGR-2026-114</p>"
            "<p>Milj&ouml;: QA</p></blockquote></body></html>")
    message.set_content(html, subtype="html", charset="utf-8")
    return message


def auto_reply():
    """An RFC 3834 automatic reply with the case number a case system gave the order."""
    message = support_reply("Automatiskt svar: " + SUBJECT, "Fri, 20 Nov 2026 14:03:30 +0100", "<autoreply-1@1177.se>",
                            EXCHANGE_ID)
    message["Auto-Submitted"] = "auto-replied"
    message.set_content("Tack för ditt meddelande. Ditt ärende har registrerats som CS0012345.\n"
                        "Vi svarar inom fem arbetsdagar.\n", charset="utf-8")
    return message


def read_receipt():
    """A read receipt (RFC 8098) for the order."""
    message = MIMEMultipart("report", boundary="mdn-boundary-1", report_type="disposition-notification")
    message["From"] = "e-tjanster@1177.se"
    message["To"] = "anna.andersson@regionstockholm.se"
    message["Subject"] = "Läst: " + SUBJECT
    message["Date"] = "Mon, 23 Nov 2026 09:00:00 +0100"
    message["Message-ID"] = "<mdn-1@1177.se>"
    message.attach(MIMEText("Meddelandet har visats på mottagarens dator.\n", "plain", "utf-8"))
    notification = Message()
    notification["Content-Type"] = "message/disposition-notification"
    notification.set_payload("Reporting-UA: mail.1177.se; Python email\r\n"
                             "Final-Recipient: rfc822; e-tjanster@1177.se\r\n"
                             "Original-Message-ID: " + EXCHANGE_ID + "\r\n"
                             "Disposition: manual-action/MDN-sent-manually; displayed\r\n")
    message.attach(notification)
    return message


FIXTURES = {
    "reply-utf8.eml": reply_utf8,
    "reply-outlook-windows1252-qp.eml": reply_outlook,
    "reply-html-only.eml": reply_html_only,
    "auto-reply-rfc3834.eml": auto_reply,
    "read-receipt-rfc8098.eml": read_receipt,
}

if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "all"
    if mode == "order":
        sys.stdout.buffer.write(order().as_bytes(policy=SMTP))
    else:
        for name, make in FIXTURES.items():
            message = make()
            with open(os.path.join(FOLDER, name), "wb") as file:
                file.write(message.as_bytes(policy=message.policy.clone(linesep="\r\n")))
            print("wrote", name)
