#!/usr/bin/env bash
# test_ctf_export: `pupiltrack ctf export` after importing the shared KS2 CTF into
# the demo school: file names by the DfE convention with the sequence number
# counted per destination (_001, _002 for the same one, _001 for another); each
# destination's codes in the header; the written files validate clean; export
# -> validate -> import -> export gives the same file apart from the timestamp;
# refused exports (errors, a folder that cannot be written) write nothing and use
# no number; usage errors exit 2.
set -euo pipefail

: "${PT_SHARED_DIR:?run through ctest: PT_SHARED_DIR holds the shared fixtures}"
: "${PT_SOURCE_DIR:?run through ctest: PT_SOURCE_DIR is the source tree}"
export PUPILTRACK_DATA_DIR=$PT_SOURCE_DIR/data
source "$(dirname "$0")/lib.sh"
cli_begin export
ctf=$PT_SHARED_DIR/fixtures/ctf
out_dir=$work/out.d
mkdir -p "$out_dir"
# export COLLECTION DEST: the KS2 year of the fixture, into out_dir.
export_ctf() {
	"$PUPILTRACK" ctf export --establishment 8881234 --collection "$1" --dest "$2" \
		--academic-year 2025 --out "$out_dir"
}
# The DestSchool LEA/Estab of a CTF, as "LEA/Estab".
dest_of() {
	sed -n '/<DestSchool>/,/<\/DestSchool>/p' "$1" |
		sed -n 's|.*<LEA>\(.*\)</LEA>.*|\1|p; s|.*<Estab>\(.*\)</Estab>.*|\1|p' | paste -sd/
}

expect 0 "$PUPILTRACK" db migrate
expect 0 "$PUPILTRACK" demo-data
# The shared KS2 file with a postcode for every pupil (Address/PostCode, as MIS
# exports write it): the pupils are added with it and every export carries it.
sed 's|^\( *\)</BasicDetails>|&\n\1<Address><BS7><PAON>1</PAON></BS7><PostCode>pr1 0ld</PostCode></Address>|' \
	"$ctf/8881234_KS2_888LLLL_001.xml" >"$work/8881234_KS2_888LLLL_001.xml"
expect 0 "$PUPILTRACK" import --establishment 8881234 "$work/8881234_KS2_888LLLL_001.xml"
npupils=$(grep -c '<Pupil>' "$ctf/8881234_KS2_888LLLL_001.xml")
same "$(grep -c '<PostCode>pr1 0ld</PostCode>' "$work/8881234_KS2_888LLLL_001.xml")" "$npupils" \
	"postcodes added to the fixture"

# The LA: _001, then _002 for the same destination.
expect 0 export_ctf ks2 la
same "$out" "$out_dir/8881234_KS2_888LLLL_001.xml" "first export to the LA"
expect 0 export_ctf ks2 la
same "$out" "$out_dir/8881234_KS2_888LLLL_002.xml" "second export to the LA"
same "$(dest_of "$out")" "888/LLLL" "LA destination in the header"
# Other destinations start at _001 each, with their codes in the header.
expect 0 export_ctf ks2 8885678
same "$out" "$out_dir/8881234_KS2_8885678_001.xml" "another school"
same "$(dest_of "$out")" "888/5678" "school destination in the header"
expect 0 export_ctf ks2 naa
same "$out" "$out_dir/8881234_KS2_NAALLLL_001.xml" "national assessments agency"
same "$(dest_of "$out")" "NAA/LLLL" "NAA destination in the header"
expect 0 export_ctf ks2 unknown
same "$out" "$out_dir/8881234_KS2_XXXXXXX_001.xml" "destination not known"
same "$(dest_of "$out")" "XXX/XXXX" "unknown destination in the header"
expect 0 export_ctf ks2 NonMaintained
same "$out" "$out_dir/8881234_KS2_MMMMMMM_001.xml" "non-maintained school"
same "$(dest_of "$out")" "MMM/MMMM" "non-maintained destination in the header"

