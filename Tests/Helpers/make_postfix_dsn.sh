#!/usr/bin/env bash
# Makes Tests/OrderMailTests/MailFixtures/postfix-dsn.eml: a delivery status notification written by
# Postfix itself. Sets up the loopback-only Postfix test bed (/work/shared/tools/postfix-testbed.sh,
# as root), submits an order-like message (composed by make_mail_fixtures.py's `order` mode) from
# integration@vgregion.se to an unknown local user, waits for Postfix's bounce in the sender's
# Maildir (vgrteam), copies it, and stops Postfix. Run once; the output is committed.
set -euo pipefail
cd "$(dirname "$0")/../.."
testbed=${POSTFIX_TESTBED:-/work/shared/tools/postfix-testbed.sh}
output=Tests/OrderMailTests/MailFixtures/postfix-dsn.eml
export NU=${NU:-$(mktemp -d)}
bash "$testbed" config start >/dev/null 2>&1
trap 'bash "$testbed" stop >/dev/null 2>&1 || true' EXIT
maildir=~vgrteam/Maildir/new
count() { (ls "$maildir" 2>/dev/null || true) | wc -l; }
before=$(count)
/usr/bin/python3 Tests/Helpers/make_mail_fixtures.py order \
    | /usr/sbin/sendmail -f integration@vgregion.se -- okand-mottagare@localhost
for _ in $(seq 1 50); do
    [ "$(count)" -gt "$before" ] && break
    sleep 0.2
done
newest=$(ls -t "$maildir" | head -1)
[ -n "$newest" ] || { echo "no bounce arrived in $maildir" >&2; exit 1; }
cp "$maildir/$newest" "$output"
echo "wrote $output"
