/* app_world: see app_world.h. */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "app_world.h"
#include "core/calendar.h"

static int64_t clock_read(void *ctx)
{
	return *(const int64_t *)ctx;
}

struct app *tw_app_open(const char *label, int64_t *clock, char **url)
{
	struct app_config cfg = { 0 };
	struct errbuf eb = { "" };
	char *db = tu_fresh_db_url(label);
	char *dir = tu_temp_dir(label);
	char key[4096];
	struct app *a = NULL;

	snprintf(key, sizeof(key), "%s/pupiltrack.key", dir);
	cfg.db_url = db;
	cfg.key_path = key;
	if (app_open(&cfg, &a, &eb) != ERR_OK)
		fail_msg("app_open %s: %s", db, eb.msg);
	if (store_migrate(a->store, NULL, &eb) != ERR_OK)
		fail_msg("store_migrate %s: %s", db, eb.msg);
	if (clock) {
		a->now = clock_read;
		a->now_ctx = clock;
	}
	if (url)
		*url = db;
	else
		free(db);
	free(dir);
	return a;
}

struct la tw_la(struct store_conn *c, const struct actor *who, int code, const char *name)
{
	struct la la = { .code = code };
	struct errbuf eb = { "" };

	snprintf(la.name, sizeof(la.name), "%s", name);
	if (store_la_add(c, who, &la, &eb) != ERR_OK)
		fail_msg("store_la_add %d: %s", code, eb.msg);
	return la;
}

struct establishment tw_school(struct store_conn *c, const struct actor *who, int64_t la_id,
			       int estab, int urn, const char *name)
{
	struct establishment e = { .la_id = la_id, .estab = estab, .urn = urn };
	struct errbuf eb = { "" };

	snprintf(e.name, sizeof(e.name), "%s", name);
	if (store_establishment_add(c, who, &e, &eb) != ERR_OK)
		fail_msg("store_establishment_add %d: %s", estab, eb.msg);
	return e;
}

struct pupil tw_pupil(int64_t est, const char *upn, const char *surname, const char *forenames,
		      struct date dob)
{
	struct pupil p = { .establishment_id = est,
			   .gender = GENDER_FEMALE,
			   .sen = 'N',
			   .year_override = YEAR_NONE,
			   .include_in_data = true,
			   .dob = dob };

	snprintf(p.upn, sizeof(p.upn), "%s", upn);
	snprintf(p.surname, sizeof(p.surname), "%s", surname);
	snprintf(p.forenames, sizeof(p.forenames), "%s", forenames);
	return p;
}

int64_t tw_pupil_add(struct store_conn *c, const struct actor *who, struct pupil *p)
{
	struct errbuf eb = { "" };

	if (store_pupil_add(c, who, p, &eb) != ERR_OK)
		fail_msg("store_pupil_add %s: %s", p->upn, eb.msg);
	return p->id;
}

struct assessment tw_assess(struct app *app, struct store_conn *c, const struct actor *who,
			    const struct establishment *e, const struct assess_input *in)
{
	struct assessment a = { 0 };
	struct errbuf eb = { "" };

	if (assess_create(app, c, who, e, in, &a, &eb) != ERR_OK)
		fail_msg("assess_create %s: %s", in->name, eb.msg);
	return a;
}

struct assessment tw_elg_assessment(struct app *app, struct store_conn *c, const struct actor *who,
				    const struct establishment *e)
{
	struct assess_input in = { .name = "End of Year Early Learning Goals",
				   .kind = SCALE_ELG,
				   .completion = { 2026, 6, 30 } };

	return tw_assess(app, c, who, e, &in);
}

struct assessment tw_tracking(struct app *app, struct store_conn *c, const struct actor *who,
			      const struct establishment *e, const char *name, struct date d,
			      unsigned yg)
{
	struct assess_input in = {
		.name = name, .date = d, .year_groups = yg, .kind = SCALE_TRACKING
	};

	return tw_assess(app, c, who, e, &in);
}

void tw_phonics_mark(struct store_conn *c, const struct actor *who, int64_t est_id, int64_t pupil,
		     int ay, const char *mark)
{
	struct stat_stored s = { .pupil_id = pupil, .coll = COLL_PHONICS, .academic_year = ay };
	struct errbuf eb = { "" };

	snprintf(s.component, sizeof(s.component), "PSC");
	snprintf(s.qualifier, sizeof(s.qualifier), "PM");
	snprintf(s.result, sizeof(s.result), "%s", mark);
	if (store_statutory_put(c, who, est_id, &s, &eb) != ERR_OK)
		fail_msg("store_statutory_put %s: %s", mark, eb.msg);
}
