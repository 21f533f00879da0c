# lib.sh: what every CLI test script shares (sourced, not run; ctest runs the
# test_*.sh files). cli_begin NAME makes a scratch folder $work and a fresh
# database for the backend ctest chose (PT_DB: sqlite, or pg with a new database
# on the throwaway cluster), exported as PUPILTRACK_DB; `sql TEXT` queries it.
# The checks count into $passed / $failed; cli_end LABEL prints the tally and
# fails the script when a check failed.

: "${PUPILTRACK:?run through ctest: PUPILTRACK is the binary}"
: "${PT_TEST_TMP:?run through ctest: PT_TEST_TMP is a scratch folder}"

passed=0
failed=0

# cli_begin NAME: $work, PUPILTRACK_DB (and PUPILTRACK_KEY_FILE on PostgreSQL).
cli_begin() {
	local admin name re
	mkdir -p "$PT_TEST_TMP"
	work=$(mktemp -d "$PT_TEST_TMP/$1.XXXXXX")
	if [[ ${PT_DB:-sqlite} == pg ]]; then
		admin=$(<"$PT_PG_URL_FILE")
		name="pt_cli_${1//-/_}_$$_${RANDOM}"
		psql "$admin" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $name" >/dev/null
		re='^(postgres(ql)?://[^/?]*)(/[^?]*)?(\?.*)?$'
		[[ $admin =~ $re ]] || { echo "cannot parse the admin URL $admin" >&2; exit 2; }
		export PUPILTRACK_DB="${BASH_REMATCH[1]}/$name${BASH_REMATCH[4]}"
		export PUPILTRACK_KEY_FILE=$work/pupiltrack.key
	else
		export PUPILTRACK_DB="sqlite:$work/$1.db"
	fi
}

# sql TEXT: runs TEXT on the test's database, rows on stdout ('|' between columns).
sql() {
	if [[ $PUPILTRACK_DB == sqlite:* ]]; then
		sqlite3 "${PUPILTRACK_DB#sqlite:}" "$1"
	else
		psql "$PUPILTRACK_DB" -v ON_ERROR_STOP=1 -qAtc "$1"
	fi
}

ok() { passed=$((passed + 1)); }
bad() {
	echo "FAIL: $*" >&2
	failed=$((failed + 1))
}
# expect STATUS CMD...: $out and $err get the command's output.
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
# has TEXT REGEX: TEXT has a line matching the extended REGEX.
has() {
	if grep -qE -- "$2" <<<"$1"; then ok; else bad "no /$2/ in: $1"; fi
}
# same GOT WANT WHAT
same() {
	if [[ $1 == "$2" ]]; then ok; else bad "$3: got '$1', want '$2'"; fi
}

# cli_end LABEL: the tally; the script's status is 1 when a check failed.
cli_end() {
	echo "$1: $passed passed, $failed failed"
	((failed == 0))
}
