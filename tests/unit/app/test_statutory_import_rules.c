/*
 * What the CTF import decides beyond the rule engine (issues 4 and 6): the
 * file's destination, not its sender (a transfer from another school, an LA's
 * file, a file addressed to another school of pupiltrack refused unless the
 * user may work there), Year 2 phonics against the stored Year 1 results, the
 * pupil form's rules on pupils the file adds (ethnicity, postcode stored), and
 * the preview's new / changed / unchanged results and differing details, and
 * matched pupils' details updated from the file (audited, all or nothing).
 * Files are written here; every name and UPN is made up.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/statutory_app.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/upn.h"
#include "store/store.h"

#include "app_world.h"

enum { AY = 2025 };

struct world {
	struct app *app;
	struct store_conn *c;
	int64_t clock;
	struct establishment school; /* 888/1234, where files are imported */
	struct establishment brook;  /* 888/5678, another school of pupiltrack */
	struct user admin;	     /* school admin of 888/1234 only */
	struct user sysadmin;	     /* may import anywhere (pupils' write: ACT_PUPIL_WRITE) */
	struct actor admin_who, sysadmin_who;
};

static const struct actor setup_who = { 0, "setup", "" };

static void user_add(struct world *w, struct user *u, const char *name, enum role role,
		     int64_t estab_id, int64_t la_id, struct actor *who)
{
	struct errbuf eb = { "" };

	*u = (struct user){
		.role = role, .establishment_id = estab_id, .la_id = la_id, .created_at = 1
	};
	snprintf(u->username, sizeof(u->username), "%s", name);
	snprintf(u->display_name, sizeof(u->display_name), "%s", name);
	assert_int_equal(store_user_add(w->c, &setup_who, u, &eb), ERR_OK);
	*who = (struct actor){ u->id, u->username, "192.0.2.9" };
}

static int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));
	int64_t la;

	w->clock = 1781049600; /* 2026-06-10: academic year 2025/26 */
	w->app = tw_app_open("statimprules", &w->clock, NULL);
	w->c = store_acquire(w->app->store);
	la = tw_la(w->c, &setup_who, 888, "Test LA").id;
	w->school = tw_school(w->c, &setup_who, la, 1234, 0, "Example Primary School");
	w->brook = tw_school(w->c, &setup_who, la, 5678, 0, "Brook Primary School");
	user_add(w, &w->admin, "sam.admin", ROLE_SCHOOL_ADMIN, w->school.id, 0, &w->admin_who);
	user_add(w, &w->sysadmin, "lee.sysadmin", ROLE_SYSADMIN, 0, 0, &w->sysadmin_who);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	store_release(w->c);
	app_free(w->app);
	free(w);
	return 0;
}

/* One pupil of a file: NULL ethnicity / postcode / mark leave the element out. */
struct fpupil {
	int n;		       /* UPN serial */
	const char *surname;   /* Surname */
	const char *dob;       /* DOB */
	const char *ncyear;    /* NCyearActual */
	const char *ethnicity; /* Ethnicity */
	const char *postcode;  /* Address/PostCode */
	const char *mark;      /* phonics mark (outcome added) */
};

static void upn_of(int n, char upn[static UPN_LEN + 1])
{
	assert_true(upn_make(888, 1234, 20, n, upn));
}

