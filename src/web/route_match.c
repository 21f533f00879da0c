/*
 * route_match: finding the row of the route table (routes.c) for a method and a
 * decoded path. Patterns are matched segment by segment in table order, so the
 * first row that fits wins.
 */
#include "web/routes.h"

#include <string.h>

/* Whether a pattern matches the segments. ":x" matches one non-empty segment;
 * a final "*" (RF_PREFIX) matches one or more. */
static bool pattern_match(const struct route *r, char *const *segs, size_t nsegs)
{
	const char *p = r->pattern;
	size_t i = 0;

	if (strcmp(p, "/") == 0)
		return nsegs == 0;
	while (*p == '/') {
		const char *start = ++p;
		const char *end = strchr(start, '/');
		size_t len = end ? (size_t)(end - start) : strlen(start);
		if (len == 1 && start[0] == '*' && (r->flags & RF_PREFIX))
			return i < nsegs;
		if (i >= nsegs)
			return false;
		if (start[0] == ':') {
			if (!segs[i][0])
				return false;
		} else if (strlen(segs[i]) != len || memcmp(segs[i], start, len) != 0) {
			return false;
		}
		i++;
		p = start + len;
	}
	return i == nsegs;
}

const struct route *routes_match(enum http_method m, char *const *segs, size_t nsegs,
				 bool *path_known)
{
	enum http_method want = m == HTTP_HEAD ? HTTP_GET : m;

	size_t n;
	const struct route *table = routes_table(&n);

	*path_known = false;
	for (size_t i = 0; i < n; i++) {
		if (!pattern_match(&table[i], segs, nsegs))
			continue;
		if (table[i].method == want)
			return &table[i];
		*path_known = true;
	}
	return NULL;
}
