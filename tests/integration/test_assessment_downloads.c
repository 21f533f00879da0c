/*
 * test_assessment_downloads: the EYFS downloads over HTTP: CSV and XLSX of one
 * grid, of the screen and of all data, read back (cells, fills, comments) as a
 * user opening them would see them; an assessment's edit and delete. The
 * fixture is assess_fixture.c's, as test_assessments.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "assess_fixture.h"
#include "http_client.h"
#include "app/app.h"
#include "base/strbuf.h"
#include "store/store.h"

/* The XLSX as a table of cells with their fill colours (xlsx_cells.py reads
 * xl/styles.xml and the sheet's XML); the caller frees. */
static char *xlsx_cells(const char *file, const char *sheet)
{
	struct strbuf out = STRBUF_INIT;
	char *script = tu_source_path("tests/integration/xlsx_cells.py");
	char cmd[2048], chunk[4096];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "python3 '%s' '%s' '%s'", script, file, sheet);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		strbuf_add(&out, chunk, n);
	assert_int_equal(pclose(p), 0);
	free(script);
	return strbuf_detach(&out, NULL);
}

/* The first row (from 1) after row `after` of a line "A<row>\t<text>\t" in
 * cells, 0 when none. */
static int xlsx_row_after(const char *cells, const char *text, int after)
{
	for (const char *s = cells; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL) {
		char *end;
		long row;
		if (*s != 'A')
			continue;
		row = strtol(s + 1, &end, 10);
		if (*end == '\t' && row > after && strncmp(end + 1, text, strlen(text)) == 0 &&
		    end[1 + strlen(text)] == '\t')
			return (int)row;
	}
	return 0;
}

/* The row (from 1) of the line "A<row>\t<text>\t" in cells, 0 when none. */
static int xlsx_row_of(const char *cells, const char *text)
{
	return xlsx_row_after(cells, text, 0);
}

/* Whether cells has "<col><row>\t<text>\t<fill>\n". */
static bool xlsx_has(const char *cells, const char *col, int row, const char *text,
		     const char *fill)
{
	char want[256];

	snprintf(want, sizeof(want), "\n%s%d\t%s\t%s\n", col, row, text, fill);
	return strstr(cells, want) != NULL;
}

/* The text of the comment on cell ref in an XLSX's xl/comments1.xml, the
 * markup of its runs included; NULL when the cell has none. Points into xml. */
static const char *comment_on(const char *xml, const char *ref)
{
	char want[32];
	const char *at;

	snprintf(want, sizeof(want), "<comment ref=\"%s\"", ref);
	at = strstr(xml, want);
	return at ? at + strlen(want) : NULL;
}

/* The colours survive in the XLSX: GLD Yes green and No red on the GLD column
 * of the right pupils (blank while incomplete), a "gone beyond" colour on its
 * On track cell only; a cell's note is a comment on that cell. */
