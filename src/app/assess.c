/*
 * assess: EYFS tracking use cases (see assess.h). Values are parsed by the core
 * scale (core/framework.h), the Absent rule and the measures are core's
 * (core/measures.h); this file puts them together with the store in one
 * transaction per change.
 */
#include "app/assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/assess_int.h"
#include "base/date.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/pupil_filter.h"
#include "core/statutory.h"

const char *const assess_colours[] = { "green", "blue", "purple", "orange", "pink", NULL };
static const uint32_t colour_rgb[] = { 0xA9D08E, 0x9BC2E6, 0xC9A0DC, 0xF4B183, 0xF8CBDA };

unsigned assess_yg_bit(int year_group)
{
	switch (year_group) {
	case YEAR_N1:
		return ASSESS_YG_N1;
	case YEAR_N2:
		return ASSESS_YG_N2;
	case YEAR_R:
		return ASSESS_YG_R;
	default:
		return 0;
	}
}

char *assess_yg_label(unsigned bits, char *buf, size_t size)
{
	static const struct {
		unsigned bit;
		const char *label;
	} names[] = { { ASSESS_YG_N1, "N1" }, { ASSESS_YG_N2, "N2" }, { ASSESS_YG_R, "R" } };
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(bits & names[i].bit))
			continue;
		int w = snprintf(buf + len, size - len, "%s%s", len ? ", " : "", names[i].label);
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
	return buf;
}

int assess_pupil_year_group(const struct pupil *p, int academic_year)
{
	return p->year_override != YEAR_NONE ? p->year_override :
					       year_group_of(p->dob, academic_year);
}

bool assess_covers(const struct assessment *a, const struct pupil *p)
{
	return !p->archived && p->establishment_id == a->establishment_id &&
	       (assess_yg_bit(assess_pupil_year_group(p, a->academic_year)) & a->year_groups);
}

bool assess_colour_ok(const char *name)
{
	if (!name || !*name)
		return true;
	for (size_t i = 0; assess_colours[i]; i++)
		if (strcmp(name, assess_colours[i]) == 0)
			return true;
	return false;
}

uint32_t assess_colour_rgb(const char *name)
{
	for (size_t i = 0; name && *name && assess_colours[i]; i++)
		if (strcmp(name, assess_colours[i]) == 0)
			return colour_rgb[i];
	return 0;
}

/* ---- assessments */

static enum err input_check(const struct assess_input *in, struct assessment *a, struct errbuf *eb)
{
	const char *name = in->name ? in->name : "";
	size_t chars;

	while (*name == ' ')
		name++;
	if (!*name)
		return errbuf_set(eb, ERR_INVALID,
				  "Assessment name: enter a name, for example \"Autumn Term "
				  "Assessment\"");
	if (!utf8_valid_text(name, strlen(name)))
		return errbuf_set(eb, ERR_INVALID,
				  "Assessment name: the name holds characters that are not text");
	chars = utf8_length(name, strlen(name));
	if (chars > ASSESS_NAME_MAX)
		return errbuf_set(eb, ERR_INVALID,
				  "Assessment name: use at most %d characters (it has %zu)",
				  ASSESS_NAME_MAX, chars);
	for (const char *s = name; *s; s++)
		if ((unsigned char)*s < 0x20)
			return errbuf_set(eb, ERR_INVALID,
					  "Assessment name: remove the tab or line break");
	snprintf(a->name, sizeof(a->name), "%s", name);
	for (size_t n = strlen(a->name); n && a->name[n - 1] == ' '; n--)
		a->name[n - 1] = '\0';
	a->kind = in->kind == SCALE_ELG ? SCALE_ELG : SCALE_TRACKING;
	a->year_groups = in->year_groups & (ASSESS_YG_N1 | ASSESS_YG_N2 | ASSESS_YG_R);
	if (a->kind == SCALE_ELG) {
		if (a->year_groups & (ASSESS_YG_N1 | ASSESS_YG_N2))
			return errbuf_set(eb, ERR_INVALID,
					  "Years: the end of year early learning goals are for "
					  "Reception only");
		a->year_groups = ASSESS_YG_R;
		if (!date_valid(in->completion))
			return errbuf_set(eb, ERR_INVALID,
					  "Completion date: enter the date the early learning "
					  "goals are to be completed by, for example 30/06/2026");
		a->completion = in->completion;
		a->date = date_valid(in->date) ? in->date : in->completion;
	} else {
		if (!date_valid(in->date))
			return errbuf_set(eb, ERR_INVALID,
					  "Assessment date: enter the date of the assessment, for "
					  "example 14/10/2025");
		if (!a->year_groups)
			return errbuf_set(eb, ERR_INVALID,
					  "Years: tick one or more of Nursery 1, Nursery 2 and "
					  "Reception");
		a->date = in->date;
		memset(&a->completion, 0, sizeof(a->completion));
	}
	return ERR_OK;
}

