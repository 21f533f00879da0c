/*
 * demo: loads the demonstration data (see demo.h). Names, postcodes and codes come
 * from a fixed seed, so every load makes the same pupils; only the dates of birth
 * follow the current academic year, so the year groups are right in any year.
 */
#include "app/demo.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "app/assess.h"
#include "base/date.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/upn.h"
#include "store/store.h"

enum {
	DEMO_SERIAL_BASE = 800, /* UPN serials 801..: clear of the shared fixture files' */
};

static const struct {
	int code;
	const char *name;
} demo_las[] = {
	{ 888, "Demo LA" },
	{ 889, "Other Demo LA" },
};

static const char demo_trust_name[] = "Demo Learning Trust";

static const struct demo_school demo_school_table[] = {
	{ .laestab = 8881234,
	  .urn = 999001,
	  .name = "Demo Primary School",
	  .years = { YEAR_N1, YEAR_N2, YEAR_R, 1, 2, 6 },
	  .year_count = 6,
	  .pupils_per_year = 15 },
	{ .laestab = 8882001,
	  .urn = 999002,
	  .name = "Meadow Lane Primary",
	  .trust = demo_trust_name,
	  .years = { YEAR_N1, YEAR_N2, YEAR_R, 1, 2, 6 },
	  .year_count = 6,
	  .pupils_per_year = 15 },
	/* An infant school teaches nursery to Year 2 only. */
	{ .laestab = 8882002,
	  .urn = 999003,
	  .name = "Brook Farm Infants",
	  .trust = demo_trust_name,
	  .years = { YEAR_N1, YEAR_N2, YEAR_R, 1, 2 },
	  .year_count = 5,
	  .pupils_per_year = 18 },
	{ .laestab = 8891001,
	  .urn = 999101,
	  .name = "Hillside Primary School",
	  .years = { YEAR_N1, YEAR_N2, YEAR_R, 1, 2, 6 },
	  .year_count = 6,
	  .pupils_per_year = 15 },
};

static const struct demo_login demo_login_table[] = {
	{ "sysadmin", "demo-sysadmin-pass", "13579", ROLE_SYSADMIN, "everything" },
	{ "la.officer", "demo-la-officer-pass", "24680", ROLE_LA_OFFICER, "Demo LA (888)" },
	{ "trust.admin", "demo-trust-admin-pass", "35791", ROLE_MAT_ADMIN, "Demo Learning Trust" },
	{ "school.admin", "demo-school-admin-pass", "46802", ROLE_SCHOOL_ADMIN,
	  "Demo Primary School (8881234)" },
	{ "teacher.demo", "demo-teacher-pass", "57913", ROLE_TEACHER,
	  "Demo Primary School (8881234)" },
	{ "meadow.teacher", "demo-meadow-teacher", "68024", ROLE_TEACHER,
	  "Meadow Lane Primary (8882001)" },
	{ "other.officer", "demo-other-officer", "79135", ROLE_LA_OFFICER, "Other Demo LA (889)" },
	{ "other.teacher", "demo-other-teacher", "80246", ROLE_TEACHER,
	  "Hillside Primary School (8891001)" },
};

/* Where each demo login belongs (same order as demo_login_table). */
static const struct {
	const char *display_name;
	int laestab; /* for teachers and school admins */
	int la_code; /* for LA officers */
	bool trust;  /* for the trust admin */
} demo_login_scope[] = {
	{ "Sam Sysadmin (demo)", 0, 0, false },
	{ "Lee Officer (demo)", 0, 888, false },
	{ "Tess Trust (demo)", 0, 0, true },
	{ "Sandy Admin (demo)", 8881234, 0, false },
	{ "Terry Teacher (demo)", 8881234, 0, false },
	{ "Morgan Meadow (demo)", 8882001, 0, false },
	{ "Olly Other (demo)", 0, 889, false },
	{ "Oona Other (demo)", 8891001, 0, false },
};
_Static_assert(ARRAY_SIZE(demo_login_scope) == ARRAY_SIZE(demo_login_table),
	       "a scope for every demo login");

