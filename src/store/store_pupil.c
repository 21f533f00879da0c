/*
 * store_pupil: pupils of an establishment. UPNs are unique nationally; updates are
 * optimistic (a version column checked in the UPDATE itself) and audit every field
 * that changed, old -> new, in the same transaction.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/pupil_filter.h"
#include "store/backend.h"
#include "store/store_pupil_int.h"

const char *sp_gender_code(enum gender g)
{
	return g == GENDER_MALE ? "M" : g == GENDER_FEMALE ? "F" : "";
}

void sp_read(struct query *q, struct pupil *p)
{
	char dob[16], gender[4], sen[4];
	int col = 0;

	memset(p, 0, sizeof(*p));
	p->id = q_col_int(q, col++);
	p->establishment_id = q_col_int(q, col++);
	q_col_text(q, col++, p->upn, sizeof(p->upn));
	q_col_text(q, col++, p->surname, sizeof(p->surname));
	q_col_text(q, col++, p->forenames, sizeof(p->forenames));
	q_col_text(q, col++, dob, sizeof(dob));
	if (!date_parse_iso(dob, &p->dob))
		memset(&p->dob, 0, sizeof(p->dob));
	q_col_text(q, col++, gender, sizeof(gender));
	p->gender = gender[0] == 'M' ? GENDER_MALE :
		    gender[0] == 'F' ? GENDER_FEMALE :
				       GENDER_UNKNOWN;
	q_col_text(q, col++, p->postcode, sizeof(p->postcode));
	q_col_text(q, col++, p->ethnicity, sizeof(p->ethnicity));
	q_col_text(q, col++, sen, sizeof(sen));
	p->sen = sen[0];
	q_col_text(q, col++, p->sen_notes, sizeof(p->sen_notes));
	p->class_no = (int)q_col_int(q, col++);
	p->year_override = (int)q_col_int(q, col++);
	p->disadvantaged = q_col_bool(q, col++);
	p->eal = q_col_bool(q, col++);
	p->pupil_premium = q_col_bool(q, col++);
	p->fsm = q_col_bool(q, col++);
	for (int i = 0; i < CUSTOM_COUNT; i++)
		p->custom[i] = q_col_bool(q, col++);
	p->include_in_data = q_col_bool(q, col++);
	p->archived = q_col_bool(q, col++);
	p->version = q_col_int(q, col++);
}

/* Binds the columns in the order of PUPIL_PARAMS (stmt.c); dob and sen need
 * caller-owned buffers that live until the statement has run. */
static void pupil_bind(struct query *q, const struct pupil *p, char dob[static 11],
		       char sen[static 2])
{
	sen[0] = p->sen;
	sen[1] = '\0';
	q_int(q, p->establishment_id);
	q_text(q, p->upn);
	q_text(q, p->surname);
	q_text(q, p->forenames);
	if (date_valid(p->dob)) {
		date_format_iso(p->dob, dob);
		q_text(q, dob);
	} else {
		dob[0] = '\0';
		q_null(q);
	}
	q_text(q, sp_gender_code(p->gender));
	q_text(q, p->postcode);
	q_text(q, p->ethnicity);
	q_text(q, sen);
	q_text(q, p->sen_notes);
	q_int(q, p->class_no);
	q_int(q, p->year_override);
	q_int(q, p->disadvantaged);
	q_int(q, p->eal);
	q_int(q, p->pupil_premium);
	q_int(q, p->fsm);
	for (int i = 0; i < CUSTOM_COUNT; i++)
		q_int(q, p->custom[i]);
	q_int(q, p->include_in_data);
	q_int(q, p->archived);
}

enum err sp_check(const struct pupil *p, struct errbuf *eb)
{
	if (!p->upn[0])
		return errbuf_set(eb, ERR_INVALID, "the pupil needs a UPN");
	if (!p->surname[0])
		return errbuf_set(eb, ERR_INVALID, "pupil %s needs a surname", p->upn);
	if (p->class_no < 0 || p->class_no > CLASS_COUNT)
		return errbuf_set(eb, ERR_INVALID, "pupil %s: class %d is not 1 to %d", p->upn,
				  p->class_no, CLASS_COUNT);
	if ((unsigned)p->gender >= GENDER__MAX)
		return errbuf_set(eb, ERR_INVALID, "pupil %s: unknown gender", p->upn);
	return ERR_OK;
}

