#!/usr/bin/env bash
# bench/run.sh BENCH_DIR [--seconds N] [--schools N] [--runs N]: runs the benchmarks built in
# BENCH_DIR (bench_store, bench_web, bench_baseline) on a fresh SQLite file and on
# a throwaway PostgreSQL cluster (scripts/pg-test-cluster), both in a temporary
# folder that is removed afterwards, the cluster stopped in every case.
#   --seconds N  length of each wrk run (default 5)
#   --schools N  schools of 90 pupils in the generated LA (default 167: 15,030 pupils)
#   --runs N     wrk runs of each web measure, reported as medians (default 3)
# Called by `make bench`; needs wrk (scripts/install-deps --bench). The cluster runs
# with fsync off: its numbers compare the two backends and one build with another,
# they are not a production tuning. docs/performance.md explains every number.
set -euo pipefail

usage() { echo "usage: bench/run.sh BENCH_DIR [--seconds N] [--schools N] [--runs N]" >&2; exit 2; }

(($# >= 1)) || usage
dir=$(realpath "$1")
shift
for b in bench_store bench_web bench_baseline; do
	[[ -x $dir/$b ]] || { echo "bench: $dir/$b is not built" >&2; exit 2; }
done
web_args=()
while (($#)); do
	case "$1" in
	--seconds | --schools | --runs)
		(($# >= 2)) || usage
		web_args+=("$1" "$2")
		shift 2
		;;
	*) usage ;;
	esac
done
wrk=$(command -v wrk) || { echo "bench: wrk is missing: run scripts/install-deps --bench" >&2; exit 1; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pt-bench.XXXXXX")
cleanup() {
	bash "$root/scripts/pg-test-cluster" stop "$tmp/pg" >/dev/null 2>&1 || true
	rm -rf -- "$tmp"
}
trap cleanup EXIT

bash "$root/scripts/pg-test-cluster" start "$tmp/pg" "$tmp/pg-url" >"$tmp/pg.log" 2>&1 || {
	cat "$tmp/pg.log" >&2
	echo "bench: could not start PostgreSQL" >&2
	exit 1
}
pg_url=$(<"$tmp/pg-url")
echo "bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -m); load average" \
	"$(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine lowers every req/s)"
echo "bench: SQLite in $tmp; PostgreSQL in a throwaway local cluster (unix socket, fsync off)"
"$dir/bench_store" --sqlite "$tmp/bench.db" --pg "$pg_url"

echo
echo "pupiltrack web benchmark (issues 4 and 5): the real server in-process, wrk for load"
"$dir/bench_web" --db "sqlite:$tmp/web.db" --wrk "$wrk" --baseline "$dir/bench_baseline" \
	--label "SQLite (file, WAL)" "${web_args[@]}"
"$dir/bench_web" --db "$pg_url" --wrk "$wrk" --baseline "$dir/bench_baseline" \
	--label "PostgreSQL (local cluster, fsync off)" "${web_args[@]}"

# issue 7d: deadline day, when bench_deadline and the server are built
if [[ -x $dir/bench_deadline && -x $dir/../pupiltrack ]]; then
	echo
	echo "pupiltrack deadline day (issue 7d): every school sends a ~150 KB CTF to one request"
	"$dir/bench_deadline" --db "sqlite:$tmp/deadline.db" --server "$dir/../pupiltrack" \
		--label "SQLite (file, WAL)"
	"$dir/bench_deadline" --db "$pg_url" --server "$dir/../pupiltrack" \
		--label "PostgreSQL (local cluster, fsync off)"
fi

# issue 8c: reports at 15,000 and 600,000 pupils, when bench_reports is built;
# BENCH_REPORT_SIZES=15000 (comma list) skips the big one.
if [[ -x $dir/bench_reports ]]; then
	echo
	"$dir/bench_reports" --work "$tmp" --sqlite "$tmp/reports.db" --pg "$pg_url" \
		--sizes "${BENCH_REPORT_SIZES:-15000,600000}"
fi
# issue 6d: CTF validate and import of a 20,000-pupil EYFS profile return, when
# bench_ctf is built; BENCH_CTF_PUPILS=2000 makes it quick.
if [[ -x $dir/bench_ctf ]]; then
	echo
	mkdir -p "$tmp/ctf"
	(cd "$root" && "$dir/bench_ctf" --work "$tmp/ctf" --pupils "${BENCH_CTF_PUPILS:-20000}" \
		--sqlite "$tmp/ctf.db" --pg "$pg_url" --xmllint "$(command -v xmllint || echo /usr/bin/xmllint)")
fi
echo
echo "bench: done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
