#!/usr/bin/env bash
# test_validate: `pupiltrack validate FILE...` finds each file's kind from its
# content and checks it offline: every shared good fixture passes (exit 0),
# every bad CTF fixture reports each line of its .problems, pupils-bad.csv each
# of its problems and the bad results spreadsheet each of its cells (exit 1),
# and files of no known kind, missing files and usage errors exit 2. Needs no
# database: PUPILTRACK_DB points nowhere.
set -euo pipefail

: "${PUPILTRACK:?run through ctest: PUPILTRACK is the binary}"
: "${PT_TEST_TMP:?run through ctest: PT_TEST_TMP is a scratch folder}"
: "${PT_SHARED_DIR:?run through ctest: PT_SHARED_DIR is ../shared}"
: "${PT_SOURCE_DIR:?run through ctest: PT_SOURCE_DIR is the source tree}"
export PUPILTRACK_DATA_DIR=$PT_SOURCE_DIR/data
mkdir -p "$PT_TEST_TMP"
work=$(mktemp -d "$PT_TEST_TMP/validate.XXXXXX")
export PUPILTRACK_DB="sqlite:$work/no-such-folder/none.db"
fixtures=$PT_SHARED_DIR/fixtures

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
expect_err() {
	if grep -qE -- "$1" <<<"$err"; then ok; else bad "$2: no line matching '$1' in: $err"; fi
}