/* The message for a failed insert or update, by what the database said. */
void sp_explain(const struct pupil *p, enum err e, struct errbuf *eb)
{
	if (e == ERR_CONFLICT)
		errbuf_set(eb, e, "a pupil with UPN %s exists already", p->upn);
	else if (e == ERR_INVALID)
		errbuf_set(eb, e, "pupil %s: there is no establishment with id %lld", p->upn,
			   (long long)p->establishment_id);
}

enum err store_pupil_add(struct store_conn *c, const struct actor *who, struct pupil *p,
			 struct errbuf *eb)
{
	struct audit_row r = { .action = "pupil.add" };
	char object[32], value[2 * PERSON_NAME_MAX + 24], dob[11], sen[2];
	struct query q;
	struct tx t;
	enum err e;

	e = sp_check(p, eb);
	if (e)
		return e;
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_PUPIL_INSERT);
	pupil_bind(&q, p, dob, sen);
	e = q_exec(&q, eb);
	sp_explain(p, e, eb);
	if (e)
		goto out;
	if (q_row(&q)) {
		p->id = q_col_int(&q, 0);
		p->version = q_col_int(&q, 1);
	} else if (!q.err) {
		q.err = errbuf_set(eb, ERR_IO, "the database returned no id");
	}
	e = q_end(&q);
	if (e)
		goto out;
	snprintf(object, sizeof(object), "pupil %lld", (long long)p->id);
	snprintf(value, sizeof(value), "%s %s, %s", p->upn, p->surname, p->forenames);
	r.object = object;
	r.establishment_id = p->establishment_id;
	e = audit_write(c, who, &r, "", "", value, eb);
out:
	return tx_leave(c, &t, e, eb);
}

void sp_read_row(struct query *q, void *row)
{
	sp_read(q, row);
}

enum err store_pupil_get(struct store_conn *c, int64_t id, struct pupil *out)
{
	return q_one_by_id(c, STMT_PUPIL_GET, id, sp_read_row, out);
}

enum err store_pupil_get_by_upn(struct store_conn *c, const char *upn, struct pupil *out)
{
	struct query q;

	q_init(&q, c, STMT_PUPIL_GET_BY_UPN);
	q_text(&q, upn);
	return q_one(&q, sp_read_row, out);
}

static void diff_text(struct diff_sink *d, const char *field, const char *old_value,
		      const char *new_value)
{
	if (d->e || strcmp(old_value, new_value) == 0)
		return;
	if (d->batch) {
		store_audit_batch_add(d->batch, d->r->action, d->r->object, field, old_value,
				      new_value);
		return;
	}
	d->e = audit_write(d->c, d->who, d->r, field, old_value, new_value, d->eb);
}

static void diff_int(struct diff_sink *d, const char *field, int64_t old_value, int64_t new_value)
{
	char o[24], n[24];

	if (d->e || old_value == new_value)
		return;
	snprintf(o, sizeof(o), "%lld", (long long)old_value);
	snprintf(n, sizeof(n), "%lld", (long long)new_value);
	diff_text(d, field, o, n);
}

static void diff_bool(struct diff_sink *d, const char *field, bool old_value, bool new_value)
{
	diff_text(d, field, old_value ? "yes" : "no", new_value ? "yes" : "no");
}

/* One audit row per field that differs between old and p. */
enum err sp_audit_changes(struct diff_sink *d, const struct pupil *old, const struct pupil *p)
{
	char od[11] = "", nd[11] = "", os[2] = { old->sen, 0 }, ns[2] = { p->sen, 0 };
	char field[16];

