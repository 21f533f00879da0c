#!/usr/bin/env bash
# test_report_ks2: `pupiltrack report ks2` and `pupiltrack report table`. The
# shared KS2 fixture CTF counted by hand: writing 30 pupils with a result, 20 at
# the expected standard or above (14 EXS + 6 GDS), 6 at greater depth; science
# 30, 15 EXS. The same figures from the file (--ctf), from the school after
# importing it (--establishment) and added up over the LA (--la, with a second
# school of 3 pupils). The LA table shows the small school's figures as "x" and,
# by the secondary rule, the big school's too (the total would give them away),
# in JSON, CSV and text alike; a trust's table lists only the trust's schools.
set -euo pipefail

: "${PT_SHARED_DIR:?run through ctest: PT_SHARED_DIR holds the shared fixtures}"
source "$(dirname "$0")/lib.sh"
cli_begin report
fixture=$PT_SHARED_DIR/fixtures/ctf/8881234_KS2_888LLLL_001.xml

want_subjects='{"SC":[30,15,50,null],"WR":[30,20,66.67,6]}'
subjects='.subjects | map_values([.pupils, .expected, .expected_percent, .greater_depth])'

# the file
expect 0 "$PUPILTRACK" report ks2 --ctf "$fixture"
same "$(jq -cS "$subjects" <<<"$out")" "$want_subjects" "ks2 --ctf json"
expect 0 "$PUPILTRACK" report ks2 --ctf "$fixture" --format csv
same "$(sed -n 2p <<<"$out")" $'WR,KS2 writing,30,20,66.67,6,20.00\r' "ks2 csv writing"
same "$(sed -n 3p <<<"$out")" $'SC,KS2 science,30,15,50.00,,\r' "ks2 csv science"
expect 0 "$PUPILTRACK" report ks2 --ctf "$fixture" --format text
has "$out" "^WR KS2 writing: 30 pupils, 20 at the expected standard or above \(66.67%\), 6 at greater depth \(20.00%\)$"

# a second school's file: the fixture's first 3 pupils with that school's UPNs
awk 'BEGIN { n = 0 } /<Pupil>/ { n++ } /<\/CTFpupilData>/ { n = 0 } n <= 3 { print }' "$fixture" |
	sed -e 's|<Estab>1234</Estab>|<Estab>2345</Estab>|' \
		-e 's|B888123419001|E888234519001|' -e 's|Q888123419002|U888234519002|' \
		-e 's|E888123419003|H888234519003|' >"$work/small.xml"

# the database
expect 0 "$PUPILTRACK" db migrate
expect 0 "$PUPILTRACK" la add 888 "Demo LA"
expect 0 "$PUPILTRACK" la add 777 "Other LA"
expect 0 "$PUPILTRACK" trust add "Oak Trust"
expect 0 "$PUPILTRACK" establishment add 8881234 "Demo Primary School"
expect 0 "$PUPILTRACK" establishment add 8882345 "Small Primary School" --trust "Oak Trust"
expect 0 "$PUPILTRACK" establishment add 7771234 "Elsewhere Primary School" --trust "Oak Trust"
expect 0 "$PUPILTRACK" import --establishment 8881234 "$fixture"
expect 0 "$PUPILTRACK" import --establishment 8882345 "$work/small.xml"
expect 0 "$PUPILTRACK" report ks2 --establishment 8881234 --academic-year 2025
same "$(jq -cS "$subjects" <<<"$out")" "$want_subjects" "ks2 of the school"
same "$(jq -c '[.establishment, .academic_year]' <<<"$out")" "[8881234,2025]" "ks2 header"
expect 0 "$PUPILTRACK" report ks2 --la 888 --academic-year 2025
same "$(jq -c '[.subjects.WR.pupils, .subjects.SC.pupils]' <<<"$out")" "[33,33]" "ks2 of the LA"

# the LA table: 3 pupils are "x"; the 30 too, or 33 - 30 would give the 3 away.
# Total: writing 21 of 33 at expected (the 3: GDS, WTS, EXS), 7 GDS; science 16.
expect 0 "$PUPILTRACK" report table --collection ks2 --la 888 --academic-year 2025
same "$(jq -c '[.schools[] | [.laestab, .WR_pupils, .SC_expected_percent]]' <<<"$out")" \
	'[[8881234,"x","x"],[8882345,"x","x"]]' "la table schools"
same "$(jq -c '[.total.WR_pupils, .total.WR_expected_percent, .suppression_min]' <<<"$out")" \
	'[33,63.64,5]' "la table total"
expect 0 "$PUPILTRACK" report table --collection ks2 --la 888 --academic-year 2025 --format csv
has "$out" '^8882345,Small Primary School,x,x,x,x,x'
has "$out" '^,LA total,33,63.64,21.21,33,48.48'
expect 0 "$PUPILTRACK" report table --collection ks2 --la 888 --academic-year 2025 --format text
has "$out" '^8882345 Small Primary School: WR_pupils x,'
# the trust: its two schools only (one in another LA), never 8881234
expect 0 "$PUPILTRACK" report table --collection ks2 --trust "Oak Trust" --academic-year 2025
same "$(jq -c '[.schools[].laestab]' <<<"$out")" '[7771234,8882345]' "trust schools"
same "$(jq -c '.total.WR_pupils' <<<"$out")" '"x"' "trust total of 3 pupils"
# by characteristic: a row per group, the same total; a family's groups add up
# to it (gender: every pupil is a girl, a boy or not recorded)
expect 0 "$PUPILTRACK" report table --collection ks2 --la 888 --academic-year 2025 --by characteristic
same "$(jq -c '[.report, .total.WR_pupils, (.groups | length), has("schools")]' <<<"$out")" \
	'["table_by_characteristic",33,22,false]' "by characteristic"
same "$(jq -c '[.groups[] | select(.characteristic == "gender") | .group]' <<<"$out")" \
	'["F","M","not_recorded"]' "gender groups"
same "$(jq -c '[.groups[] | select(.characteristic == "ethnicity") | .group]' <<<"$out")" \
	'["white","mixed","asian","black","chinese","other","unclassified","not_recorded"]' \
	"ethnicity groups"
same "$(jq -c '[.groups[] | select(.WR_pupils != "x") | .WR_pupils] | all(. >= 5)' <<<"$out")" \
	'true' "no figure under 5 shown"
expect 0 "$PUPILTRACK" report table --collection ks2 --la 888 --academic-year 2025 --by characteristic --format csv
has "$out" '^Characteristic,Group,'
has "$out" '^,LA total,33,63.64,21.21,33,48.48'
expect 2 "$PUPILTRACK" report table --collection ks2 --la 888 --academic-year 2025 --by class
has "$err" "school or characteristic"

# usage errors
expect 2 "$PUPILTRACK" report ks2 --establishment 8881234
has "$err" "--academic-year"
expect 2 "$PUPILTRACK" report table --collection ks1 --la 888 --academic-year 2025
has "$err" "eyfsp, phonics or ks2"
expect 2 "$PUPILTRACK" report table --collection ks2 --academic-year 2025
has "$err" "--la NNN or --trust NAME"
expect 2 "$PUPILTRACK" report table --collection ks2 --trust "No Such Trust" --academic-year 2025
has "$err" "no trust named"
expect 0 "$PUPILTRACK" report ks2 --help
has "$out" "greater depth"

cli_end "report ks2"
