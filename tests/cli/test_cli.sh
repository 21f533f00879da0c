#!/usr/bin/env bash
# test_cli: the `pupiltrack` command's contract, which scripts rely on: every
# command's output, its exit status (0 done, 1 invalid data and nothing changed,
# 2 usage or I/O error) and its `pupiltrack: error: ...` messages, on a fresh
# SQLite file or PostgreSQL database (PT_DB), then `serve` on a free port.
set -euo pipefail

: "${PUPILTRACK:?run through ctest: PUPILTRACK is the binary}"
: "${PT_TEST_TMP:?run through ctest: PT_TEST_TMP is a scratch folder}"
backend=${PT_DB:-sqlite}
mkdir -p "$PT_TEST_TMP"
work=$(mktemp -d "$PT_TEST_TMP/cli.XXXXXX")
server_pid=
cleanup() {
	if [[ -n $server_pid ]]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
}
trap cleanup EXIT

# fresh_db LABEL: prints the URL of a new, empty database on the chosen backend.
fresh_db() {
	local label=$1 admin name re='^(postgres(ql)?://[^/?]*)(/[^?]*)?(\?.*)?$'
	if [[ $backend == pg ]]; then
		admin=$(<"$PT_PG_URL_FILE")
		name="pt_cli_${label}_$$_${RANDOM}"
		psql "$admin" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $name" >/dev/null
		[[ $admin =~ $re ]] || { echo "cannot parse the admin URL $admin" >&2; exit 2; }
		echo "${BASH_REMATCH[1]}/$name${BASH_REMATCH[4]}"
	else
		echo "sqlite:$work/$label.db"
	fi
}

# A PostgreSQL deployment names its key file; a SQLite one keeps it by the database.
if [[ $backend == pg ]]; then
	export PUPILTRACK_KEY_FILE=$work/pupiltrack.key
fi
DB=$(fresh_db main)
export PUPILTRACK_DB=$DB

passed=0
failed=0
out=
err=
ok() { passed=$((passed + 1)); }
bad() {
	echo "FAIL: $*" >&2
	failed=$((failed + 1))
}

# expect STATUS CMD...: runs CMD with empty stdin; $out and $err get its output.
expect() {
	local want=$1 got=0
	shift
	"$@" >"$work/out" 2>"$work/err" </dev/null || got=$?
	check_status "$want" "$got" "$*"
}
# expect_in INPUT STATUS CMD...: the same with INPUT on stdin.
expect_in() {
	local input=$1 want=$2 got=0
	shift 2
	"$@" >"$work/out" 2>"$work/err" <<<"$input" || got=$?
	check_status "$want" "$got" "$*"
}
check_status() {
	out=$(<"$work/out")
	err=$(<"$work/err")
	if [[ $2 == "$1" ]]; then
		ok
	else
		bad "exit $2, want $1: $3"
		sed 's/^/    stdout: /' <<<"$out" >&2
		sed 's/^/    stderr: /' <<<"$err" >&2
	fi
}
# has TEXT REGEX: TEXT matches the extended regular expression.
has() {
	if grep -qE -- "$2" <<<"$1"; then ok; else bad "no /$2/ in: $1"; fi
}
hasnt() {
	if grep -qE -- "$2" <<<"$1"; then bad "unexpected /$2/ in: $1"; else ok; fi
}
# error_is REGEX: the last command printed one `pupiltrack: error:` line matching it.
error_is() {
	has "$err" "^pupiltrack: error: .*$1"
	[[ -z $out ]] && ok || bad "stdout not empty after an error: $out"
}

pt=$PUPILTRACK

# ---- help, version, usage errors ----
expect 0 "$pt" --help
for c in "serve" "db migrate" "demo-data" "la add" "trust add" "establishment add" \
	"user add" "token create"; do
	has "$out" "^  $c"
