/*
 * test_pupil_import_batch: the pupil upload stores its rows in a few statements
 * (issue 4d) with exactly the effect of storing them one by one, on SQLite and
 * PostgreSQL: the same pupils and the same audit rows in the same order (each
 * new pupil's "pupil.add", each changed field's "pupil.update" old -> new) as
 * store_pupil_add / store_pupil_update write, compared with a second database
 * that stores the same checked rows that way; a pupil changed or a UPN taken
 * between the preview and the confirmation stops the import with the row's
 * line, nothing stored; a file of hundreds of rows finds its UPNs twice and
 * stores every row with its own id and audit row.
 */
#include "unit/store/store_fixture.h"

#include "app/pupil_import.h"
#include "core/upn.h"

static const struct date today = { 2026, 12, 1 };

static const char header[] = "UPN,Surname,Forename,DOB,Gender,Postcode,FSM,Ethnic code,"
			     "English as additional language,SEN,LCCNo\r\n";

/* Two fresh databases, each with the LA and the school 8881234. */
struct two {
	struct fx *db[2];
	struct establishment est[2];
};

static int two_setup(void **state)
{
	struct two *t = xcalloc(1, sizeof(*t));

	for (int i = 0; i < 2; i++) {
		void *f = NULL;
		int64_t la;

		setup(&f);
		t->db[i] = f;
		la = add_la(t->db[i]->c, 888, "Demo LA");
		t->est[i] = add_est(t->db[i]->c, la, 1234, "Demo Primary", 0);
	}
	*state = t;
	return 0;
}

static int two_teardown(void **state)
{
	struct two *t = *state;

	for (int i = 0; i < 2; i++) {
		void *f = t->db[i];
		teardown(&f);
	}
	free(t);
	return 0;
}

static enum err check(struct fx *f, const struct establishment *e, const char *text,
		      struct pupil_import *imp)
{
	return pupil_import_check(f->c, e, "upload.csv", text, strlen(text), 0, today, imp);
}

/* What pupil_import_apply did before batches: each row on its own, in order. */
static void apply_one_by_one(struct fx *f, struct pupil_import *imp)
{
	struct errbuf eb = { "" };

	for (size_t i = 0; i < imp->nrows; i++) {
		struct pupil_import_row *r = &imp->rows[i];
		if (r->kind == IMPORT_NEW)
			assert_int_equal(store_pupil_add(f->c, &alice, &r->p, &eb), ERR_OK);
		else if (r->kind == IMPORT_CHANGED)
			assert_int_equal(store_pupil_update(f->c, &alice, &r->p, &eb), ERR_OK);
	}
}

/* The same upload into both databases: batched into db 0, one by one into db 1. */
static void upload_both(struct two *t, const char *text, size_t added, size_t changed)
{
	struct errbuf eb = { "" };

	for (int i = 0; i < 2; i++) {
		struct pupil_import imp;
		assert_int_equal(check(t->db[i], &t->est[i], text, &imp), ERR_OK);
		assert_int_equal(imp.counts[IMPORT_NEW], added);
		assert_int_equal(imp.counts[IMPORT_CHANGED], changed);
		if (i == 0)
			assert_int_equal(pupil_import_apply(t->db[i]->c, &alice, &imp, &eb),
					 ERR_OK);
		else
			apply_one_by_one(t->db[i], &imp);
		pupil_import_free(&imp);
	}
}