enum err assess_create(struct app *app, struct store_conn *c, const struct actor *who,
		       const struct establishment *e, const struct assess_input *in,
		       struct assessment *out, struct errbuf *eb)
{
	struct assessment a;
	enum err rc;

	(void)app;
	memset(&a, 0, sizeof(a));
	rc = input_check(in, &a, eb);
	if (rc)
		return rc;
	a.establishment_id = e->id;
	a.academic_year = academic_year_of(a.date);
	rc = store_assessment_add(c, who, &a, eb);
	if (rc == ERR_OK && out)
		*out = a;
	return rc;
}

enum err assess_get(struct store_conn *c, const struct establishment *e, int64_t id,
		    struct assessment *out)
{
	enum err rc = store_assessment_get(c, id, out);

	if (rc == ERR_OK && out->establishment_id != e->id) {
		memset(out, 0, sizeof(*out));
		return ERR_NOT_FOUND;
	}
	return rc;
}

enum err assess_update(struct app *app, struct store_conn *c, const struct actor *who,
		       const struct establishment *e, int64_t id, int64_t version,
		       const struct assess_input *in, struct assessment *out, struct errbuf *eb)
{
	struct assess_input fixed = *in;
	struct assessment a, checked;
	enum err rc;

	(void)app;
	rc = assess_get(c, e, id, &a);
	if (rc)
		return rc == ERR_NOT_FOUND ?
			       errbuf_set(eb, rc, "That assessment no longer exists.") :
			       rc;
	fixed.kind = a.kind;
	memset(&checked, 0, sizeof(checked));
	rc = input_check(&fixed, &checked, eb);
	if (rc)
		return rc;
	snprintf(a.name, sizeof(a.name), "%s", checked.name);
	a.date = checked.date;
	a.completion = checked.completion;
	a.year_groups = checked.year_groups;
	a.version = version;
	rc = store_assessment_update(c, who, &a, eb);
	if (rc == ERR_OK && out)
		*out = a;
	return rc;
}

/* hold: inside the writer's transaction, where the state is held until it
 * ends (PostgreSQL), so a submit cannot slip in between the check and the
 * write; else a plain read for an early answer. */
static enum err locked_check(struct store_conn *c, const struct assessment *a, bool hold,
			     struct errbuf *eb)
{
	struct stat_submission sub;
	char when[11];
	enum err rc;

	if (a->kind != SCALE_ELG)
		return ERR_OK;
	rc = hold ? store_submission_hold(c, a->establishment_id, COLL_EYFSP, a->academic_year,
					  &sub) :
		    store_submission_get(c, a->establishment_id, COLL_EYFSP, a->academic_year,
					 &sub);
	if (rc)
		return errbuf_set(eb, rc, "The submission state could not be read. Try again.");
	if (!sub.submitted)
		return ERR_OK;
	date_format_dmy(date_from_unix(sub.submitted_at), when);
	return errbuf_set(eb, ERR_LOCKED,
			  "The early learning goals were submitted on %s; ask your LA to unlock "
			  "them",
			  when);
}

enum err assess_locked(struct store_conn *c, const struct assessment *a, struct errbuf *eb)
{
	return locked_check(c, a, false, eb);
}

enum err assess_locked_hold(struct store_conn *c, const struct assessment *a, struct errbuf *eb)
{
	return locked_check(c, a, true, eb);
}