static const char *const girls[] = {
	"Amelia", "Olivia", "Isla",   "Ava",	"Freya",  "Lily",   "Ivy",    "Florence",
	"Willow", "Sophia", "Aisha",  "Maryam", "Zara",	  "Hannah", "Poppy",  "Evie",
	"Grace",  "Mia",    "Ella",   "Ruby",	"Zofia",  "Amara",  "Priya",  "Chloe",
	"Nia",	  "Esme",   "Harper", "Layla",	"Maisie", "Erin",   "Fatima", "Leah",
	"Imogen", "Darcie", "Orla",   "Ada",	"Mei",	  "Kemi",   "Sienna", "Elsie",
};
static const char *const boys[] = {
	"Oliver", "George", "Noah",    "Arthur", "Muhammad", "Leo",    "Harry",	  "Oscar",
	"Archie", "Henry",  "Theo",    "Jack",	 "Freddie",  "Alfie",  "Charlie", "Finley",
	"Isaac",  "Jacob",  "Ibrahim", "Kacper", "Reuben",   "Yusuf",  "Arjun",	  "Ethan",
	"Samuel", "Joshua", "Max",     "Rory",	 "Kofi",     "Tomasz", "Hamza",	  "Luca",
	"Elijah", "Zain",   "Felix",   "Dylan",	 "Ronan",    "Idris",  "Tobias",  "Wilf",
};
/* Made-up surnames in the spirit of the shared fixture files. */
static const char *const surnames[] = {
	"Modell",     "Drafton",    "Placeholder", "Dummond",	"Sampleford", "Mockridge",
	"Testwell",   "Exampleton", "Fauxley",	   "Specimen",	"Pretendon",  "Stubbings",
	"Trialby",    "Draftley",   "Proofworth",  "Mockbury",	"Fixturley",  "Dummett",
	"Samplewood", "Templeby",   "Draftwick",   "Noteworth", "Ledgerton",  "Quillby",
	"Inkpen",     "Chalkley",   "Slateford",   "Rulerton",	"Crayonby",   "Pencilworth",
	"Margins",    "Folioson",   "Indexley",	   "Registon",	"Tallyford",  "Abacusson",
	"Primerley",  "Readwell",   "Spellman",	   "Countwell", "Lettersby",  "Phonicsley",
	"Jotterton",  "Easelby",    "Globeworth",  "Atlasby",	"Compasson",  "Satchell",
	"Blazerton",  "Playfield",
};
/* Main DfE ethnicity codes with rough weights for a made-up English primary. */
static const struct {
	const char *code;
	int weight;
} ethnicities[] = {
	{ "WBRI", 58 }, { "WOTH", 8 }, { "WIRI", 1 }, { "WROM", 1 }, { "MWBC", 2 },
	{ "MWBA", 1 },	{ "MWAS", 2 }, { "MOTH", 2 }, { "AIND", 4 }, { "APKN", 5 },
	{ "ABAN", 2 },	{ "AOTH", 2 }, { "BAFR", 4 }, { "BCRB", 1 }, { "BOTH", 1 },
	{ "CHNE", 1 },	{ "OOTH", 2 }, { "REFU", 1 }, { "NOBT", 2 },
};
static const char *const sen_support_notes[] = {
	"Speech and language support.",
	"Literacy support plan reviewed each term.",
	"Social, emotional and mental health support.",
	"Fine motor skills programme.",
};
/* Inward-code letters of real UK postcodes (no C, I, K, M, O, V). */
static const char postcode_letters[] = "ABDEFGHJLNPQRSTUWXYZ";

/* splitmix64: small, well mixed, and ours, so the demo is the same everywhere. */
struct demo_rng {
	uint64_t state; /* advanced by every draw */
};

