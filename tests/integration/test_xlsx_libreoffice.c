/*
 * test_xlsx_libreoffice: the XLSX downloads open in LibreOffice (issue 5,
 * "Downloads"). The grid's "All data", the Full Report and the pupil list are
 * downloaded over HTTP as a teacher gets them, converted by LibreOffice Calc
 * headless (soffice --convert-to csv, package libreoffice-calc-nogui, installed
 * by scripts/install-deps --test) and the values LibreOffice read are checked:
 * pupils' names (an apostrophe and an accent included), judgements, a total
 * score and the foot statistics, and text that looks like a formula stays text.
 * Each run uses its own LibreOffice profile directory, so parallel runs do not
 * clash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/app.h"
#include "app/assess.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/upn.h"
#include "store/store.h"

struct fx {
	struct world *w;
	char *dir; /* downloads, CSVs and the LibreOffice profile */
};

static int64_t pupil_named(struct store_conn *c, int64_t estab, const char *prefix)
{
	struct pupil_query q = { .establishment_id = estab };
	struct pupil *list = NULL;
	size_t n = 0;
	int64_t id = 0;

	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		if (strncmp(list[i].surname, prefix, strlen(prefix)) == 0)
			id = list[i].id;
	free(list);
	assert_true(id != 0);
	return id;
}

static void cell_noted(struct fx *f, struct store_conn *c, const struct assessment *a,
		       int64_t pupil, enum elg e, const char *value, const char *note)
{
	struct actor who = { 0, "test", "" };
	struct assess_cell_write cw = { .pupil_id = pupil, .elg = e, .value = value, .note = note };
	struct assess_written out;
	struct errbuf eb = { "" };

	if (assess_set_cell(f->w->app, c, &who, &f->w->school[SCHOOL_A], a, &cw, &out, &eb) !=
	    ERR_OK)
		fail_msg("assess_set_cell: %s", eb.msg);
}

static void cell(struct fx *f, struct store_conn *c, const struct assessment *a, int64_t pupil,
		 enum elg e, const char *value)
{
	cell_noted(f, c, a, pupil, e, value, NULL);
}

/* School A, Reception 2024/25: an Autumn tracking assessment (E01: Ashworth and
 * the <script> pupil On track, Brook Below) and the end-of-year ELGs (Ashworth
 * Expected in all 17: GLD Yes, total 34); and a pupil whose name has an
 * apostrophe, an accent and a leading "=". */
static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct actor who = { 0, "test", "" };
	struct assess_input track = { .name = "Autumn Term Assessment",
				      .date = { 2024, 10, 14 },
				      .year_groups = ASSESS_YG_R,
				      .kind = SCALE_TRACKING };
	struct assess_input elgs = { .name = "End of Year ELGs",
				     .date = { 2025, 6, 20 },
				     .year_groups = ASSESS_YG_R,
				     .kind = SCALE_ELG,
				     .completion = { 2025, 6, 27 } };
	struct errbuf eb = { "" };
	struct store_conn *c;
	struct assessment a, e;
	struct pupil p;
	int64_t ash, brook, script;

	f->w = world_new(NULL);
	f->dir = tu_temp_dir("xlsx-lo");
	c = store_acquire(f->w->app->store);
	if (assess_create(f->w->app, c, &who, &f->w->school[SCHOOL_A], &track, &a, &eb) != ERR_OK)
		fail_msg("assess_create: %s", eb.msg);
	if (assess_create(f->w->app, c, &who, &f->w->school[SCHOOL_A], &elgs, &e, &eb) != ERR_OK)
		fail_msg("assess_create ELGs: %s", eb.msg);
	ash = pupil_named(c, f->w->school[SCHOOL_A].id, "Ashworth");
	brook = pupil_named(c, f->w->school[SCHOOL_A].id, "Brook");
	script = pupil_named(c, f->w->school[SCHOOL_A].id, "<script>");
	cell(f, c, &a, ash, ELG_E01, "On track");
	/* a cell note (an XLSX comment) that looks like a formula and holds markup */
	cell_noted(f, c, &a, brook, ELG_E01, "Below", "=1+1 & <b>needs help</b>");
	cell(f, c, &a, script, ELG_E01, "On track");
	for (int k = ELG_E01; k <= ELG_E17; k++)
		cell(f, c, &e, ash, (enum elg)k, "Expected");

	memset(&p, 0, sizeof(p));
	p.establishment_id = f->w->school[SCHOOL_A].id;
	assert_true(upn_make(f->w->school[SCHOOL_A].la_code, f->w->school[SCHOOL_A].estab, 24, 77,
			     p.upn));
	snprintf(p.surname, sizeof(p.surname), "=O'Brien-QZXA");
	snprintf(p.forenames, sizeof(p.forenames), "Zo\xc3\xab");
	p.dob = (struct date){ 2019, 11, 5 };
	p.gender = GENDER_FEMALE;
	p.sen = 'N';
	p.year_override = YEAR_NONE;
	p.include_in_data = true;
	snprintf(p.postcode, sizeof(p.postcode), "PR1 0LD");
	snprintf(p.ethnicity, sizeof(p.ethnicity), "WBRI");
	if (store_pupil_add(c, &who, &p, &eb) != ERR_OK)
		fail_msg("store_pupil_add: %s", eb.msg);
	store_release(c);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	world_free(f->w);
	free(f->dir);
	free(f);
	return 0;
}

