/*
 * store_assess: EYFS assessments, their judgements (one cell per pupil and area of
 * development) and the per-pupil notes. Cells are optimistic: each write names the
 * version it replaces (0 for a cell never written) and is refused with the stored
 * cell when that is stale. Every change is audited old -> new in the same
 * transaction, values by their labels ("On track").
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "store/backend.h"

static const char *kind_code(enum scale_kind k)
{
	return k == SCALE_ELG ? "elg" : "tracking";
}

/* The audit object of a cell: "assessment 3 pupil 12 E05". */
static void judgement_object(char object[static 64], int64_t assessment_id, int64_t pupil_id,
			     enum elg elg)
{
	snprintf(object, 64, "assessment %lld pupil %lld %s", (long long)assessment_id,
		 (long long)pupil_id, elg_get(elg)->code);
}

static void date_text(struct date d, char buf[static 11])
{
	if (date_valid(d))
		date_format_iso(d, buf);
	else
		buf[0] = '\0';
}

static void assessment_read(struct query *q, void *row)
{
	struct assessment *a = row;
	char date[16], kind[16];
	int col = 0;

	memset(a, 0, sizeof(*a));
	a->id = q_col_int(q, col++);
	a->establishment_id = q_col_int(q, col++);
	a->academic_year = (int)q_col_int(q, col++);
	q_col_text(q, col++, a->name, sizeof(a->name));
	q_col_text(q, col++, date, sizeof(date));
	if (!date_parse_iso(date, &a->date))
		memset(&a->date, 0, sizeof(a->date));
	a->year_groups = (unsigned)q_col_int(q, col++);
	q_col_text(q, col++, kind, sizeof(kind));
	a->kind = strcmp(kind, "elg") == 0 ? SCALE_ELG : SCALE_TRACKING;
	q_col_text(q, col++, date, sizeof(date));
	if (!date_parse_iso(date, &a->completion))
		memset(&a->completion, 0, sizeof(a->completion));
	a->created_at = q_col_int(q, col++);
	a->version = q_col_int(q, col++);
	a->cells_version = q_col_int(q, col++);
}

static enum err assessment_check(const struct assessment *a, struct errbuf *eb)
{
	if (!a->name[0])
		return errbuf_set(eb, ERR_INVALID, "the assessment needs a name");
	if (!date_valid(a->date))
		return errbuf_set(eb, ERR_INVALID, "the assessment needs a date");
	if (a->year_groups == 0 || a->year_groups > 7)
		return errbuf_set(eb, ERR_INVALID, "the assessment needs one or more year groups");
	if ((unsigned)a->kind >= SCALE__MAX)
		return errbuf_set(eb, ERR_INVALID, "unknown kind of assessment");
	return ERR_OK;
}

static void audit_row_of(const struct assessment *a, const char *action, char object[static 32],
			 struct audit_row *r)
{
	snprintf(object, 32, "assessment %lld", (long long)a->id);
	memset(r, 0, sizeof(*r));
	r->action = action;
	r->object = object;
	r->establishment_id = a->establishment_id;
}

enum err store_assessment_add(struct store_conn *c, const struct actor *who, struct assessment *a,
			      struct errbuf *eb)
{
	char date[11], completion[11], object[32];
	struct audit_row r;
	struct query q;
	struct tx t;
	enum err e;