static uint64_t rng_next(struct demo_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* 0 <= result < n (the tiny modulo bias does not matter for made-up pupils). */
static int rng_below(struct demo_rng *r, int n)
{
	return (int)(rng_next(r) % (uint64_t)n);
}

const struct demo_login *app_demo_logins(size_t *n)
{
	*n = ARRAY_SIZE(demo_login_table);
	return demo_login_table;
}

const struct demo_school *app_demo_schools(size_t *n)
{
	*n = ARRAY_SIZE(demo_school_table);
	return demo_school_table;
}

bool demo_result_changed(const struct demo_result *r)
{
	return r->las_added || r->trusts_added || r->establishments_added || r->users_added ||
	       r->pupils_added;
}

static enum err db_failed(struct errbuf *eb, enum err rc, const char *what)
{
	if (eb && eb->msg[0])
		return rc;
	return errbuf_set(eb, rc, "demo data: could not %s: %s", what, err_str(rc));
}

static enum err la_ensure(struct store_conn *c, const struct actor *who, int code, const char *name,
			  struct la *out, struct demo_result *r, struct errbuf *eb)
{
	enum err rc = store_la_get_by_code(c, code, out);

	if (rc != ERR_NOT_FOUND)
		return rc == ERR_OK ? rc : db_failed(eb, rc, "read the local authorities");
	memset(out, 0, sizeof(*out));
	out->code = code;
	snprintf(out->name, sizeof(out->name), "%s", name);
	rc = store_la_add(c, who, out, eb);
	if (rc != ERR_OK)
		return db_failed(eb, rc, "add a local authority");
	r->las_added++;
	return ERR_OK;
}

static enum err trust_ensure(struct store_conn *c, const struct actor *who, struct trust *out,
			     struct demo_result *r, struct errbuf *eb)
{
	enum err rc = store_trust_get_by_name(c, demo_trust_name, out);

	if (rc != ERR_NOT_FOUND)
		return rc == ERR_OK ? rc : db_failed(eb, rc, "read the trusts");
	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", demo_trust_name);
	rc = store_trust_add(c, who, out, eb);
	if (rc != ERR_OK)
		return db_failed(eb, rc, "add the trust");
	r->trusts_added++;
	return ERR_OK;
}

static enum err school_ensure(struct store_conn *c, const struct actor *who,
			      const struct demo_school *s, int64_t trust_id,
			      struct establishment *out, struct demo_result *r, struct errbuf *eb)
{
	struct la la;
	enum err rc = store_establishment_get_by_laestab(c, s->laestab, out);

	if (rc != ERR_NOT_FOUND)
		return rc == ERR_OK ? rc : db_failed(eb, rc, "read the schools");
	rc = store_la_get_by_code(c, s->laestab / 10000, &la);
	if (rc != ERR_OK)
		return db_failed(eb, rc, "read the local authorities");
	memset(out, 0, sizeof(*out));
	out->la_id = la.id;
	out->la_code = la.code;
	out->estab = s->laestab % 10000;
	out->urn = s->urn;
	out->trust_id = s->trust ? trust_id : 0;
	snprintf(out->name, sizeof(out->name), "%s", s->name);
	rc = store_establishment_add(c, who, out, eb);
	/* every demo school, infants included, is of the primary phase (issue 7c) */
	if (rc == ERR_OK)
		rc = store_establishment_phase_set(c, who, out->id, "primary", eb);
	if (rc != ERR_OK)
		return db_failed(eb, rc, "add a school");
	r->establishments_added++;
	return ERR_OK;
}

static enum err user_ensure(struct app *a, struct store_conn *c, const struct actor *who, size_t i,
			    int64_t trust_id, struct demo_result *r, struct errbuf *eb)
{
	const struct demo_login *l = &demo_login_table[i];
	struct establishment e;
	struct user u;
	struct la la;
	enum err rc = store_user_get_by_username(c, l->username, &u);

	if (rc != ERR_NOT_FOUND)
		return rc == ERR_OK ? rc : db_failed(eb, rc, "read the users");
	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "%s", l->username);
	snprintf(u.display_name, sizeof(u.display_name), "%s", demo_login_scope[i].display_name);
	snprintf(u.email, sizeof(u.email), "%s@example.org", l->username);
	u.role = l->role;
	if (demo_login_scope[i].laestab) {
		rc = store_establishment_get_by_laestab(c, demo_login_scope[i].laestab, &e);
		if (rc != ERR_OK)
			return db_failed(eb, rc, "read the schools");
		u.establishment_id = e.id;
	} else if (demo_login_scope[i].la_code) {
		rc = store_la_get_by_code(c, demo_login_scope[i].la_code, &la);
		if (rc != ERR_OK)
			return db_failed(eb, rc, "read the local authorities");
		u.la_id = la.id;
	} else if (demo_login_scope[i].trust) {
		u.trust_id = trust_id;
	}
	/* The codes are printed by demo-data, so nothing is left to show at sign-in. */
	u.sc_shown = true;
	rc = account_create(a, c, who, &u, l->password, l->security_code, NULL, NULL, eb);
	if (rc != ERR_OK)
		return db_failed(eb, rc, "add a demo user");
	r->users_added++;
	return ERR_OK;
}

