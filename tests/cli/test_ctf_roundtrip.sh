#!/usr/bin/env bash
# test_ctf_roundtrip: export -> validate -> import -> export gives the same file
# apart from the timestamp, for the EYFS profile (the import fills the tracking
# grid's ELG section, which the export reads) and for phonics (Year 1 and Year 2
# retakes). A school with no other pupils takes the shared fixtures; each round
# trip compares the two exports with each other (not with fixed bytes), so
# fields the import and export learn later stay covered.
set -euo pipefail

: "${PT_SHARED_DIR:?run through ctest: PT_SHARED_DIR holds the shared fixtures}"
: "${PT_SOURCE_DIR:?run through ctest: PT_SOURCE_DIR is the source tree}"
export PUPILTRACK_DATA_DIR=$PT_SOURCE_DIR/data
source "$(dirname "$0")/lib.sh"
cli_begin roundtrip
ctf=$PT_SHARED_DIR/fixtures/ctf
out_dir=$work/out.d
mkdir -p "$out_dir"

expect 0 "$PUPILTRACK" db migrate
expect 0 "$PUPILTRACK" la add 888 "Made-up LA"
expect 0 "$PUPILTRACK" establishment add 8881234 "Made-up Primary"

# roundtrip COLLECTION FIXTURE NAME1 NAME2: import the fixture, export (NAME1),
# validate the export, import it back, export again (NAME2); the two exports
# differ only in DateTime. Sequence numbers count per destination, whatever the
# collection.
roundtrip() {
	local coll=$1 fixture=$2 name1=$3 name2=$4 n first second
	n=$(grep -c '<Pupil>' "$fixture")
	expect 0 "$PUPILTRACK" import --establishment 8881234 "$fixture"
	expect 0 "$PUPILTRACK" ctf export --establishment 8881234 --collection "$coll" \
		--dest la --academic-year 2025 --out "$out_dir"
	first=$out
	same "$first" "$out_dir/$name1" "$coll: first export"
	same "$(grep -c '<Pupil>' "$first")" "$n" "$coll: every pupil of the fixture exported"
	expect 0 "$PUPILTRACK" validate --establishment 8881234 "$first"
	has "$out" "$(basename "$first"): $n pupils, 0 errors, 0 queries: ready to send$"
	expect 0 "$PUPILTRACK" import --establishment 8881234 "$first"
	has "$out" ": 0 new pupils, $n pupils matched by UPN; 0 results new or changed, [0-9]+ unchanged$"
	expect 0 "$PUPILTRACK" ctf export --establishment 8881234 --collection "$coll" \
		--dest la --academic-year 2025 --out "$out_dir"
	second=$out
	same "$second" "$out_dir/$name2" "$coll: second export"
	if diff <(grep -v '<DateTime>' "$first") <(grep -v '<DateTime>' "$second") >"$work/diff"; then
		ok
	else
		bad "$coll: round trip changed the file: $(cat "$work/diff")"
	fi
	same "$(grep -c '<DateTime>' "$second")" 1 "$coll: one timestamp"
	# the results themselves, in order, survived (not only the same shape)
	same "$(grep -c '<Result>' "$second")" "$(grep -c '<Result>' "$first")" "$coll: results kept"
}

# EYFS profile: 30 Reception pupils, every ELG (some all A).
roundtrip eyfsp "$ctf/8881234_FSP_888LLLL_001.xml" 8881234_FSP_888LLLL_001.xml \
	8881234_FSP_888LLLL_002.xml
same "$(grep -c '<Component>E[0-9][0-9]</Component>' "$out_dir/8881234_FSP_888LLLL_002.xml")" \
	"$((30 * 17))" "eyfsp: 17 ELGs for each of the 30 pupils"
# The grid holds them: the import wrote the ELG section the export reads.
same "$(sql "SELECT count(*) FROM assessment")" 1 "eyfsp: one ELG assessment in the grid"
same "$(sql "SELECT count(*) FROM judgement")" "$((30 * 17))" "eyfsp: every ELG in the grid"

# Phonics: 28 Year 1 pupils and 4 Year 2 retakes (not checked in Year 1).
roundtrip phonics "$ctf/8881234_CTF_888LLLL_001.xml" 8881234_CTF_888LLLL_003.xml \
	8881234_CTF_888LLLL_004.xml
same "$(grep -c '<NCyearActual>2</NCyearActual>' "$out_dir/8881234_CTF_888LLLL_004.xml")" 4 \
	"phonics: the Year 2 retakes exported"
same "$(grep -c '<NCyearActual>1</NCyearActual>' "$out_dir/8881234_CTF_888LLLL_004.xml")" 28 \
	"phonics: the Year 1 pupils exported"

cli_end "test_ctf_roundtrip"
