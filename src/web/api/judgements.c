/*
 * api/judgements: the JSON API of the EYFS grid (docs/API.md):
 *   GET  /api/v1/schools/:laestab/assessments?academic_year=2025
 *   GET  /api/v1/schools/:laestab/assessments/:id/grid
 *   PUT  /api/v1/schools/:laestab/assessments/:id/judgements/:pupil/:area
 *        form fields value, version (the one the writer saw), colour, note
 *        -> 200 {version, cells, rows, stats} or 409 {error, current}
 *   POST /api/v1/schools/:laestab/assessments/:id/fill
 *        form fields value, area (a column) or pupil (a row), versions
 *        ("PUPIL:AREA:VERSION,..." of the cells the writer saw) -> all or nothing
 *   PATCH /api/v1/schools/:laestab/assessments/:id/judgements
 *        form field changes: lines PUPIL_ID,AREA,VERSION,VALUE[,COLOUR]
 *        -> 200 {saved, cells, rows, stats}; 422 / 409 {error, errors} all or nothing
 *   PUT  /api/v1/schools/:laestab/assessments/:id/notes/:pupil  (note, version)
 *   GET  /api/v1/schools/:laestab/assessments/:id/judgements/:pupil/:area/history
 * The paths reach the same handlers: GET /api/v1/assessments?establishment=
 * LAESTAB, GET /api/v1/assessments/:id/grid, PATCH /api/v1/assessments/:id/judgements.
 * Writes are ACT_ASSESS_WRITE and CSRF-checked (X-CSRF-Token with a session);
 * the dispatcher has resolved and authorised the school (req->estab), from
 * :laestab, "establishment" or the assessment itself. Every answer after a write carries the
 * written cells, the measures of the rows they belong to and the column
 * statistics, computed by app/assess.
 * The optional pupil characteristics filter (f_* query parameters) limits the
 * statistics to the pupils the screen shows.
 */
#include "web/api/api.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/assess.h"
#include "base/xalloc.h"
#include "core/pupil_filter.h"
#include "formats/json_write.h"

static struct actor actor_of(struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	return who;
}

static void filter_of(struct request *req, struct pupil_filter *f)
{
	pupil_filter_init(f);
	for (size_t i = 0; i < PUPIL_FILTER_PARAM_COUNT; i++) {
		const char *name = pupil_filter_param_name(i);
		if (request_has(req, name))
			pupil_filter_set(f, name, request_text(req, name));
	}
}

static void cell_json(struct json_write *j, const struct assessment *a,
		      const struct judgement_cell *c)
{
	json_object_begin(j);
	json_kv_int(j, "pupil", c->pupil_id);
	json_kv_string(j, "area", elg_get(c->elg)->code);
	json_kv_int(j, "value", c->value);
	json_kv_string(j, "label", scale_get(a->kind)->values[c->value].label);
	json_kv_int(j, "version", c->version);
	json_kv_string(j, "colour", c->colour);
	json_kv_string(j, "note", c->note);
	json_kv_string(j, "updated_by", c->updated_by);
	json_object_end(j);
}

/* A cell written just now, as JSON (its note stays in c). */
static void written_json(struct json_write *j, const struct assessment *a,
			 const struct judgement *c)
{
	struct judgement_cell jc = { .pupil_id = c->pupil_id,
				     .elg = c->elg,
				     .value = c->value,
				     .note = c->note,
				     .version = c->version,
				     .updated_at = c->updated_at };

	memcpy(jc.colour, c->colour, sizeof(jc.colour));
	memcpy(jc.updated_by, c->updated_by, sizeof(jc.updated_by));
	cell_json(j, a, &jc);
}

/* One column's statistics: area is its code ("GLD" for the Good Level of
 * Development column of the ELGs, counted as No 1, Yes 2: report_gld_value). */