/* A CTF of academic year 2025/26 from src to dest ("888", "1234"...). */
static char *ctf(const char *src_la, const char *src_estab, const char *dest_la,
		 const char *dest_estab, const struct fpupil *p, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len;

	strbuf_addf(&sb,
		    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CTfile>\n<Header>\n"
		    "<DocumentName>Common Transfer File</DocumentName>\n"
		    "<CTFversion>25.0</CTFversion>\n<DateTime>2026-06-09T10:00:00</DateTime>\n"
		    "<DocumentQualifier>partial</DocumentQualifier>\n"
		    "<SupplierID>test</SupplierID>\n<SourceSchool>\n<LEA>%s</LEA>\n"
		    "<Estab>%s</Estab>\n<SchoolName>Sender</SchoolName>\n"
		    "<AcademicYear>2025</AcademicYear>\n</SourceSchool>\n<DestSchool>\n"
		    "<LEA>%s</LEA>\n<Estab>%s</Estab>\n</DestSchool>\n</Header>\n"
		    "<CTFpupilData>\n",
		    src_la, src_estab, dest_la, dest_estab);
	for (size_t i = 0; i < n; i++) {
		char upn[UPN_LEN + 1];
		upn_of(p[i].n, upn);
		strbuf_addf(&sb,
			    "<Pupil>\n<UPN>%s</UPN>\n<Surname>%s</Surname>\n"
			    "<Forename>ALEX</Forename>\n<DOB>%s</DOB>\n<Sex>F</Sex>\n"
			    "<BasicDetails>\n<NCyearActual>%s</NCyearActual>\n",
			    upn, p[i].surname, p[i].dob, p[i].ncyear);
		if (p[i].ethnicity)
			strbuf_addf(&sb, "<Ethnicity>%s</Ethnicity>\n", p[i].ethnicity);
		strbuf_adds(&sb, "</BasicDetails>\n");
		if (p[i].postcode)
			strbuf_addf(&sb,
				    "<Address>\n<BS7>\n<PAON>1</PAON>\n</BS7>\n"
				    "<PostCode>%s</PostCode>\n</Address>\n",
				    p[i].postcode);
		if (p[i].mark) {
			const char *o = phonics_outcome(p[i].mark);
			strbuf_addf(&sb,
				    "<StageAssessments>\n<KeyStage>\n<Stage>KS1</Stage>\n"
				    "<StageAssessment><Locale>ENG</Locale><Year>2026</Year>"
				    "<Subject>ENG</Subject><Method>TT</Method>"
				    "<Component>PSC</Component><ResultStatus>R</ResultStatus>"
				    "<ResultQualifier>PM</ResultQualifier><Result>%s</Result>"
				    "</StageAssessment>\n",
				    p[i].mark);
			if (o)
				strbuf_addf(&sb,
					    "<StageAssessment><Locale>ENG</Locale><Year>2026"
					    "</Year><Subject>ENG</Subject><Method>TT</Method>"
					    "<Component>PSC</Component><ResultStatus>R"
					    "</ResultStatus><ResultQualifier>PO</ResultQualifier>"
					    "<Result>%s</Result></StageAssessment>\n",
					    o);
			strbuf_adds(&sb, "</KeyStage>\n</StageAssessments>\n");
		}
		strbuf_adds(&sb, "</Pupil>\n");
	}
	strbuf_adds(&sb, "</CTFpupilData>\n</CTfile>\n");
	assert_false(sb.over);
	return strbuf_detach(&sb, &len);
}

/* A Year 1 pupil (2025/26: born September 2019 to August 2020). */
#define Y1(n, mark)                                                        \
	{                                                                  \
		(n), "ROWAN", "2020-03-04", "1", "WBRI", "PR1 0LD", (mark) \
	}

static enum err import_as(struct world *w, const struct actor *who, const char *xml,
			  struct stat_import_counts *counts, struct problem_list *pl)
{
	struct errbuf eb = { "" };

	problem_list_init(pl);
	return stat_import(w->app, w->c, who, &w->school, "in.xml", xml, strlen(xml), counts, pl,
			   &eb);
}

/* Imports the file of pupils f[0..n) (888/1234 to the LA) as the admin. */
static enum err import_pupils(struct world *w, const struct fpupil *f, size_t n,
			      struct stat_import_counts *counts, struct problem_list *pl)
{
	char *xml = ctf("888", "1234", "888", "LLLL", f, n);
	enum err rc = import_as(w, &w->admin_who, xml, counts, pl);

	free(xml);
	return rc;
}

static enum err preview_as(struct world *w, const char *xml, struct stat_import_preview *pv,
			   struct problem_list *pl)
{
	struct errbuf eb = { "" };