done
has "$out" "Exit status"
expect 0 "$pt" help
has "$out" "^Usage: pupiltrack"
expect 0 "$pt" --version
has "$out" "^pupiltrack [0-9]+\.[0-9]+\.[0-9]+$"
expect 0 "$pt" -V
expect 2 "$pt"
error_is "give a command"
expect 2 "$pt" frobnicate
error_is "unknown command 'frobnicate'"
expect 2 "$pt" la
error_is "'la add'"
expect 2 "$pt" la remove 888
error_is "needs one of"
expect 0 "$pt" la --help
has "$out" "pupiltrack la add NNN NAME"
expect 2 "$pt" --bogus la add 888 X
error_is "unknown option --bogus"
for c in "serve" "db migrate" "demo-data" "la add" "trust add" "establishment add" \
	"user add" "token create"; do
	# shellcheck disable=SC2086
	expect 0 "$pt" $c --help
	has "$out" "^Usage: pupiltrack $c"
done
expect 2 "$pt" la add 888 X --bogus
error_is "unknown option --bogus"
has "$err" "Try 'pupiltrack la add --help'"
expect 2 "$pt" la add 888 X --db
error_is "option --db needs a value"

# ---- before the tables exist; unreachable databases ----
expect 2 "$pt" la add 888 "Demo LA"
error_is "no tables yet: run 'pupiltrack db migrate"
expect 2 "$pt" la add 888 "Demo LA" --db "sqlite:$work/no/such/dir/x.db"
error_is "."
expect 2 env PUPILTRACK_KEY_FILE="$work/unreachable.key" "$pt" db migrate \
	--db "postgresql://127.0.0.1:1/nothing_here?connect_timeout=2"
error_is "."

# ---- db migrate ----
expect 0 "$pt" db migrate
has "$out" "^pupiltrack: applied [0-9]+ migrations?"
expect 0 "$pt" db migrate
has "$out" "up to date"
expect 2 "$pt" db migrate extra
error_is "unexpected argument 'extra'"
if [[ $backend == sqlite ]]; then
	# The server key was made next to the database, readable by its owner only.
	[[ $(stat -c %a "$work/pupiltrack.key") == 600 ]] && ok || bad "key file mode"
	# The database holds children's data: its owner only, WAL files alike.
	for f in "${DB#sqlite:}" "${DB#sqlite:}-wal"; do
		[[ ! -e $f || $(stat -c %a "$f") == 600 ]] && ok || bad "$f mode $(stat -c %a "$f")"
	done
else
	[[ $(stat -c %a "$PUPILTRACK_KEY_FILE") == 600 ]] && ok || bad "key file mode"
fi

# ---- la add ----
expect 0 "$pt" la add 888 "Demo LA"
has "$out" "^pupiltrack: added LA 888 Demo LA$"
expect 1 "$pt" la add 888 "Demo LA again"
error_is "888"
for code in 88 099 abc 1000 8.8 -12; do
	expect 1 "$pt" la add -- "$code" "Some LA"
	error_is "is not an LA number"
done
expect 1 "$pt" la add 776 "   "
error_is "blank"
expect 0 "$pt" la add 776 "Good Name LA"
long121=$(printf 'x%.0s' $(seq 121))
long120=$(printf 'x%.0s' $(seq 120))
expect 1 "$pt" la add 777 "$long121"
error_is "too long"
expect 0 "$pt" la add 777 "$long120"
expect 2 "$pt" la add 778
error_is "give the LA number and the LA name"
expect 2 "$pt" la add 778 Two Words
error_is "too many arguments"
# Options after the arguments, and --db per command or before the command.
expect 0 env -u PUPILTRACK_DB "$pt" la add 775 "Late Options LA" --db "$DB"
expect 0 env -u PUPILTRACK_DB "$pt" --db "$DB" la add 774 "Early Options LA"
expect 0 "$pt" la add 889 "Other Demo LA"

# ---- trust add ----
expect 0 "$pt" trust add "Demo Learning Trust"
has "$out" "added trust Demo Learning Trust"
expect 1 "$pt" trust add "Demo Learning Trust"
error_is "Demo Learning Trust"
expect 1 "$pt" trust add ""
error_is "blank"
expect 2 "$pt" trust add
error_is "give the trust's name"