/* GET path as c into DIR/name.xlsx; it must be an XLSX. */
static void download(struct fx *f, struct http_client *c, const char *path, const char *name)
{
	struct http_response r = http_get(c, path);
	char file[1024];
	FILE *fp;

	if (r.status != 200)
		fail_msg("GET %s: %ld %s", path, r.status, r.body);
	assert_true(http_header_has(&r, "Content-Type", "spreadsheetml"));
	assert_true(r.body_len > 4 && memcmp(r.body, "PK", 2) == 0);
	snprintf(file, sizeof(file), "%s/%s.xlsx", f->dir, name);
	fp = fopen(file, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(r.body, 1, r.body_len, fp), r.body_len);
	assert_int_equal(fclose(fp), 0);
	http_response_free(&r);
}

/* Converts DIR/<each name>.xlsx to DIR/out/<name>.csv with LibreOffice, in one
 * run with a private profile: comma-separated, '"'-quoted, UTF-8 (filter token
 * 76), cells as shown. */
static void convert(struct fx *f, const char *const *names, size_t n)
{
	struct strbuf cmd = STRBUF_INIT, out = STRBUF_INIT;
	char chunk[4096];
	size_t got;
	FILE *p;
	int rc;

	strbuf_addf(&cmd,
		    "cd '%s' && HOME='%s' soffice --headless --norestore --nolockcheck "
		    "-env:UserInstallation=file://%s/lo-profile "
		    "--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' --outdir '%s/out'",
		    f->dir, f->dir, f->dir, f->dir);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&cmd, " '%s.xlsx'", names[i]);
	strbuf_adds(&cmd, " 2>&1");
	p = popen(strbuf_str(&cmd), "r");
	if (!p)
		fail_msg("cannot run soffice (install libreoffice-calc-nogui: "
			 "scripts/install-deps --test)");
	while ((got = fread(chunk, 1, sizeof(chunk), p)) > 0)
		strbuf_add(&out, chunk, got);
	rc = pclose(p);
	if (rc != 0)
		fail_msg("soffice failed (%d; is libreoffice-calc-nogui installed? "
			 "scripts/install-deps --test):\n%s",
			 rc, strbuf_str(&out));
	strbuf_release(&cmd);
	strbuf_release(&out);
}

/* DIR/out/name.csv as LibreOffice wrote it; the caller frees. */
static char *csv_of(struct fx *f, const char *name)
{
	char file[1024], *data;
	size_t len = 0;

	snprintf(file, sizeof(file), "%s/out/%s.csv", f->dir, name);
	data = tu_read_file(file, &len);
	if (!data)
		fail_msg("LibreOffice wrote no %s", file);
	return data;
}

/* The line of csv that starts with prefix (up to its end); the caller frees. */
static char *line_starting(const char *csv, const char *prefix)
{
	const char *s = csv;

	while (s && *s) {
		const char *end = strchr(s, '\n');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		if (strncmp(s, prefix, strlen(prefix)) == 0) {
			char *out = xmalloc(len + 1);
			memcpy(out, s, len);
			out[len] = '\0';
			if (len && out[len - 1] == '\r')
				out[len - 1] = '\0';
			return out;
		}
		s = end ? end + 1 : NULL;
	}
	fail_msg("no line starting %s in:\n%s", prefix, csv);
	return NULL;
}

