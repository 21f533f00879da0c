#!/usr/bin/env bash
# test_report: `pupiltrack report eyfsp|phonics`. Counting the shared fixture
# CTFs (--ctf) gives exactly the counts of their .expected.json files, in JSON,
# CSV and text; a school or LA with nothing stored answers zeros and null
# percentages (exit 0); usage errors and unknown schools exit 2, a file that is
# not a CTF exits 1. (The database path after a fixture import is checked by
# tests/unit/app/test_report.c, which imports the same files.)
set -euo pipefail

: "${PT_SHARED_DIR:?run through ctest: PT_SHARED_DIR holds the shared fixtures}"
source "$(dirname "$0")/lib.sh"
cli_begin report
ctf=$PT_SHARED_DIR/fixtures/ctf

# EYFS profile fixture: every count of its .expected.json
expect 0 "$PUPILTRACK" report eyfsp --ctf "$ctf/8881234_FSP_888LLLL_001.xml" --format json
got=$(jq -S '{pupils, assessed, absent_all_A: .absent, gld, gld_percent_of_assessed: .gld_percent,
	average_elgs_at_expected, average_total_score_assessed: .average_total_score, per_elg}' <<<"$out")
want=$(jq -S . "$ctf/8881234_FSP_888LLLL_001.expected.json")
same "$got" "$want" "eyfsp json"
expect 0 "$PUPILTRACK" report eyfsp --ctf "$ctf/8881234_FSP_888LLLL_001.xml" --format csv
same "$(sed -n 2p <<<"$out" | cut -d, -f1-8)" '30,27,3,0,10,37.04,14.22,31.22' "eyfsp csv"
expect 0 "$PUPILTRACK" report eyfsp --ctf "$ctf/8881234_FSP_888LLLL_001.xml" --format text
has "$out" "^Good level of development: 10 \(37.04%\)$"
has "$out" "^E14 People, Culture and Communities: emerging 7, expected 20$"

# phonics fixture
expect 0 "$PUPILTRACK" report phonics --ctf "$ctf/8881234_CTF_888LLLL_001.xml"
got=$(jq -S '{year1, year1_met, year2, year2_met}' <<<"$out")
want=$(jq -S . "$ctf/8881234_CTF_888LLLL_001.expected.json")
same "$got" "$want" "phonics json"

# the database: a school and an LA with nothing stored
expect 0 "$PUPILTRACK" db migrate
expect 0 "$PUPILTRACK" la add 888 "Demo LA"
expect 0 "$PUPILTRACK" establishment add 8881234 "Demo Primary School"
expect 0 "$PUPILTRACK" report eyfsp --establishment 8881234 --academic-year 2025
same "$(jq -c '[.establishment, .academic_year, .pupils, .gld, .gld_percent]' <<<"$out")" \
	"[8881234,2025,0,0,null]" "empty school"
expect 0 "$PUPILTRACK" report phonics --la 888 --academic-year 2025 --format csv
same "$(sed -n 2p <<<"$out")" $'0,0,0,0\r' "empty LA"

# usage and data errors
expect 2 "$PUPILTRACK" report eyfsp --academic-year 2025
has "$err" "--establishment"
expect 2 "$PUPILTRACK" report eyfsp --establishment 8881234
has "$err" "--academic-year"
expect 2 "$PUPILTRACK" report eyfsp --establishment 8889999 --academic-year 2025
has "$err" "no school 8889999"
expect 2 "$PUPILTRACK" report phonics --la 777 --academic-year 2025
has "$err" "no LA 777"
expect 2 "$PUPILTRACK" report eyfsp --establishment 8881234 --academic-year 2025 --format xml
has "$err" "json, csv or text"
expect 2 "$PUPILTRACK" report eyfsp --establishment 8881234 --la 888 --academic-year 2025
expect 2 "$PUPILTRACK" report eyfsp --ctf "$work/missing.xml"
printf 'not xml at all' >"$work/bad.xml"
expect 1 "$PUPILTRACK" report eyfsp --ctf "$work/bad.xml"
expect 0 "$PUPILTRACK" report phonics --help
has "$out" "32 or more"

cli_end "report"