static void column_json(struct json_write *j, const char *area, const struct assess_column *col)
{
	char buf[32];

	json_object_begin(j);
	json_kv_string(j, "area", area);
	json_kv_int(j, "judged", col->judged);
	json_kv_int(j, "pupils", col->pupils); /* the denominator */
	json_key(j, "counts");
	json_array_begin(j);
	for (int v = 0; v < 4; v++)
		json_int(j, col->count[v]);
	json_array_end(j);
	json_key(j, "percents");
	json_array_begin(j);
	for (int v = 0; v < 4; v++)
		json_string(j, assess_column_percent(col, v, buf, sizeof(buf)));
	json_array_end(j);
	json_object_end(j);
}

/* "stats": the pupils displayed and included, the average ELG total and the
 * statistics of the columns of the bit mask columns (and, for the ELGs, of the
 * Good Level of Development, which any change may move). */
static void stats_json(struct json_write *j, const struct assess_grid *g, size_t displayed,
		       unsigned columns)
{
	char buf[32];

	json_key(j, "stats");
	json_object_begin(j);
	json_kv_int(j, "displayed", (int64_t)displayed);
	json_kv_int(j, "included", g->included);
	json_kv_string(j, "average", assess_average_total(g, buf, sizeof(buf)));
	json_key(j, "columns");
	json_array_begin(j);
	for (int k = 0; k < ELG__MAX; k++)
		if (columns & (1u << k))
			column_json(j, elg_get((enum elg)k)->code, &g->col[k]);
	if (g->a.kind == SCALE_ELG)
		column_json(j, "GLD", &g->gld);
	json_array_end(j);
	json_object_end(j);
}

static void row_measures_json(struct json_write *j, const struct elg_measures *m)
{
	json_kv_string(j, "gld", gld_label(m->gld));
	if (m->total >= 0)
		json_kv_int(j, "total", m->total);
	else {
		json_key(j, "total");
		json_null(j);
	}
	/* while a row is being filled in: its ELGs entered and their running total */
	json_kv_int(j, "entered", m->entered);
	json_kv_int(j, "running_total", m->running_total);
}

/* "rows" (the measures of the rows that own one of the n written cells and
 * pass the filter) and "stats" (the columns written, over the whole grid or the
 * filtered pupils), the cells as stored now, counted as the screen counts them
 * (assess_write_stats) over the grid's pupils read before the write. */
/* The grid's pupils as the screen reads them, before a write (for
 * summary_json): NULL when they cannot be read now, and are read after it. */
static struct pupil *grid_pupils(struct request *req, const struct assessment *a, size_t *n)
{
	struct pupil *list = NULL;

	if (assess_grid_pupils(req->db, &req->estab, a, &list, n) != ERR_OK) {
		free(list);
		return NULL;
	}
	return list;
}

static void summary_json(struct request *req, struct json_write *j, const struct assessment *a,
			 const struct pupil *covered, size_t ncovered,
			 const struct judgement *cells, size_t n)
{
	struct assess_write_stats ws;
	struct pupil_filter f;

	filter_of(req, &f);
	if (assess_write_stats(req->db, &req->estab, a, &f, covered, ncovered, cells, n, &ws) !=
	    ERR_OK)
		return;
	json_key(j, "rows");
	json_array_begin(j);
	for (size_t i = 0; i < ws.nrows; i++) {
		json_object_begin(j);
		json_kv_int(j, "pupil", ws.rows[i].pupil_id);
		row_measures_json(j, &ws.rows[i].m);
		json_object_end(j);
	}
	json_array_end(j);
	stats_json(j, &ws.g, ws.displayed, ws.columns);
	assess_write_stats_free(&ws);
}

