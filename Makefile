# pupiltrack: the commands a person types. The real build is CMake; this file only
# strings the steps together so that a fresh Debian bookworm machine needs two:
#   make run    install what is missing, build, migrate, load the demo, serve on :8080
#   make test   install what is missing (test tools too), build with sanitizers, run ctest
# Also: make bench, make fuzz, make lint, make format, make clean.

DB      ?= sqlite:pupiltrack.db
LISTEN  ?= 127.0.0.1:8080
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
# Tests run two at a time: the machine has two cores and the sanitizers are hungry.
CTEST_JOBS ?= 2

CMAKE_QUIET = --log-level=WARNING -Wno-dev
# make fuzz: seconds per target; new inputs go to build-fuzz/corpus, crashes to build-fuzz/.
FUZZ_SECONDS ?= 60
# make bench: passed to bench/run.sh, e.g. BENCH_ARGS="--seconds 10 --schools 40".
BENCH_ARGS ?=
FUZZ_TARGETS = upn codes json xlsx csv ctf
# cmake --build runs make again: without our MAKEFLAGS it does not print every directory.
CMAKE_BUILD = env -u MAKEFLAGS -u MAKELEVEL cmake --build
FORMAT_FILES = $(shell find src tests bench fuzz -name '*.[ch]' -not -path '*/node_modules/*' 2>/dev/null)

.PHONY: all run build test bench fuzz lint format clean

all: build

build:
	@bash scripts/install-deps
	@cmake -S . -B build $(CMAKE_QUIET) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPUPILTRACK_TESTS=OFF
	@$(CMAKE_BUILD) build -j$(JOBS) --target pupiltrack

run: build
	./build/pupiltrack db migrate --db $(DB)
	./build/pupiltrack demo-data --db $(DB)
	exec ./build/pupiltrack serve --db $(DB) --listen $(LISTEN)

test:
	@bash scripts/install-deps --test
	@cmake -S . -B build-test $(CMAKE_QUIET) -DCMAKE_BUILD_TYPE=Debug -DPUPILTRACK_SANITIZE=ON -DPUPILTRACK_TESTS=ON
	@$(CMAKE_BUILD) build-test -j$(JOBS)
	@ctest --test-dir build-test --output-on-failure -j$(CTEST_JOBS)

bench:
	@bash scripts/install-deps --test --bench
	@cmake -S . -B build-bench $(CMAKE_QUIET) -DCMAKE_BUILD_TYPE=Release -DPUPILTRACK_TESTS=OFF
	@$(CMAKE_BUILD) build-bench -j$(JOBS) --target bench_store bench_web bench_baseline \
		bench_deadline pupiltrack bench_reports bench_ctf
	@bash bench/run.sh build-bench/bench $(BENCH_ARGS)

fuzz:
	@bash scripts/install-deps --fuzz
	@cmake -S . -B build-fuzz $(CMAKE_QUIET) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPUPILTRACK_FUZZ=ON -DPUPILTRACK_TESTS=OFF
	@$(CMAKE_BUILD) build-fuzz -j$(JOBS) $(addprefix --target fuzz_,$(FUZZ_TARGETS))
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p build-fuzz/corpus/$$t; cp -n fuzz/corpus/$$t/* build-fuzz/corpus/$$t/; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		(cd build-fuzz && ./fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 corpus/$$t corpus/$$t >fuzz-$$t.log 2>&1) || \
			{ tail -20 build-fuzz/fuzz-$$t.log; echo "fuzz: $$t broke a property; the input is in build-fuzz/"; exit 1; }; \
	done; echo "fuzz: no property broken"

lint:
	@bash tools/lint.sh .

format:
	@command -v clang-format >/dev/null || { echo "make format: install clang-format first" >&2; exit 1; }
	clang-format -i $(FORMAT_FILES)

clean:
	rm -rf build build-test build-bench