enum err assess_delete(struct app *app, struct store_conn *c, const struct actor *who,
		       const struct establishment *e, int64_t id, bool confirmed, struct errbuf *eb)
{
	struct assessment a;
	long n = 0;
	enum err rc;

	(void)app;
	rc = assess_get(c, e, id, &a);
	if (rc)
		return rc == ERR_NOT_FOUND ?
			       errbuf_set(eb, rc, "That assessment no longer exists.") :
			       rc;
	rc = store_judgement_count(c, a.id, &n);
	if (rc)
		return errbuf_set(eb, rc, "The assessment could not be read. Try again.");
	rc = assess_locked(c, &a, eb);
	if (rc)
		return rc;
	if (n > 0 && !confirmed)
		return errbuf_set(eb, ERR_CONFLICT,
				  "\"%s\" holds %ld judgement%s. Tick \"Delete the judgements "
				  "too\" to delete it with them.",
				  a.name, n, n == 1 ? "" : "s");
	return store_assessment_delete(c, who, &a, eb);
}

/* ---- writing cells */

static enum err value_parse(const struct assessment *a, const char *text, int *v, struct errbuf *eb)
{
	*v = scale_parse(a->kind, text ? text : "");
	if (*v >= 0)
		return ERR_OK;
	if (a->kind == SCALE_ELG)
		return errbuf_set(eb, ERR_INVALID,
				  "\"%s\" is not an early learning goal result: use E (Emerging), "
				  "X (Expected), A (Absent) or leave it blank",
				  text);
	return errbuf_set(eb, ERR_INVALID,
			  "\"%s\" is not a tracking judgement: use B (Below), O (On track) or "
			  "leave it blank",
			  text);
}

/* The pupil when the assessment covers them; ERR_NOT_FOUND for another school's. */
static enum err pupil_check(struct store_conn *c, const struct establishment *e,
			    const struct assessment *a, int64_t pupil_id, struct pupil *p,
			    struct errbuf *eb)
{
	char label[YEAR_LABEL_MAX], groups[16];
	enum err rc = store_pupil_get(c, pupil_id, p);

	if (rc == ERR_NOT_FOUND || (rc == ERR_OK && p->establishment_id != e->id))
		return errbuf_set(eb, ERR_NOT_FOUND, "There is no such pupil at this school.");
	if (rc)
		return errbuf_set(eb, rc, "The pupil could not be read. Try again.");
	if (!assess_covers(a, p))
		return errbuf_set(
			eb, ERR_INVALID, "%s %s is in %s in %d: this assessment is for %s only",
			p->forenames, p->surname,
			p->archived ?
				"no year group (archived)" :
				year_label(assess_pupil_year_group(p, a->academic_year), label),
			a->academic_year, assess_yg_label(a->year_groups, groups, sizeof(groups)));
	return ERR_OK;
}

static int64_t known_version(const struct assess_fill *f, int64_t pupil_id, enum elg elg)
{
	for (size_t i = 0; i < f->nknown; i++)
		if (f->known[i].pupil_id == pupil_id && f->known[i].elg == elg)
			return f->known[i].version;
	return 0;
}

struct row_change {
	unsigned targets;		/* bit per ELG the writer asked for */
	int value;			/* the value for the targets */
	const char *colour;		/* NULL = keep (targets only) */
	const char *note;		/* NULL = keep (targets only) */
	int64_t version;		/* single-cell write: expected version of the target */
	const struct assess_fill *fill; /* fill: expected versions (known) or NULL */
	bool single;			/* a single-cell write (always written) */
};

static void push_cell(struct judgement **list, size_t *n, size_t *cap, const struct judgement *j)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		*list = xrealloc(*list, *cap * sizeof(**list));
	}
	(*list)[(*n)++] = *j;
}

/* Applies a change to one pupil's row inside the caller's transaction: the
 * targets, then the Absent rule, writing only cells that change (a single-cell
 * write always writes its target). */
