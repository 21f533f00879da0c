#!/usr/bin/env bash
# test_ctf: `pupiltrack ctf check` on the shared CTF fixtures: good files pass
# (exit 0), each bad file reports exactly the lines of its .problems (exit 1),
# queries alone do not fail a file, hostile XML is refused with its place, and
# usage or I/O trouble exits 2. Needs no database.
set -euo pipefail

: "${PUPILTRACK:?run through ctest: PUPILTRACK is the binary}"
: "${PT_TEST_TMP:?run through ctest: PT_TEST_TMP is a scratch folder}"
: "${PT_SHARED_DIR:?run through ctest: PT_SHARED_DIR is ../shared}"
: "${PT_SOURCE_DIR:?run through ctest: PT_SOURCE_DIR is the source tree}"
export PUPILTRACK_DATA_DIR=$PT_SOURCE_DIR/data
mkdir -p "$PT_TEST_TMP"
work=$(mktemp -d "$PT_TEST_TMP/ctf.XXXXXX")
fixtures=$PT_SHARED_DIR/fixtures/ctf

passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() {
	echo "FAIL: $*" >&2
	failed=$((failed + 1))
}
# run ARGS...: runs pupiltrack in the fixture folder; sets out, err and status.
run() {
	set +e
	out=$(cd "$fixtures" && "$PUPILTRACK" "$@" 2>"$work/err")
	status=$?
	set -e
	err=$(<"$work/err")
}
expect_status() {
	if [[ $status == "$1" ]]; then ok; else bad "$2: exit $status, want $1; out: $out err: $err"; fi
}
expect_out() {
	if grep -qE -- "$1" <<<"$out"; then ok; else bad "$2: no line matching '$1' in: $out"; fi
}

# Every good fixture passes, with its pupils counted.
for f in "$fixtures"/*.xml; do
	name=$(basename "$f")
	run ctf check "$name" --school 8881234
	expect_status 0 "good $name"
	expect_out "^$name: [0-9]+ pupils, 0 errors, 0 queries: ready to send$" "good $name summary"
done

# Every bad fixture: exactly the errors of its .problems, at those lines.
for f in "$fixtures"/bad/*.xml; do
	name=bad/$(basename "$f")
	run ctf check "$name"
	expect_status 1 "bad $name"
	want=0
	while IFS=$'\t' read -r line gist _; do
		[[ -n $line ]] || continue
		want=$((want + 1))
		expect_out "^$name:$line:[0-9]+: error: " "bad $name line $line ($gist)"
	done <"${f%.xml}.problems"
	got=$(grep -c ": error: " <<<"$out" || true)
	if [[ $got == "$want" ]]; then ok; else bad "bad $name: $got errors, want $want: $out"; fi
	expect_out "^$name: [0-9]+ pupils?, $want errors?, 0 queries: fix the errors" "bad $name summary"
done

# All files at once: the worst status wins.
run ctf check 8881234_KS2_888LLLL_001.xml bad/phonics-mark-41.xml
expect_status 1 "mixed files"

# The source school must be the school sending.
run ctf check 8881234_KS2_888LLLL_001.xml --school 8881235
expect_status 1 "other school"
expect_out "^8881234_KS2_888LLLL_001.xml:11:[0-9]+: error: this file was made by 888/1234" \
	"other school message"

# An older CTF version is a query: reported, but the file may still be sent.
sed 's|<CTFversion>25.0</CTFversion>|<CTFversion>23.0</CTFversion>|' \
	"$fixtures/8881234_KS1_888LLLL_001.xml" >"$work/old-version.xml"
run ctf check "$work/old-version.xml"
expect_status 0 "old version"
expect_out "old-version.xml:5:[0-9]+: query: CTF version 23.0" "old version query"
expect_out "1 query: ready to send$" "old version summary"

# The code table is data: one that allows GDS in KS1 science passes that file.
sed 's/^\(ks1\tKS1\tSCI\tTA\tSC\tTA\t\)EXS,HNM,A/\1GDS,EXS,HNM,A/' \
	"$PT_SOURCE_DIR/data/ctf-codes-2025.tsv" >"$work/codes.tsv"
run ctf check bad/ks1-science-gds.xml --codes "$work/codes.tsv"
expect_status 0 "own code table"

# Hostile XML is refused with its place and nothing expanded.
printf '<?xml version="1.0"?>\n<!DOCTYPE CTfile [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<CTfile><Header><SupplierID>&x;</SupplierID></Header></CTfile>\n' >"$work/xxe.xml"
run ctf check "$work/xxe.xml"
expect_status 1 "xxe"
expect_out "xxe.xml:2:1: error: the file has a DOCTYPE" "xxe message"
if grep -q "root:" <<<"$out"; then bad "xxe: /etc/passwd leaked"; else ok; fi
head -c 500 "$fixtures/8881234_KS1_888LLLL_001.xml" >"$work/cut.xml"
run ctf check "$work/cut.xml"
expect_status 1 "truncated"
expect_out "cut.xml:[0-9]+:[0-9]+: error: the file is not well-formed XML" "truncated message"

# Usage and I/O errors exit 2.
run ctf check
expect_status 2 "no file"
run ctf check missing.xml
expect_status 2 "missing file"
if grep -q "cannot read missing.xml" <<<"$err"; then ok; else bad "missing file message: $err"; fi
run ctf check 8881234_KS1_888LLLL_001.xml --school 12
expect_status 2 "bad --school"
run ctf check 8881234_KS1_888LLLL_001.xml --codes "$work/none.tsv"
expect_status 2 "missing code table"
run ctf check --help
expect_status 0 "help"
expect_out "FILE:LINE:COL: error: MESSAGE" "help text"
run --help
expect_out "ctf check FILE" "global help lists ctf check"

echo "test_ctf: $passed passed, $failed failed"
((failed == 0))
