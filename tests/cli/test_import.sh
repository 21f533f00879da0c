#!/usr/bin/env bash
# test_import: `pupiltrack import --establishment LAESTAB FILE` with the shared
# fixtures in the demo school 8881234 (after `demo-data`): a CTF adds its pupils
# and results and a second run finds them all unchanged; a changed result is
# counted, a changed surname updates the pupil; files from the LA and from
# another school import (the destination is checked, not the sender); a file
# with an error stores nothing (exit 1); a pupil upload CSV is imported as
# `pupils import` does; files of no known kind, missing files, unknown schools
# and usage errors exit 2.
set -euo pipefail

: "${PT_SHARED_DIR:?run through ctest: PT_SHARED_DIR holds the shared fixtures}"
: "${PT_SOURCE_DIR:?run through ctest: PT_SOURCE_DIR is the source tree}"
export PUPILTRACK_DATA_DIR=$PT_SOURCE_DIR/data
source "$(dirname "$0")/lib.sh"
cli_begin import
ctf=$PT_SHARED_DIR/fixtures/ctf
pupils=$PT_SHARED_DIR/fixtures/pupils
import() { "$PUPILTRACK" import --establishment 8881234 "$@"; }

expect 0 "$PUPILTRACK" db migrate
expect 0 "$PUPILTRACK" demo-data
ks2=$ctf/8881234_KS2_888LLLL_001.xml
npupils=$(grep -c '<Pupil>' "$ks2")
nresults=$(grep -c '<Result>' "$ks2")

# A KS2 file with one result that is not a KS2 science code: every problem
# printed at its line, nothing stored (the good file below still adds every pupil).
sed '89s|<Result>EXS</Result>|<Result>XYZ</Result>|' "$ks2" >"$work/ks2-bad.xml"
expect 1 import "$work/ks2-bad.xml"
has "$err" "^ks2-bad.xml:89:[0-9]+: error: "
has "$err" "^pupiltrack: error: 1 error in ks2-bad.xml: nothing was stored$"
[[ -z $out ]] && ok || bad "bad file printed counts: $out"

# The good file: its pupils added, its results stored.
expect 0 import "$ks2"
has "$out" "^pupiltrack: imported 8881234_KS2_888LLLL_001.xml into 8881234 Demo Primary School: $npupils new pupils, 0 pupils matched by UPN; $nresults results new or changed, 0 unchanged$"
# Again: every pupil matched, every result unchanged.
expect 0 import "$ks2"
has "$out" ": 0 new pupils, $npupils pupils matched by UPN; 0 results new or changed, $nresults unchanged$"
# One result changed in the file: one result counted as changed.
sed '89s|<Result>EXS</Result>|<Result>HNM</Result>|' "$ks2" >"$work/ks2-changed.xml"
expect 0 import "$work/ks2-changed.xml"
has "$out" ": 0 new pupils, $npupils pupils matched by UPN; 1 result new or changed, $((nresults - 1)) unchanged$"
# The bad file again, now that the pupils exist: still nothing changes.
expect 1 import "$work/ks2-bad.xml"
expect 0 import "$work/ks2-changed.xml"
has "$out" "; 0 results new or changed, $nresults unchanged$"
# The MIS has a pupil's surname changed: the pupil's record is updated.
sed '24s|<Surname>SPECIMEN</Surname>|<Surname>SPECIMAN</Surname>|' "$work/ks2-changed.xml" >"$work/ks2-renamed.xml"
expect 0 import "$work/ks2-renamed.xml"
has "$out" "^pupiltrack: 1 matched pupil's basic details updated from the file$"
# Again: stored, so nothing differs now.
expect 0 import "$work/ks2-renamed.xml"
[[ $out != *"details updated"* ]] && ok || bad "the surname was not stored: $out"