	problem_list_init(pl);
	return stat_import_preview(w->app, w->c, &w->admin_who, &w->school, "in.xml", xml,
				   strlen(xml), pv, pl, &eb);
}

/* The problem with code, or NULL. */
static const struct problem *find(const struct problem_list *pl, const char *code)
{
	for (size_t i = 0; i < pl->count; i++)
		if (strcmp(pl->items[i].code, code) == 0)
			return &pl->items[i];
	return NULL;
}

static bool stored(struct world *w, int n, struct pupil *p)
{
	char upn[UPN_LEN + 1];

	upn_of(n, upn);
	return store_pupil_get_by_upn(w->c, upn, p) == ERR_OK;
}

/* A transfer file from another school (888/5678 sent it to 888/1234) and an
 * LA's file (888/LLLL sent it) import: the sender is not the importer's. */
static void test_from_another_school_and_la(void **state)
{
	struct world *w = *state;
	const struct fpupil a[] = { Y1(1, "35") }, b[] = { Y1(2, "12") };
	char *transfer = ctf("888", "5678", "888", "1234", a, 1);
	char *la_file = ctf("888", "LLLL", "XXX", "XXXX", b, 1);
	struct stat_import_counts n;
	struct problem_list pl;
	struct pupil p;

	assert_int_equal(import_as(w, &w->admin_who, transfer, &n, &pl), ERR_OK);
	assert_null(find(&pl, "HDR_SCHOOL"));
	assert_int_equal(n.pupils_new, 1);
	assert_int_equal(n.results, 1);
	assert_true(stored(w, 1, &p));
	assert_int_equal(p.establishment_id, w->school.id);
	problem_list_release(&pl);

	assert_int_equal(import_as(w, &w->admin_who, la_file, &n, &pl), ERR_OK);
	assert_int_equal(n.pupils_new, 1);
	assert_true(stored(w, 2, &p));
	problem_list_release(&pl);
	free(transfer);
	free(la_file);
}

/* A file addressed to another school of pupiltrack: refused for a user who does
 * not work there (located at DestSchool, naming it, nothing stored); imported
 * into the school chosen, with a query saying so, for one who may. */
static void test_addressed_to_another_school(void **state)
{
	struct world *w = *state;
	const struct fpupil a[] = { Y1(3, "33") };
	char *xml = ctf("888", "1234", "888", "5678", a, 1);
	struct stat_import_counts n;
	struct problem_list pl;
	const struct problem *pr;
	struct pupil p;

	assert_int_equal(import_as(w, &w->admin_who, xml, &n, &pl), ERR_INVALID);
	pr = find(&pl, "HDR_DEST_SCHOOL");
	assert_non_null(pr);
	assert_int_equal(pr->severity, SEV_ERROR);
	assert_string_equal(pr->location, "in.xml:17:1"); /* <Estab>5678 of DestSchool */
	assert_non_null(strstr(pr->message, "888/5678 Brook Primary School"));
	assert_false(stored(w, 3, &p));
	assert_int_equal(n.pupils_new, 0);
	problem_list_release(&pl);

	assert_int_equal(import_as(w, &w->sysadmin_who, xml, &n, &pl), ERR_OK);
	pr = find(&pl, "HDR_DEST_OTHER");
	assert_non_null(pr);
	assert_int_equal(pr->severity, SEV_QUERY);
	assert_non_null(strstr(pr->message, "Brook Primary School"));
	assert_non_null(strstr(pr->message, "imported into 888/1234 Example Primary School"));
	assert_true(stored(w, 3, &p));
	assert_int_equal(p.establishment_id, w->school.id);
	problem_list_release(&pl);

	/* addressed to a school pupiltrack does not hold, or not known: imported */
	free(xml);
	xml = ctf("888", "1234", "888", "4321", (const struct fpupil[]){ Y1(4, "30") }, 1);
	assert_int_equal(import_as(w, &w->admin_who, xml, &n, &pl), ERR_OK);
	assert_null(find(&pl, "HDR_DEST_OTHER"));
	assert_int_equal(n.pupils_new, 1);
	problem_list_release(&pl);
	free(xml);
}

