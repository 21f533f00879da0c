/*
 * assess_demo: the demonstration assessments of `pupiltrack demo-data` (called
 * from demo.c inside its transaction): for each demo school's Reception class an
 * autumn and a spring tracking assessment and the end-of-year early learning
 * goals, with judgements from a fixed pattern so the grid, its statistics, GLD
 * and totals show something real. Idempotent: a school that has assessments in
 * the year is left alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/assess.h"
#include "base/xalloc.h"

static enum err add(struct store_conn *c, const struct actor *who, const struct establishment *e,
		    int y, const char *name, struct date date, enum scale_kind kind,
		    struct assessment *out, struct errbuf *eb)
{
	memset(out, 0, sizeof(*out));
	out->establishment_id = e->id;
	out->academic_year = y;
	snprintf(out->name, sizeof(out->name), "%s", name);
	out->date = date;
	out->year_groups = ASSESS_YG_R;
	out->kind = kind;
	if (kind == SCALE_ELG)
		out->completion = date;
	return store_assessment_add(c, who, out, eb);
}

/* A fixed, varied value for pupil i, area k in assessment round t (0, 1, 2). */
static int pattern(size_t i, int k, int t)
{
	unsigned h = (unsigned)(i * 31 + (size_t)k * 7 + (size_t)t * 13) % 11;

	if (t == 2) /* ELGs: every third child Expected throughout, pupil 4 absent */
		return i == 4 ? ELG_ABSENT : i % 3 == 0 || h >= 3 ? ELG_EXPECTED : ELG_EMERGING;
	return h < (t == 0 ? 4u : 2u) ? TRACK_BELOW : TRACK_ON_TRACK;
}

enum err assess_demo_load(struct store_conn *c, const struct actor *who,
			  const struct establishment *e, int y, struct errbuf *eb)
{
	struct assessment *have = NULL, a[3];
	struct pupil_query q = { .establishment_id = e->id };
	struct pupil *pupils = NULL;
	size_t n = 0, np = 0;
	enum err rc;

	rc = store_assessment_list(c, e->id, y, &have, &n);
	free(have);
	if (rc || n)
		return rc;
	rc = add(c, who, e, y, "Autumn Term Assessment", (struct date){ y, 10, 14 }, SCALE_TRACKING,
		 &a[0], eb);
	if (!rc)
		rc = add(c, who, e, y, "Spring Term Assessment", (struct date){ y + 1, 2, 3 },
			 SCALE_TRACKING, &a[1], eb);
	if (!rc)
		rc = add(c, who, e, y, "End of Year Early Learning Goals",
			 (struct date){ y + 1, 6, 30 }, SCALE_ELG, &a[2], eb);
	if (!rc)
		rc = store_pupil_list(c, &q, &pupils, &np);
	for (int t = 0; t < 3 && !rc; t++) {
		size_t row = 0;
		for (size_t i = 0; i < np && !rc; i++) {
			if (!assess_covers(&a[t], &pupils[i]))
				continue;
			/* the ELGs of the last three children are not entered yet */
			if (t == 2 && row >= 12)
				break;
			for (int k = 0; k < ELG__MAX && !rc; k++) {
				struct judgement j = { .pupil_id = pupils[i].id,
						       .elg = (enum elg)k };
				j.value = pattern(row, k, t);
				rc = store_judgement_put(c, who, &a[t], &j, NULL, eb);
			}
			row++;
		}
	}
	free(pupils);
	return rc;
}