static void test_xlsx_colours(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	int la = f->w->laestab[SCHOOL_A];
	char path[200], form[512], name[3][2 * PERSON_NAME_MAX + 4], *csrf, *dir, *file, *cells,
		*comments;
	int64_t elg = 0;
	int row[3];

	fx_pupil_names(f, name);
	elg = teacher_adds_elgs(f, c, la, &csrf);
	/* pupil 0: all Expected (GLD Yes); pupil 1: Emerging in E01 (GLD No);
	 * pupil 2: nothing (GLD blank). */
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/fill", la,
		 (long long)elg);
	snprintf(form, sizeof(form), "value=X&pupil=%lld", (long long)f->pupil[0]);
	assert_int_equal(post_api_status(c, csrf, path, form), 200);
	assert_int_equal(put_cell_status(c, csrf, la, elg, f->pupil[1], "E01", "value=E&version=0"),
			 200);
	/* tracking: pupil 0 On track in E03 and gone beyond (green); pupil 1 On
	 * track in E03 without a colour, and a note on their E02 */
	assert_int_equal(put_cell_status(c, csrf, la, f->assessment, f->pupil[0], "E03",
					 "value=O&version=0&colour=green"),
			 200);
	assert_int_equal(put_cell_status(c, csrf, la, f->assessment, f->pupil[1], "E03",
					 "value=O&version=0"),
			 200);
	assert_int_equal(
		put_cell_status(c, csrf, la, f->assessment, f->pupil[1], "E02",
				"value=B&version=0&note=%3DHYPERLINK(1)+%26+%3Cb%3Ehelp%3C%2Fb%3E"),
		200);

	dir = tu_temp_dir("eyfs-colours");
	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/download?format=xlsx", la,
		 (long long)elg);
	file = hc_download_to(c, path, dir, "elg.xlsx");
	cells = xlsx_cells(file, "xl/worksheets/sheet1.xml");
	for (int i = 0; i < 3; i++) {
		row[i] = xlsx_row_of(cells, name[i]);
		assert_true(row[i] >= 3);
	}
	/* GLD is column P (after E01-E12 in D-O): green Yes, red No, blank. */
	assert_true(xlsx_has(cells, "O", 2, "Numerical Patterns", "FFE7E6E6"));
	assert_true(xlsx_has(cells, "P", 2, "Good Level of Development", "FFE7E6E6"));
	assert_true(xlsx_has(cells, "P", row[0], "Yes", "FFC6EFCE"));
	assert_true(xlsx_has(cells, "P", row[1], "No", "FFFFC7CE"));
	assert_null(strstr(cells, "\tYes\tFFFFC7CE"));
	assert_null(strstr(cells, "\tNo\tFFC6EFCE"));
	{
		char p2[16];
		snprintf(p2, sizeof(p2), "\nP%d\t", row[2]);
		assert_null(strstr(cells, p2)); /* incomplete: no text, no fill */
	}
	assert_true(xlsx_has(cells, "D", row[0], "Expected", ""));
	assert_true(xlsx_has(cells, "V", row[0], "34", ""));
	free(cells);
	free(file);

	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/download?format=xlsx", la,
		 (long long)f->assessment);
	file = hc_download_to(c, path, dir, "track.xlsx");
	cells = xlsx_cells(file, "xl/worksheets/sheet1.xml");
	for (int i = 0; i < 3; i++)
		row[i] = xlsx_row_of(cells, name[i]);
	/* E03 is column F: the gone-beyond green on pupil 0's On track only. */
	assert_true(xlsx_has(cells, "F", row[0], "On track", "FFA9D08E"));
	assert_true(xlsx_has(cells, "F", row[1], "On track", ""));
	assert_true(xlsx_has(cells, "E", row[1], "Below", ""));
	/* the foot: the denominator row */
	{
		int judged = xlsx_row_of(cells, "Judged (of the pupils included in data)");
		assert_true(judged > row[0] && judged > row[1] && judged > row[2]);
		assert_true(xlsx_has(cells, "F", judged, "2 of 3", ""));
		assert_true(xlsx_has(cells, "E", judged, "1 of 3", ""));
	}
	free(cells);
	/* the note is a comment on E2 of pupil 1, as text */
	comments = hc_unzip_member(file, "xl/comments1.xml");
	{
		char ref[32];
		snprintf(ref, sizeof(ref), "<comment ref=\"E%d\"", row[1]);
		assert_non_null(strstr(comments, ref));
		assert_non_null(strstr(comments, "=HYPERLINK(1) &amp; &lt;b&gt;help&lt;/b&gt;"));
	}
	free(comments);
	free(file);
	free(dir);
	free(csrf);
	http_client_free(c);
}

/* "All data": every year group, by year group then date, each grid with its foot
 * statistics; read back from the XLSX: the cells are there and text is text. */