/* The pupils' audit rows of both databases, oldest first, are the same. */
static void same_audit(struct two *t, size_t want)
{
	struct audit_query aq = { .action = "pupil.", .limit = 10000 };
	struct audit_entry *a[2] = { NULL, NULL };
	size_t n[2] = { 0, 0 }, k = 0;

	for (int i = 0; i < 2; i++)
		assert_int_equal(store_audit_list(t->db[i]->c, &aq, &a[i], &n[i]), ERR_OK);
	/* the batch also writes its "pupil.import" row; the rest must match */
	for (size_t i = 0; i < n[0]; i++) {
		const struct audit_entry *x = &a[0][n[0] - 1 - i], *y;
		if (strcmp(x->action, "pupil.import") == 0)
			continue;
		assert_true(k < n[1]);
		y = &a[1][n[1] - 1 - k++];
		if (strcmp(x->action, y->action) || strcmp(x->object, y->object) ||
		    strcmp(x->field, y->field) || strcmp(x->old_value, y->old_value) ||
		    strcmp(x->new_value, y->new_value))
			fail_msg("audit row %zu: %s %s %s %s -> %s, one by one %s %s %s %s -> %s",
				 k, x->action, x->object, x->field, x->old_value, x->new_value,
				 y->action, y->object, y->field, y->old_value, y->new_value);
		assert_int_equal(x->user_id, y->user_id);
		assert_string_equal(x->actor, y->actor);
		assert_string_equal(x->ip, y->ip);
		assert_int_equal(x->establishment_id, y->establishment_id);
		assert_int_equal(x->la_id, y->la_id);
		assert_true(x->la_id != 0);
	}
	assert_int_equal(k, n[1]);
	assert_int_equal(k, want);
	free(a[0]);
	free(a[1]);
}

static void same_pupil(struct two *t, const char *upn)
{
	struct pupil p[2];

	for (int i = 0; i < 2; i++)
		assert_int_equal(store_pupil_get_by_upn(t->db[i]->c, upn, &p[i]), ERR_OK);
	assert_int_equal(p[0].id, p[1].id);
	assert_int_equal(p[0].version, p[1].version);
	assert_string_equal(p[0].surname, p[1].surname);
	assert_string_equal(p[0].forenames, p[1].forenames);
	assert_int_equal(date_cmp(p[0].dob, p[1].dob), 0);
	assert_int_equal(p[0].gender, p[1].gender);
	assert_string_equal(p[0].postcode, p[1].postcode);
	assert_string_equal(p[0].ethnicity, p[1].ethnicity);
	assert_int_equal(p[0].sen, p[1].sen);
	assert_int_equal(p[0].fsm, p[1].fsm);
	assert_int_equal(p[0].eal, p[1].eal);
	assert_int_equal(p[0].include_in_data, p[1].include_in_data);
}

static void test_batched_upload_stores_and_audits_as_one_by_one(void **state)
{
	struct two *t = *state;
	char first[2048], second[2048];

	snprintf(
		first, sizeof(first),
		"%sT888123425001,MODELL,ELSIE,31/10/2021,F,BB1 2CD,N,WBRI,Y,,\r\n"
		"G888123425002,DRAFTON,NATE,19/02/2022,M,PR7 9GH,Y,OOTH,N,SEN_K,\r\n"
		"\"W888123425003\",\"O'Dowd \"\"Tig\"\"\",Zoë,01/09/2021,F,PR1 0LD,,WBRI,,SEN_E,\r\n",
		header);
	upload_both(t, first, 3, 0);
	same_audit(t, 3);

	/* Elsie: surname, postcode and SEN change; Nate unchanged; the third: date
	 * of birth, gender, FSM, EAL and ethnicity; a new pupil between them. */
	snprintf(
		second, sizeof(second),
		"%sT888123425001,MODELL-ROSS,ELSIE,31/10/2021,F,BB2 3EF,N,WBRI,Y,SEN_E,\r\n"
		"G888123425002,DRAFTON,NATE,19/02/2022,M,PR7 9GH,Y,OOTH,N,SEN_K,\r\n"
		"K888123425004,TESTER,\"ADA, JR\",12/12/2021,F,LA1 1AA,N,WIRI,N,,\r\n"
		"\"W888123425003\",\"O'Dowd \"\"Tig\"\"\",Zoë,02/09/2021,M,PR1 0LD,Y,WOTH,Y,SEN_E,\r\n",
		header);
	upload_both(t, second, 1, 2);
	same_audit(t, 3 + 3 + 1 + 5);
	same_pupil(t, "T888123425001");
	same_pupil(t, "G888123425002");
	same_pupil(t, "W888123425003");
	same_pupil(t, "K888123425004");
}

/* The audit rows whose action starts so, however many. */
static size_t count_all(struct store_conn *c, const char *action)
{
	struct audit_query aq = { .action = action, .limit = 100000 };
	struct audit_entry *list = NULL;
	size_t n = 0;

	assert_int_equal(store_audit_list(c, &aq, &list, &n), ERR_OK);
	free(list);
	return n;
}