void api_grid_get(struct request *req)
{
	struct pupil_filter f;
	struct assess_grid g;
	struct json_write j;
	char date[11];

	if (assess_grid_load(req->app, req->db, &req->estab, request_int(req, "id"), &g) !=
	    ERR_OK) {
		resp_json_error(req, 404, "Not found.");
		return;
	}
	filter_of(req, &f);
	assess_grid_filter(&g, &f);
	resp_json_begin(req, 200);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_key(&j, "assessment");
	json_object_begin(&j);
	json_kv_int(&j, "id", g.a.id);
	json_kv_string(&j, "name", g.a.name);
	date_format_iso(g.a.date, date);
	json_kv_string(&j, "date", date);
	json_kv_string(&j, "kind", g.a.kind == SCALE_ELG ? "elg" : "tracking");
	json_kv_int(&j, "academic_year", g.a.academic_year);
	json_kv_int(&j, "version", g.a.version);
	json_object_end(&j);
	json_key(&j, "values");
	json_array_begin(&j);
	for (int v = 0; v < scale_get(g.a.kind)->count; v++)
		json_string(&j, scale_get(g.a.kind)->values[v].label);
	json_array_end(&j);
	json_key(&j, "pupils");
	json_array_begin(&j);
	for (size_t i = 0; i < g.nrows; i++) {
		const struct assess_row *r = &g.rows[i];
		json_object_begin(&j);
		json_kv_int(&j, "id", r->pupil.id);
		json_kv_string(&j, "upn", r->pupil.upn);
		json_kv_string(&j, "surname", r->pupil.surname);
		json_kv_string(&j, "forenames", r->pupil.forenames);
		json_kv_bool(&j, "include_in_data", r->pupil.include_in_data);
		json_key(&j, "cells");
		json_array_begin(&j);
		for (int k = 0; k < ELG__MAX; k++)
			cell_json(&j, &g.a, &r->cells[k]);
		json_array_end(&j);
		json_kv_string(&j, "note", r->note.note);
		json_kv_int(&j, "note_version", r->note.version);
		if (g.a.kind == SCALE_ELG)
			row_measures_json(&j, &r->m);
		json_object_end(&j);
	}
	json_array_end(&j);
	stats_json(&j, &g, g.nrows, (1u << ELG__MAX) - 1);
	json_object_end(&j);
	assess_grid_free(&g);
}

static int status_of(enum err e)
{
	switch (e) {
	case ERR_NOT_FOUND:
		return 404;
	case ERR_CONFLICT:
		return 409;
	case ERR_LOCKED:
		return 423;
	case ERR_TOO_BIG:
		return 413;
	case ERR_INVALID:
	case ERR_USAGE:
		return 400;
	default:
		return 500;
	}
}

static bool assessment_of(struct request *req, struct assessment *a)
{
	if (assess_get(req->db, &req->estab, request_int(req, "id"), a) == ERR_OK)
		return true;
	resp_json_error(req, 404, "Not found.");
	return false;
}

static void conflict_json(struct request *req, const struct assessment *a,
			  const struct judgement *current, const char *msg)
{
	struct json_write j;

	resp_json_begin(req, 409);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_kv_string(&j, "error", msg);
	json_key(&j, "current");
	written_json(&j, a, current);
	json_object_end(&j);
}

void api_judgement_put(struct request *req)
{
	struct actor who = actor_of(req);
	struct assess_cell_write w = { 0 };
	struct pupil *covered;
	size_t ncovered = 0;
	struct errbuf eb = { "" };
	struct assess_written out;
	struct assessment a;
	struct json_write j;
	enum err e;

	if (!assessment_of(req, &a))
		return;
	if (!elg_parse(request_text(req, "area"), &w.elg)) {
		resp_json_error(req, 404, "Not found.");
		return;
	}
	w.pupil_id = request_int(req, "pupil");
	w.value = request_text(req, "value");
	w.version = request_int(req, "version");
	w.colour = request_has(req, "colour") ? request_text(req, "colour") : NULL;
	w.note = request_has(req, "note") ? request_text(req, "note") : NULL;
	covered = grid_pupils(req, &a, &ncovered);
	e = assess_set_cell(req->app, req->db, &who, &req->estab, &a, &w, &out, &eb);
	if (e == ERR_CONFLICT) {
		conflict_json(req, &a, &out.current, eb.msg);
		free(covered);
		return;
	}
	if (e) {
		resp_json_error(req, status_of(e),
				eb.msg[0] ? eb.msg : "The judgement was not saved.");
		free(covered);
		return;
	}
	resp_json_begin(req, 200);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	for (size_t i = 0; i < out.n; i++)
		if (out.cells[i].elg == w.elg)
			w.version = out.cells[i].version;
	json_kv_int(&j, "version", w.version);
	json_key(&j, "cells");
	json_array_begin(&j);
	for (size_t i = 0; i < out.n; i++)
		written_json(&j, &a, &out.cells[i]);
	json_array_end(&j);
	summary_json(req, &j, &a, covered, ncovered, out.cells, out.n);
	json_object_end(&j);
	free(covered);
}