static void test_downloads_open_in_libreoffice(void **state)
{
	static const char *const names[] = { "all-data", "full-report", "pupils" };
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	int la = f->w->laestab[SCHOOL_A];
	char path[256], *csv, *line;
	const char *autumn, *elgs;

	assert_int_equal(world_sign_in(f->w, c, U_TEACHER_A), 303);
	snprintf(path, sizeof(path), "/schools/%d/assessments/download?format=xlsx&year=2024&all=1",
		 la);
	download(f, c, path, "all-data");
	snprintf(path, sizeof(path), "/schools/%d/reports/full?year=2024&yg=R&format=xlsx", la);
	download(f, c, path, "full-report");
	snprintf(path, sizeof(path), "/schools/%d/pupils/export?format=xlsx&sort=name", la);
	download(f, c, path, "pupils");
	convert(f, names, 3);

	/* "All data": both grids, by date, with names, judgements, GLD and total.
	 * LibreOffice quotes text cells and leaves numbers bare, so the numbers
	 * below are numbers in the sheet, not text. */
	csv = csv_of(f, "all-data");
	autumn = strstr(csv, "\"Reception: Autumn Term Assessment (14/10/2024)\"");
	elgs = strstr(csv, "\"Reception: End of Year ELGs (27/06/2025)\"");
	assert_non_null(autumn);
	assert_non_null(elgs);
	assert_true(autumn < elgs);
	line = line_starting(autumn, "\"Brook-QZXA, Ben\"");
	assert_non_null(strstr(line, ",\"Yes\",\"Below\","));
	free(line);
	line = line_starting(autumn, "\"Ashworth-QZXA, Amy\"");
	assert_non_null(strstr(line, ",\"Yes\",\"On track\","));
	free(line);
	/* The foot: 1 of the 4 pupils Below in the first area, 25%. */
	line = line_starting(autumn, "\"Total number Below\"");
	assert_string_equal(line, "\"Total number Below\",,,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,,");
	free(line);
	line = line_starting(autumn, "\"% Below\"");
	assert_non_null(strstr(line, "\"% Below\",,,25,0,"));
	free(line);
	/* ... the denominator of every percentage: judged of the pupils included. */
	line = line_starting(autumn, "\"Judged (of the pupils included in data)\"");
	assert_non_null(strstr(line, ",,,\"3 of 4\",\"0 of 4\","));
	free(line);
	/* The ELGs: all 17 Expected, GLD Yes after the first 12, total score 34. */
	line = line_starting(elgs, "\"Ashworth-QZXA, Amy\"");
	assert_non_null(strstr(line, ",\"Expected\",\"Expected\",\"Yes\",\"Expected\","));
	assert_non_null(strstr(line, ",\"Expected\",34,"));
	free(line);
	line = line_starting(elgs, "\"Average ELG score\"");
	assert_non_null(strstr(line, ",34,"));
	free(line);
	/* Names with markup, apostrophes and accents arrive as typed; a leading "="
	 * is text, never a formula LibreOffice would work out. */
	line = line_starting(autumn, "\"=O'Brien-QZXA, Zo\xc3\xab\"");
	free(line);
	line = line_starting(autumn, "\"<script>alert(1)</script>-QZXA, Cara\"");
	free(line);
	free(csv);

	/* Full Report (the latest assessment, the ELGs): per area and the totals. */
	csv = csv_of(f, "full-report");
	assert_non_null(strstr(csv, "\"Alder Primary QZXA\""));
	line = line_starting(csv, "\"Listening, Attention and Understanding\"");
	/* the same rule as the grid's foot: 1 Expected of the 4 pupils included, 25%;
	 * 4 pupils, 1 judged */
	assert_string_equal(line, "\"Listening, Attention and Understanding\",0,0,1,25,4,1");
	free(line);
	line = line_starting(csv, "\"Good Level of Development\"");
	assert_string_equal(line, "\"Good Level of Development\",1,,,,,");
	free(line);
	line = line_starting(csv, "\"Average total score\"");
	assert_string_equal(line, "\"Average total score\",34,,,,,");
	free(line);
	free(csv);

	/* The pupil list: every pupil of the school, names as typed, "=" kept as
	 * text, nobody of another school. */
	csv = csv_of(f, "pupils");
	line = line_starting(csv, "\"UPN\",\"Surname\",\"Forenames\",\"Date of birth\"");
	free(line);
	assert_non_null(strstr(csv, ",\"Ashworth-QZXA\",\"Amy\",\"01/10/2019\","));
	assert_non_null(strstr(csv, ",\"Brook-QZXA\",\"Ben\","));
	assert_non_null(strstr(csv, ",\"=O'Brien-QZXA\",\"Zo\xc3\xab\",\"05/11/2019\","));
	assert_non_null(strstr(csv, ",\"PR1 0LD\",\"WBRI\","));
	assert_null(strstr(csv, "QZXB"));
	free(csv);
	assert_int_equal(http_client_leaks(c), 0);
	http_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_downloads_open_in_libreoffice, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