# Every good CTF fixture passes, with its pupils counted.
for f in "$fixtures"/ctf/*.xml; do
	name=ctf/$(basename "$f")
	run validate "$name"
	expect_status 0 "good $name"
	expect_out "^$name: [0-9]+ pupils, 0 errors, 0 queries: ready to send$" "good $name summary"
done
# The good pupil upload passes: every row valid.
rows=$(($(grep -c . "$fixtures/pupils/pupils-8881234.csv") - 2))
run validate pupils/pupils-8881234.csv
expect_status 0 "good pupil CSV"
expect_out "^pupils/pupils-8881234.csv: pupil upload, $rows valid pupil rows, 0 errors, 0 queries: ready to import$" \
	"good pupil CSV summary"

# Every bad CTF fixture: each line of its .problems, and no other error.
for f in "$fixtures"/ctf/bad/*.xml; do
	name=ctf/bad/$(basename "$f")
	run validate "$name"
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

# The bad pupil upload: each problem of pupils-bad.problems, at its line, in order.
run validate pupils/pupils-bad.csv
expect_status 1 "bad pupil CSV"
problems=$(grep -E ': error: ' <<<"$out" || true)
want=$(grep -c . "$fixtures/pupils/pupils-bad.problems")
got=$(grep -c . <<<"$problems" || true)
if [[ $got == "$want" ]]; then ok; else bad "pupils-bad.csv: $got problems, want $want: $out"; fi
i=0
while IFS=$'\t' read -r line text; do
	i=$((i + 1))
	p=$(sed -n "${i}p" <<<"$problems")
	if [[ $p == "pupils/pupils-bad.csv:$line:"[0-9]*": error: "*"$text"* ]]; then
		ok
	else
		bad "pupils-bad.csv problem $i is '$p', want line $line with '$text'"
	fi
done <"$fixtures/pupils/pupils-bad.problems"
expect_out "^pupils/pupils-bad.csv: pupil upload, [0-9]+ valid pupil rows?, $want errors, 0 queries" \
	"bad pupil CSV summary"

# Results spreadsheets (XLSX): the good one passes; the bad one reports each
# cell of its .problems as FILE:Sheet!Cell, and no other error. They are the
# 2025/26 KS1 results (a sheet does not say its year: --academic-year does).
run validate --academic-year 2025 fft/ks1-early-results-8881234.xlsx
expect_status 0 "good spreadsheet"
expect_out "^fft/ks1-early-results-8881234.xlsx: results spreadsheet, 0 errors, 0 queries: ready to upload$" \
	"good spreadsheet summary"
run validate --academic-year 2025 fft/ks1-early-results-bad.xlsx
expect_status 1 "bad spreadsheet"
want=0
while IFS=$'\t' read -r cell gist; do
	[[ -n $cell ]] || continue
	want=$((want + 1))
	expect_out "^fft/ks1-early-results-bad.xlsx:$cell: error: " "bad spreadsheet $cell ($gist)"
done <"$fixtures/fft/ks1-early-results-bad.problems"
got=$(grep -c ": error: " <<<"$out" || true)
if [[ $got == "$want" ]]; then ok; else bad "bad spreadsheet: $got errors, want $want: $out"; fi
# A zip that is not a workbook is a spreadsheet that cannot be read: an error.
printf 'PK\003\004 not really a zip' >"$work/fake.xlsx"
run validate "$work/fake.xlsx"
expect_status 1 "damaged spreadsheet"
expect_out "fake.xlsx: error: " "damaged spreadsheet message"

# The kind comes from the content, not the name: a CTF called .txt, a pupil
# upload saved by Excel with a byte order mark and CRLF line ends.
cp "$fixtures/ctf/8881234_KS1_888LLLL_001.xml" "$work/ks1.txt"
run validate "$work/ks1.txt"
expect_status 0 "CTF named .txt"
expect_out "ks1.txt: 25 pupils, 0 errors" "CTF named .txt summary"
{ printf '\xEF\xBB\xBF'; sed 's/$/\r/' "$fixtures/pupils/pupils-8881234.csv"; } >"$work/excel.csv"
run validate "$work/excel.csv"
expect_status 0 "pupil CSV with BOM and CRLF"
expect_out "excel.csv: pupil upload, $rows valid pupil rows, 0 errors" "BOM CSV summary"

# An empty file, and one with the header but no pupils: located, exit 1.
: >"$work/empty.csv"
run validate "$work/empty.csv"
expect_status 1 "empty file"
expect_out "^$work/empty.csv:1:1: error: the file is empty" "empty file located at 1:1"
expect_out "^$work/empty.csv: pupil upload, 0 valid pupil rows, 1 error" "empty file summary"
head -n 2 "$fixtures/pupils/pupils-8881234.csv" >"$work/header-only.csv"
run validate "$work/header-only.csv"
expect_status 1 "header only"
expect_out "^$work/header-only.csv:3:1: error: the file has no pupils under the header" \
	"header only located where the first pupil belongs"

# Several files: one line per problem and a summary per file; the worst wins.
run validate ctf/8881234_KS2_888LLLL_001.xml ctf/bad/phonics-mark-41.xml pupils/pupils-8881234.csv
expect_status 1 "mixed files"
if [[ $(grep -cE '^[^ ]+: .*(ready to|fix the errors)' <<<"$out") == 3 ]]; then ok; else bad "three summaries: $out"; fi

# A query alone does not fail a file.
sed 's|<CTFversion>25.0</CTFversion>|<CTFversion>23.0</CTFversion>|' \
	"$fixtures/ctf/8881234_KS1_888LLLL_001.xml" >"$work/old-version.xml"
run validate "$work/old-version.xml"
expect_status 0 "query only"
expect_out "old-version.xml:5:[0-9]+: query: CTF version 23.0" "query line"

# --establishment: a CTF made by another school is an error.
run validate ctf/8881234_KS2_888LLLL_001.xml --establishment 8885678
expect_status 1 "other school"
expect_out "^ctf/8881234_KS2_888LLLL_001.xml:11:[0-9]+: error: this file was made by 888/1234" \
	"other school message"

# Hostile XML is still a CTF: refused with its place, nothing expanded.
printf '<?xml version="1.0"?>\n<!DOCTYPE CTfile [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<CTfile><Header><SupplierID>&x;</SupplierID></Header></CTfile>\n' >"$work/xxe.xml"
run validate "$work/xxe.xml"
expect_status 1 "xxe"
expect_out "xxe.xml:2:1: error: the file has a DOCTYPE" "xxe message"
if grep -q "root:" <<<"$out"; then bad "xxe: /etc/passwd leaked"; else ok; fi
head -c 500 "$fixtures/ctf/8881234_KS1_888LLLL_001.xml" >"$work/cut.xml"
run validate "$work/cut.xml"
expect_status 1 "truncated CTF"
expect_out "cut.xml:[0-9]+:[0-9]+: error: the file is not well-formed XML" "truncated message"

# A mark out of range names the pupil, says the range once and lists the codes
# with their meanings from the shipped data files.
run validate ctf/bad/phonics-mark-41.xml
expect_out "^ctf/bad/phonics-mark-41.xml:43:13: error: TEDDY MOCKWELL: Phonics screening check mark 41 is not allowed: enter a whole number in the range 0-40, or A \\(absent on the day of the check and during the check week\\), D \\(disapplied\\), L \\(left the school before the check\\) or Q \\(maladministration\\)$" \
	"phonics mark message"

# Files of no known kind, missing files and usage errors exit 2.
printf '<?xml version="1.0"?>\n<!-- a note -->\n<x:Invoice xmlns:x="urn:x"/>\n' >"$work/invoice.xml"
run validate "$work/invoice.xml"
expect_status 2 "XML of another kind"
expect_err "^pupiltrack: error: .*invoice.xml is XML but not a common transfer file: its root element is <Invoice>" \
	"XML of another kind message"
printf 'Name,Mark\nAda,3\n' >"$work/marks.csv"
run validate "$work/marks.csv"
expect_status 2 "CSV of another kind"
expect_err "^pupiltrack: error: .*marks.csv is not a kind of file pupiltrack checks" "unknown kind message"
run validate ctf/missing.xml
expect_status 2 "missing file"
expect_err "^pupiltrack: error: cannot read ctf/missing.xml" "missing file message"
run validate ctf/8881234_KS1_888LLLL_001.xml ctf/missing.xml
expect_status 2 "good and missing"
expect_out "8881234_KS1_888LLLL_001.xml: 25 pupils, 0 errors" "good file still checked"
run validate
expect_status 2 "no file"
run validate ctf/8881234_KS1_888LLLL_001.xml --establishment 12
expect_status 2 "bad --establishment"
run validate ctf/8881234_KS1_888LLLL_001.xml --codes "$work/none.tsv"
expect_status 2 "missing code table"
run validate --help
expect_status 0 "help"
expect_out "FILE:LINE:COL: error: MESSAGE" "help: line format"
expect_out "No database is used" "help: offline"
run --help
expect_out "^  validate FILE" "global help lists validate"

echo "test_validate: $passed passed, $failed failed"
((failed == 0))
