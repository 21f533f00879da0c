#!/usr/bin/env bash
# test_validate_stream: `pupiltrack validate` and `pupiltrack ctf check` stream a
# CTF from its file. A 3,000-pupil EYFS profile CTF (the shared fixture's 30
# pupils repeated, so every pupil after the first 30 repeats a UPN) gives every
# UPN_DUPLICATE at its line, naming the first pupil; the same report from a
# regular file, from a pipe (read whole) and through `ctf check`; a file cut
# short reports only why it cannot be read. Needs no database.
set -euo pipefail

: "${PUPILTRACK:?run through ctest: PUPILTRACK is the binary}"
: "${PT_TEST_TMP:?run through ctest: PT_TEST_TMP is a scratch folder}"
: "${PT_SHARED_DIR:?run through ctest: PT_SHARED_DIR is ../shared}"
: "${PT_SOURCE_DIR:?run through ctest: PT_SOURCE_DIR is the source tree}"
export PUPILTRACK_DATA_DIR=$PT_SOURCE_DIR/data
mkdir -p "$PT_TEST_TMP"
work=$(mktemp -d "$PT_TEST_TMP/validate_stream.XXXXXX")
export PUPILTRACK_DB="sqlite:$work/no-such-folder/none.db"
fixture=$PT_SHARED_DIR/fixtures/ctf/8881234_FSP_888LLLL_001.xml

passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() {
	echo "FAIL: $*" >&2
	failed=$((failed + 1))
}
# run ARGS...: runs pupiltrack in the work folder; sets out, err and status.
run() {
	set +e
	out=$(cd "$work" && "$PUPILTRACK" "$@" 2>"$work/err")
	status=$?
	set -e
	err=$(<"$work/err")
}

# The fixture's pupils 100 times over: 3,000 pupils.
awk -v times=100 '
	/<CTFpupilData>/ { print; inside = 1; next }
	/<\/CTFpupilData>/ {
		for (t = 0; t < times; t++) for (i = 0; i < n; i++) print block[i]
		inside = 0
	}
	inside { block[n++] = $0; next }
	{ print }
' "$fixture" >"$work/big.xml"
pupils_per_copy=$(grep -c '<Pupil>' "$fixture")
first_upn_lines=$(grep -n '<UPN>' "$fixture" | cut -d: -f1)
lines_per_copy=$(awk '/<CTFpupilData>/ { s = NR } /<\/CTFpupilData>/ { print NR - s - 1 }' "$fixture")

run validate big.xml
regular=$out
if [[ $status == 1 ]]; then ok; else bad "validate big.xml: exit $status, want 1: $err"; fi
want=$((100 * pupils_per_copy))
dups=$((99 * pupils_per_copy))
if grep -qx "big.xml: $want pupils, $dups errors, 0 queries: fix the errors and check the file again" <<<"$out"; then
	ok
else
	bad "validate big.xml summary: $(tail -1 <<<"$out")"
fi
got=$(grep -c ': error: duplicate UPN' <<<"$out" || true)
if [[ $got == "$dups" ]]; then ok; else bad "validate big.xml: $got duplicates, want $dups"; fi
# the last copy's first pupil: at its UPN's line, naming the first pupil's line
first=$(head -1 <<<"$first_upn_lines")
last=$((first + 99 * lines_per_copy))
if grep -qE "^big.xml:$last:[0-9]+: error: duplicate UPN .*\(line $first\)" <<<"$out"; then
	ok
else
	bad "validate big.xml: no duplicate at line $last naming line $first"
fi

# the same report from a pipe (read whole) and through `ctf check`
set +e
piped=$(cd "$work" && cat big.xml | "$PUPILTRACK" validate /dev/stdin 2>"$work/err")
status=$?
set -e
if [[ $status == 1 && "${piped//\/dev\/stdin/big.xml}" == "$regular" ]]; then
	ok
else
	bad "validate from a pipe: exit $status, or another report"
fi
run ctf check big.xml
if [[ $status == 1 && $out == "$regular" ]]; then ok; else bad "ctf check big.xml: exit $status, or another report"; fi

# cut short in the last pupil: only why it cannot be read, no pupil counted
head -c $(($(wc -c <"$work/big.xml") - 200)) "$work/big.xml" >"$work/cut.xml"
run validate cut.xml
if [[ $status == 1 ]]; then ok; else bad "validate cut.xml: exit $status, want 1"; fi
if [[ $(grep -c ': error: ' <<<"$out") == 1 ]] && grep -q '^cut.xml:[0-9]*:[0-9]*: error: the file is not well-formed XML' <<<"$out" &&
	grep -qx 'cut.xml: 0 pupils, 1 error, 0 queries: fix the errors and check the file again' <<<"$out"; then
	ok
else
	bad "validate cut.xml: $out"
fi

# a folder given as the file: cannot be read (exit 2)
mkdir -p "$work/folder.xml"
run ctf check folder.xml
if [[ $status == 2 ]] && grep -q 'cannot read folder.xml' <<<"$err"; then ok; else bad "ctf check folder: exit $status: $err"; fi

echo "test_validate_stream: $passed passed, $failed failed"
rm -rf "$work"
((failed == 0))