/* Year 2 phonics: a retake mark for a pupil who met the standard in Year 1 by
 * the stored results is refused, as on the entry screen; one who did not meet
 * it retakes. The Year 1 result of a pupil now at another school is told when
 * it is this school's own, never when it is that school's. */
static void test_year2_against_stored_year1(void **state)
{
	struct world *w = *state;
	struct fpupil y2[] = { { 5, "MET", "2019-01-20", "2", "WBRI", "PR1 0LD", NULL },
			       { 6, "NOTMET", "2019-02-20", "2", "WBRI", "PR1 0LD", NULL } };
	struct stat_import_counts n;
	struct problem_list pl;
	struct errbuf eb = { "" };
	const struct problem *pr;
	char *xml = ctf("888", "1234", "888", "LLLL", y2, 2);
	struct stat_stored s = { 0 };
	struct pupil p;

	/* the pupils, with their Year 1 marks of 2024/25 */
	assert_int_equal(import_as(w, &w->admin_who, xml, &n, &pl), ERR_OK);
	problem_list_release(&pl);
	free(xml);
	for (int i = 0; i < 2; i++) {
		assert_true(stored(w, y2[i].n, &p));
		s = (struct stat_stored){ .pupil_id = p.id,
					  .coll = COLL_PHONICS,
					  .academic_year = AY - 1 };
		snprintf(s.component, sizeof(s.component), "PSC");
		snprintf(s.qualifier, sizeof(s.qualifier), "PM");
		snprintf(s.result, sizeof(s.result), "%s", i == 0 ? "36" : "20");
		assert_int_equal(store_statutory_put(w->c, &setup_who, w->school.id, &s, &eb),
				 ERR_OK);
	}

	y2[0].mark = "34";
	y2[1].mark = "34";
	xml = ctf("888", "1234", "888", "LLLL", y2, 2);
	assert_int_equal(import_as(w, &w->admin_who, xml, &n, &pl), ERR_INVALID);
	pr = find(&pl, "PHONICS_Y2_MET");
	assert_non_null(pr);
	assert_int_equal(problem_list_count_errors(&pl), 1);
	assert_true(strncmp(pr->location, "in.xml:", 7) == 0);
	assert_true(stored(w, 5, &p));
	assert_int_equal(store_statutory_get(w->c, p.id, COLL_PHONICS, AY, "PSC", "PM", &s),
			 ERR_NOT_FOUND);
	problem_list_release(&pl);
	free(xml);

	y2[0].mark = NULL; /* without the pupil who met it: the retake is stored */
	xml = ctf("888", "1234", "888", "LLLL", y2, 2);
	assert_int_equal(import_as(w, &w->admin_who, xml, &n, &pl), ERR_OK);
	assert_int_equal(n.results, 1);
	assert_true(stored(w, 6, &p));
	assert_int_equal(store_statutory_get(w->c, p.id, COLL_PHONICS, AY, "PSC", "PM", &s),
			 ERR_OK);
	assert_string_equal(s.result, "34");
	problem_list_release(&pl);
	free(xml);

	/* the pupil who met it moves to another school: the Year 1 result is
	 * still this school's own, so a file naming them is refused for it */
	assert_true(stored(w, 5, &p));
	p.establishment_id = w->brook.id;
	assert_int_equal(store_pupil_update(w->c, &setup_who, &p, &eb), ERR_OK);
	y2[0].mark = "34";
	xml = ctf("888", "1234", "888", "LLLL", y2, 1);
	assert_int_equal(import_as(w, &w->admin_who, xml, &n, &pl), ERR_INVALID);
	assert_non_null(find(&pl, "PHONICS_Y2_MET"));
	problem_list_release(&pl);
	free(xml);

	/* a pupil on roll at another school, whose Year 1 result (met) that school
	 * holds: refused as that school's pupil, and nothing of their Year 1 is
	 * told */
	y2[1].n = 16;
	y2[1].mark = NULL;
	xml = ctf("888", "1234", "888", "LLLL", &y2[1], 1);
	assert_int_equal(import_as(w, &w->admin_who, xml, &n, &pl), ERR_OK);
	problem_list_release(&pl);
	free(xml);
	assert_true(stored(w, 16, &p));
	p.establishment_id = w->brook.id;
	assert_int_equal(store_pupil_update(w->c, &setup_who, &p, &eb), ERR_OK);
	s = (struct stat_stored){ .pupil_id = p.id, .coll = COLL_PHONICS, .academic_year = AY - 1 };
	snprintf(s.component, sizeof(s.component), "PSC");
	snprintf(s.qualifier, sizeof(s.qualifier), "PM");
	snprintf(s.result, sizeof(s.result), "36");
	assert_int_equal(store_statutory_put(w->c, &setup_who, w->brook.id, &s, &eb), ERR_OK);
	y2[1].mark = "34";
	xml = ctf("888", "1234", "888", "LLLL", &y2[1], 1);
	assert_int_equal(import_as(w, &w->admin_who, xml, &n, &pl), ERR_INVALID);
	assert_non_null(find(&pl, "UPN_ELSEWHERE"));
	assert_null(find(&pl, "PHONICS_Y2_MET"));
	problem_list_release(&pl);
	free(xml);
}

