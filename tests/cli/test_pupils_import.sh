#!/usr/bin/env bash
# test_pupils_import: `pupiltrack pupils import` and `pupils validate` with the
# shared fixtures: the good file imports every pupil (exit 0) and a second run
# changes nothing; the bad file prints exactly the problems pupils-bad.problems
# lists, one per line, and stores nothing (exit 1); usage and file errors exit 2.
set -euo pipefail

: "${PT_SHARED_DIR:?run through ctest: PT_SHARED_DIR holds the shared fixtures}"
source "$(dirname "$0")/lib.sh"
cli_begin pupils
fixtures=$PT_SHARED_DIR/fixtures/pupils
validate_good() {
	# What is stored so far, seen by validating the good file: a stored pupil's
	# row counts as unchanged, a missing one as new.
	"$PUPILTRACK" pupils validate --establishment 8881234 "$fixtures/pupils-8881234.csv"
}

expect 0 "$PUPILTRACK" db migrate
expect 0 "$PUPILTRACK" la add 888 "Demo LA"
expect 0 "$PUPILTRACK" establishment add 8881234 "Demo Primary School"
expect 0 "$PUPILTRACK" establishment add 8885678 "Other Primary School"
rows=$(($(grep -c . "$fixtures/pupils-8881234.csv") - 2))

# The bad file: exactly the listed problems, in order, and nothing stored.
expect 1 "$PUPILTRACK" pupils import --establishment 8881234 "$fixtures/pupils-bad.csv"
problems=$(grep -E ': error: ' <<<"$err" || true)
want=$(grep -c . "$fixtures/pupils-bad.problems")
got=$(grep -c . <<<"$problems" || true)
if [[ $got == "$want" ]]; then ok; else bad "$got problems, want $want: $err"; fi
i=0
while IFS=$'\t' read -r line text; do
	i=$((i + 1))
	p=$(sed -n "${i}p" <<<"$problems")
	if [[ $p == "pupils-bad.csv:$line:"* && $p == *"$text"* ]]; then
		ok
	else
		bad "problem $i is '$p', want line $line with '$text'"
	fi
done <"$fixtures/pupils-bad.problems"
has "$err" "^pupiltrack: 4 errors in pupils-bad.csv; nothing was stored$"
expect 0 validate_good
has "$out" " $rows new, 0 changed, 0 unchanged"

# validate stores nothing either.
expect 1 "$PUPILTRACK" pupils validate --establishment 8881234 "$fixtures/pupils-bad.csv"
expect 0 "$PUPILTRACK" pupils validate --establishment 8881234 "$fixtures/pupils-8881234.csv"
has "$out" "is valid: $rows new"

# The good file: every pupil added; again: nothing changes.
expect 0 "$PUPILTRACK" pupils import --establishment 8881234 "$fixtures/pupils-8881234.csv"
has "$out" "imported pupils-8881234.csv into 8881234 Demo Primary School: $rows added, 0 updated"
expect 0 "$PUPILTRACK" pupils import --establishment 8881234 "$fixtures/pupils-8881234.csv"
has "$out" ": 0 added, 0 updated, $rows unchanged"

# The same pupils at another school: refused, naming the rows.
expect 1 "$PUPILTRACK" pupils import --establishment 8885678 "$fixtures/pupils-8881234.csv"
has "$err" "^pupils-8881234.csv:3:1: error: pupil T888123425001 \\(line 3\\) is already on the tracker at another school"

# Usage and file errors.
expect 2 "$PUPILTRACK" pupils import "$fixtures/pupils-8881234.csv"
has "$err" "--establishment"
expect 2 "$PUPILTRACK" pupils import --establishment 8881234
expect 2 "$PUPILTRACK" pupils import --establishment 8881234 "$work/missing.csv"
expect 2 "$PUPILTRACK" pupils import --establishment 8889999 "$fixtures/pupils-8881234.csv"
has "$err" "no school 8889999"
expect 2 "$PUPILTRACK" pupils import --establishment 12 "$fixtures/pupils-8881234.csv"
expect 0 "$PUPILTRACK" pupils import --help
has "$out" "all or nothing|All or nothing"

cli_end "pupils import"