/* "12:E01:3,13:E01:0": the versions the writer saw. False when malformed. */
static bool known_parse(const char *s, struct assess_known **out, size_t *n)
{
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	while (*s) {
		struct assess_known k;
		char code[4], *end;
		long long pid, ver;
		errno = 0;
		pid = strtoll(s, &end, 10);
		if (errno || end == s || *end != ':' || pid <= 0)
			return false;
		s = end + 1;
		if (strlen(s) < 4 || s[3] != ':')
			return false;
		memcpy(code, s, 3);
		code[3] = '\0';
		if (!elg_parse(code, &k.elg))
			return false;
		s += 4;
		ver = strtoll(s, &end, 10);
		if (errno || end == s || ver < 0 || (*end && *end != ','))
			return false;
		k.pupil_id = pid;
		k.version = ver;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		(*out)[(*n)++] = k;
		s = *end ? end + 1 : end;
	}
	return true;
}

void api_fill_post(struct request *req)
{
	struct actor who = actor_of(req);
	struct assess_fill f = { 0 };
	struct assess_known *known = NULL;
	struct judgement *cells = NULL, conflict;
	struct pupil_filter pf;
	struct errbuf eb = { "" };
	struct assessment a;
	struct json_write j;
	struct pupil *covered;
	size_t n = 0, ncovered = 0;
	enum err e;

	if (!assessment_of(req, &a))
		return;
	f.value = request_text(req, "value");
	f.row = request_has(req, "pupil");
	f.pupil_id = f.row ? request_int(req, "pupil") : 0;
	if (!f.row && !elg_parse(request_text(req, "area"), &f.elg)) {
		resp_json_error(req, 400,
				"Say what to fill: an area of development (area=E01 to E17) for a "
				"column, or a pupil for a row.");
		return;
	}
	if (request_has(req, "versions")) {
		if (!known_parse(request_text(req, "versions"), &known, &f.nknown)) {
			resp_json_error(
				req, 400,
				"versions: write each cell as PUPIL:AREA:VERSION, separated "
				"by commas.");
			free(known);
			return;
		}
		static const struct assess_known none[1];
		f.known = known ? known : none; /* an empty list: every cell unseen */
	}
	/* Without versions a column fill keeps to the grid the writer filtered. */
	filter_of(req, &pf);
	f.filter = &pf;
	memset(&conflict, 0, sizeof(conflict));
	covered = grid_pupils(req, &a, &ncovered);
	e = assess_fill(req->app, req->db, &who, &req->estab, &a, &f, &cells, &n, &conflict, &eb);
	free(known);
	if (e == ERR_CONFLICT) {
		conflict_json(req, &a, &conflict, eb.msg);
		free(covered);
		return;
	}
	if (e) {
		resp_json_error(req, status_of(e), eb.msg[0] ? eb.msg : "Nothing was filled.");
		free(covered);
		return;
	}
	resp_json_begin(req, 200);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_key(&j, "cells");
	json_array_begin(&j);
	for (size_t i = 0; i < n; i++)
		written_json(&j, &a, &cells[i]);
	json_array_end(&j);
	summary_json(req, &j, &a, covered, ncovered, cells, n);
	json_object_end(&j);
	free(cells);
	free(covered);
}

/* Splits text at commas into at most max fields (in place); the count. */
static size_t split_commas(char *text, char **fields, size_t max)
{
	size_t n = 0;

	fields[n++] = text;
	for (char *p = text; *p; p++)
		if (*p == ',') {
			if (n == max)
				return max + 1;
			*p = '\0';
			fields[n++] = p + 1;
		}
	return n;
}