# ---- establishment add ----
expect 0 "$pt" establishment add 8881234 "Demo Primary School" --urn 100001
has "$out" "^pupiltrack: added school 8881234 Demo Primary School, URN 100001$"
expect 1 "$pt" establishment add 8881234 "Demo Primary Again"
error_is "8881234"
expect 1 "$pt" establishment add 5551234 "No LA School"
error_is "there is no LA 555"
for bad_laestab in 888123 88812345 8880000 abcdefg 0881234; do
	expect 1 "$pt" establishment add "$bad_laestab" "Bad School"
	error_is "is not a LAESTAB"
done
expect 1 "$pt" establishment add 8882001 "Meadow Lane Primary" --urn 12345
error_is "is not a URN"
expect 1 "$pt" establishment add 8882001 "Meadow Lane Primary" --trust "No Such Trust"
error_is "there is no trust called 'No Such Trust'"
# Nothing was changed by the failures: the same school can still be added.
expect 0 "$pt" establishment add --trust "Demo Learning Trust" 888/2001 "Meadow Lane Primary"
has "$out" "added school 8882001 Meadow Lane Primary, in Demo Learning Trust"
expect 0 "$pt" establishment add 8891001 "Hillside Primary School"
expect 2 "$pt" establishment add 8882002
error_is "give the LAESTAB and the school's name"
expect 2 "$pt" establishment add 8882002 "Brook Farm" --urn
error_is "needs a value"

# ---- user add ----
expect 0 "$pt" user add --username j.smith --role teacher --establishment 8881234 \
	--name "Jo Smith" --email j.smith@example.org
has "$out" "^pupiltrack: added user j.smith \(teacher, Demo Primary School \(8881234\)\)$"
has "$out" "^One-time password: [A-HJ-NP-Za-km-z2-9]{16}$"
has "$out" "^Security code: [0-9]{5}$"
otp1=$(sed -n 's/^One-time password: //p' <<<"$out")
expect 0 "$pt" user add --username k.jones --role teacher --establishment 8881234
otp2=$(sed -n 's/^One-time password: //p' <<<"$out")
[[ $otp1 != "$otp2" ]] && ok || bad "two users got the same one-time password"
expect 1 "$pt" user add --username J.SMITH --role teacher --establishment 8881234
error_is "."
expect 2 "$pt" user add --username x.one --establishment 8881234
error_is "give --username and --role"
expect 2 "$pt" user add --role teacher
error_is "give --username and --role"
expect 1 "$pt" user add --username x.one --role headteacher --establishment 8881234
error_is "unknown role 'headteacher'"
expect 1 "$pt" user add --username x.one --role teacher --la 888
error_is "one school"
expect 1 "$pt" user add --username x.one --role teacher
error_is "one school"
expect 1 "$pt" user add --username x.one --role teacher --establishment 8889999
error_is "no school with LAESTAB 8889999"
expect 1 "$pt" user add --username x.one --role mat-admin --trust "Nope Trust"
error_is "no trust called 'Nope Trust'"
expect 1 "$pt" user add --username "x one" --role teacher --establishment 8881234
error_is "cannot be used"
expect 2 "$pt" user add --username x.one --role teacher --establishment 8881234 --la 888
error_is "only one of"
expect 1 "$pt" user add --username x.one --role sysadmin --security-code 12a45
error_is "5 digits"
expect_in "password1234" 1 "$pt" user add --username x.one --role sysadmin --password-stdin
error_is "most common passwords"
expect_in "short" 1 "$pt" user add --username x.one --role sysadmin --password-stdin
error_is "too short"
expect_in "Head.Of.Year.One" 1 "$pt" user add --username head.of.year.one --role sysadmin --password-stdin
error_is "same as the username"
# None of those made x.one: it can be added now, with its own password and code.
expect_in "purple kettle on the stairs" 0 "$pt" user add --username x.one --role sysadmin \
	--password-stdin --security-code 24680
