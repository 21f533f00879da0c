#!/usr/bin/env bash
# test_results_sheet: `pupiltrack validate` on a KS2 results spreadsheet runs the
# rule engine a CTF's pupils get: a missing science TA (KS2_MISSING) at its blank
# cell, a date of birth outside Year 6 (DOB_COHORT, a query) at the date of
# birth, a reading TA at the test standard (KS2_TESTED); the same pupils as a
# CTF get the same messages. The workbook is written here (inline strings,
# zipped), so the test needs `zip`.
set -euo pipefail

: "${PT_SOURCE_DIR:?run through ctest: PT_SOURCE_DIR is the source tree}"
export PUPILTRACK_DATA_DIR=$PT_SOURCE_DIR/data
source "$(dirname "$0")/lib.sh"
cli_begin results_sheet
command -v zip >/dev/null || { echo "test_results_sheet needs zip" >&2; exit 1; }

# The pupils: UPN forename surname sex dob(dd/mm/yyyy) ncyear RE WR MA SC ("-" blank).
pupils=(
	"Z888123419401 Ada Madeup F 01/03/2015 6 - EXS - EXS"
	"N888123419402 Bo Invented M 02/03/2015 6 - WTS - -"
	"C888123419403 Cy Fictional M 03/03/2016 6 - EXS - HNM"
	"R888123419404 Di Pretend F 04/03/2015 6 EXS EXS - EXS"
)
cell() { # REF TEXT
	[[ $2 == - ]] && return
	printf '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' "$1" "$2"
}
book=$work/book
mkdir -p "$book/_rels" "$book/xl/_rels" "$book/xl/worksheets"
cat >"$book/[Content_Types].xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
X
cat >"$book/_rels/.rels" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
X
cat >"$book/xl/workbook.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="KS2" sheetId="1" r:id="rId1"/></sheets></workbook>
X
cat >"$book/xl/_rels/workbook.xml.rels" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
X
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n'
	printf '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
	printf '<row r="1">'
	i=0
	for h in "School DFE" UPN Forename Surname Gender "Date of birth" "NC Year" \
		"Teacher Assessment: KS2 Reading" "Teacher Assessment: KS2 Writing" \
		"Teacher Assessment: KS2 Maths" "Teacher Assessment: KS2 Science"; do
		cell "$(printf "\\x$(printf %x $((65 + i)))")1" "$h"
		i=$((i + 1))
	done
	printf '</row>'
	row=2
	for p in "${pupils[@]}"; do
		read -r upn fore sur sex dob nc re wr ma sc <<<"$p"
		printf '<row r="%d">' "$row"
		cell "A$row" 8881234
		cell "B$row" "$upn"
		cell "C$row" "$fore"
		cell "D$row" "$sur"
		cell "E$row" "$sex"
		cell "F$row" "$dob"
		cell "G$row" "$nc"
		cell "H$row" "$re"
		cell "I$row" "$wr"
		cell "J$row" "$ma"
		cell "K$row" "$sc"
		printf '</row>'
		row=$((row + 1))
	done
	printf '</sheetData></worksheet>\n'
} >"$book/xl/worksheets/sheet1.xml"
(cd "$book" && zip -qX -r "$work/ks2.xlsx" '[Content_Types].xml' _rels xl)

# The same pupils as a 2025/26 CTF.
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<CTfile>\n<Header>'
	printf '<DocumentName>Common Transfer File</DocumentName><CTFversion>25.0</CTFversion>'
	printf '<DateTime>2026-06-19T10:15:00</DateTime><DocumentQualifier>partial</DocumentQualifier>'
	printf '<SupplierID>t</SupplierID><SourceSchool><LEA>888</LEA><Estab>1234</Estab>'
	printf '<SchoolName>Made-up Primary</SchoolName><AcademicYear>2025</AcademicYear></SourceSchool>'
	printf '<DestSchool><LEA>888</LEA><Estab>LLLL</Estab></DestSchool></Header>\n<CTFpupilData>\n'
	for p in "${pupils[@]}"; do
		read -r upn fore sur sex dob nc re wr ma sc <<<"$p"
		IFS=/ read -r d m y <<<"$dob"
		printf '<Pupil><UPN>%s</UPN><Surname>%s</Surname><Forename>%s</Forename>' "$upn" "$sur" "$fore"
		printf '<DOB>%s-%s-%s</DOB><Sex>%s</Sex><BasicDetails><NCyearActual>%s</NCyearActual>' "$y" "$m" "$d" "$sex" "$nc"
		printf '</BasicDetails><StageAssessments><KeyStage><Stage>KS2</Stage>\n'
		for r in "RE ENG $re" "WR ENG $wr" "MA MAT $ma" "SC SCI $sc"; do
			read -r comp subj val <<<"$r"
			[[ $val == - ]] && continue
			printf '<StageAssessment><Locale>ENG</Locale><Year>2026</Year><Subject>%s</Subject>' "$subj"
			printf '<Method>TA</Method><Component>%s</Component><ResultStatus>R</ResultStatus>' "$comp"
			printf '<ResultQualifier>TA</ResultQualifier><Result>%s</Result></StageAssessment>\n' "$val"
		done
		printf '</KeyStage></StageAssessments></Pupil>\n'
	done
	printf '</CTFpupilData>\n</CTfile>\n'
} >"$work/ks2.xml"

# The spreadsheet: refused (errors), each problem at its cell.
expect 1 "$PUPILTRACK" validate --establishment 8881234 --academic-year 2025 "$work/ks2.xlsx"
has "$out" "ks2.xlsx:KS2!K3: error: KS2 science is missing: "
has "$out" "ks2.xlsx:KS2!F4: query: date of birth 2016-03-03 makes this pupil Y5 in 2025/26, but the KS2 teacher assessment is for Y6"
has "$out" "ks2.xlsx:KS2!H5: error: KS2 reading .*EXS is not allowed; only pupils working below the test"
has "$out" "ks2.xlsx: results spreadsheet, 2 errors, 1 query: fix the errors and check the file again$"
same "$(grep -c ': \(error\|query\): ' <<<"$out")" 3 "three problems in the spreadsheet"
sheet=$(sed -n 's/^[^ ]*ks2\.xlsx:KS2![A-Z]*[0-9]*: //p' <<<"$out")
same "$(wc -l <<<"$sheet")" 3 "three messages to compare"

# The CTF of the same pupils: the same problems, word for word.
expect 1 "$PUPILTRACK" validate --establishment 8881234 "$work/ks2.xml"
ctf=$(sed -n 's/^[^ ]*ks2\.xml:[0-9]*:[0-9]*: //p' <<<"$out")
same "$ctf" "$sheet" "the CTF's problems are the spreadsheet's"

# Without --academic-year, the current year: the pupils' ages are judged in it
# (a different year than 2025/26 gives other cohort queries, never an error).
expect 1 "$PUPILTRACK" validate "$work/ks2.xlsx"
has "$out" "ks2.xlsx:KS2!K3: error: KS2 science is missing"
expect 2 "$PUPILTRACK" validate --academic-year next "$work/ks2.xlsx"
has "$err" "--academic-year must be a start year such as 2025"
expect 0 "$PUPILTRACK" validate --help
has "$out" "--academic-year YYYY"

cli_end "test_results_sheet"