# EYFS profile results are stored (and written into the tracking grid): 17 per
# pupil. The file comes from the LA (SourceSchool 888/LLLL): the sender is not
# the importing school's, and the file imports.
fsp=$ctf/8881234_FSP_888LLLL_001.xml
sed '0,/<Estab>1234<\/Estab>/s||<Estab>LLLL</Estab>|' "$fsp" >"$work/888LLLL_FSP_8881234_001.xml"
grep -q '<Estab>LLLL</Estab>' "$work/888LLLL_FSP_8881234_001.xml" && ok || bad "LA file not made"
expect 0 import "$work/888LLLL_FSP_8881234_001.xml"
has "$out" "; $((17 * $(grep -c '<Pupil>' "$fsp"))) results new or changed, 0 unchanged$"
has "$out" "^pupiltrack: results: $((17 * $(grep -c '<Pupil>' "$fsp"))) new, 0 changed, 0 unchanged$"
# The new pupils have no postcode in the file: one query says so, nothing refused.
has "$err" "query: $(grep -c '<Pupil>' "$fsp") new pupils are added without a postcode"

# A transfer file from another school (888/5678 sent it to the demo school,
# 888/1234): imported, its pupils new; `validate` still checks the sender.
ks1=$ctf/8881234_KS1_888LLLL_001.xml
nks1=$(grep -c '<Pupil>' "$ks1")
sed -e '0,/<Estab>1234<\/Estab>/s||<Estab>5678</Estab>|' \
	-e 's|<Estab>LLLL</Estab>|<Estab>1234</Estab>|' "$ks1" >"$work/8885678_KS1_8881234_001.xml"
expect 1 "$PUPILTRACK" validate --establishment 8881234 "$work/8885678_KS1_8881234_001.xml"
has "$out" "error: this file was made by 888/5678"
expect 0 import "$work/8885678_KS1_8881234_001.xml"
has "$out" ": $nks1 new pupils, 0 pupils matched by UPN; [0-9]+ results new or changed, 0 unchanged$"
[[ $err != *"error:"* ]] && ok || bad "transfer file reported errors: $err"

# A file addressed to another school of pupiltrack (888/2001): the command line
# may import anywhere, so it goes into the school named, with a query naming
# the school it was addressed to (a web user not allowed there is refused: see
# tests/unit/app/test_statutory_import_rules.c).
sed 's|<Estab>LLLL</Estab>|<Estab>2001</Estab>|' "$ks1" >"$work/8881234_KS1_8882001_001.xml"
expect 0 import "$work/8881234_KS1_8882001_001.xml"
has "$err" "^8881234_KS1_8882001_001.xml:[0-9]+:[0-9]+: query: this file is addressed to 888/2001 Meadow Lane Primary"
has "$err" "imported into 888/1234 Demo Primary School, the school you chose"
has "$out" ": 0 new pupils, $nks1 pupils matched by UPN"

# Pupils of this school's file cannot be imported into another school.
expect 1 "$PUPILTRACK" validate --establishment 8882001 "$ks2"
expect 1 "$PUPILTRACK" import --establishment 8882001 "$ks2"

# A pupil upload CSV: the same import as `pupils import`, by the file's header.
rows=$(($(grep -c . "$pupils/pupils-8881234.csv") - 2))
expect 1 import "$pupils/pupils-bad.csv"
has "$err" "^pupils-bad.csv:4:[0-9]+: error: "
has "$err" "nothing was stored"
expect 0 import "$pupils/pupils-8881234.csv"
has "$out" "^pupiltrack: imported pupils-8881234.csv into 8881234 Demo Primary School: [0-9]+ new, [0-9]+ changed, [0-9]+ unchanged pupils$"
expect 0 import "$pupils/pupils-8881234.csv"
has "$out" ": 0 new, 0 changed, $rows unchanged pupils$"

# Files of no known kind, missing files, unknown schools, usage errors: exit 2.
printf 'Name,Mark\nAda,3\n' >"$work/marks.csv"
expect 2 import "$work/marks.csv"
has "$err" "marks.csv is not a kind of file pupiltrack checks"
expect 2 import "$PT_SHARED_DIR/fixtures/fft/ks1-early-results-8881234.xlsx"
has "$err" "is a spreadsheet"
expect 2 import "$work/missing.xml"
expect 2 "$PUPILTRACK" import --establishment 8889999 "$ks2"
has "$err" "no school 8889999"
expect 2 "$PUPILTRACK" import "$ks2"
has "$err" "--establishment"
expect 2 "$PUPILTRACK" import --establishment 12 "$ks2"
expect 2 import
expect 2 import "$ks2" "$ks2"
expect 0 "$PUPILTRACK" import --help
has "$out" "All or nothing"
expect 0 "$PUPILTRACK" --help
has "$out" "^  import --establishment LAESTAB FILE"

cli_end "test_import"
