/*
 * phase: the phases of education (see phase.h).
 */
#include "core/phase.h"

#include <stddef.h>
#include <strings.h>

static const char *const codes[PHASE__MAX] = { "",	 "nursery",   "primary",
					       "middle", "secondary", "all-through" };
static const char *const labels[PHASE__MAX] = { "Not recorded", "Nursery",   "Primary",
						"Middle",	"Secondary", "All-through" };
_Static_assert(sizeof(codes) / sizeof(codes[0]) == PHASE__MAX, "a code per phase");
_Static_assert(sizeof(labels) / sizeof(labels[0]) == PHASE__MAX, "a label per phase");

const char *phase_code(enum est_phase p)
{
	return (unsigned)p < PHASE__MAX ? codes[p] : "";
}

const char *phase_label(enum est_phase p)
{
	return (unsigned)p < PHASE__MAX ? labels[p] : "";
}

bool phase_parse(const char *s, enum est_phase *out)
{
	if (!s)
		return false;
	for (int i = 0; i < PHASE__MAX; i++) {
		if (strcasecmp(s, codes[i]) == 0 || (i && strcasecmp(s, labels[i]) == 0)) {
			*out = (enum est_phase)i;
			return true;
		}
	}
	return false;
}