/* Pupils the file adds: ethnicity required and a DfE code, a postcode of the
 * right shape stored (normalised); every problem located, nothing stored. A
 * new pupil without a postcode is added with one query for the file. */
static void test_new_pupil_rules(void **state)
{
	struct world *w = *state;
	struct fpupil bad[] = { { 7, "NOETH", "2020-03-04", "1", NULL, "PR1 0LD", NULL },
				{ 8, "BADETH", "2020-03-04", "1", "XXXX", "PR1 0LD", NULL },
				{ 9, "BADPC", "2020-03-04", "1", "WBRI", "NOT A PC", NULL },
				{ 10, "GOOD", "2020-03-04", "1", "wbri", "pr10ld", NULL } };
	const struct fpupil nopc[] = { { 11, "NOPC", "2020-03-04", "1", "WBRI", NULL, NULL },
				       { 12, "NOPC", "2020-03-04", "1", "WBRI", NULL, NULL } };
	struct stat_import_counts n;
	struct problem_list pl;
	const struct problem *pr;
	char *xml = ctf("888", "1234", "888", "LLLL", bad, 4);
	struct pupil p;

	assert_int_equal(import_as(w, &w->admin_who, xml, &n, &pl), ERR_INVALID);
	pr = find(&pl, "ETHNIC_EMPTY");
	assert_non_null(pr);
	assert_string_equal(pr->location, "in.xml:21:1"); /* the pupil: no Ethnicity */
	assert_non_null(strstr(pr->message, "correct it in the MIS"));
	pr = find(&pl, "ETHNIC_UNKNOWN");
	assert_non_null(pr);
	assert_string_equal(pr->location, "in.xml:45:1"); /* <Ethnicity>XXXX */
	pr = find(&pl, "POSTCODE_SHAPE");
	assert_non_null(pr);
	assert_string_equal(pr->location, "in.xml:68:1"); /* <PostCode>NOT A PC */
	assert_int_equal(problem_list_count_errors(&pl), 3);
	for (int i = 0; i < 4; i++)
		assert_false(stored(w, bad[i].n, &p));
	problem_list_release(&pl);
	free(xml);

	xml = ctf("888", "1234", "888", "LLLL", &bad[3], 1);
	assert_int_equal(import_as(w, &w->admin_who, xml, &n, &pl), ERR_OK);
	assert_null(find(&pl, "POSTCODE_NONE"));
	assert_true(stored(w, 10, &p));
	assert_string_equal(p.postcode, "PR1 0LD");
	assert_string_equal(p.ethnicity, "WBRI");
	problem_list_release(&pl);
	free(xml);

	xml = ctf("888", "1234", "888", "LLLL", nopc, 2);
	assert_int_equal(import_as(w, &w->admin_who, xml, &n, &pl), ERR_OK);
	assert_int_equal(n.no_postcode, 2);
	pr = find(&pl, "POSTCODE_NONE");
	assert_non_null(pr);
	assert_int_equal(pr->severity, SEV_QUERY);
	assert_non_null(strstr(pr->message, "2 new pupils are added without a postcode"));
	assert_true(stored(w, 11, &p));
	assert_string_equal(p.postcode, "");
	problem_list_release(&pl);
	free(xml);
}