# Every file written validates clean, with every pupil of the import.
for f in "$out_dir"/*.xml; do
	expect 0 "$PUPILTRACK" validate --establishment 8881234 "$f"
	has "$out" "$(basename "$f"): $npupils pupils, 0 errors, 0 queries: ready to send$"
done

# export -> validate -> import -> export: the same file but for the timestamp,
# postcodes (stored normalised) included, no pupil's details differing.
first=$out_dir/8881234_KS2_888LLLL_002.xml
same "$(grep -c '<PostCode>PR1 0LD</PostCode>' "$first")" "$npupils" "postcodes exported"
expect 0 "$PUPILTRACK" import --establishment 8881234 "$first"
has "$out" ": 0 new pupils, $npupils pupils matched by UPN; 0 results new or changed, [0-9]+ unchanged$"
has "$out" "^pupiltrack: results: 0 new, 0 changed, [0-9]+ unchanged$"
[[ $out != *"details updated"* ]] && ok || bad "round trip updated pupils' details: $out"
expect 0 export_ctf ks2 la
same "$out" "$out_dir/8881234_KS2_888LLLL_003.xml" "export after the round trip"
if diff <(grep -v '<DateTime>' "$first") <(grep -v '<DateTime>' "$out") >"$work/diff"; then
	ok
else
	bad "round trip changed the file: $(cat "$work/diff")"
fi
same "$(grep -c '<DateTime>' "$out")" 1 "one timestamp"

# Refused while errors remain: the demo Year 1 pupils have no phonics result.
expect 1 export_ctf phonics la
has "$err" ": error: .* has no phonics screening check result"
has "$err" "^pupiltrack: error: the results have [0-9]+ errors?: correct them, then export$"
same "$out" "" "nothing printed on stdout"
# No results at all: refused.
expect 1 "$PUPILTRACK" ctf export --establishment 8881234 --collection ks1 --dest la \
	--academic-year 2025 --out "$out_dir"
has "$err" "no pupil has a KS1 .*result for 2025/26: enter or import the results first"
# A folder that cannot be written: exit 2, and the number is not used up.
expect 2 "$PUPILTRACK" ctf export --establishment 8881234 --collection ks2 --dest la \
	--academic-year 2025 --out "$work/no-such-folder"
has "$err" "cannot write .*no-such-folder/8881234_KS2_888LLLL_004.xml"
ls "$out_dir" >"$work/before"
expect 0 export_ctf ks2 la
same "$out" "$out_dir/8881234_KS2_888LLLL_004.xml" "number not used by refused exports"
same "$(ls "$out_dir" | wc -l)" "$(($(wc -l <"$work/before") + 1))" "only one file more"
# The EYFS profile comes from the tracking grid's ELGs: none entered, nothing exported.
expect 1 export_ctf eyfsp la
has "$err" "no end of year early learning goals assessment for 2025/26"

# Usage errors.
expect 2 "$PUPILTRACK" ctf export --establishment 8881234 --collection ks2 --academic-year 2025
has "$err" "--dest"
expect 2 "$PUPILTRACK" ctf export --establishment 8881234 --dest la --academic-year 2025
has "$err" "--collection"
expect 2 "$PUPILTRACK" ctf export --collection ks2 --dest la
has "$err" "--establishment"
expect 2 export_ctf ks3 la
has "$err" "eyfsp, phonics, ks1 or ks2"
expect 2 export_ctf ks2 moon
has "$err" "la \\(your LA\\), naa"
expect 2 export_ctf ks2 12
has "$err" "\"12\" is not a LAESTAB: give 7 digits"
expect 2 "$PUPILTRACK" ctf export --establishment 8881234 --collection ks2 --dest la \
	--academic-year next
expect 2 "$PUPILTRACK" ctf export --establishment 8889999 --collection ks2 --dest la
has "$err" "no school 8889999"
expect 0 "$PUPILTRACK" ctf export --help
has "$out" "NAA/LLLL"
expect 0 "$PUPILTRACK" --help
has "$out" "ctf export --establishment LAESTAB --collection"

cli_end "test_ctf_export"