has "$out" "added user x.one \(sysadmin, everything\)"
hasnt "$out" "One-time password"
hasnt "$out" "Security code"
hasnt "$out$err" "purple kettle|24680"
expect 0 "$pt" user add --username trust.one --role mat-admin --trust "Demo Learning Trust"
has "$out" "mat-admin, Demo Learning Trust"
expect 0 "$pt" user add --username la.one --role la-officer --la 888
has "$out" "la-officer, Demo LA \(888\)"
expect 0 "$pt" user add --username head.one --role school-admin --establishment 888/1234 \
	--security-code 13579
has "$out" "One-time password"
hasnt "$out" "Security code"

# ---- token create ----
expect 0 "$pt" token create --username j.smith
has "$out" "^[a-z2-7]{52}$"
has "$err" "expires [0-9]{4}-"
tok1=$out
expect 0 "$pt" token create --username J.Smith --days 0
has "$out" "^[a-z2-7]{52}$"
has "$err" "never expires"
[[ $tok1 != "$out" ]] && ok || bad "two tokens were the same"
expect 1 "$pt" token create --username j.smith --days 3651
error_is "from 0 to 3650"
expect 1 "$pt" token create --username j.smith --days ten
error_is "whole number"
expect 1 "$pt" token create --username nobody.here
error_is "there is no user 'nobody.here'"
expect 2 "$pt" token create
error_is "give --username"

# ---- demo-data, twice, on its own database ----
DEMO=$(fresh_db demo)
expect 0 "$pt" demo-data --db "$DEMO"
has "$out" "^pupiltrack: demo data loaded: 2 LAs, 1 trust, 4 schools, 8 users, 360 pupils$"
for u in sysadmin la.officer trust.admin school.admin teacher.demo other.teacher; do
	has "$out" "^$u +[^ ]{12,} +[0-9]{5} +[a-z-]+ "
done
first=$out
expect 0 "$pt" demo-data --db "$DEMO"
has "$out" "already: nothing changed"
[[ $(tail -n +2 <<<"$out") == "$(tail -n +2 <<<"$first")" ]] && ok ||
	bad "demo sign-ins differ between runs"
# The demo users are real users: a token can be made for one.
expect 0 "$pt" token create --db "$DEMO" --username teacher.demo
has "$out" "^[a-z2-7]{52}$"
# On top of hand-made data the demo only adds what is missing.
expect 0 "$pt" demo-data
has "$out" "demo data loaded: 0 LAs, 0 trusts, 1 school, 8 users, 360 pupils"

# ---- serve ----
expect 2 "$pt" serve --listen nonsense
error_is "not an address to listen on"
expect 2 "$pt" serve --listen 127.0.0.1:99999
error_is "port"
expect 2 "$pt" serve --threads 0
error_is "threads"
expect 2 "$pt" serve extra
error_is "unexpected argument"
: >"$work/serve.out"
"$pt" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
url=
for _ in $(seq 1 300); do
	url=$(sed -n 's|^pupiltrack: serving \(http://127\.0\.0\.1:[0-9]*/\)$|\1|p' "$work/serve.out")
	[[ -n $url ]] && break
	kill -0 "$server_pid" 2>/dev/null || break
	sleep 0.1
done
if [[ -n $url && $url != *:0/ ]]; then
	ok
	if curl -fsS --max-time 10 "${url}healthz" >"$work/health" 2>&1; then ok; else
		bad "GET ${url}healthz: $(<"$work/health")"
	fi
	# A second server on the same port cannot bind: exit 2.
	hostport=${url#http://}
	expect 2 "$pt" serve --listen "${hostport%/}"
	error_is "."
else
	bad "serve did not print its address: $(<"$work/serve.out") $(<"$work/serve.err")"
fi
status=0
if kill -TERM "$server_pid" 2>/dev/null; then
	wait "$server_pid" || status=$?
else
	status="gone before SIGTERM"
fi
server_pid=
[[ $status == 0 ]] && ok || bad "serve exited ($status): $(<"$work/serve.out") $(<"$work/serve.err")"

echo "$passed passed, $failed failed"
((failed == 0)) || exit 1
rm -rf -- "$work"