/* The preview counts new, changed and unchanged results apart, per collection
 * and per pupil, and names the basic details that differ from a matched
 * pupil's record (capitals aside); the import updates the record. */
static void test_preview_counts_and_details(void **state)
{
	struct world *w = *state;
	struct fpupil f[] = { Y1(13, "20"), Y1(14, "25"), Y1(15, NULL) };
	struct stat_import_preview pv;
	struct stat_import_counts n;
	struct problem_list pl;
	char *xml = ctf("888", "1234", "888", "LLLL", f, 3);
	struct pupil p;

	assert_int_equal(import_as(w, &w->admin_who, xml, &n, &pl), ERR_OK);
	assert_int_equal(n.results_new, 2);
	assert_int_equal(n.results_changed, 0);
	problem_list_release(&pl);
	free(xml);

	f[0].mark = "21";	   /* changed */
	f[2].mark = "38";	   /* new */
	f[1].surname = "HOLLOWAY"; /* differs */
	f[1].dob = "2020-03-05";   /* differs */
	f[2].surname = "rowan";	   /* capitals only: the same */
	xml = ctf("888", "1234", "888", "LLLL", f, 3);
	assert_int_equal(preview_as(w, xml, &pv, &pl), ERR_OK);
	assert_int_equal(pv.counts.results_new, 1);
	assert_int_equal(pv.counts.results_changed, 1);
	assert_int_equal(pv.counts.results, 2);
	assert_int_equal(pv.counts.unchanged, 1);
	assert_int_equal(pv.fresh[COLL_PHONICS], 1);
	assert_int_equal(pv.changed[COLL_PHONICS], 1);
	assert_int_equal(pv.unchanged[COLL_PHONICS], 1);
	assert_int_equal(pv.counts.pupils_differ, 1);
	assert_int_equal(pv.npupils, 3);
	assert_int_equal(pv.pupils[0].changed, 1);
	assert_int_equal(pv.pupils[0].fresh, 0);
	assert_string_equal(pv.pupils[0].differs, "");
	assert_int_equal(pv.pupils[1].unchanged, 1);
	assert_string_equal(pv.pupils[1].differs, "surname, date of birth");
	assert_int_equal(pv.pupils[2].fresh, 1);
	assert_string_equal(pv.pupils[2].differs, "");
	stat_import_preview_release(&pv);
	problem_list_release(&pl);
	assert_true(stored(w, 14, &p));
	assert_string_equal(p.surname, "ROWAN"); /* the preview stored nothing */

	assert_int_equal(import_as(w, &w->admin_who, xml, &n, &pl), ERR_OK);
	assert_int_equal(n.results_new, 1);
	assert_int_equal(n.results_changed, 1);
	assert_int_equal(n.pupils_differ, 1);
	assert_true(stored(w, 14, &p));
	assert_string_equal(p.surname, "HOLLOWAY");
	assert_int_equal(date_cmp(p.dob, (struct date){ 2020, 3, 5 }), 0);
	assert_true(stored(w, 15, &p));
	assert_string_equal(p.surname, "ROWAN"); /* capitals only: kept */
	problem_list_release(&pl);
	free(xml);
}

/* The audit rows of action on pupil id, oldest first, as "field: old -> new"
 * joined by "; " into out. */