static enum err row_apply(struct store_conn *c, const struct actor *who, const struct assessment *a,
			  int64_t pupil_id, const struct row_change *rc, struct judgement **list,
			  size_t *n, size_t *cap, struct judgement *conflict, struct errbuf *eb)
{
	struct judgement row[ELG__MAX], next[ELG__MAX];
	bool old_absent = false, new_absent = false;
	enum err e;

	e = store_judgement_row(c, a->id, pupil_id, row);
	if (e)
		return errbuf_set(eb, e, "The judgements could not be read. Try again.");
	for (int i = 0; i < ELG__MAX; i++) {
		next[i] = row[i];
		if (!(rc->targets & (1u << i)))
			continue;
		int64_t want = rc->single ? rc->version :
			       rc->fill && rc->fill->known ?
					    known_version(rc->fill, pupil_id, (enum elg)i) :
					    row[i].version;
		if (row[i].version != want) {
			if (conflict)
				*conflict = row[i];
			return errbuf_set(eb, ERR_CONFLICT,
					  "%s was changed by %s meanwhile: it is now \"%s\". Check "
					  "it and enter your judgement again if it is still needed",
					  elg_get((enum elg)i)->name,
					  row[i].updated_by[0] ? row[i].updated_by : "someone else",
					  scale_get(a->kind)->values[row[i].value].label);
		}
		if (row[i].value == ELG_ABSENT && a->kind == SCALE_ELG)
			old_absent = true;
		next[i].value = rc->value;
		if (rc->colour)
			snprintf(next[i].colour, sizeof(next[i].colour), "%s", rc->colour);
		if (rc->note)
			snprintf(next[i].note, sizeof(next[i].note), "%s", rc->note);
		if (a->kind != SCALE_TRACKING || rc->value != TRACK_ON_TRACK)
			next[i].colour[0] = '\0';
	}
	if (a->kind == SCALE_ELG) {
		enum elg_result r[ELG__MAX];
		new_absent = rc->value == ELG_ABSENT;
		for (int i = 0; i < ELG__MAX; i++)
			r[i] = (enum elg_result)next[i].value;
		if (new_absent) {
			elg_apply_absent(r);
			for (int i = 0; i < ELG__MAX; i++)
				next[i].value = r[i];
		} else if (old_absent) {
			/* Leaving Absent: the row's other Absent cells go blank. */
			for (int i = 0; i < ELG__MAX; i++)
				if (!(rc->targets & (1u << i)) && next[i].value == ELG_ABSENT)
					next[i].value = ELG_BLANK;
		}
	}
	for (int i = 0; i < ELG__MAX; i++) {
		bool target = rc->targets & (1u << i);
		if (next[i].value == row[i].value && strcmp(next[i].colour, row[i].colour) == 0 &&
		    strcmp(next[i].note, row[i].note) == 0 && !(target && rc->single))
			continue;
		e = store_judgement_put_known(c, who, a, &next[i], &row[i], conflict, eb);
		if (e)
			return e;
		push_cell(list, n, cap, &next[i]);
	}
	return ERR_OK;
}

static enum err tx_end(struct store_conn *c, enum err e, struct errbuf *eb)
{
	if (e) {
		store_rollback(c);
		return e;
	}
	return store_commit(c, eb);
}

enum err assess_set_cell(struct app *app, struct store_conn *c, const struct actor *who,
			 const struct establishment *e, const struct assessment *a,
			 const struct assess_cell_write *w, struct assess_written *out,
			 struct errbuf *eb)
{
	struct row_change rc = { .targets = 1u << w->elg,
				 .colour = w->colour,
				 .note = w->note,
				 .version = w->version,
				 .single = true };
	struct judgement *list = NULL;
	size_t n = 0, cap = 0;
	struct pupil p;
	enum err rc_e;

	(void)app;
	memset(out, 0, sizeof(*out));
	if ((unsigned)w->elg >= ELG__MAX)
		return errbuf_set(eb, ERR_INVALID, "unknown area of development");
	rc_e = value_parse(a, w->value, &rc.value, eb);
	if (rc_e)
		return rc_e;
	if (!assess_colour_ok(w->colour))
		return errbuf_set(eb, ERR_INVALID, "\"%s\" is not one of the colours", w->colour);
	if (w->colour && *w->colour && (a->kind != SCALE_TRACKING || rc.value != TRACK_ON_TRACK))
		return errbuf_set(eb, ERR_INVALID,
				  "A \"gone beyond\" colour goes only with On track");
	if (w->note && strlen(w->note) > NOTE_MAX_LEN)
		return errbuf_set(eb, ERR_INVALID, "The note is longer than %d characters",
				  NOTE_MAX_LEN);
	rc_e = pupil_check(c, e, a, w->pupil_id, &p, eb);
	if (rc_e)
		return rc_e;
	rc_e = store_begin(c, eb);
	if (rc_e)
		return rc_e;
	rc_e = assess_locked_hold(c, a, eb);
	if (!rc_e)
		rc_e = row_apply(c, who, a, w->pupil_id, &rc, &list, &n, &cap, &out->current, eb);
	rc_e = tx_end(c, rc_e, eb);
	if (rc_e == ERR_OK) {
		out->n = n < ELG__MAX ? n : ELG__MAX;
		memcpy(out->cells, list, out->n * sizeof(*list));
	}
	free(list);
	return rc_e;
}