/* Reads the changes of a batch: one line per cell, PUPIL_ID,AREA,VERSION,VALUE
 * and an optional COLOUR; blank lines are skipped. False with "line N: ..." in
 * msg when a line is not of that form. *out (caller frees) points into text. */
static bool batch_parse(char *text, struct assess_cell_write **out, size_t *n, size_t **lines,
			char *msg, size_t msgsize)
{
	size_t cap = 0, line = 0;
	char *next;

	*out = NULL;
	*lines = NULL;
	*n = 0;
	for (char *s = text; s; s = next) {
		struct assess_cell_write w = { 0 };
		char *f[5], *end;
		size_t nf;
		long long v;

		line++;
		next = strchr(s, '\n');
		if (next)
			*next++ = '\0';
		if (*s && s[strlen(s) - 1] == '\r')
			s[strlen(s) - 1] = '\0';
		if (!*s)
			continue;
		if (*n == ASSESS_BATCH_MAX) {
			snprintf(msg, msgsize, "line %zu: a batch holds at most %d changes", line,
				 ASSESS_BATCH_MAX);
			return false;
		}
		nf = split_commas(s, f, 5);
		if (nf < 4 || nf > 5) {
			snprintf(msg, msgsize,
				 "line %zu: write PUPIL_ID,AREA,VERSION,VALUE (and optionally "
				 ",COLOUR)",
				 line);
			return false;
		}
		errno = 0;
		v = strtoll(f[0], &end, 10);
		if (errno || end == f[0] || *end || v <= 0) {
			snprintf(msg, msgsize, "line %zu: the pupil id is not a number", line);
			return false;
		}
		w.pupil_id = v;
		if (!elg_parse(f[1], &w.elg)) {
			snprintf(msg, msgsize, "line %zu: the area must be E01 to E17", line);
			return false;
		}
		errno = 0;
		v = strtoll(f[2], &end, 10);
		if (errno || end == f[2] || *end || v < 0) {
			snprintf(msg, msgsize,
				 "line %zu: the version is not a number (0 for a cell never "
				 "written)",
				 line);
			return false;
		}
		w.version = v;
		w.value = f[3];
		w.colour = nf == 5 ? f[4] : NULL;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xrealloc(*out, cap * sizeof(**out));
			*lines = xrealloc(*lines, cap * sizeof(**lines));
		}
		(*lines)[*n] = line;
		(*out)[(*n)++] = w;
	}
	return true;
}