/* Everything the school has: pupils and audit rows. */
static void nothing_more(struct fx *f, const struct establishment *e, long pupils, size_t audit)
{
	long n = 0;

	assert_int_equal(store_pupil_count(f->c, e->id, &n), ERR_OK);
	assert_int_equal(n, pupils);
	assert_int_equal(count_all(f->c, "pupil."), audit);
}

static void test_changes_between_preview_and_confirm_store_nothing(void **state)
{
	struct two *t = *state;
	struct fx *f = t->db[0];
	const struct establishment *e = &t->est[0];
	struct establishment other;
	struct pupil_import imp;
	struct errbuf eb = { "" };
	struct pupil p;
	char text[1024];
	size_t audit;

	snprintf(text, sizeof(text),
		 "%sT888123425001,MODELL,ELSIE,31/10/2021,F,BB1 2CD,N,WBRI,Y,,\r\n", header);
	assert_int_equal(check(f, e, text, &imp), ERR_OK);
	assert_int_equal(pupil_import_apply(f->c, &alice, &imp, &eb), ERR_OK);
	pupil_import_free(&imp);

	/* Elsie changes in the file and, meanwhile, on her record */
	snprintf(text, sizeof(text),
		 "%sG888123425002,DRAFTON,NATE,19/02/2022,M,PR7 9GH,Y,OOTH,N,,\r\n"
		 "T888123425001,MODELL,ELSIE,31/10/2021,F,BB9 9ZZ,N,WBRI,Y,,\r\n",
		 header);
	assert_int_equal(check(f, e, text, &imp), ERR_OK);
	assert_int_equal(imp.counts[IMPORT_CHANGED], 1);
	assert_int_equal(store_pupil_get_by_upn(f->c, "T888123425001", &p), ERR_OK);
	p.class_no = 2;
	assert_int_equal(store_pupil_update(f->c, &cli, &p, &eb), ERR_OK);
	audit = count_all(f->c, "pupil.");
	assert_int_equal(pupil_import_apply(f->c, &alice, &imp, &eb), ERR_CONFLICT);
	assert_string_equal(eb.msg,
			    "upload.csv:3:1: pupil T888123425001 was changed by someone else "
			    "meanwhile: reload and try again; nothing was stored");
	pupil_import_free(&imp);
	nothing_more(f, e, 1, audit);
	assert_int_equal(store_pupil_get_by_upn(f->c, "G888123425002", &p), ERR_NOT_FOUND);

	/* Nate's UPN is added at another school between preview and confirmation */
	assert_int_equal(check(f, e, text, &imp), ERR_OK);
	other = add_est(f->c, e->la_id, 5678, "Other Primary", 0);
	p = make_pupil(other.id, "G888123425002", "DRAFTON", "NATE", 1);
	add_pupil(f->c, &p);
	audit = count_all(f->c, "pupil.");
	assert_int_equal(pupil_import_apply(f->c, &alice, &imp, &eb), ERR_CONFLICT);
	assert_string_equal(eb.msg,
			    "upload.csv:2:1: a pupil with UPN G888123425002 exists already; "
			    "nothing was stored");
	pupil_import_free(&imp);
	nothing_more(f, e, 1, audit);
	assert_int_equal(store_pupil_get_by_upn(f->c, "T888123425001", &p), ERR_OK);
	assert_string_equal(p.postcode, "BB1 2CD");
}

enum { MANY = 600 };

/* A made-up surname of letters only, different for each i. */
static const char *surname_of(int i, char out[static 16])
{
	snprintf(out, 16, "SUR%c%c%c", 'A' + i / 676 % 26, 'A' + i / 26 % 26, 'A' + i % 26);
	return out;
}