void assess_scope_of(const struct assessment *a, struct judgement_scope *s)
{
	static const int groups[] = { YEAR_N1, YEAR_N2, YEAR_R };
	int n = 0;

	s->assessment_id = a->id;
	s->establishment_id = a->establishment_id;
	s->academic_year = a->academic_year;
	for (int i = 0; i < 3; i++) {
		s->year_group[i] = JUDGEMENT_SCOPE_UNUSED;
		if (assess_yg_bit(groups[i]) & a->year_groups)
			s->year_group[n++] = groups[i];
	}
}

enum err assess_covered_pupils(struct store_conn *c, const struct assessment *a, int64_t version,
			       struct pupil **out, size_t *n)
{
	struct judgement_scope s;
	struct pupil *list = NULL;
	size_t len = 0, kept = 0;
	enum err e;

	/* the store reads the pupils of the assessment's year groups only; each is
	 * still checked by the one rule (assess_covers) */
	assess_scope_of(a, &s);
	e = store_pupil_list_covered(c, &s, version, &list, &len);
	if (e)
		return e;
	for (size_t i = 0; i < len; i++)
		if (assess_covers(a, &list[i]) && kept < ASSESS_PUPILS_MAX)
			list[kept++] = list[i];
	*out = list;
	*n = kept;
	return ERR_OK;
}

/* The pupils a column fill writes (issue 5: a fill never reaches a pupil the
 * writer does not see): with a versions list, exactly the pupils it names, each
 * once, for f->elg only, each one the assessment covers; without one, the
 * pupils covered that pass f->filter. *ids: caller frees. */
static enum err fill_column_targets(struct store_conn *c, const struct establishment *e,
				    const struct assessment *a, const struct assess_fill *f,
				    int64_t **ids, size_t *nids, struct errbuf *eb)
{
	struct pupil *pupils = NULL, p;
	size_t np = 0;
	enum err rc;

	*ids = NULL;
	*nids = 0;
	rc = assess_covered_pupils(c, a, 0, &pupils, &np); /* a write: as stored now */
	if (rc)
		return errbuf_set(eb, rc, "The pupils could not be read. Try again.");
	*ids = xmalloc((f->known ? f->nknown : np) * sizeof(**ids) + sizeof(**ids));
	for (size_t i = 0; !f->known && i < np; i++)
		if (!f->filter || pupil_filter_match(f->filter, &pupils[i]))
			(*ids)[(*nids)++] = pupils[i].id;
	for (size_t i = 0; f->known && i < f->nknown && !rc; i++) {
		const struct assess_known *k = &f->known[i];
		bool covered = false;
		if (k->elg != f->elg) {
			rc = errbuf_set(
				eb, ERR_INVALID,
				"versions: a fill of %s lists only cells of %s (cell %zu is "
				"of %s)",
				elg_get(f->elg)->name, elg_get(f->elg)->code, i + 1,
				elg_get(k->elg)->code);
			break;
		}
		for (size_t j = 0; j < *nids; j++)
			if ((*ids)[j] == k->pupil_id)
				rc = errbuf_set(eb, ERR_INVALID,
						"versions: pupil %lld is listed twice; list each "
						"cell once",
						(long long)k->pupil_id);
		for (size_t j = 0; j < np && !covered; j++)
			covered = pupils[j].id == k->pupil_id;
		if (!rc && !covered) {
			rc = pupil_check(c, e, a, k->pupil_id, &p, eb);
			if (rc == ERR_OK) /* covered, but past the grid's ASSESS_PUPILS_MAX */
				rc = errbuf_set(eb, ERR_INVALID,
						"%s %s is not on this grid: nothing was filled",
						p.forenames, p.surname);
		}
		if (!rc)
			(*ids)[(*nids)++] = k->pupil_id;
	}
	free(pupils);
	if (rc) {
		free(*ids);
		*ids = NULL;
		*nids = 0;
	}
	return rc;
}