static const char *ethnicity_pick(struct demo_rng *rng)
{
	int total = 0, roll;

	for (size_t i = 0; i < ARRAY_SIZE(ethnicities); i++)
		total += ethnicities[i].weight;
	roll = rng_below(rng, total);
	for (size_t i = 0; i < ARRAY_SIZE(ethnicities); i++) {
		if (roll < ethnicities[i].weight)
			return ethnicities[i].code;
		roll -= ethnicities[i].weight;
	}
	return "WBRI";
}

/* A made-up pupil number `serial` of year group yg at school e in academic year y. */
static void pupil_make(struct demo_rng *rng, const struct establishment *e, int y, int yg,
		       int class_no, int serial, struct pupil *p)
{
	struct date first = academic_year_start(y - yg - 5);
	int64_t days = date_to_days(academic_year_end(y - yg - 5)) - date_to_days(first) + 1;
	int roll;

	memset(p, 0, sizeof(*p));
	p->establishment_id = e->id;
	/* Allocated when the child joined the nursery class, so each year group has
	 * its own allocation year and the serials never collide. */
	if (!upn_make(e->la_code, e->estab, y - yg - 2, serial, p->upn))
		BUG("demo: UPN out of range");
	p->gender = rng_below(rng, 2) ? GENDER_FEMALE : GENDER_MALE;
	snprintf(p->forenames, sizeof(p->forenames), "%s",
		 p->gender == GENDER_FEMALE ? girls[rng_below(rng, (int)ARRAY_SIZE(girls))] :
					      boys[rng_below(rng, (int)ARRAY_SIZE(boys))]);
	snprintf(p->surname, sizeof(p->surname), "%s",
		 surnames[rng_below(rng, (int)ARRAY_SIZE(surnames))]);
	p->dob = date_from_days(date_to_days(first) + rng_below(rng, (int)days));
	if (year_group_of(p->dob, y) != yg)
		BUG("demo: date of birth outside its year group");
	p->postcode[0] = 'D';
	p->postcode[1] = 'M';
	p->postcode[2] = (char)('1' + rng_below(rng, 9));
	p->postcode[3] = ' ';
	p->postcode[4] = (char)('0' + rng_below(rng, 10));
	p->postcode[5] = postcode_letters[rng_below(rng, sizeof(postcode_letters) - 1)];
	p->postcode[6] = postcode_letters[rng_below(rng, sizeof(postcode_letters) - 1)];
	p->postcode[7] = '\0';
	snprintf(p->ethnicity, sizeof(p->ethnicity), "%s", ethnicity_pick(rng));
	roll = rng_below(rng, 100);
	p->sen = roll < 3 ? 'E' : roll < 15 ? 'K' : 'N';
	if (p->sen != 'N')
		snprintf(p->sen_notes, sizeof(p->sen_notes), "%s",
			 sen_support_notes[rng_below(rng, (int)ARRAY_SIZE(sen_support_notes))]);
	p->class_no = class_no;
	p->year_override = YEAR_NONE;
	p->fsm = rng_below(rng, 100) < 20;
	p->disadvantaged = p->fsm || rng_below(rng, 100) < 5;
	p->pupil_premium = p->disadvantaged;
	p->eal = strcmp(p->ethnicity, "WBRI") == 0 ? rng_below(rng, 100) < 3 :
						     rng_below(rng, 100) < 45;
	p->include_in_data = true;
	p->archived = false;
}