static void audit_of(struct world *w, const char *action, int64_t id, char *out, size_t size)
{
	struct audit_query q = { .establishment_id = w->school.id, .action = action };
	struct audit_entry *list = NULL;
	char object[32];
	size_t n = 0, used = 0;

	snprintf(object, sizeof(object), "pupil %lld", (long long)id);
	assert_int_equal(store_audit_list(w->c, &q, &list, &n), ERR_OK);
	out[0] = '\0';
	for (size_t i = n; i-- > 0;) {
		if (strcmp(list[i].object, object) != 0)
			continue;
		used += (size_t)snprintf(out + used, size - used, "%s%s: %s -> %s",
					 used ? "; " : "", list[i].field, list[i].old_value,
					 list[i].new_value);
		assert_true(used < size);
	}
	free(list);
}

/* A matched pupil's surname and postcode changed in the MIS: the preview names
 * them and changes nothing; the import updates them, audited field by field
 * with the old and new values, the ethnicity the file leaves out kept; a file
 * without the postcode keeps the stored one. */
static void test_matched_details_updated(void **state)
{
	struct world *w = *state;
	struct fpupil f[] = { Y1(20, NULL), Y1(21, NULL) };
	struct stat_import_preview pv;
	struct stat_import_counts n;
	struct problem_list pl;
	char *xml, audit[512];
	struct pupil p;

	assert_int_equal(import_pupils(w, f, 2, &n, &pl), ERR_OK);
	problem_list_release(&pl);

	f[0].surname = "HOLLOWAY";
	f[0].postcode = "pr2 1ab"; /* stored normalised */
	f[0].ethnicity = NULL;	   /* left out: kept */
	xml = ctf("888", "1234", "888", "LLLL", f, 2);
	assert_int_equal(preview_as(w, xml, &pv, &pl), ERR_OK);
	assert_int_equal(pv.counts.pupils_new, 0);
	assert_int_equal(pv.counts.pupils_known, 2);
	assert_int_equal(pv.counts.pupils_differ, 1);
	assert_string_equal(pv.pupils[0].differs, "surname, postcode");
	assert_string_equal(pv.pupils[1].differs, "");
	stat_import_preview_release(&pv);
	problem_list_release(&pl);
	assert_true(stored(w, 20, &p));
	assert_string_equal(p.surname, "ROWAN");
	assert_string_equal(p.postcode, "PR1 0LD");
	audit_of(w, "pupil.update", p.id, audit, sizeof(audit));
	assert_string_equal(audit, ""); /* the preview wrote nothing */

	assert_int_equal(import_as(w, &w->admin_who, xml, &n, &pl), ERR_OK);
	assert_int_equal(n.pupils_known, 2);
	assert_int_equal(n.pupils_differ, 1);
	problem_list_release(&pl);
	free(xml);
	assert_true(stored(w, 20, &p));
	assert_string_equal(p.surname, "HOLLOWAY");
	assert_string_equal(p.postcode, "PR2 1AB");
	assert_string_equal(p.ethnicity, "WBRI");
	assert_string_equal(p.forenames, "ALEX");
	audit_of(w, "pupil.update", p.id, audit, sizeof(audit));
	assert_string_equal(audit, "surname: ROWAN -> HOLLOWAY; postcode: PR1 0LD -> PR2 1AB");

	/* no postcode in the file: the stored one stays, nothing to update */
	f[0].postcode = NULL;
	assert_int_equal(import_pupils(w, f, 2, &n, &pl), ERR_OK);
	assert_int_equal(n.pupils_differ, 0);
	problem_list_release(&pl);
	assert_true(stored(w, 20, &p));
	assert_string_equal(p.postcode, "PR2 1AB");
	audit_of(w, "pupil.update", p.id, audit, sizeof(audit));
	assert_string_equal(audit, "surname: ROWAN -> HOLLOWAY; postcode: PR1 0LD -> PR2 1AB");
}

/* A matched pupil's detail that breaks the pupil rules is a located problem,
 * and a file with an error anywhere updates no pupil's details, also one of
 * an earlier batch of the file already written (all or nothing). */
