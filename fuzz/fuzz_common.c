/* fuzz_common: what every target shares (see fuzz.h). */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void fuzz_fail(const char *target, const char *what)
{
	fprintf(stderr, "fuzz %s: property broken: %s\n", target, what);
	abort();
}
