/*
 * pupils_bulk: one save of the "Edit multiple pupils" grid (see pupils_bulk.h).
 * The cells arrive as CSV (formats/csv.h); each pupil is read once, changed in
 * memory through core/validate's rules, and all are written in one transaction
 * with their versions checked by the UPDATE itself.
 */
#include "app/pupils_bulk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/codelist.h"
#include "core/validate.h"
#include "formats/csv.h"

enum { BULK_MAX_BYTES = 2 * 1024 * 1024 };

static const char *const field_names[BF__MAX] = {
	"class", "include", "gender",  "sen",	  "ethnicity", "disadvantaged", "eal",	   "pp",
	"fsm",	 "custom1", "custom2", "custom3", "custom4",   "custom5",	"custom6",
};

/* What a person reads for each column, in messages. */
static const char *const field_labels[BF__MAX] = {
	"Class",    "Include in data", "Male/Female", "SEN",	  "Ethnicity", "Disadvantaged",
	"EAL",	    "Pupil premium",   "FSM",	      "Custom 1", "Custom 2",  "Custom 3",
	"Custom 4", "Custom 5",	       "Custom 6",
};

const char *bulk_field_name(enum bulk_field f)
{
	return (unsigned)f < BF__MAX ? field_names[f] : NULL;
}

static bool *flag_of(struct pupil *p, enum bulk_field f)
{
	switch (f) {
	case BF_INCLUDE:
		return &p->include_in_data;
	case BF_DISADVANTAGED:
		return &p->disadvantaged;
	case BF_EAL:
		return &p->eal;
	case BF_PP:
		return &p->pupil_premium;
	case BF_FSM:
		return &p->fsm;
	default:
		if (f >= BF_CUSTOM1 && f <= BF_CUSTOM6)
			return &p->custom[f - BF_CUSTOM1];
		return NULL;
	}
}

const char *bulk_field_value(const struct pupil *p, enum bulk_field f, char buf[static 8])
{
	bool *flag = flag_of((struct pupil *)p, f);

	buf[0] = '\0';
	if (flag)
		return *flag ? "yes" : "no";
	switch (f) {
	case BF_CLASS:
		snprintf(buf, 8, "%d", p->class_no);
		break;
	case BF_GENDER:
		snprintf(buf, 8, "%s", gender_code(p->gender));
		break;
	case BF_SEN:
		snprintf(buf, 8, "%c", p->sen ? p->sen : 'N');
		break;
	case BF_ETHNICITY:
		snprintf(buf, 8, "%s", p->ethnicity);
		break;
	default:
		break;
	}
	return buf;
}

void bulk_result_free(struct bulk_result *r)
{
	if (!r)
		return;
	free(r->errors);
	free(r->saved);
	memset(r, 0, sizeof(*r));
}

static void add_error(struct bulk_result *r, int64_t id, enum bulk_field f, bool conflict,
		      const char *message)
{
	struct bulk_error *e;

	r->errors = xrealloc(r->errors, (r->nerrors + 1) * sizeof(*r->errors));
	e = &r->errors[r->nerrors++];
	memset(e, 0, sizeof(*e));
	e->pupil_id = id;
	e->field = f;
	e->conflict = conflict;
	snprintf(e->message, sizeof(e->message), "%s", message);
}

/* One pupil being edited. */
struct edit {
	struct pupil p;	  /* the record with the changes applied */
	bool old_include; /* include_in_data as stored */
};

/* Applies value to field f of p through the validation rules; false with a
 * message in pl when the value is not right. */
static bool apply(struct pupil *p, enum bulk_field f, const char *value, const char *loc,
		  struct problem_list *pl)
{
	bool *flag = flag_of(p, f);

	if (flag)
		return validate_yes_no_text(value, field_labels[f], false, loc, flag, pl);
	switch (f) {
	case BF_CLASS: {
		char *end = NULL;
		long n = strtol(value, &end, 10);
		if (!value[0] || *end || n < 0 || n > CLASS_COUNT) {
			problem_list_error(pl, loc, "CLASS_RANGE",
					   "choose one of the school's classes (1 to %d), or none",
					   CLASS_COUNT);
			return false;
		}
		p->class_no = (int)n;
		return validate_class_no(p->class_no, loc, pl);
	}
	case BF_GENDER:
		return validate_gender_text(value, loc, &p->gender, pl) &&
		       validate_gender(p->gender, loc, pl);
	case BF_SEN:
		return validate_sen_text(value, loc, &p->sen, pl);
	case BF_ETHNICITY:
		return validate_ethnicity_text(value, loc, p->ethnicity, pl);
	default:
		return false;
	}
}

static struct edit *edit_find(struct edit *edits, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (edits[i].p.id == id)
			return &edits[i];
	return NULL;
}