	if (date_valid(old->dob))
		date_format_iso(old->dob, od);
	if (date_valid(p->dob))
		date_format_iso(p->dob, nd);
	diff_int(d, "establishment_id", old->establishment_id, p->establishment_id);
	diff_text(d, "upn", old->upn, p->upn);
	diff_text(d, "surname", old->surname, p->surname);
	diff_text(d, "forenames", old->forenames, p->forenames);
	diff_text(d, "dob", od, nd);
	diff_text(d, "gender", sp_gender_code(old->gender), sp_gender_code(p->gender));
	diff_text(d, "postcode", old->postcode, p->postcode);
	diff_text(d, "ethnicity", old->ethnicity, p->ethnicity);
	diff_text(d, "sen", os, ns);
	diff_text(d, "sen_notes", old->sen_notes, p->sen_notes);
	diff_int(d, "class_no", old->class_no, p->class_no);
	diff_int(d, "year_override", old->year_override, p->year_override);
	diff_bool(d, "disadvantaged", old->disadvantaged, p->disadvantaged);
	diff_bool(d, "eal", old->eal, p->eal);
	diff_bool(d, "pupil_premium", old->pupil_premium, p->pupil_premium);
	diff_bool(d, "fsm", old->fsm, p->fsm);
	for (int i = 0; i < CUSTOM_COUNT; i++) {
		snprintf(field, sizeof(field), "custom%d", i + 1);
		diff_bool(d, field, old->custom[i], p->custom[i]);
	}
	diff_bool(d, "include_in_data", old->include_in_data, p->include_in_data);
	diff_bool(d, "archived", old->archived, p->archived);
	return d->e;
}

enum err store_pupil_update(struct store_conn *c, const struct actor *who, struct pupil *p,
			    struct errbuf *eb)
{
	struct audit_row r = { .action = "pupil.update" };
	char object[32], dob[11], sen[2];
	struct pupil old;
	int64_t version = 0;
	struct query q;
	struct tx t;
	enum err e;

	e = sp_check(p, eb);
	if (e)
		return e;
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = store_pupil_get(c, p->id, &old);
	if (e == ERR_NOT_FOUND)
		errbuf_set(eb, e, "there is no pupil with id %lld", (long long)p->id);
	if (e)
		goto out;
	/* Checked again by the UPDATE itself, which is what makes it safe. */
	if (old.version != p->version) {
		e = errbuf_set(
			eb, ERR_CONFLICT,
			"pupil %s was changed by someone else meanwhile: reload and try again",
			old.upn);
		goto out;
	}
	q_init(&q, c, STMT_PUPIL_UPDATE);
	pupil_bind(&q, p, dob, sen);
	q_int(&q, p->archived);
	q_int(&q, p->id);
	q_int(&q, p->version);
	e = q_exec(&q, eb);
	sp_explain(p, e, eb);
	if (e)
		goto out;
	e = q_end_int(&q, &version);
	if (e == ERR_NOT_FOUND)
		e = errbuf_set(
			eb, ERR_CONFLICT,
			"pupil %s was changed by someone else meanwhile: reload and try again",
			old.upn);
	if (e)
		goto out;
	snprintf(object, sizeof(object), "pupil %lld", (long long)p->id);
	r.object = object;
	r.establishment_id = p->establishment_id;
	e = sp_audit_changes(&(struct diff_sink){ .c = c, .who = who, .r = &r, .eb = eb }, &old, p);
out:
	e = tx_leave(c, &t, e, eb);
	if (e == ERR_OK)
		p->version = version;
	return e;
}

enum err store_pupil_list(struct store_conn *c, const struct pupil_query *pq, struct pupil **out,
			  size_t *n)
{
	char surname[PERSON_NAME_MAX + 2], upn[16];
	const char *sp = NULL, *up = NULL;
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	/* Prefixes are folded here (ASCII), so both backends compare the same bytes. */
	if (pq->surname && pq->surname[0]) {
		text_lower(surname, sizeof(surname), pq->surname);
		sp = surname;
	}
	if (pq->upn && pq->upn[0]) {
		text_copy(upn, sizeof(upn), pq->upn);
		for (char *s = upn; *s; s++)
			if (*s >= 'a' && *s <= 'z')
				*s = (char)(*s - 'a' + 'A');
		up = upn;
	}
	q_init(&q, c, STMT_PUPIL_LIST);
	q_int(&q, pq->establishment_id);
	q_text(&q, sp);
	q_text(&q, sp);
	q_text(&q, sp);
	q_text(&q, up);
	q_text(&q, up);
	q_text(&q, up);
	q_int(&q, pq->class_no);
	q_int(&q, pq->class_no);
	q_int(&q, pq->include_archived);
	q_int(&q, pq->limit > 0 ? pq->limit : INT64_MAX);
	q_int(&q, pq->offset > 0 ? pq->offset : 0);
	*out = q_collect(&q, sizeof(**out), sp_read_row, n, &e);
	return e;
}