static void test_all_data_download(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	int la = f->w->laestab[SCHOOL_A];
	struct http_response r;
	char path[200], form[512], *csrf, *dir, *file, *strings, *sheet1;
	const char *baseline, *autumn, *nursery;

	csrf = fx_sign_in(f, c, U_TEACHER_A, la, "");
	snprintf(path, sizeof(path), "/schools/%d/assessments", la);
	snprintf(form, sizeof(form),
		 "csrf=%s&kind=tracking&name=Baseline+Check&date=02%%2F09%%2F2024&yg_r=1", csrf);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	snprintf(form, sizeof(form),
		 "csrf=%s&kind=tracking&name=Nursery+Spring&date=10%%2F03%%2F2025&yg_n2=1", csrf);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	assert_int_equal(put_cell_status(c, csrf, la, f->assessment, f->pupil[0], "E01",
					 "value=B&version=0"),
			 200);
	r = put_note(c, csrf, la, f->assessment, f->pupil[0],
		     "note=%3DSUM(A1)+and+O%27Neill&version=0");
	assert_int_equal(r.status, 200);
	http_response_free(&r);

	/* The screen offers both downloads. */
	snprintf(path, sizeof(path), "/schools/%d/assessments?year=2024&yg=R", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Screen data (Excel)"));
	snprintf(path, sizeof(path),
		 "/schools/%d/assessments/download?format=xlsx&amp;year=2024&amp;all=1", la);
	assert_non_null(strstr(r.body, path));
	http_response_free(&r);

	/* CSV of all data: N2 first, then Reception by date; the foot statistics. */
	snprintf(path, sizeof(path), "/schools/%d/assessments/download?format=csv&year=2024&all=1",
		 la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "text/csv"));
	nursery = strstr(r.body, "N2: Nursery Spring (10/03/2025)");
	baseline = strstr(r.body, "Reception: Baseline Check (02/09/2024)");
	autumn = strstr(r.body, "Reception: Autumn Term Assessment (14/10/2024)");
	assert_non_null(nursery);
	assert_non_null(baseline);
	assert_non_null(autumn);
	assert_true(nursery < baseline && baseline < autumn);
	assert_non_null(strstr(autumn, "Total number Below,,,1,"));
	assert_non_null(strstr(autumn, "'=SUM(A1) and O'Neill"));
	http_response_free(&r);
	/* A year without assessments: a file that says so. */
	snprintf(path, sizeof(path), "/schools/%d/assessments/download?format=csv&year=2020&all=1",
		 la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "There are no assessments for this academic year."));
	http_response_free(&r);
	/* Screen data of Nursery 2 holds only that year group. */
	snprintf(path, sizeof(path), "/schools/%d/assessments/download?format=csv&year=2024&yg=N2",
		 la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Nursery Spring"));
	assert_null(strstr(r.body, "Autumn Term Assessment"));
	http_response_free(&r);

	/* The XLSX read back. */
	snprintf(path, sizeof(path), "/schools/%d/assessments/download?format=xlsx&year=2024&all=1",
		 la);
	dir = tu_temp_dir("eyfs-xlsx");
	file = hc_download_to(c, path, dir, "all.xlsx");
	strings = hc_unzip_member(file, "xl/sharedStrings.xml");
	sheet1 = hc_unzip_member(file, "xl/worksheets/sheet1.xml");
	assert_non_null(strstr(strings, "<t>Reception: Autumn Term Assessment (14/10/2024)</t>"));
	assert_non_null(strstr(strings, "<t>Below</t>"));
	assert_non_null(strstr(strings, "<t>Total number Below</t>"));
	assert_non_null(strstr(strings, "<t>=SUM(A1) and O'Neill</t>"));
	assert_null(strstr(sheet1, "<f>"));	     /* no formula anywhere */
	assert_non_null(strstr(sheet1, "<v>1</v>")); /* the count of Below is a number */
	free(strings);
	free(sheet1);
	free(file);
	free(dir);
	free(csrf);
	http_client_free(c);
}

static void test_downloads_and_delete(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	int la = f->w->laestab[SCHOOL_A];
	struct http_response r;
	char path[160], form[256], *csrf;

	csrf = fx_sign_in(f, c, U_TEACHER_A, la, "");
	assert_int_equal(put_cell_status(c, csrf, la, f->assessment, f->pupil[1], "E05",
					 "value=B&version=0"),
			 200);

	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/download?format=csv", la,
		 (long long)f->assessment);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "text/csv"));
	assert_true(http_header_has(&r, "Content-Disposition", "attachment"));
	assert_non_null(strstr(r.body, "Pupil,UPN,Include in data,"));
	assert_non_null(strstr(r.body, "Total number Below"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/download?format=xlsx", la,
		 (long long)f->assessment);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_true(r.body_len > 1000);
	assert_memory_equal(r.body, "PK", 2);
	http_response_free(&r);

	/* Edit: the form shows the assessment; a stale version is refused. */
	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/edit", la,
		 (long long)f->assessment);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "value=\"Autumn Term Assessment\""));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld", la, (long long)f->assessment);
	snprintf(form, sizeof(form),
		 "csrf=%s&kind=tracking&name=Autumn+Term+1&date=15%%2F10%%2F2024&yg_r=1&version=1",
		 csrf);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "changed by someone else"));
	http_response_free(&r);
	snprintf(form, sizeof(form),
		 "csrf=%s&kind=tracking&name=&date=15%%2F10%%2F2024&yg_r=1&version=2", csrf);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "Assessment name: enter a name"));
	http_response_free(&r);

	/* Delete: with judgements it asks for confirmation first. */
	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/delete", la,
		 (long long)f->assessment);
	snprintf(form, sizeof(form), "csrf=%s", csrf);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "Delete the judgements too"));
	http_response_free(&r);
	snprintf(form, sizeof(form), "csrf=%s&confirm=1", csrf);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/grid", la,
		 (long long)f->assessment);
	r = http_get(c, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	free(csrf);
	http_client_free(c);
}