enum err pupils_bulk_save(struct store_conn *c, const struct actor *who,
			  const struct establishment *e, const char *changes, size_t len,
			  struct bulk_result *out, struct errbuf *eb)
{
	struct problem_list pl;
	struct edit *edits = NULL;
	size_t nedits = 0;
	struct csv rows;
	enum err rc;

	memset(out, 0, sizeof(*out));
	problem_list_init(&pl);
	rc = csv_parse("changes", changes, len, BULK_MAX_BYTES, &rows, &pl);
	if (rc) {
		errbuf_set(eb, ERR_USAGE, "the changes are not readable: %s",
			   pl.count ? pl.items[0].message : "bad text");
		rc = ERR_USAGE;
		goto out;
	}
	for (size_t i = 0; i < rows.nrows; i++) {
		const struct csv_row *r = &rows.rows[i];
		enum bulk_field f = BF__MAX;
		char *end = NULL, loc[PROBLEM_LOC_MAX];
		int64_t id, version;
		struct edit *ed;
		size_t before;

		if (r->n != 4) {
			rc = errbuf_set(eb, ERR_USAGE,
					"line %ld: expected PUPIL_ID,VERSION,FIELD,VALUE", r->line);
			goto out;
		}
		id = strtoll(r->fields[0].text, &end, 10);
		if (*end || id <= 0) {
			rc = errbuf_set(eb, ERR_USAGE, "line %ld: bad pupil id", r->line);
			goto out;
		}
		version = strtoll(r->fields[1].text, &end, 10);
		if (*end || version <= 0) {
			rc = errbuf_set(eb, ERR_USAGE, "line %ld: bad version", r->line);
			goto out;
		}
		for (int k = 0; k < BF__MAX; k++)
			if (strcmp(r->fields[2].text, field_names[k]) == 0)
				f = (enum bulk_field)k;
		if (f == BF__MAX) {
			rc = errbuf_set(eb, ERR_USAGE, "line %ld: unknown column", r->line);
			goto out;
		}
		ed = edit_find(edits, nedits, id);
		if (!ed) {
			struct pupil p;
			rc = store_pupil_get(c, id, &p);
			if (rc == ERR_OK && p.establishment_id != e->id)
				rc = ERR_NOT_FOUND;
			if (rc == ERR_NOT_FOUND) {
				errbuf_set(eb, rc,
					   "a pupil of the grid is no longer at this school: "
					   "reload the page");
				goto out;
			}
			if (rc)
				goto out;
			edits = xrealloc(edits, (nedits + 1) * sizeof(*edits));
			ed = &edits[nedits++];
			ed->p = p;
			ed->old_include = p.include_in_data;
			if (p.version != version) {
				char msg[PROBLEM_MSG_MAX];
				snprintf(msg, sizeof(msg),
					 "%s, %s (%s) was changed by someone else after you opened "
					 "this page: reload the page to see their changes, then "
					 "make yours again",
					 p.surname, p.forenames, p.upn);
				add_error(out, id, BF__MAX, true, msg);
			}
		} else if (ed->p.version != version && !out->nerrors) {
			rc = errbuf_set(eb, ERR_USAGE, "line %ld: two versions of one pupil",
					r->line);
			goto out;
		}
		snprintf(loc, sizeof(loc), "pupil %s / %s", ed->p.upn, field_labels[f]);
		before = pl.count;
		if (!apply(&ed->p, f, r->fields[3].text, loc, &pl)) {
			for (size_t k = before; k < pl.count; k++)
				if (pl.items[k].severity == SEV_ERROR)
					add_error(out, id, f, false, pl.items[k].message);
		}
	}
	if (out->nerrors) {
		bool conflict = false;
		for (size_t i = 0; i < out->nerrors; i++)
			conflict |= out->errors[i].conflict;
		rc = conflict ? ERR_CONFLICT : ERR_INVALID;
		errbuf_set(eb, rc, "nothing was saved: %zu problem%s", out->nerrors,
			   out->nerrors == 1 ? "" : "s");
		goto out;
	}
	rc = store_begin(c, eb);
	if (rc)
		goto out;
	for (size_t i = 0; i < nedits; i++) {
		struct errbuf one = { "" };
		rc = store_pupil_update(c, who, &edits[i].p, &one);
		if (rc) {
			store_rollback(c);
			add_error(out, edits[i].p.id, BF__MAX, rc == ERR_CONFLICT, one.msg);
			errbuf_set(eb, rc, "nothing was saved: %s", one.msg);
			goto out;
		}
	}
	rc = store_commit(c, eb);
	if (rc)
		goto out;
	out->saved = xcalloc(nedits ? nedits : 1, sizeof(*out->saved));
	for (size_t i = 0; i < nedits; i++) {
		out->saved[i].pupil_id = edits[i].p.id;
		out->saved[i].version = edits[i].p.version;
		if (edits[i].old_include && !edits[i].p.include_in_data)
			out->include_off++;
	}
	out->nsaved = nedits;
out:
	free(edits);
	csv_free(&rows);
	problem_list_release(&pl);
	return rc;
}