enum err assess_fill(struct app *app, struct store_conn *c, const struct actor *who,
		     const struct establishment *e, const struct assessment *a,
		     const struct assess_fill *f, struct judgement **cells, size_t *ncells,
		     struct judgement *conflict, struct errbuf *eb)
{
	struct row_change rc = { .fill = f };
	struct judgement *list = NULL;
	int64_t *pupils = NULL;
	size_t n = 0, cap = 0, np = 0;
	struct pupil p;
	enum err rc_e;

	(void)app;
	*cells = NULL;
	*ncells = 0;
	rc_e = value_parse(a, f->value, &rc.value, eb);
	if (rc_e)
		return rc_e;
	if (f->row) {
		rc_e = pupil_check(c, e, a, f->pupil_id, &p, eb);
		if (rc_e)
			return rc_e;
		rc.targets = (1u << ELG__MAX) - 1;
	} else {
		if ((unsigned)f->elg >= ELG__MAX)
			return errbuf_set(eb, ERR_INVALID, "unknown area of development");
		rc.targets = 1u << f->elg;
		rc_e = fill_column_targets(c, e, a, f, &pupils, &np, eb);
		if (rc_e)
			return rc_e;
	}
	rc_e = store_begin(c, eb);
	if (rc_e)
		goto out;
	rc_e = assess_locked_hold(c, a, eb);
	if (f->row && !rc_e)
		rc_e = row_apply(c, who, a, f->pupil_id, &rc, &list, &n, &cap, conflict, eb);
	for (size_t i = 0; !f->row && i < np && !rc_e; i++)
		rc_e = row_apply(c, who, a, pupils[i], &rc, &list, &n, &cap, conflict, eb);
	rc_e = tx_end(c, rc_e, eb);
	if (rc_e == ERR_OK) {
		*cells = list;
		*ncells = n;
		list = NULL;
	}
out:
	free(list);
	free(pupils);
	return rc_e;
}

/* ---- a batch of cells */

static void problem_add(struct assess_problem **list, size_t *n, size_t i, enum err code,
			const char *msg, const struct judgement *current)
{
	struct assess_problem *p;

	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	p = &(*list)[(*n)++];
	memset(p, 0, sizeof(*p));
	p->index = i;
	p->code = code;
	snprintf(p->msg, sizeof(p->msg), "%s", msg);
	if (current)
		p->current = *current;
}

/* The checks of assess_set_cell that need no transaction. */
static enum err cell_check(struct store_conn *c, const struct establishment *e,
			   const struct assessment *a, const struct assess_cell_write *w,
			   int *value, struct errbuf *eb)
{
	struct pupil p;
	enum err rc;

	if ((unsigned)w->elg >= ELG__MAX)
		return errbuf_set(eb, ERR_INVALID, "unknown area of development");
	rc = value_parse(a, w->value, value, eb);
	if (rc)
		return rc;
	if (!assess_colour_ok(w->colour))
		return errbuf_set(eb, ERR_INVALID, "\"%s\" is not one of the colours", w->colour);
	if (w->colour && *w->colour && (a->kind != SCALE_TRACKING || *value != TRACK_ON_TRACK))
		return errbuf_set(eb, ERR_INVALID,
				  "A \"gone beyond\" colour goes only with On track");
	if (w->note && strlen(w->note) > NOTE_MAX_LEN)
		return errbuf_set(eb, ERR_INVALID, "The note is longer than %d characters",
				  NOTE_MAX_LEN);
	return pupil_check(c, e, a, w->pupil_id, &p, eb);
}

enum err assess_set_cells(struct app *app, struct store_conn *c, const struct actor *who,
			  const struct establishment *e, const struct assessment *a,
			  const struct assess_cell_write *w, size_t n, struct judgement **cells,
			  size_t *ncells, struct assess_problem **problems, size_t *nproblems,
			  struct errbuf *eb)
{
	struct judgement *list = NULL, row[ELG__MAX];
	int *values = NULL;
	size_t nlist = 0, cap = 0;
	bool invalid = false;
	enum err rc = ERR_OK;