/* A pupil CSV given to the CTF import: one message saying where it belongs, not
 * "not well-formed XML (Document is empty)"; nothing stored. */
static void test_pupil_csv_refused(void **state)
{
	struct world *w = *state;
	char *path = tu_shared_path("fixtures/pupils/pupils-8881234.csv");
	char *csv = tu_read_file(path, NULL);
	struct stat_import_counts n;
	struct problem_list pl;

	assert_non_null(csv);
	assert_int_equal(import_as(w, &w->admin_who, csv, &n, &pl), ERR_INVALID);
	assert_int_equal(pl.count, 1);
	assert_string_equal(pl.items[0].code, "FILE_KIND");
	assert_string_equal(pl.items[0].location, "in.xml:1:1");
	assert_string_equal(pl.items[0].message, "This looks like a pupil CSV file, not a CTF: use "
						 "Pupils > Upload pupils");
	assert_int_equal(n.pupils_new + n.results, 0);
	problem_list_release(&pl);
	free(csv);
	free(path);
}

static void test_matched_details_all_or_nothing(void **state)
{
	enum { N = 260 }; /* two batches */
	struct world *w = *state;
	struct fpupil *f = xcalloc(N, sizeof(*f));
	struct stat_import_counts n;
	struct problem_list pl;
	const struct problem *pr;
	char audit[512], upn[UPN_LEN + 1];
	struct pupil p;

	for (int i = 0; i < N; i++)
		f[i] = (struct fpupil)Y1(100 + i, NULL);
	assert_int_equal(import_pupils(w, f, N, &n, &pl), ERR_OK);
	assert_int_equal(n.pupils_new, N);
	problem_list_release(&pl);

	/* the first pupil renamed, the last with an ethnicity that is no code */
	f[0].surname = "HOLLOWAY";
	f[N - 1].ethnicity = "XXXX";
	assert_int_equal(import_pupils(w, f, N, &n, &pl), ERR_INVALID);
	pr = find(&pl, "ETHNIC_UNKNOWN");
	assert_non_null(pr);
	assert_non_null(strstr(pr->location, "in.xml:"));
	upn_of(100 + N - 1, upn);
	assert_non_null(strstr(pr->message, upn));
	assert_non_null(strstr(pr->message, "correct it in the MIS"));
	assert_int_equal(problem_list_count_errors(&pl), 1);
	assert_int_equal(n.pupils_differ, 0);
	problem_list_release(&pl);
	assert_true(stored(w, 100, &p));
	assert_string_equal(p.surname, "ROWAN");
	audit_of(w, "pupil.update", p.id, audit, sizeof(audit));
	assert_string_equal(audit, "");
	assert_true(stored(w, 100 + N - 1, &p));
	assert_string_equal(p.ethnicity, "WBRI");

	/* a postcode that is no postcode: refused the same way */
	f[N - 1].ethnicity = "WBRI";
	f[N - 1].postcode = "NOT A PC";
	assert_int_equal(import_pupils(w, f, N, &n, &pl), ERR_INVALID);
	assert_non_null(find(&pl, "POSTCODE_SHAPE"));
	problem_list_release(&pl);
	assert_true(stored(w, 100, &p));
	assert_string_equal(p.surname, "ROWAN");

	/* the rule engine's error (a phonics mark out of range) on the last pupil */
	f[N - 1].postcode = "PR1 0LD";
	f[N - 1].mark = "41";
	assert_int_equal(import_pupils(w, f, N, &n, &pl), ERR_INVALID);
	assert_true(problem_list_count_errors(&pl) > 0);
	problem_list_release(&pl);
	assert_true(stored(w, 100, &p));
	assert_string_equal(p.surname, "ROWAN");
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_from_another_school_and_la, setup, teardown),
		cmocka_unit_test_setup_teardown(test_addressed_to_another_school, setup, teardown),
		cmocka_unit_test_setup_teardown(test_year2_against_stored_year1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_pupil_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preview_counts_and_details, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matched_details_updated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pupil_csv_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matched_details_all_or_nothing, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