static void test_hundreds_of_rows(void **state)
{
	struct two *t = *state;
	struct fx *f = t->db[0];
	const struct establishment *e = &t->est[0];
	struct strbuf csv;
	struct pupil_import imp;
	struct errbuf eb = { "" };
	char upn[MANY][UPN_LEN + 1], name[16];
	struct audit_query aq = { .action = "pupil.add", .limit = 10000 };
	struct audit_entry *audit = NULL;
	size_t naudit = 0;

	strbuf_init(&csv, 0);
	strbuf_adds(&csv, header);
	for (int i = 0; i < MANY; i++) {
		assert_true(upn_make(888, 1234, 20 + i / 300, i % 300, upn[i]));
		strbuf_addf(&csv, "%s,%s,FORENAME,01/01/2021,%s,PR1 0LD,N,WBRI,N,,\r\n", upn[i],
			    surname_of(i, name), i % 2 ? "M" : "F");
	}
	assert_int_equal(check(f, e, strbuf_str(&csv), &imp), ERR_OK);
	assert_int_equal(imp.counts[IMPORT_NEW], MANY);
	assert_int_equal(pupil_import_apply(f->c, &alice, &imp, &eb), ERR_OK);
	/* every row has its own id, and the pupil with it is the row's */
	for (int i = 0; i < MANY; i++) {
		struct pupil p;
		assert_true(imp.rows[i].p.id > 0);
		assert_int_equal(store_pupil_get(f->c, imp.rows[i].p.id, &p), ERR_OK);
		assert_string_equal(p.upn, upn[i]);
		assert_int_equal(p.version, imp.rows[i].p.version);
	}
	pupil_import_free(&imp);
	assert_int_equal(store_audit_list(f->c, &aq, &audit, &naudit), ERR_OK);
	assert_int_equal(naudit, MANY);
	for (size_t k = 0; k < naudit; k++) {
		/* newest first: the file's last row first */
		const struct audit_entry *a = &audit[k];
		char want[64];
		struct pupil p;
		int i = (int)(MANY - 1 - k);
		assert_int_equal(store_pupil_get_by_upn(f->c, upn[i], &p), ERR_OK);
		snprintf(want, sizeof(want), "pupil %lld", (long long)p.id);
		assert_string_equal(a->object, want);
		snprintf(want, sizeof(want), "%s %s, FORENAME", upn[i], surname_of(i, name));
		assert_string_equal(a->new_value, want);
	}
	free(audit);

	/* the same file again, one row changed and two UPNs repeated at its end */
	strbuf_reset(&csv);
	strbuf_adds(&csv, header);
	for (int i = 0; i < MANY; i++)
		strbuf_addf(&csv, "%s,%s,FORENAME,01/01/2021,%s,%s,N,WBRI,N,,\r\n", upn[i],
			    surname_of(i, name), i % 2 ? "M" : "F",
			    i == 450 ? "LA1 1AA" : "PR1 0LD");
	strbuf_addf(&csv, "%s,AGAIN,ONE,01/01/2021,F,PR1 0LD,N,WBRI,N,,\r\n", upn[7]);
	strbuf_addf(&csv, "%s,AGAIN,TWO,01/01/2021,F,PR1 0LD,N,WBRI,N,,\r\n", upn[599]);
	assert_int_equal(check(f, e, strbuf_str(&csv), &imp), ERR_INVALID);
	assert_int_equal(imp.problems.errors, 2);
	assert_int_equal(imp.problems.count, 2);
	assert_string_equal(imp.problems.items[0].code, "UPN_TWICE");
	assert_string_equal(imp.problems.items[0].location, "upload.csv:602:1");
	assert_non_null(strstr(imp.problems.items[0].message, "line 9 of"));
	assert_string_equal(imp.problems.items[1].location, "upload.csv:603:1");
	assert_non_null(strstr(imp.problems.items[1].message, "line 601 of"));
	assert_int_equal(imp.counts[IMPORT_UNCHANGED], MANY - 1);
	assert_int_equal(imp.counts[IMPORT_CHANGED], 1);
	pupil_import_free(&imp);
	strbuf_release(&csv);
	nothing_more(f, e, MANY, MANY + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_batched_upload_stores_and_audits_as_one_by_one,
						two_setup, two_teardown),
		cmocka_unit_test_setup_teardown(
			test_changes_between_preview_and_confirm_store_nothing, two_setup,
			two_teardown),
		cmocka_unit_test_setup_teardown(test_hundreds_of_rows, two_setup, two_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