/* The downloads follow the screen (issue 5 review): a row being filled in shows
 * its running ELG total, marked incomplete (a number with a comment in XLSX, a
 * text "N (M of 17 judged so far)" in CSV); "Screen data" and a grid's own
 * download carry the view's columns: the characteristics and the custom fields
 * under the school's names, Yes/No per pupil, and leave them out when the
 * screen does. */
static void test_downloads_follow_view(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	int la = f->w->laestab[SCHOOL_A];
	struct http_response r;
	char path[256], ref[32], line[256], name[3][2 * PERSON_NAME_MAX + 4];
	char *csrf, *dir, *file, *cells, *comments;
	const char *at;
	int64_t elg = 0;
	int head, title, row[3];

	/* The school names its first custom field; pupil 1 has it. */
	fx_late_arrival(f, false);
	fx_pupil_names(f, name);

	elg = teacher_adds_elgs(f, c, la, &csrf);
	/* Pupil 0 is being filled in: Expected (2) and Emerging (1) of 17. */
	assert_int_equal(put_cell_status(c, csrf, la, elg, f->pupil[0], "E01", "value=X&version=0"),
			 200);
	assert_int_equal(put_cell_status(c, csrf, la, elg, f->pupil[0], "E02", "value=E&version=0"),
			 200);

	/* The screen's links carry its view. */
	snprintf(path, sizeof(path),
		 "/schools/%d/assessments?year=2024&yg=R&elg=1&chars=1&custom=1&f_gender=F", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	snprintf(line, sizeof(line),
		 "/schools/%d/assessments/download?format=xlsx&amp;year=2024&amp;yg=R&amp;elg=1"
		 "&amp;chars=1&amp;custom=1&amp;f_gender=F\"",
		 la);
	assert_non_null(strstr(r.body, line));
	snprintf(line, sizeof(line),
		 "/schools/%d/assessments/%lld/download?format=csv&amp;chars=1&amp;custom=1"
		 "&amp;f_gender=F\"",
		 la, (long long)elg);
	assert_non_null(strstr(r.body, line));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/assessments?year=2024&yg=R&elg=1", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	snprintf(line, sizeof(line),
		 "/schools/%d/assessments/download?format=xlsx&amp;year=2024&amp;yg=R&amp;elg=1\"",
		 la);
	assert_non_null(strstr(r.body, line));
	snprintf(line, sizeof(line), "/schools/%d/assessments/%lld/download?format=xlsx\"", la,
		 (long long)elg);
	assert_non_null(strstr(r.body, line));
	http_response_free(&r);

	/* Screen data (Excel) with the custom fields: the tracking grid first, then
	 * the ELGs, each with the six columns after Include in data (D-I). */
	dir = tu_temp_dir("eyfs-view");
	snprintf(path, sizeof(path),
		 "/schools/%d/assessments/download?format=xlsx&year=2024&yg=R&elg=1&custom=1", la);
	file = hc_download_to(c, path, dir, "screen.xlsx");
	cells = xlsx_cells(file, "xl/worksheets/sheet1.xml");
	head = xlsx_row_of(cells, "Pupil");
	assert_true(head > 0);
	assert_true(xlsx_has(cells, "C", head, "Include in data", "FFE7E6E6"));
	assert_true(xlsx_has(cells, "D", head, "Late arrival", "FFE7E6E6"));
	assert_true(xlsx_has(cells, "E", head, "Custom 2", "FFE7E6E6"));
	assert_true(xlsx_has(cells, "I", head, "Custom 6", "FFE7E6E6"));
	assert_true(
		xlsx_has(cells, "J", head, "Listening, Attention and Understanding", "FFE7E6E6"));
	for (int i = 0; i < 3; i++) {
		row[i] = xlsx_row_after(cells, name[i], head);
		assert_true(row[i] > head);
	}
	assert_true(xlsx_has(cells, "D", row[1], "Yes", ""));
	assert_true(xlsx_has(cells, "D", row[0], "No", ""));
	assert_true(xlsx_has(cells, "E", row[1], "No", ""));
	/* The ELG grid: E01-E12 in J-U, GLD V, E13-E17 W-AA, the total AB. */
	title = xlsx_row_of(cells, "Reception: End of Year ELGs (30/06/2025)");
	assert_true(title > row[0]);
	head = xlsx_row_after(cells, "Pupil", title);
	assert_true(xlsx_has(cells, "D", head, "Late arrival", "FFE7E6E6"));
	assert_true(xlsx_has(cells, "AB", head, "ELG Total Score", "FFE7E6E6"));
	row[0] = xlsx_row_after(cells, name[0], head);
	row[2] = xlsx_row_after(cells, name[2], head);
	assert_true(xlsx_has(cells, "J", row[0], "Expected", ""));
	/* the running total is a number (not shared text) with its marker as the
	 * cell's comment; a row with nothing judged has no total */
	assert_true(xlsx_has(cells, "AB", row[0], "3", ""));
	snprintf(line, sizeof(line), "\nAB%d\t", row[2]);
	assert_null(strstr(cells, line));
	free(cells);
	comments = hc_unzip_member(file, "xl/comments1.xml");
	snprintf(ref, sizeof(ref), "AB%d", row[0]);
	at = comment_on(comments, ref);
	assert_non_null(at);
	assert_non_null(strstr(at, "2 of 17 judged so far"));
	assert_true(strstr(at, "2 of 17 judged so far") < strstr(at, "</comment>"));
	free(comments);
	free(file);

	/* Without custom=1 the columns are not there: the ELGs start at D. */
	snprintf(path, sizeof(path),
		 "/schools/%d/assessments/download?format=xlsx&year=2024&yg=R&elg=1", la);
	file = hc_download_to(c, path, dir, "plain.xlsx");
	cells = xlsx_cells(file, "xl/worksheets/sheet1.xml");
	head = xlsx_row_of(cells, "Pupil");
	assert_true(
		xlsx_has(cells, "D", head, "Listening, Attention and Understanding", "FFE7E6E6"));
	assert_null(strstr(cells, "\tLate arrival\t"));
	assert_null(strstr(cells, "\tCustom 6\t"));
	/* the running total still there and marked, in its usual column V */
	title = xlsx_row_of(cells, "Reception: End of Year ELGs (30/06/2025)");
	row[0] = xlsx_row_after(cells, name[0], title);
	assert_true(xlsx_has(cells, "V", row[0], "3", ""));
	free(cells);
	comments = hc_unzip_member(file, "xl/comments1.xml");
	snprintf(ref, sizeof(ref), "V%d", row[0]);
	at = comment_on(comments, ref);
	assert_non_null(at);
	assert_true(strstr(at, "2 of 17 judged so far") < strstr(at, "</comment>"));
	free(comments);
	free(file);
	free(dir);

	/* Screen data (CSV) with the characteristics and the custom fields: the
	 * screen's headings, Yes/No per pupil; the running total with its marker
	 * as one text. */
	snprintf(path, sizeof(path),
		 "/schools/%d/assessments/download?format=csv&year=2024&yg=R&elg=1&chars=1"
		 "&custom=1",
		 la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Pupil,UPN,Include in data,Gender,SEN,EAL,PP,"
				       "Disadvantaged,Late arrival,Custom 2,Custom 3,Custom 4,"
				       "Custom 5,Custom 6,\"Listening"));
	at = strstr(r.body, name[1]);
	assert_non_null(at);
	at = strchr(at, '\n');
	snprintf(line, sizeof(line), "%.*s", (int)(at - strstr(r.body, name[1])),
		 strstr(r.body, name[1]));
	/* include, 5 characteristics (SEN one letter), then Custom 1 Yes, 2-6 No */
	assert_non_null(strstr(line, ",Yes,No,No,No,No,No,"));
	assert_non_null(strstr(r.body, ",3 (2 of 17 judged so far),"));
	http_response_free(&r);
	/* Without them: the plain headings, no custom values. */
	snprintf(path, sizeof(path),
		 "/schools/%d/assessments/download?format=csv&year=2024&yg=R&elg=1", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Pupil,UPN,Include in data,\"Listening"));
	assert_null(strstr(r.body, "Late arrival"));
	assert_non_null(strstr(r.body, ",3 (2 of 17 judged so far),"));
	http_response_free(&r);
	/* A grid's own download honours the same view. */
	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/download?format=csv&custom=1",
		 la, (long long)elg);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Pupil,UPN,Include in data,Late arrival,"));
	assert_non_null(strstr(r.body, ",3 (2 of 17 judged so far),"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/download?format=csv", la,
		 (long long)elg);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "Late arrival"));
	http_response_free(&r);
	/* "All data" stays the plain columns whatever is asked. */
	snprintf(path, sizeof(path),
		 "/schools/%d/assessments/download?format=csv&year=2024&all=1&custom=1", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "Late arrival"));
	http_response_free(&r);
	free(csrf);
	http_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_xlsx_colours, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_all_data_download, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_downloads_and_delete, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_downloads_follow_view, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