void api_judgements_patch(struct request *req)
{
	struct actor who = actor_of(req);
	char *text = xstrdup(request_text(req, "changes"));
	struct assess_cell_write *w = NULL;
	struct assess_problem *problems = NULL;
	struct judgement *cells = NULL;
	struct errbuf eb = { "" };
	struct assessment a;
	struct json_write j;
	struct pupil *covered = NULL;
	size_t n = 0, ncells = 0, nproblems = 0, *lines = NULL, ncovered = 0;
	char msg[160];
	enum err e;

	if (!assessment_of(req, &a))
		goto out;
	if (!batch_parse(text, &w, &n, &lines, msg, sizeof(msg))) {
		resp_json_error(req, 400, arena_printf(&req->arena, "changes: %s.", msg));
		goto out;
	}
	covered = grid_pupils(req, &a, &ncovered);
	e = assess_set_cells(req->app, req->db, &who, &req->estab, &a, w, n, &cells, &ncells,
			     &problems, &nproblems, &eb);
	if (e && nproblems) {
		resp_json_begin(req, e == ERR_CONFLICT ? 409 : 422);
		json_write_init(&j, resp_body(req));
		json_object_begin(&j);
		json_kv_string(&j, "error", eb.msg);
		json_key(&j, "errors");
		json_array_begin(&j);
		for (size_t i = 0; i < nproblems; i++) {
			const struct assess_problem *p = &problems[i];
			json_object_begin(&j);
			json_kv_int(&j, "line", (int64_t)lines[p->index]);
			json_kv_int(&j, "pupil", w[p->index].pupil_id);
			json_kv_string(&j, "area", elg_get(w[p->index].elg)->code);
			json_kv_bool(&j, "conflict", p->code == ERR_CONFLICT);
			json_kv_string(&j, "message",
				       arena_printf(&req->arena, "line %zu: %s", lines[p->index],
						    p->msg));
			if (p->code == ERR_CONFLICT) {
				json_key(&j, "current");
				written_json(&j, &a, &p->current);
			}
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
		goto out;
	}
	if (e) {
		resp_json_error(req, status_of(e), eb.msg[0] ? eb.msg : "Nothing was saved.");
		goto out;
	}
	resp_json_begin(req, 200);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_kv_int(&j, "saved", (int64_t)n);
	json_key(&j, "cells");
	json_array_begin(&j);
	for (size_t i = 0; i < ncells; i++)
		written_json(&j, &a, &cells[i]);
	json_array_end(&j);
	summary_json(req, &j, &a, covered, ncovered, cells, ncells);
	json_object_end(&j);
out:
	free(covered);
	free(problems);
	free(cells);
	free(lines);
	free(w);
	free(text);
}

void api_note_put(struct request *req)
{
	struct actor who = actor_of(req);
	struct assessment_note out;
	struct errbuf eb = { "" };
	struct assessment a;
	struct json_write j;
	enum err e;

	if (!assessment_of(req, &a))
		return;
	memset(&out, 0, sizeof(out));
	e = assess_set_note(req->app, req->db, &who, &req->estab, &a, request_int(req, "pupil"),
			    request_text(req, "note"), request_int(req, "version"), &out, &eb);
	resp_json_begin(req, e == ERR_OK ? 200 : status_of(e));
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	if (e)
		json_kv_string(&j, "error", eb.msg[0] ? eb.msg : "The note was not saved.");
	json_kv_string(&j, "note", out.note);
	json_kv_int(&j, "version", out.version);
	json_object_end(&j);
}

void api_judgement_history_get(struct request *req)
{
	struct audit_entry *list = NULL;
	struct assessment a;
	struct json_write j;
	enum elg elg;
	size_t n = 0;

	if (!assessment_of(req, &a))
		return;
	if (!elg_parse(request_text(req, "area"), &elg)) {
		resp_json_error(req, 404, "Not found.");
		return;
	}
	if (store_judgement_history(req->db, &a, request_int(req, "pupil"), elg, 100, &list, &n) !=
	    ERR_OK) {
		resp_json_error(req, 500, "The history could not be read. Try again later.");
		return;
	}
	resp_json_begin(req, 200);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_key(&j, "history");
	json_array_begin(&j);
	for (size_t i = 0; i < n; i++) {
		char at[21];
		date_format_timestamp(list[i].at, at);
		json_object_begin(&j);
		json_kv_string(&j, "at", at);
		json_kv_string(&j, "by", list[i].actor);
		json_kv_string(&j, "field", list[i].field);
		json_kv_string(&j, "old", list[i].old_value);
		json_kv_string(&j, "new", list[i].new_value);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	free(list);
}

void api_assessments_get(struct request *req)
{
	struct assessment *list = NULL;
	struct json_write j;
	size_t n = 0;
	int year = request_has(req, "academic_year") ? (int)request_int(req, "academic_year") : 0;

	if (store_assessment_list(req->db, req->estab.id, year, &list, &n) != ERR_OK) {
		resp_json_error(req, 500, "The assessments could not be read. Try again later.");
		return;
	}
	resp_json_begin(req, 200);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_key(&j, "assessments");
	json_array_begin(&j);
	for (size_t i = 0; i < n; i++) {
		char date[11], groups[16];
		json_object_begin(&j);
		json_kv_int(&j, "id", list[i].id);
		json_kv_string(&j, "name", list[i].name);
		json_kv_string(&j, "kind", list[i].kind == SCALE_ELG ? "elg" : "tracking");
		json_kv_int(&j, "academic_year", list[i].academic_year);
		date_format_iso(list[i].date, date);
		json_kv_string(&j, "date", date);
		json_kv_string(&j, "year_groups",
			       assess_yg_label(list[i].year_groups, groups, sizeof(groups)));
		json_kv_int(&j, "version", list[i].version);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	free(list);
}
