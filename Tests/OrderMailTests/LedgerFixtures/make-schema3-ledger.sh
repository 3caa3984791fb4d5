#!/usr/bin/env bash
# Writes schema3.sqlite3 and schema3.head: a ledger as ordermail wrote it before schema version 4
# (commit 4f5e7db), for the test that opens it with today's code, migrates and verifies it.
# Usage: make-schema3-ledger.sh PATH-TO-ORDERMAIL-BUILT-AT-4f5e7db
set -euo pipefail
binary=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work TZ=Europe/Stockholm
ledger=$work/ledger.sqlite3
order=(--hsa-id SE2321000016-84GX --system-name "Cosmic Tidbok" --region "Region Stockholm"
    --contact-name "Åsa Öberg" --contact-email asa.oberg@regionstockholm.se --reference "RS 2026/42" --ledger "$ledger")
"$binary" compose --environment qa "${order[@]}" > /dev/null
"$binary" mark 1 confirmed --case CS0012345 --note "whitelisted in QA" --ledger "$ledger"
"$binary" compose --environment production --confirm-compliance "${order[@]}" > /dev/null
printf 'hsa_id;name\nSE2321000016-A65H;Vårdcentral Öst\nSE2321000016-F835;Vårdcentral Väst\n' > "$work/units.csv"
"$binary" bulk-tak --platform NTJP-QA --producer-hsa-id SE2321000016-F835 --producer-name "Region Stockholm e-remiss" \
    --contract ProcessRequest=https://remiss.example.se/ProcessRequest --units "$work/units.csv" \
    --output-dir "$work/orders" --executor "Region Stockholm" --order-time 2026-11-21T14:03:00+0100 --ledger "$ledger" > /dev/null
"$binary" compose --environment qa --hsa-id SE2321000016-1HZ5 --system-name "Andra Tidboken" --region "Region Stockholm" \
    --contact-name "Anna Andersson" --contact-email anna.andersson@regionstockholm.se --ledger "$ledger" > /dev/null
"$binary" ledger verify --ledger "$ledger" > /dev/null
sqlite3 "$ledger" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
cp "$ledger" "$here/schema3.sqlite3"
sqlite3 "$ledger" "SELECT hash FROM events ORDER BY sequence DESC LIMIT 1" > "$here/schema3.head"
echo "wrote $here/schema3.sqlite3 (schema $(sqlite3 "$ledger" 'PRAGMA user_version'))"