/* Adds the school's pupils unless it has some already (so a rerun in a later
 * year, when the same children would get other dates, adds nobody). */
static enum err pupils_ensure(struct store_conn *c, const struct actor *who,
			      const struct demo_school *s, const struct establishment *e, int y,
			      struct demo_result *r, struct errbuf *eb)
{
	struct demo_rng rng = { (uint64_t)s->laestab };
	struct pupil p, existing;
	long count = 0;
	enum err rc = store_pupil_count(c, e->id, &count);

	if (rc != ERR_OK)
		return db_failed(eb, rc, "count the pupils");
	if (count > 0)
		return ERR_OK;
	for (int k = 0; k < s->year_count; k++) {
		for (int i = 1; i <= s->pupils_per_year; i++) {
			pupil_make(&rng, e, y, s->years[k], k + 1, DEMO_SERIAL_BASE + i, &p);
			rc = store_pupil_get_by_upn(c, p.upn, &existing);
			if (rc == ERR_OK)
				continue; /* the UPN is taken elsewhere: leave that pupil be */
			if (rc != ERR_NOT_FOUND)
				return db_failed(eb, rc, "read the pupils");
			rc = store_pupil_add(c, who, &p, eb);
			if (rc != ERR_OK)
				return db_failed(eb, rc, "add a pupil");
			r->pupils_added++;
		}
	}
	return ERR_OK;
}

enum err app_demo_load(struct app *a, struct store_conn *c, struct demo_result *r,
		       struct errbuf *eb)
{
	const struct actor who = { 0, "demo-data", "" };
	struct establishment schools[ARRAY_SIZE(demo_school_table)];
	struct demo_result mine = { 0 };
	struct trust trust;
	struct la la;
	bool open = false;
	enum err rc;
	int y = academic_year_of(date_from_unix(app_now(a)));

	if (eb)
		eb->msg[0] = '\0';
	mine.academic_year = y;
	rc = store_begin(c, eb);
	if (rc != ERR_OK)
		goto out;
	open = true;
	for (size_t i = 0; i < ARRAY_SIZE(demo_las); i++) {
		rc = la_ensure(c, &who, demo_las[i].code, demo_las[i].name, &la, &mine, eb);
		if (rc != ERR_OK)
			goto out;
	}
	rc = trust_ensure(c, &who, &trust, &mine, eb);
	if (rc != ERR_OK)
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(demo_school_table); i++) {
		rc = school_ensure(c, &who, &demo_school_table[i], trust.id, &schools[i], &mine,
				   eb);
		if (rc != ERR_OK)
			goto out;
	}
	for (size_t i = 0; i < ARRAY_SIZE(demo_login_table); i++) {
		rc = user_ensure(a, c, &who, i, trust.id, &mine, eb);
		if (rc != ERR_OK)
			goto out;
	}
	for (size_t i = 0; i < ARRAY_SIZE(demo_school_table); i++) {
		rc = pupils_ensure(c, &who, &demo_school_table[i], &schools[i], y, &mine, eb);
		if (rc != ERR_OK)
			goto out;
		rc = assess_demo_load(c, &who, &schools[i], y, eb); /* issue 5 */
		if (rc != ERR_OK)
			goto out;
	}
	rc = store_commit(c, eb);
	open = rc != ERR_OK;
out:
	if (open)
		store_rollback(c);
	if (rc != ERR_OK)
		memset(&mine, 0, sizeof(mine));
	if (r)
		*r = mine;
	return rc;
}