	(void)app;
	*cells = NULL;
	*ncells = 0;
	*problems = NULL;
	*nproblems = 0;
	if (n == 0)
		return errbuf_set(eb, ERR_INVALID, "The batch holds no changes.");
	if (n > ASSESS_BATCH_MAX)
		return errbuf_set(eb, ERR_TOO_BIG,
				  "The batch holds %zu changes; send at most %d at a time.", n,
				  ASSESS_BATCH_MAX);
	rc = assess_locked(c, a, eb);
	if (rc)
		return rc;
	values = xcalloc(n, sizeof(*values));
	for (size_t i = 0; i < n; i++) {
		struct errbuf one = { "" };
		enum err ce = cell_check(c, e, a, &w[i], &values[i], &one);

		if (ce == ERR_OK) {
			for (size_t k = 0; k < i; k++)
				if (w[k].pupil_id == w[i].pupil_id && w[k].elg == w[i].elg) {
					snprintf(one.msg, sizeof(one.msg),
						 "the same cell as change %zu: send each cell once",
						 k + 1);
					ce = ERR_INVALID;
					break;
				}
		}
		if (ce == ERR_OK)
			continue;
		if (ce != ERR_INVALID && ce != ERR_NOT_FOUND) {
			rc = errbuf_set(eb, ce, "%s", one.msg);
			goto out;
		}
		problem_add(problems, nproblems, i, ce, one.msg, NULL);
		invalid = true;
	}
	if (invalid) {
		rc = errbuf_set(eb, ERR_INVALID,
				"%zu of the %zu changes cannot be saved; nothing was saved.",
				*nproblems, n);
		goto out;
	}
	rc = store_begin(c, eb);
	if (rc)
		goto out;
	rc = assess_locked_hold(c, a, eb);
	/* Versions against the cells as they were before the batch. */
	for (size_t i = 0; i < n && !rc; i++) {
		rc = store_judgement_row(c, a->id, w[i].pupil_id, row);
		if (rc) {
			errbuf_set(eb, rc, "The judgements could not be read. Try again.");
			break;
		}
		if (row[w[i].elg].version != w[i].version) {
			const struct judgement *cur = &row[w[i].elg];
			char msg[256];
			snprintf(msg, sizeof(msg),
				 "%s was changed by %s meanwhile: it is now \"%s\"",
				 elg_get(w[i].elg)->name,
				 cur->updated_by[0] ? cur->updated_by : "someone else",
				 scale_get(a->kind)->values[cur->value].label);
			problem_add(problems, nproblems, i, ERR_CONFLICT, msg, cur);
		}
	}
	if (!rc && *nproblems)
		rc = errbuf_set(eb, ERR_CONFLICT,
				"%zu of the cells were changed by someone else meanwhile; nothing "
				"was saved. Reload the grid and enter your judgements again if "
				"they are still needed.",
				*nproblems);
	for (size_t i = 0; i < n && !rc; i++) {
		struct row_change ch = { .targets = 1u << w[i].elg,
					 .value = values[i],
					 .colour = w[i].colour,
					 .note = w[i].note,
					 .single = true };
		/* An earlier change of the batch may have moved this row (Absent). */
		rc = store_judgement_row(c, a->id, w[i].pupil_id, row);
		if (rc) {
			errbuf_set(eb, rc, "The judgements could not be read. Try again.");
			break;
		}
		ch.version = row[w[i].elg].version;
		rc = row_apply(c, who, a, w[i].pupil_id, &ch, &list, &nlist, &cap, NULL, eb);
	}
	rc = tx_end(c, rc, eb);
	if (rc == ERR_OK) {
		*cells = list;
		*ncells = nlist;
		list = NULL;
	}
out:
	free(values);
	free(list);
	return rc;
}

enum err assess_set_note(struct app *app, struct store_conn *c, const struct actor *who,
			 const struct establishment *e, const struct assessment *a,
			 int64_t pupil_id, const char *note, int64_t version,
			 struct assessment_note *out, struct errbuf *eb)
{
	struct assessment_note nt = { .pupil_id = pupil_id, .version = version };
	struct pupil p;
	enum err rc;

	(void)app;
	if (strlen(note) > NOTE_MAX_LEN)
		return errbuf_set(eb, ERR_INVALID, "The note is longer than %d characters",
				  NOTE_MAX_LEN);
	if (!utf8_valid_text(note, strlen(note)))
		return errbuf_set(eb, ERR_INVALID, "The note holds characters that are not text");
	rc = pupil_check(c, e, a, pupil_id, &p, eb);
	if (rc)
		return rc;
	snprintf(nt.note, sizeof(nt.note), "%s", note);
	rc = store_assessment_note_put(c, who, a, &nt, out, eb);
	if (rc == ERR_OK && out)
		*out = nt;
	return rc;
}
