/*
 * fuzz: coverage-guided fuzz targets for the parsers that read what people and
 * other systems send us. Each target defines LLVMFuzzerTestOneInput and checks
 * properties of the result, not only that nothing crashed; a property that does
 * not hold calls fuzz_fail, which aborts so the fuzzer keeps the input.
 *
 * Built two ways (fuzz/CMakeLists.txt): with clang's libFuzzer for `make fuzz`,
 * and with replay.c as a CTest test that runs every file of fuzz/corpus/<target>/,
 * so the corpus (and every crash once added to it) is re-checked by `make test`.
 */
#ifndef PT_FUZZ_H
#define PT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reports a broken property and aborts. */
_Noreturn void fuzz_fail(const char *target, const char *what);

#endif
