#!/usr/bin/env bash
# test_collection_remind: `pupiltrack establishment phase` records a school's
# phase (an unknown phase or school exits 1, nothing changed), and
# `pupiltrack collection remind --now` sends a request's automatic reminder
# exactly when it is due (3 days before the deadline here): to the admin of the
# school that has not sent, never to the one that sent a successful file, and
# never twice. A time or a number of days that cannot be read exits 2.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
cli_begin remind
outbox=$work/outbox
# Mails in the outbox to $1.
mails_to() {
	local n=0 f
	for f in "$outbox"/*.eml; do
		[[ -e $f ]] || continue
		if grep -q "^To: <$1>" "$f"; then n=$((n + 1)); fi
	done
	echo "$n"
}

expect 0 "$PUPILTRACK" db migrate
expect 0 "$PUPILTRACK" la add 888 "Northshire"
expect 0 "$PUPILTRACK" establishment add 8882001 "Alder Primary"
expect 0 "$PUPILTRACK" establishment add 8882002 "Birch Infants"
expect 0 "$PUPILTRACK" establishment add 8882003 "Cherry Nursery" --phase nursery
has "$out" "nursery"
same "$(sql "SELECT phase FROM establishment WHERE estab = 2003")" nursery "phase on add"
expect 1 "$PUPILTRACK" establishment add 8882004 "Damson School" --phase upper
same "$(sql "SELECT count(*) FROM establishment WHERE estab = 2004")" 0 "nothing added"
expect 0 "$PUPILTRACK" user add --username adam.a --role school-admin --establishment 8882001 \
	--email adam.a@example.org
expect 0 "$PUPILTRACK" user add --username bo.b --role school-admin --establishment 8882002 \
	--email bo.b@example.org

# phases
expect 0 "$PUPILTRACK" establishment phase 8882001 primary
has "$out" "Alder Primary \(8882001\) is primary"
same "$(sql "SELECT phase FROM establishment WHERE estab = 2001")" primary "stored phase"
expect 1 "$PUPILTRACK" establishment phase 8882002 upper
has "$err" "not a phase"
same "$(sql "SELECT phase FROM establishment WHERE estab = 2002")" "" "unchanged phase"
expect 1 "$PUPILTRACK" establishment phase 8889999 primary
has "$err" "no school 8889999"
expect 0 "$PUPILTRACK" establishment phase 8882001 none
same "$(sql "SELECT phase FROM establishment WHERE estab = 2001")" "" "cleared phase"
same "$(sql "SELECT count(*) FROM audit WHERE action = 'establishment.phase'")" 3 "phase audit rows"

# a request due 2026-06-26 17:00 UTC, reminding 3 days before; Alder has sent
sql "INSERT INTO file_request (la_id, name, collection, academic_year, deadline, remind_days,
	created_at) SELECT id, 'KS2 TA 2025/26', 'ks2', 2025, 1782493200, 3, 1781956800
	FROM local_authority WHERE code = 888" >/dev/null
sql "INSERT INTO request_target (request_id, establishment_id) SELECT f.id, e.id
	FROM file_request f, establishment e WHERE e.estab IN (2001, 2002)" >/dev/null
sql "INSERT INTO received_file (request_id, establishment_id, sender, original_name, size,
	sha256, kind, status, received_at) SELECT f.id, e.id, 'adam.a', 'ks2.xml', 10,
	'$(printf 'a%.0s' {1..64})', 'ctf', 'successful', 1781956800
	FROM file_request f, establishment e WHERE e.estab = 2001" >/dev/null

expect 0 "$PUPILTRACK" collection remind --now 2026-06-20T12:00 --outbox "$outbox"
has "$out" "reminded 0 schools"
expect 0 "$PUPILTRACK" collection remind --now 2026-06-23T16:59 --outbox "$outbox"
has "$out" "reminded 0 schools"
expect 0 "$PUPILTRACK" collection remind --now 2026-06-23T17:00 --outbox "$outbox" \
	--base-url https://pt.example.org
has "$out" "reminded 1 school \(1 e-mail\)"
same "$(mails_to bo.b@example.org)" 1 "mails to the school that has not sent"
same "$(mails_to adam.a@example.org)" 0 "mails to the school that sent"
has "$(cat "$outbox"/*.eml)" "https://pt.example.org/schools/8882002/requests/"
expect 0 "$PUPILTRACK" collection remind --now 2026-06-24T09:00 --outbox "$outbox"
has "$out" "reminded 0 schools"
same "$(mails_to bo.b@example.org)" 1 "mails after a second run"
same "$(sql "SELECT count(*) FROM request_reminder WHERE kind = 'auto'")" 1 "reminders stored"

# what cannot be read
expect 2 "$PUPILTRACK" collection remind --now tomorrow
has "$err" "YYYY-MM-DDTHH:MM"
expect 2 "$PUPILTRACK" collection remind --remind-days 99
expect 0 "$PUPILTRACK" collection remind --help
has "$out" "once"

cli_end "collection remind"