	e = assessment_check(a, eb);
	if (e)
		return e;
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	date_text(a->date, date);
	date_text(a->completion, completion);
	q_init(&q, c, STMT_ASSESS_INSERT);
	q_int(&q, a->establishment_id);
	q_int(&q, a->academic_year);
	q_text(&q, a->name);
	q_text(&q, date);
	q_int(&q, a->year_groups);
	q_text(&q, kind_code(a->kind));
	q_text(&q, completion);
	e = q_exec(&q, eb);
	if (e == ERR_INVALID)
		errbuf_set(eb, e, "there is no establishment with id %lld",
			   (long long)a->establishment_id);
	if (e)
		goto out;
	if (q_row(&q)) {
		a->id = q_col_int(&q, 0);
		a->created_at = q_col_int(&q, 1);
		a->version = q_col_int(&q, 2);
	} else if (!q.err) {
		q.err = errbuf_set(eb, ERR_IO, "the database returned no id");
	}
	e = q_end(&q);
	if (e)
		goto out;
	audit_row_of(a, "assessment.add", object, &r);
	e = audit_write(c, who, &r, "", "", a->name, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_assessment_get(struct store_conn *c, int64_t id, struct assessment *out)
{
	return q_one_by_id(c, STMT_ASSESS_GET, id, assessment_read, out);
}

enum err store_assessment_update(struct store_conn *c, const struct actor *who,
				 struct assessment *a, struct errbuf *eb)
{
	char od[11], nd[11], oc[11], nc[11], object[32];
	struct assessment old;
	struct audit_row r;
	int64_t version = 0;
	struct query q;
	struct tx t;
	enum err e;

	e = assessment_check(a, eb);
	if (e)
		return e;
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = store_assessment_get(c, a->id, &old);
	if (e == ERR_NOT_FOUND)
		errbuf_set(eb, e, "there is no assessment with id %lld", (long long)a->id);
	if (e)
		goto out;
	date_text(a->date, nd);
	date_text(a->completion, nc);
	q_init(&q, c, STMT_ASSESS_UPDATE);
	q_text(&q, a->name);
	q_text(&q, nd);
	q_int(&q, a->year_groups);
	q_text(&q, nc);
	q_int(&q, a->id);
	q_int(&q, a->version);
	e = q_exec(&q, eb);
	if (e)
		goto out;
	e = q_end_int(&q, &version);
	if (e == ERR_NOT_FOUND)
		e = errbuf_set(eb, ERR_CONFLICT,
			       "the assessment \"%s\" was changed by someone else meanwhile: "
			       "reload and try again",
			       old.name);
	if (e)
		goto out;
	audit_row_of(a, "assessment.update", object, &r);
	date_text(old.date, od);
	date_text(old.completion, oc);
	e = audit_diff_text(c, who, &r, e, "name", old.name, a->name, eb);
	e = audit_diff_text(c, who, &r, e, "date", od, nd, eb);
	e = audit_diff_int(c, who, &r, e, "year_groups", old.year_groups, a->year_groups, eb);
	e = audit_diff_text(c, who, &r, e, "completion_date", oc, nc, eb);
out:
	e = tx_leave(c, &t, e, eb);
	if (e == ERR_OK)
		a->version = version;
	return e;
}

static enum err run_id(struct store_conn *c, enum stmt_id id, int64_t v, struct errbuf *eb)
{
	struct query q;

	q_init(&q, c, id);
	q_int(&q, v);
	return q_run(&q, eb);
}

enum err store_assessment_delete(struct store_conn *c, const struct actor *who,
				 const struct assessment *a, struct errbuf *eb)
{
	char object[32];
	struct audit_row r;
	struct tx t;
	enum err e;

	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = run_id(c, STMT_JUDGE_DELETE_ALL, a->id, eb);
	if (!e)
		e = run_id(c, STMT_ANOTE_DELETE_ALL, a->id, eb);
	if (!e)
		e = run_id(c, STMT_ASSESS_DELETE, a->id, eb);
	if (!e) {
		audit_row_of(a, "assessment.delete", object, &r);
		e = audit_write(c, who, &r, "", a->name, "", eb);
	}
	return tx_leave(c, &t, e, eb);
}

enum err store_assessment_list(struct store_conn *c, int64_t establishment_id, int academic_year,
			       struct assessment **out, size_t *n)
{
	struct query q;
	enum err e;

	q_init(&q, c, STMT_ASSESS_LIST);
	q_int(&q, establishment_id);
	q_int(&q, academic_year);
	q_int(&q, academic_year);
	*out = q_collect(&q, sizeof(**out), assessment_read, n, &e);
	return e;
}

enum err store_judgement_count(struct store_conn *c, int64_t assessment_id, long *n)
{
	struct query q;
	enum err e;

	*n = 0;
	q_init(&q, c, STMT_JUDGE_COUNT);
	q_int(&q, assessment_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	if (q_row(&q))
		*n = (long)q_col_int(&q, 0);
	return q_end(&q);
}

/* The area of development of an area code; the codes are "E01" to "E17" in
 * order (core/framework.c), so the digits find the entry and one compare checks
 * it, instead of a search through every code for each of a grid's cells. */
static enum elg area_elg(const char *area)
{
	enum elg elg;

	if (area[0] == 'E' && area[1] >= '0' && area[1] <= '9' && area[2] >= '0' &&
	    area[2] <= '9' && area[3] == '\0') {
		int k = (area[1] - '0') * 10 + (area[2] - '0') - 1;
		if (k >= 0 && k < ELG__MAX && strcmp(elg_get((enum elg)k)->code, area) == 0)
			return (enum elg)k;
	}
	if (!elg_parse(area, &elg))
		elg = ELG_E01; /* the schema's CHECK keeps other codes out */
	return elg;
}

static void judgement_read(struct query *q, void *row)
{
	struct judgement *j = row;
	int col = 0;

	memset(j, 0, sizeof(*j));
	j->pupil_id = q_col_int(q, col++);
	j->elg = area_elg(q_col_str(q, col++));
	j->value = (int)q_col_int(q, col++);
	q_col_text(q, col++, j->colour, sizeof(j->colour));
	q_col_text(q, col++, j->note, sizeof(j->note));
	j->version = q_col_int(q, col++);
	j->updated_at = q_col_int(q, col++);
	q_col_text(q, col++, j->updated_by, sizeof(j->updated_by));
}

/* A cell of the list straight from the row (columns of JUDGE_COLS), without the
 * 1 KB note buffer of struct judgement: the note, when there is one, is added to
 * text and its offset returned (0: none). */
static size_t cell_read(struct query *q, struct judgement_cell *jc, struct strbuf *text)
{
	const char *note;
	size_t at = 0;

	jc->pupil_id = q_col_int(q, 0);
	jc->elg = area_elg(q_col_str(q, 1));
	jc->value = (int)q_col_int(q, 2);
	q_col_text(q, 3, jc->colour, sizeof(jc->colour));
	note = q_col_str(q, 4);
	if (note[0]) {
		/* cut as struct judgement's buffer would, so both readers agree */
		size_t n = strnlen(note, NOTE_MAX_LEN + 1);
		char buf[NOTE_MAX_LEN + 1];

		if (n > NOTE_MAX_LEN) {
			text_copy(buf, sizeof(buf), note);
			note = buf;
			n = strlen(buf);
		}
		at = text->len;
		strbuf_add(text, note, n + 1);
	}
	jc->version = q_col_int(q, 5);
	jc->updated_at = q_col_int(q, 6);
	q_col_text(q, 7, jc->updated_by, sizeof(jc->updated_by));
	jc->note = "";
	return at;
}

enum err store_judgement_list(struct store_conn *c, int64_t assessment_id,
			      struct judgement_cell **out, size_t *n, char **notes)
{
	struct judgement_cell *list = NULL;
	struct strbuf text = STRBUF_INIT;
	size_t len = 0, cap = 0, *at = NULL;
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	*notes = NULL;
	q_init(&q, c, STMT_JUDGE_LIST);
	q_int(&q, assessment_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	strbuf_addc(&text, '\0'); /* at 0: the empty note of every cell without one */
	while (q_row(&q)) {
		if (len == cap) {
			/* a whole grid is 90 x 17 cells: grow in big steps */
			cap = cap ? cap * 2 : 256;
			list = xrealloc(list, cap * sizeof(*list));
			at = xrealloc(at, cap * sizeof(*at));
		}
		/* where the note starts in text (which may still move as it grows) */
		at[len] = cell_read(&q, &list[len], &text);
		len++;
	}
	e = q_end(&q);
	if (e) {
		free(list);
		free(at);
		strbuf_release(&text);
		return e;
	}
	*notes = strbuf_detach(&text, NULL);
	for (size_t i = 0; i < len; i++)
		list[i].note = *notes + at[i];
	free(at);
	*out = list;
	*n = len;
	return ERR_OK;
}

/* The cell in the columns of STMT_JUDGE_GRID of q's row, from column base on
 * (the writer's name, base + 6, only when writers). Its note is borrowed from
 * the row, or copied into cut when it has to be cut. */
static void grid_cell_read(struct query *q, int base, bool writers, struct judgement_cell *jc,
			   char cut[static NOTE_MAX_LEN + 1])
{
	const char *text;

	jc->pupil_id = q_col_int(q, base);
	jc->elg = area_elg(q_col_str(q, base + 1));
	jc->value = (int)q_col_int(q, base + 2);
	jc->version = q_col_int(q, base + 5);
	if (writers)
		q_col_text(q, base + 6, jc->updated_by, sizeof(jc->updated_by));
	/* colour: most cells have none, so no copy then */
	text = q_col_str(q, base + 3);
	if (text[0])
		text_copy(jc->colour, sizeof(jc->colour), text);
	else
		jc->colour[0] = '\0';
	/* the note last (a borrowed column lasts until the next q_col_* call),
	 * cut as struct judgement's buffer would (see cell_read) */
	jc->note = q_col_str(q, base + 4);
	if (jc->note[0] && strnlen(jc->note, NOTE_MAX_LEN + 1) > NOTE_MAX_LEN) {
		text_copy(cut, NOTE_MAX_LEN + 1, jc->note);
		jc->note = cut;
	}
}

enum {
	PACK_SLOT = 12,			 /* value, colour-or-note flag, 10-digit version */
	PACK_LEN = ELG__MAX * PACK_SLOT, /* 023_judgement_pack: 204 */
};

/* The cells of one judgement_pack row (023_judgement_pack.sql) handed to fn:
 * every written slot, without its colour or note (those come after). A row of
 * another length is refused, not guessed at. */
static enum err pack_cells(int64_t pupil_id, const char *cells, store_grid_cell_fn *fn, void *ctx)
{
	struct judgement_cell jc = { .pupil_id = pupil_id, .note = "" };

	if (strlen(cells) != PACK_LEN) {
		log_error("judgement_pack: pupil %lld: cells of %zu characters, not %d",
			  (long long)pupil_id, strlen(cells), (int)PACK_LEN);
		return ERR_IO;
	}
	for (int k = 0; k < ELG__MAX; k++) {
		const char *slot = cells + k * PACK_SLOT;
		int64_t version = 0;

		for (int d = 2; d < PACK_SLOT; d++)
			version = version * 10 + (slot[d] - '0');
		if (version == 0)
			continue; /* never written */
		jc.elg = (enum elg)k;
		jc.value = slot[0] - '0';
		jc.version = version;
		fn(ctx, &jc);
	}
	return ERR_OK;
}

/* One row of STMT_JUDGE_GRID_SCREEN as the screen's answer keeps it (and
 * store_cache.c may keep it for later): the four numbers, then its three
 * texts, each NUL-ended. Columns: 0 kind (0 a pupil's packed cells, 1 a cell
 * with a colour or a note, 2 a pupil's note), 1 pupil, 2 cells or area,
 * 3 value, 4 colour, 5 note, 6 version. */
struct screen_head {
	int64_t kind, pupil_id, value, version;
};

static void screen_keep(struct query *q, struct strbuf *out)
{
	struct screen_head h = { q_col_int(q, 0), q_col_int(q, 1), q_col_int(q, 3),
				 q_col_int(q, 6) };

	strbuf_add(out, &h, sizeof(h));
	for (int col = 2; col <= 5; col++) {
		if (col == 3)
			continue;
		strbuf_adds(out, q_col_str(q, col));
		strbuf_addc(out, '\0');
	}
}

/* The next text of a kept row at *at (of end), or NULL when the answer is
 * cut short. */
static const char *screen_text(const char *data, size_t end, size_t *at)
{
	const char *s = data + *at;
	const char *nul = *at < end ? memchr(s, '\0', end - *at) : NULL;

	if (!nul)
		return NULL;
	*at += (size_t)(nul - s) + 1;
	return s;
}

/* Hands the kept rows of data (size bytes) to fn and note_fn as
 * store_judgement_grid describes. */
static enum err screen_replay(const char *data, size_t size, store_grid_cell_fn *fn,
			      store_grid_note_fn *note_fn, void *ctx)
{
	struct judgement_cell jc = { .updated_at = 0 };
	struct assessment_note nt;
	char cut[NOTE_MAX_LEN + 1];
	size_t at = 0;

	while (at < size) {
		struct screen_head h;
		const char *text, *colour, *note;

		if (size - at < sizeof(h))
			return ERR_IO;
		memcpy(&h, data + at, sizeof(h));
		at += sizeof(h);
		text = screen_text(data, size, &at);
		colour = screen_text(data, size, &at);
		note = screen_text(data, size, &at);
		if (!text || !colour || !note)
			return ERR_IO;
		if (h.kind == 0) {
			enum err e = pack_cells(h.pupil_id, text, fn, ctx);
			if (e)
				return e;
		} else if (h.kind == 2) {
			/* the pupils' notes, as note_read reads them */
			if (!note_fn)
				continue;
			memset(&nt, 0, sizeof(nt));
			nt.pupil_id = h.pupil_id;
			nt.version = h.version;
			text_copy(nt.note, sizeof(nt.note), note);
			note_fn(ctx, &nt);
		} else {
			/* a cell with a colour or a note, as grid_cell_read reads it */
			jc.pupil_id = h.pupil_id;
			jc.elg = area_elg(text);
			jc.value = (int)h.value;
			jc.version = h.version;
			text_copy(jc.colour, sizeof(jc.colour), colour);
			jc.note = note;
			if (strnlen(note, NOTE_MAX_LEN + 1) > NOTE_MAX_LEN) {
				text_copy(cut, sizeof(cut), note);
				jc.note = cut;
			}
			fn(ctx, &jc);
		}
	}
	return ERR_OK;
}

/* The screen's rows of assessment_id: from this process's memory when they
 * were kept at version, else from the database (and kept). */
static enum err screen_read(struct store_conn *c, int64_t assessment_id, int64_t version,
			    store_grid_cell_fn *fn, store_grid_note_fn *note_fn, void *ctx)
{
	struct strbuf rows = STRBUF_INIT;
	struct cache_key k;
	struct query q;
	void *data;
	size_t size;
	enum err e;

	cache_key_set(&k, assessment_id, "screen");
	if (cache_get(c, &k, version, &data, &size, NULL)) {
		e = screen_replay(data, size, fn, note_fn, ctx);
		free(data);
		return e;
	}
	q_init(&q, c, STMT_JUDGE_GRID_SCREEN);
	q_int(&q, assessment_id);
	q_int(&q, assessment_id);
	q_int(&q, assessment_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (q_row(&q))
		screen_keep(&q, &rows);
	e = q_end(&q);
	if (!e)
		e = screen_replay(strbuf_str(&rows), rows.len, fn, note_fn, ctx);
	if (!e)
		cache_put(c, &k, version, rows.buf, rows.len, 0);
	strbuf_release(&rows);
	return e;
}

enum err store_judgement_grid(struct store_conn *c, const struct assessment *a, bool writers,
			      store_grid_cell_fn *fn, store_grid_note_fn *note_fn, void *ctx)
{
	struct judgement_cell jc = { .updated_at = 0 };
	char cut[NOTE_MAX_LEN + 1];
	struct query q;
	enum err e;

	if (!writers)
		return screen_read(c, a->id, a->cells_version, fn, note_fn, ctx);
	q_init(&q, c, STMT_JUDGE_GRID);
	q_int(&q, a->id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (q_row(&q)) {
		grid_cell_read(&q, 0, true, &jc, cut);
		fn(ctx, &jc);
	}
	return q_end(&q);
}

/* A written slot of a pack as a value of store_judgement_values' list. */
struct value_list {
	struct judgement_value *list;
	size_t len, cap;
};

static void value_add(void *ctx, const struct judgement_cell *jc)
{
	struct value_list *v = ctx;

	if (v->len == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 256;
		v->list = xrealloc(v->list, v->cap * sizeof(*v->list));
	}
	v->list[v->len++] = (struct judgement_value){ jc->pupil_id, jc->elg, jc->value };
}

enum err store_judgement_values(struct store_conn *c, int64_t assessment_id,
				struct judgement_value **out, size_t *n)
{
	struct value_list v = { NULL, 0, 0 };
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	/* one row per pupil (judgement_pack), not one per cell */
	q_init(&q, c, STMT_JUDGE_VALUES);
	q_int(&q, assessment_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (!e && q_row(&q))
		e = pack_cells(q_col_int(&q, 0), q_col_str(&q, 1), value_add, &v);
	if (e)
		q_end(&q);
	else
		e = q_end(&q);
	if (e) {
		free(v.list);
		return e;
	}
	*out = v.list;
	*n = v.len;
	return ERR_OK;
}

enum err store_judgement_get(struct store_conn *c, int64_t assessment_id, int64_t pupil_id,
			     enum elg elg, struct judgement *out)
{
	struct query q;

	memset(out, 0, sizeof(*out));
	out->pupil_id = pupil_id;
	out->elg = elg;
	q_init(&q, c, STMT_JUDGE_GET);
	q_int(&q, assessment_id);
	q_int(&q, pupil_id);
	q_text(&q, elg_get(elg)->code);
	return q_one(&q, judgement_read, out);
}

enum err store_judgement_row(struct store_conn *c, int64_t assessment_id, int64_t pupil_id,
			     struct judgement row[static ELG__MAX])
{
	struct judgement j;
	struct query q;
	enum err e;

	memset(row, 0, sizeof(*row) * ELG__MAX);
	for (int i = 0; i < ELG__MAX; i++) {
		row[i].pupil_id = pupil_id;
		row[i].elg = (enum elg)i;
	}
	q_init(&q, c, STMT_JUDGE_ROW);
	q_int(&q, assessment_id);
	q_int(&q, pupil_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (q_row(&q)) {
		judgement_read(&q, &j);
		row[j.elg] = j;
	}
	return q_end(&q);
}

static const char *value_label(const struct assessment *a, int v)
{
	const struct scale *s = scale_get(a->kind);

	return v >= 0 && v < s->count ? s->values[v].label : "?";
}

enum err store_judgement_put(struct store_conn *c, const struct actor *who,
			     const struct assessment *a, struct judgement *j,
			     struct judgement *current, struct errbuf *eb)
{
	return store_judgement_put_known(c, who, a, j, NULL, current, eb);
}

enum err store_judgement_put_known(struct store_conn *c, const struct actor *who,
				   const struct assessment *a, struct judgement *j,
				   const struct judgement *stored, struct judgement *current,
				   struct errbuf *eb)
{
	const char *by = who && who->name ? who->name : "system";
	const char *area = elg_get(j->elg)->code;
	struct judgement old;
	struct audit_row r;
	char object[64];
	struct query q;
	bool written;
	bool own = c->depth == 0;
	enum err e = ERR_OK;

	if (j->value < 0 || j->value >= scale_get(a->kind)->count)
		return errbuf_set(eb, ERR_INVALID, "value %d is not on the scale", j->value);
	/* In a caller's transaction no savepoint (SAVEPOINT and RELEASE are two round
	 * trips on PostgreSQL, per cell): every caller (app/assess.c, the EYFSP
	 * import, the demo data) rolls its whole transaction back when a put fails.
	 * A conflict has written nothing; a failed statement marks the transaction
	 * failed (q_exec), so it cannot be committed by mistake. */
	if (own) {
		e = store_begin(c, eb);
		if (e)
			return e;
	}
	/* The cell as the caller read it in this transaction, or read now. Either
	 * way the write below only happens at that version (WHERE version = ?, or
	 * the INSERT that does nothing when a row exists), so the audit's old values
	 * are the ones replaced. */
	if (stored && own)
		stored = NULL; /* read in another transaction: read again */
	if (stored)
		old = *stored;
	else
		e = store_judgement_get(c, a->id, j->pupil_id, j->elg, &old);
	if (e == ERR_NOT_FOUND)
		e = ERR_OK;
	if (e)
		goto out;
	if (old.version != j->version)
		goto stale;
	q_init(&q, c, old.version == 0 ? STMT_JUDGE_INSERT : STMT_JUDGE_UPDATE);
	if (old.version == 0) {
		q_int(&q, a->id);
		q_int(&q, j->pupil_id);
		q_text(&q, area);
		q_int(&q, j->value);
		q_text(&q, j->colour);
		q_text(&q, j->note);
		q_text(&q, by);
	} else {
		q_int(&q, j->value);
		q_text(&q, j->colour);
		q_text(&q, j->note);
		q_text(&q, by);
		q_int(&q, a->id);
		q_int(&q, j->pupil_id);
		q_text(&q, area);
		q_int(&q, j->version);
	}
	e = q_exec(&q, eb);
	if (e == ERR_INVALID)
		errbuf_set(eb, e, "there is no pupil with id %lld", (long long)j->pupil_id);
	if (e)
		goto out;
	written = q_row(&q);
	if (written) {
		j->version = q_col_int(&q, 0);
		j->updated_at = q_col_int(&q, 1);
	}
	e = q_end(&q);
	if (e)
		goto out;
	if (!written) {
		/* Someone wrote between our read and our write: read what they wrote. */
		e = store_judgement_get(c, a->id, j->pupil_id, j->elg, &old);
		if (e && e != ERR_NOT_FOUND)
			goto out;
		goto stale;
	}
	text_copy(j->updated_by, sizeof(j->updated_by), by);
	judgement_object(object, a->id, j->pupil_id, j->elg);
	memset(&r, 0, sizeof(r));
	r.action = "judgement.set";
	r.object = object;
	r.establishment_id = a->establishment_id;
	e = audit_diff_text(c, who, &r, e, "value", value_label(a, old.value),
			    value_label(a, j->value), eb);
	e = audit_diff_text(c, who, &r, e, "colour", old.colour, j->colour, eb);
	e = audit_diff_text(c, who, &r, e, "note", old.note, j->note, eb);
	goto out;
stale:
	if (current)
		*current = old;
	e = errbuf_set(eb, ERR_CONFLICT,
		       "%s was changed by %s meanwhile: it is now \"%s\". Check it and enter "
		       "your judgement again if it is still needed",
		       elg_get(j->elg)->name, old.updated_by[0] ? old.updated_by : "someone else",
		       value_label(a, old.value));
out:
	if (!own)
		return e;
	if (e) {
		store_rollback(c);
		return e;
	}
	return store_commit(c, eb);
}

enum err store_judgement_history(struct store_conn *c, const struct assessment *a, int64_t pupil_id,
				 enum elg elg, int limit, struct audit_entry **out, size_t *n)
{
	struct audit_entry *list = NULL;
	size_t len = 0, cap = 0;
	char object[64];
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	judgement_object(object, a->id, pupil_id, elg);
	q_init(&q, c, STMT_JUDGE_HISTORY);
	q_int(&q, a->establishment_id);
	q_text(&q, object);
	q_int(&q, limit > 0 ? limit : 100);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (q_row(&q)) {
		struct audit_entry *r;
		list = list_push(list, &len, &cap, sizeof(*list));
		r = &list[len - 1];
		r->id = q_col_int(&q, 0);
		r->at = q_col_int(&q, 1);
		r->user_id = q_col_int(&q, 2);
		q_col_text(&q, 3, r->actor, sizeof(r->actor));
		q_col_text(&q, 4, r->ip, sizeof(r->ip));
		r->establishment_id = q_col_int(&q, 5);
		r->la_id = q_col_int(&q, 6);
		q_col_text(&q, 7, r->action, sizeof(r->action));
		q_col_text(&q, 8, r->object, sizeof(r->object));
		q_col_text(&q, 9, r->field, sizeof(r->field));
		q_col_text(&q, 10, r->old_value, sizeof(r->old_value));
		q_col_text(&q, 11, r->new_value, sizeof(r->new_value));
	}
	*out = q_end_list(&q, list, len, n, &e);
	return e;
}

static void note_read(struct query *q, void *row)
{
	struct assessment_note *nt = row;

	memset(nt, 0, sizeof(*nt));
	nt->pupil_id = q_col_int(q, 0);
	q_col_text(q, 1, nt->note, sizeof(nt->note));
	nt->version = q_col_int(q, 2);
}

enum err store_assessment_note_list(struct store_conn *c, int64_t assessment_id,
				    struct assessment_note **out, size_t *n)
{
	struct query q;
	enum err e;

	q_init(&q, c, STMT_ANOTE_LIST);
	q_int(&q, assessment_id);
	*out = q_collect(&q, sizeof(**out), note_read, n, &e);
	return e;
}

static enum err note_get(struct store_conn *c, int64_t assessment_id, int64_t pupil_id,
			 struct assessment_note *out)
{
	struct query q;
	enum err e;

	memset(out, 0, sizeof(*out));
	out->pupil_id = pupil_id;
	q_init(&q, c, STMT_ANOTE_GET);
	q_int(&q, assessment_id);
	q_int(&q, pupil_id);
	e = q_one(&q, note_read, out);
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}

enum err store_assessment_note_put(struct store_conn *c, const struct actor *who,
				   const struct assessment *a, struct assessment_note *nt,
				   struct assessment_note *current, struct errbuf *eb)
{
	const char *by = who && who->name ? who->name : "system";
	struct assessment_note old;
	struct audit_row r;
	char object[64];
	struct query q;
	bool written;
	struct tx t;
	enum err e;

	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = note_get(c, a->id, nt->pupil_id, &old);
	if (e)
		goto out;
	if (old.version != nt->version)
		goto stale;
	q_init(&q, c, old.version == 0 ? STMT_ANOTE_INSERT : STMT_ANOTE_UPDATE);
	if (old.version == 0) {
		q_int(&q, a->id);
		q_int(&q, nt->pupil_id);
		q_text(&q, nt->note);
		q_text(&q, by);
	} else {
		q_text(&q, nt->note);
		q_text(&q, by);
		q_int(&q, a->id);
		q_int(&q, nt->pupil_id);
		q_int(&q, nt->version);
	}
	e = q_exec(&q, eb);
	if (e == ERR_INVALID)
		errbuf_set(eb, e, "there is no pupil with id %lld", (long long)nt->pupil_id);
	if (e)
		goto out;
	written = q_row(&q);
	if (written)
		nt->version = q_col_int(&q, 0);
	e = q_end(&q);
	if (e)
		goto out;
	if (!written) {
		e = note_get(c, a->id, nt->pupil_id, &old);
		if (e)
			goto out;
		goto stale;
	}
	snprintf(object, sizeof(object), "assessment %lld pupil %lld", (long long)a->id,
		 (long long)nt->pupil_id);
	memset(&r, 0, sizeof(r));
	r.action = "assessment.note";
	r.object = object;
	r.establishment_id = a->establishment_id;
	e = audit_diff_text(c, who, &r, e, "note", old.note, nt->note, eb);
	goto out;
stale:
	if (current)
		*current = old;
	e = errbuf_set(eb, ERR_CONFLICT,
		       "the note was changed by someone else meanwhile: reload and try again");
out:
	return tx_leave(c, &t, e, eb);
}
