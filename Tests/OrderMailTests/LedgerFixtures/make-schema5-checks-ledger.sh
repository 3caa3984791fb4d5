#!/usr/bin/env bash
# Writes schema5-checks.sqlite3 and schema5-checks.head: a ledger as ordermail wrote it at commit
# 23fa994 (schema version 5), when compliance checks were rows of `orders` (kind compliance-check),
# for the test that opens it with today's code, migrates it and verifies the old anchor.
# Usage: make-schema5-checks-ledger.sh PATH-TO-ORDERMAIL-BUILT-AT-23fa994
set -euo pipefail
binary=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work TZ=Europe/Stockholm
ledger=$work/ledger.sqlite3
order=(--hsa-id SE2321000016-84GX --system-name "Cosmic Tidbok" --region "Region Stockholm"
    --contact-name "Åsa Öberg" --contact-email asa.oberg@regionstockholm.se --reference "RS 2026/42" --ledger "$ledger")
update() { # sourceSystem categorization: one captured Update request on a log line
    printf '%s DEBUG [exec-1] EIClient - Update: <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:u="urn:riv:itintegration:engagementindex:UpdateResponder:1" xmlns:c="urn:riv:itintegration:engagementindex:1"><s:Header><r:LogicalAddress xmlns:r="urn:riv:itintegration:registry:1">5565594230</r:LogicalAddress></s:Header><s:Body><u:Update><u:engagementTransaction><c:deleteFlag>false</c:deleteFlag><c:engagement><c:registeredResidentIdentification>191212121212</c:registeredResidentIdentification><c:serviceDomain>riv:crm:scheduling</c:serviceDomain><c:categorization>%s</c:categorization><c:logicalAddress>SE2321000016-A65H</c:logicalAddress><c:businessObjectInstanceIdentifier>BOOKING-4711</c:businessObjectInstanceIdentifier><c:clinicalProcessInterestId>NA</c:clinicalProcessInterestId><c:mostRecentContent>20271201100000</c:mostRecentContent><c:sourceSystem>%s</c:sourceSystem><c:dataController>2321000016</c:dataController></c:engagement></u:engagementTransaction></u:Update></s:Body></s:Envelope>\n' \
        "2026-11-20 14:03:00,000" "$2" "$1"
}
update SE2321000016-84GX NA > "$work/good.log"
update SE2321000016-84GX Booking > "$work/bad.log"
update SE2321000016-1HZ5 NA > "$work/other.log"
"$binary" compose --environment qa "${order[@]}" > /dev/null 2>&1
"$binary" mark 1 sent --note "from the shared mailbox" --ledger "$ledger" > /dev/null 2>&1
"$binary" mark 1 confirmed --case CS0012345 --note "whitelisted in QA" --ledger "$ledger" > /dev/null
"$binary" check-updates "$work/good.log" --environment production --ledger "$ledger" > /dev/null 2>&1    # order 2: pass
"$binary" check-updates "$work/bad.log" --environment production --ledger "$ledger" > /dev/null 2>&1 || test $? -eq 65    # order 3: fail
"$binary" check-updates "$work/other.log" --environment qa --ledger "$ledger" > /dev/null 2>&1    # order 4: pass, another system
"$binary" compose --environment production --confirm-compliance --force "${order[@]}" > /dev/null 2>&1    # order 5
"$binary" ledger verify --ledger "$ledger" > /dev/null
sqlite3 "$ledger" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
cp "$ledger" "$here/schema5-checks.sqlite3"
sqlite3 "$ledger" "SELECT hash FROM events ORDER BY sequence DESC LIMIT 1" > "$here/schema5-checks.head"
echo "wrote $here/schema5-checks.sqlite3 (schema $(sqlite3 "$ledger" 'PRAGMA user_version'), by $("$binary" --version))"