enum err store_pupil_count(struct store_conn *c, int64_t establishment_id, long *n)
{
	struct query q;
	enum err e;

	*n = 0;
	q_init(&q, c, STMT_PUPIL_COUNT);
	q_int(&q, establishment_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	if (q_row(&q))
		*n = (long)q_col_int(&q, 0);
	return q_end(&q);
}

/* ---- issue 4a: search, archive, establishment profile, saved selection ---- */

_Static_assert(STMT_PUPIL_SEARCH_LAST - STMT_PUPIL_SEARCH_FIRST + 1 == 2 * PUPIL_SORT__MAX,
	       "one search statement per sort order and direction");

void q_pupil_filter(struct query *q, const struct pupil_filter *f)
{
	struct pupil_filter all;
	struct pf_value v[PUPIL_FILTER_NVALUES];

	if (f) {
		pupil_filter_compile(f, v);
	} else {
		/* Every text of "all" is "": bind literals, not the local filter's bytes. */
		pupil_filter_init(&all);
		pupil_filter_compile(&all, v);
		for (size_t i = 0; i < PUPIL_FILTER_NVALUES; i++)
			if (v[i].is_text)
				v[i].s = "";
	}
	for (size_t i = 0; i < PUPIL_FILTER_NVALUES; i++) {
		if (v[i].is_text)
			q_text(q, v[i].s);
		else
			q_int(q, v[i].i);
	}
}

void sp_search_bind(struct query *q, const struct pupil_search *s, struct search_bufs *b)
{
	b->surname[0] = b->upn[0] = b->from[0] = b->to[0] = '\0';
	if (s->surname)
		text_lower(b->surname, sizeof(b->surname), s->surname);
	if (s->upn) {
		text_copy(b->upn, sizeof(b->upn), s->upn);
		for (char *p = b->upn; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
	}
	if (s->year_group != YEAR_NONE) {
		/* Born in academic year y - g - 5 (calendar.h's year_group_of). */
		int birth = s->academic_year - s->year_group - 5;
		date_format_iso(academic_year_start(birth), b->from);
		date_format_iso(academic_year_end(birth), b->to);
	}
	q_int(q, s->establishment_id);
	q_text(q, b->surname);
	q_text(q, b->surname);
	q_text(q, b->upn);
	q_text(q, b->upn);
	q_int(q, s->class_no);
	q_int(q, s->include_archived);
	q_int(q, s->year_group);
	q_int(q, s->year_group);
	q_text(q, b->from);
	q_text(q, b->to);
	q_pupil_filter(q, s->filter);
}

/* Whether s asks for a school's current pupils by name with nothing to match:
 * the STMT_PUPIL_NAMES_* statements give the same rows in the same order. */
bool sp_plain_list(const struct pupil_search *s)
{
	return s->sort == PUPIL_SORT_NAME && (!s->surname || !s->surname[0]) &&
	       (!s->upn || !s->upn[0]) && s->class_no == 0 && s->year_group == YEAR_NONE &&
	       !s->include_archived && pupil_filter_is_all(s->filter);
}

enum err store_pupil_search(struct store_conn *c, const struct pupil_search *s, struct pupil **out,
			    size_t *n, long *total)
{
	struct pupil_filter all;
	struct pupil_search sc = *s;
	struct search_bufs b;
	struct pupil *list = NULL;
	size_t len = 0, cap = 0;
	bool more = false, plain;
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	if (total)
		*total = 0;
	if ((unsigned)s->sort >= PUPIL_SORT__MAX)
		BUG("store_pupil_search: sort");
	if (!sc.filter) {
		pupil_filter_init(&all);
		sc.filter = &all;
	}
	plain = sp_plain_list(&sc);
	if (plain) {
		q_init(&q, c, s->desc ? STMT_PUPIL_NAMES_DESC : STMT_PUPIL_NAMES_ASC);
		q_int(&q, s->academic_year);
		q_int(&q, s->establishment_id);
	} else {
		int at = 2 * (int)s->sort + (s->desc ? 1 : 0);
		q_init(&q, c, (enum stmt_id)(STMT_PUPIL_SEARCH_FIRST + at));
		q_int(&q, s->academic_year);
		sp_search_bind(&q, &sc, &b);
	}
	/* one row more than the page: when it does not come, the page is the last
	 * one and the total is known without counting */
	q_int(&q, s->limit > 0 ? (int64_t)s->limit + 1 : INT64_MAX);
	q_int(&q, s->offset > 0 ? s->offset : 0);
	e = q_exec(&q, NULL);
	if (e)
		goto out;
	while (q_row(&q)) {
		if (s->limit > 0 && len == (size_t)s->limit) {
			more = true;
			continue;
		}
		list = list_push(list, &len, &cap, sizeof(*list));
		sp_read(&q, &list[len - 1]);
	}
	e = q_end(&q);
	if (e)
		goto out;
	if (total && !more && (len > 0 || sc.offset <= 0))
		*total = (long)len + (sc.offset > 0 ? sc.offset : 0);
	else if (total && plain) {
		e = store_pupil_count(c, sc.establishment_id, total);
		if (e)
			goto out;
	} else if (total) {
		q_init(&q, c, STMT_PUPIL_SEARCH_COUNT);
		sp_search_bind(&q, &sc, &b);
		e = q_exec(&q, NULL);
		if (e)
			goto out;
		if (q_row(&q))
			*total = (long)q_col_int(&q, 0);
		e = q_end(&q);
		if (e)
			goto out;
	}
	*out = list;
	*n = len;
	list = NULL;
out:
	free(list);
	return e;
}

enum err store_pupil_set_archived(struct store_conn *c, const struct actor *who,
				  int64_t establishment_id, const int64_t *ids, size_t n,
				  bool archived, size_t *changed, struct errbuf *eb)
{
	size_t done = 0;
	struct tx t;
	enum err e;

	if (changed)
		*changed = 0;
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	for (size_t i = 0; i < n && !e; i++) {
		struct pupil p;
		e = store_pupil_get(c, ids[i], &p);
		if (e == ERR_OK && p.establishment_id != establishment_id)
			e = ERR_NOT_FOUND;
		if (e == ERR_NOT_FOUND) {
			errbuf_set(eb, e, "pupil %lld is not on this school's roll",
				   (long long)ids[i]);
			break;
		}
		if (e || p.archived == archived)
			continue;
		p.archived = archived;
		e = store_pupil_update(c, who, &p, eb);
		if (!e)
			done++;
	}
	e = tx_leave(c, &t, e, eb);
	if (!e && changed)
		*changed = done;
	return e;
}

/* The defaults "Class N" and "Custom N". */
static void profile_defaults(struct estab_profile *p)
{
	memset(p, 0, sizeof(*p));
	for (int i = 0; i < CLASS_COUNT; i++)
		snprintf(p->class_name[i], sizeof(p->class_name[i]), "Class %d", i + 1);
	for (int i = 0; i < CUSTOM_COUNT; i++)
		snprintf(p->custom_name[i], sizeof(p->custom_name[i]), "Custom %d", i + 1);
}

/* Name k (from 1) of list (0 classes, 1 custom filters) into p; anything else
 * is left alone. */
static void profile_put(struct estab_profile *p, int64_t list, int64_t k, const char *name,
			size_t len)
{
	if (list == 0 && k >= 1 && k <= CLASS_COUNT)
		snprintf(p->class_name[k - 1], sizeof(p->class_name[0]), "%.*s", (int)len, name);
	else if (list == 1 && k >= 1 && k <= CUSTOM_COUNT)
		snprintf(p->custom_name[k - 1], sizeof(p->custom_name[0]), "%.*s", (int)len, name);
}

void profile_read_packed(struct estab_profile *p, const char *packed)
{
	profile_defaults(p);
	for (const char *s = packed; s && *s;) {
		const char *end = strchr(s, '\x1e'), *name;
		char *after;
		long list, k;

		if (!end)
			end = s + strlen(s);
		list = strtol(s, &after, 10);
		if (*after == '\x1f') {
			k = strtol(after + 1, &after, 10);
			name = after + 1;
			if (*after == '\x1f' && name <= end)
				profile_put(p, list, k, name, (size_t)(end - name));
		}
		s = *end ? end + 1 : end;
	}
}

/* The stored class and custom filter names over the defaults, both lists in
 * one statement (rows "list, number, name"; list 0 classes, 1 custom filters). */
enum err store_estab_profile_get(struct store_conn *c, int64_t establishment_id,
				 struct estab_profile *p)
{
	struct query q;
	enum err e;

	profile_defaults(p);
	q_init(&q, c, STMT_ESTAB_NAMES);
	q_int(&q, establishment_id);
	q_int(&q, establishment_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (q_row(&q)) {
		int64_t list = q_col_int(&q, 0), k = q_col_int(&q, 1);
		const char *name = q_col_str(&q, 2); /* read last: valid until the next q_col */

		profile_put(p, list, k, name, strlen(name));
	}
	return q_end(&q);
}

static enum err name_put(struct store_conn *c, const struct actor *who, enum stmt_id id,
			 const struct audit_row *r, const char *field, int64_t establishment_id,
			 int k, const char *old_name, const char *new_name, struct errbuf *eb)
{
	struct query q;
	enum err e;

	if (strcmp(old_name, new_name) == 0)
		return ERR_OK;
	if (!new_name[0])
		return errbuf_set(eb, ERR_INVALID, "%s needs a name", field);
	/* the session's look-up packs names with control characters (stmt.c) */
	for (const char *p = new_name; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\t')
			return errbuf_set(eb, ERR_INVALID,
					  "%s: a name cannot hold a control character", field);
	q_init(&q, c, id);
	q_int(&q, establishment_id);
	q_int(&q, k);
	q_text(&q, new_name);
	e = q_run(&q, eb);
	if (!e)
		e = audit_write(c, who, r, field, old_name, new_name, eb);
	return e;
}

enum err store_estab_profile_set(struct store_conn *c, const struct actor *who,
				 int64_t establishment_id, const struct estab_profile *p,
				 struct errbuf *eb)
{
	struct audit_row r = { .action = "profile.update" };
	struct estab_profile old;
	char object[40], field[24];
	struct tx t;
	enum err e;

	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = store_estab_profile_get(c, establishment_id, &old);
	snprintf(object, sizeof(object), "establishment %lld", (long long)establishment_id);
	r.object = object;
	r.establishment_id = establishment_id;
	for (int i = 0; i < CLASS_COUNT && !e; i++) {
		snprintf(field, sizeof(field), "class %d", i + 1);
		e = name_put(c, who, STMT_CLASS_NAME_PUT, &r, field, establishment_id, i + 1,
			     old.class_name[i], p->class_name[i], eb);
	}
	for (int i = 0; i < CUSTOM_COUNT && !e; i++) {
		snprintf(field, sizeof(field), "custom %d", i + 1);
		e = name_put(c, who, STMT_CUSTOM_NAME_PUT, &r, field, establishment_id, i + 1,
			     old.custom_name[i], p->custom_name[i], eb);
	}
	return tx_leave(c, &t, e, eb);
}

enum err store_pupil_selection_get(struct store_conn *c, int64_t user_id, int64_t establishment_id,
				   char out[static SELECTION_MAX + 1])
{
	struct query q;
	enum err e;

	out[0] = '\0';
	q_init(&q, c, STMT_SELECTION_GET);
	q_int(&q, user_id);
	q_int(&q, establishment_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	if (q_row(&q))
		q_col_text(&q, 0, out, SELECTION_MAX + 1);
	return q_end(&q);
}

enum err store_pupil_selection_set(struct store_conn *c, const struct actor *who, int64_t user_id,
				   int64_t establishment_id, const char *query, struct errbuf *eb)
{
	struct audit_row r = { .action = "selection.save", .establishment_id = establishment_id };
	char object[40];
	struct query q;
	struct tx t;
	enum err e;

	if (strlen(query) > SELECTION_MAX)
		return errbuf_set(eb, ERR_INVALID, "the selection is too long to save");
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	q_init(&q, c, query[0] ? STMT_SELECTION_PUT : STMT_SELECTION_DELETE);
	q_int(&q, user_id);
	q_int(&q, establishment_id);
	if (query[0])
		q_text(&q, query);
	e = q_run(&q, eb);
	snprintf(object, sizeof(object), "user %lld", (long long)user_id);
	r.object = object;
	if (!e)
		e = audit_write(c, who, &r, "query", "", query, eb);
	return tx_leave(c, &t, e, eb);
}
