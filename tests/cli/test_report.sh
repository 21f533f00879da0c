#!/usr/bin/env bash
# test_report: `pupiltrack report eyfsp|phonics`. Counting the shared fixture
# CTFs (--ctf) gives exactly the counts of their .expected.json files, in JSON,
# CSV and text; a school or LA with nothing stored answers zeros and null
# percentages (exit 0); usage errors and unknown schools exit 2, a file that is
# not a CTF exits 1. (The database path after a fixture import is checked by
# tests/unit/app/test_report.c, which imports the same files.)
set -euo pipefail

: "${PUPILTRACK:?run through ctest: PUPILTRACK is the binary}"
: "${PT_TEST_TMP:?run through ctest: PT_TEST_TMP is a scratch folder}"
: "${PT_SHARED_DIR:?run through ctest: PT_SHARED_DIR holds the shared fixtures}"
backend=${PT_DB:-sqlite}
mkdir -p "$PT_TEST_TMP"
work=$(mktemp -d "$PT_TEST_TMP/report.XXXXXX")
ctf=$PT_SHARED_DIR/fixtures/ctf

if [[ $backend == pg ]]; then
	admin=$(<"$PT_PG_URL_FILE")
	name="pt_cli_report_$$_${RANDOM}"
	psql "$admin" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $name" >/dev/null
	re='^(postgres(ql)?://[^/?]*)(/[^?]*)?(\?.*)?$'
	[[ $admin =~ $re ]] || { echo "cannot parse the admin URL $admin" >&2; exit 2; }
	export PUPILTRACK_DB="${BASH_REMATCH[1]}/$name${BASH_REMATCH[4]}"
	export PUPILTRACK_KEY_FILE=$work/pupiltrack.key
else
	export PUPILTRACK_DB="sqlite:$work/report.db"
fi

passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() {
	echo "FAIL: $*" >&2
	failed=$((failed + 1))
}
expect() {
	local want=$1 got=0
	shift
	"$@" >"$work/out" 2>"$work/err" </dev/null || got=$?
	out=$(<"$work/out")
	err=$(<"$work/err")
	if [[ $got == "$want" ]]; then
		ok
	else
		bad "exit $got, want $want: $*"
		sed 's/^/    stdout: /' <<<"$out" >&2
		sed 's/^/    stderr: /' <<<"$err" >&2
	fi
}
has() {
	if grep -qE -- "$2" <<<"$1"; then ok; else bad "no /$2/ in: $1"; fi
}
same() {
	if [[ $1 == "$2" ]]; then ok; else bad "$3: got $1, want $2"; fi
}

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

echo "report: $passed passed, $failed failed"
[[ $failed == 0 ]]
