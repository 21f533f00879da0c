#!/usr/bin/env bash
# bench/run.sh BENCH_STORE [--runs N]: runs the store benchmark on a fresh SQLite file
# and on a throwaway PostgreSQL cluster (scripts/pg-test-cluster), both in a
# temporary folder that is removed afterwards, the cluster stopped in every case.
# Called by `make bench`. The cluster runs with fsync off: the numbers compare
# the two backends and one build with another, they are not a production tuning.
set -euo pipefail

if (($# < 1)) || [[ ! -x $1 ]]; then
	echo "usage: bench/run.sh BENCH_STORE [--runs N]" >&2
	exit 2
fi
bench=$(realpath "$1")
shift
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
echo "bench: SQLite in $tmp; PostgreSQL in a throwaway local cluster (unix socket, fsync off)"
"$bench" --sqlite "$tmp/bench.db" --pg "$(<"$tmp/pg-url")" "$@"
