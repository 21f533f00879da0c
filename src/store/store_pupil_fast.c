/*
 * store_pupil_fast: the pupil list read from its index (store_pupil_search_brief)
 * and a pupil upload stored in a fixed handful of statements whatever its size
 * (store_pupils_by_upn, store_pupils_put), with the same rows, checks, messages
 * and audit as store_pupil.c's one-by-one functions.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/pupil_filter.h"
#include "store/backend.h"
#include "store/json_batch.h"
#include "store/store_pupil_int.h"

/* The columns of the STMT_PUPIL_BRIEF_* statements (stmt.c), in order. */
static void pupil_read_brief(struct query *q, struct pupil *p)
{
	const char *s;

	memset(p, 0, sizeof(*p));
	p->id = q_col_int(q, 0);
	p->establishment_id = q_col_int(q, 1);
	q_col_text(q, 2, p->upn, sizeof(p->upn));
	q_col_text(q, 3, p->surname, sizeof(p->surname));
	q_col_text(q, 4, p->forenames, sizeof(p->forenames));
	if (!date_parse_iso(q_col_str(q, 5), &p->dob))
		memset(&p->dob, 0, sizeof(p->dob));
	s = q_col_str(q, 6);
	p->gender = s[0] == 'M' ? GENDER_MALE : s[0] == 'F' ? GENDER_FEMALE : GENDER_UNKNOWN;
	p->class_no = (int)q_col_int(q, 7);
	p->year_override = (int)q_col_int(q, 8);
	p->archived = q_col_bool(q, 9);
}

/* The smallest text above every text that starts with prefix: prefix cut after
 * its last ASCII byte below 0x7F, that byte plus one. Without one, a text above
 * every valid UTF-8 text of less than 256 bytes (U+10FFFF, 64 times): a name
 * holds at most PERSON_NAME_MAX bytes. */
static void prefix_end(const char *prefix, char out[static 260])
{
	size_t n = strlen(prefix);

	while (n > 0 && (unsigned char)prefix[n - 1] >= 0x7F)
		n--;
	if (n > 0 && n < 260) {
		memcpy(out, prefix, n);
		out[n - 1] = (char)(prefix[n - 1] + 1);
		out[n] = '\0';
		return;
	}
	for (int i = 0; i < 64; i++)
		memcpy(out + 4 * i, "\xF4\x8F\xBF\xBF", 4);
	out[256] = '\0';
}

/* The values of PUPIL_BRIEF_WHERE (stmt.c): search_bind's but the filter's, with
 * the range of lower(surname) after the establishment. */
static void brief_bind(struct query *q, const struct pupil_search *s, struct search_bufs *b,
		       char hi[static 260])
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
	prefix_end(b->surname, hi);
	q_int(q, s->establishment_id);
	q_text(q, b->surname);
	q_text(q, hi);
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
}

enum err store_pupil_search_brief(struct store_conn *c, const struct pupil_search *s,
				  struct pupil **out, size_t *n, long *total)
{
	char hi[260];
	struct pupil_filter all;
	struct search_bufs b;
	struct pupil_search sc = *s;
	struct pupil *list = NULL;
	size_t len = 0, cap = 0;
	int64_t counted = -1;
	bool more = false, plain;
	struct cache_key k;
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	if (total)
		*total = 0;
	if ((unsigned)s->sort >= PUPIL_SORT__MAX)
		BUG("store_pupil_search_brief: sort");
	/* The characteristics filter reads columns the list's index does not hold. */
	if (s->filter && !pupil_filter_is_all(s->filter))
		return store_pupil_search(c, s, out, n, total);
	/* as store_pupil_list_covered: served from memory while the school's
	 * pupils are at the version the caller read */
	cache_key_set(&k, s->establishment_id, "brief %d %d %d %d %d %d %d %d %d %zu:%s %zu:%s",
		      (int)s->sort, s->desc, s->limit, s->offset, s->class_no, s->year_group,
		      s->academic_year, s->include_archived, total != NULL,
		      strlen(s->surname ? s->surname : ""), s->surname ? s->surname : "",
		      strlen(s->upn ? s->upn : ""), s->upn ? s->upn : "");
	if (cache_get_pupils(c, &k, s->version, out, n, total))
		return ERR_OK;
	pupil_filter_init(&all);
	sc.filter = &all;
	plain = sp_plain_list(&sc);
	if (plain) {
		q_init(&q, c, s->desc ? STMT_PUPIL_BRIEF_NAMES_DESC : STMT_PUPIL_BRIEF_NAMES_ASC);
		q_int(&q, s->establishment_id);
		q_int(&q, s->establishment_id);
	} else {
		int at = 2 * (int)s->sort + (s->desc ? 1 : 0);
		q_init(&q, c, (enum stmt_id)(STMT_PUPIL_BRIEF_FIRST + at));
		q_int(&q, s->academic_year);
	}
	if (!plain)
		brief_bind(&q, &sc, &b, hi);
	/* one row more than the page, as store_pupil_search */
	q_int(&q, s->limit > 0 ? (int64_t)s->limit + 1 : INT64_MAX);
	q_int(&q, s->offset > 0 ? s->offset : 0);
	e = q_exec(&q, NULL);
	if (e)
		goto out;
	while (q_row(&q)) {
		if (plain && counted < 0)
			counted = q_col_int(&q, 10);
		if (s->limit > 0 && len == (size_t)s->limit) {
			more = true;
			continue;
		}
		list = list_push(list, &len, &cap, sizeof(*list));
		pupil_read_brief(&q, &list[len - 1]);
	}
	e = q_end(&q);
	if (e)
		goto out;
	if (total && counted >= 0)
		*total = (long)counted;
	else if (total && !more && (len > 0 || sc.offset <= 0))
		*total = (long)len + (sc.offset > 0 ? sc.offset : 0);
	else if (total && plain) {
		e = store_pupil_count(c, sc.establishment_id, total);
		if (e)
			goto out;
	} else if (total) {
		q_init(&q, c, STMT_PUPIL_BRIEF_COUNT);
		brief_bind(&q, &sc, &b, hi);
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
	cache_put_pupils(c, &k, s->version, *out, *n, total ? *total : 0);
out:
	free(list);
	return e;
}

/* ---- the CSV import's batches ---- */

static int pupil_upn_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pupil *)a)->upn, ((const struct pupil *)b)->upn);
}

static const struct pupil *pupil_find_upn(const struct pupil *sorted, size_t n, const char *upn)
{
	struct pupil key;

	if (n == 0)
		return NULL;
	text_copy(key.upn, sizeof(key.upn), upn);
	return bsearch(&key, sorted, n, sizeof(*sorted), pupil_upn_cmp);
}

enum err store_pupils_by_upn(struct store_conn *c, const char *const *upns, size_t n,
			     struct pupil **out, size_t *nout)
{
	struct pupil *list = NULL;
	size_t len = 0, cap = 0;
	struct strbuf b;
	struct query q;
	enum err e;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return ERR_OK;
	strbuf_init(&b, 0);
	for (size_t i = 0; i < n; i++) {
		json_batch_row(&b);
		json_batch_str(&b, upns[i]);
	}
	q_init(&q, c, STMT_PUPIL_BY_UPNS);
	q_text(&q, json_batch_end(&b));
	e = q_exec(&q, NULL);
	if (!e) {
		while (q_row(&q)) {
			list = list_push(list, &len, &cap, sizeof(*list));
			sp_read(&q, &list[len - 1]);
		}
		*out = q_end_list(&q, list, len, nout, &e);
	}
	strbuf_release(&b);
	return e;
}

/* The element of STMT_PUPIL_ADD_MANY for p. */
static void json_new_pupil(struct strbuf *b, const struct pupil *p)
{
	char dob[11], sen[2] = { p->sen, 0 };
	const int64_t ints[] = {
		p->class_no,  p->year_override, p->disadvantaged,   p->eal,	  p->pupil_premium,
		p->fsm,	      p->custom[0],	p->custom[1],	    p->custom[2], p->custom[3],
		p->custom[4], p->custom[5],	p->include_in_data, p->archived
	};

	json_batch_row(b);
	strbuf_addc(b, '[');
	json_batch_str(b, p->upn);
	strbuf_addc(b, ',');
	json_batch_str(b, p->surname);
	strbuf_addc(b, ',');
	json_batch_str(b, p->forenames);
	strbuf_addc(b, ',');
	if (date_valid(p->dob)) {
		date_format_iso(p->dob, dob);
		json_batch_str(b, dob);
	} else {
		strbuf_adds(b, "null");
	}
	strbuf_addc(b, ',');
	json_batch_str(b, sp_gender_code(p->gender));
	strbuf_addc(b, ',');
	json_batch_str(b, p->postcode);
	strbuf_addc(b, ',');
	json_batch_str(b, p->ethnicity);
	strbuf_addc(b, ',');
	json_batch_str(b, sen);
	strbuf_addc(b, ',');
	json_batch_str(b, p->sen_notes);
	for (size_t i = 0; i < ARRAY_SIZE(ints); i++) {
		strbuf_addc(b, ',');
		strbuf_add_int(b, ints[i]);
	}
	strbuf_addc(b, ']');
}

/* The element of STMT_PUPIL_UPDATE_MANY for p. */
static void json_changed_pupil(struct strbuf *b, const struct pupil *p)
{
	char dob[11], sen[2] = { p->sen, 0 };

	json_batch_row(b);
	strbuf_addc(b, '[');
	strbuf_add_int(b, p->id);
	strbuf_addc(b, ',');
	strbuf_add_int(b, p->version);
	strbuf_addc(b, ',');
	json_batch_str(b, p->surname);
	strbuf_addc(b, ',');
	json_batch_str(b, p->forenames);
	strbuf_addc(b, ',');
	if (date_valid(p->dob)) {
		date_format_iso(p->dob, dob);
		json_batch_str(b, dob);
	} else {
		strbuf_adds(b, "null");
	}
	strbuf_addc(b, ',');
	json_batch_str(b, sp_gender_code(p->gender));
	strbuf_addc(b, ',');
	json_batch_str(b, p->postcode);
	strbuf_addc(b, ',');
	strbuf_add_int(b, p->fsm);
	strbuf_addc(b, ',');
	json_batch_str(b, p->ethnicity);
	strbuf_addc(b, ',');
	strbuf_add_int(b, p->eal);
	strbuf_addc(b, ',');
	json_batch_str(b, sen);
	strbuf_addc(b, ']');
}

/* The stored pupils of list's UPNs, sorted by UPN for pupil_find_upn. */
static enum err batch_current(struct store_conn *c, const struct pupil *list, size_t n,
			      struct pupil **cur, size_t *ncur)
{
	const char **upns = xcalloc(n ? n : 1, sizeof(*upns));
	enum err e;

	for (size_t i = 0; i < n; i++)
		upns[i] = list[i].upn;
	e = store_pupils_by_upn(c, upns, n, cur, ncur);
	free(upns);
	if (!e && *ncur > 1)
		qsort(*cur, *ncur, sizeof(**cur), pupil_upn_cmp);
	return e;
}

/* The index of the pupil of list that a batch's RETURNING row names (by id, or
 * by UPN when upn is not NULL), looking first at *next, where it is when the
 * database returns the rows in the order they were given. */
static size_t batch_match(const struct pupil *list, size_t n, size_t *next, int64_t id,
			  const char *upn)
{
	for (size_t k = 0; k < n; k++) {
		size_t i = (*next + k) % n;
		if (upn ? list[i].id == 0 && strcmp(list[i].upn, upn) == 0 : list[i].id == id) {
			*next = i + 1 < n ? i + 1 : 0;
			return i;
		}
	}
	return n;
}

static const char changed_meanwhile[] =
	"pupil %s was changed by someone else meanwhile: reload and try again";

/* Inserts the new pupils of list (one statement); sets their ids and versions. */
static enum err batch_add(struct store_conn *c, struct pupil *list, size_t n, struct strbuf *rows,
			  size_t nadd, struct errbuf *eb)
{
	size_t got = 0, next = 0;
	struct query q;
	enum err e;

	q_init(&q, c, STMT_PUPIL_ADD_MANY);
	q_int(&q, list[0].establishment_id);
	q_text(&q, json_batch_end(rows));
	e = q_exec(&q, eb);
	if (e) {
		/* a UPN taken meanwhile, or no such establishment */
		for (size_t i = 0; i < n; i++) {
			if (list[i].id == 0) {
				sp_explain(&list[i], e, eb);
				break;
			}
		}
		return e;
	}
	while (q_row(&q)) {
		size_t i = batch_match(list, n, &next, 0, q_col_str(&q, 1));
		if (i < n) {
			list[i].id = q_col_int(&q, 0);
			list[i].version = q_col_int(&q, 2);
			got++;
		}
	}
	e = q_end(&q);
	if (!e && got != nadd)
		e = errbuf_set(eb, ERR_IO, "the database did not return every new pupil's id");
	return e;
}

/* Updates the changed pupils of list (one statement); sets their versions. A
 * pupil changed since cur was read: ERR_CONFLICT, *where its index. */
static enum err batch_update(struct store_conn *c, struct pupil *list, size_t n, const bool *is_new,
			     struct strbuf *rows, size_t nupd, size_t *where, struct errbuf *eb)
{
	int64_t *versions = xcalloc(n, sizeof(*versions));
	size_t got = 0, next = 0;
	struct query q;
	enum err e;

	q_init(&q, c, STMT_PUPIL_UPDATE_MANY);
	q_text(&q, json_batch_end(rows));
	e = q_exec(&q, eb);
	if (e)
		goto out;
	while (q_row(&q)) {
		size_t i = batch_match(list, n, &next, q_col_int(&q, 0), NULL);
		if (i < n && !is_new[i] && versions[i] == 0) {
			versions[i] = q_col_int(&q, 1);
			got++;
		}
	}
	e = q_end(&q);
	for (size_t i = 0; !e && got != nupd && i < n; i++) {
		if (!is_new[i] && versions[i] == 0) {
			e = errbuf_set(eb, ERR_CONFLICT, changed_meanwhile, list[i].upn);
			*where = i;
		}
	}
	for (size_t i = 0; !e && i < n; i++)
		if (versions[i])
			list[i].version = versions[i];
out:
	free(versions);
	return e;
}

enum err store_pupils_put(struct store_conn *c, const struct actor *who, struct pupil *list,
			  size_t n, size_t *bad, struct errbuf *eb)
{
	struct pupil *cur = NULL;
	bool *is_new = NULL;
	size_t ncur = 0, nadd = 0, nupd = 0, where = n;
	struct strbuf adds, upds;
	struct store_audit_batch audit;
	char object[32], value[2 * PERSON_NAME_MAX + 24];
	struct tx t;
	enum err e;

	if (bad)
		*bad = n;
	if (n == 0)
		return ERR_OK;
	for (size_t i = 0; i < n; i++) {
		e = sp_check(&list[i], eb);
		if (!e && list[i].establishment_id != list[0].establishment_id)
			e = errbuf_set(eb, ERR_INVALID,
				       "pupil %s is of another school than the rest", list[i].upn);
		if (e) {
			if (bad)
				*bad = i;
			return e;
		}
	}
	strbuf_init(&adds, 0);
	strbuf_init(&upds, 0);
	store_audit_batch_init(&audit, who, list[0].establishment_id);
	is_new = xcalloc(n, sizeof(*is_new));
	e = tx_enter(c, &t, eb);
	if (e)
		goto done;
	e = batch_current(c, list, n, &cur, &ncur);
	/* What store_pupil_add / _update would refuse, in the list's order. */
	for (size_t i = 0; i < n && !e; i++) {
		struct pupil *p = &list[i];
		const struct pupil *old = pupil_find_upn(cur, ncur, p->upn);

		is_new[i] = p->id == 0;
		if (is_new[i] && old) {
			e = ERR_CONFLICT;
			sp_explain(p, e, eb);
		} else if (!is_new[i] && (!old || old->id != p->id || old->version != p->version)) {
			e = errbuf_set(eb, ERR_CONFLICT, changed_meanwhile, p->upn);
		} else if (is_new[i]) {
			json_new_pupil(&adds, p);
			nadd++;
		} else {
			json_changed_pupil(&upds, p);
			nupd++;
		}
		if (e)
			where = i;
	}
	if (!e && nadd > 0)
		e = batch_add(c, list, n, &adds, nadd, eb);
	if (!e && nupd > 0)
		e = batch_update(c, list, n, is_new, &upds, nupd, &where, eb);
	/* The audit rows, in the list's order. */
	for (size_t i = 0; i < n && !e; i++) {
		const struct pupil *p = &list[i];

		snprintf(object, sizeof(object), "pupil %lld", (long long)p->id);
		if (is_new[i]) {
			snprintf(value, sizeof(value), "%s %s, %s", p->upn, p->surname,
				 p->forenames);
			store_audit_batch_add(&audit, "pupil.add", object, "", "", value);
		} else {
			struct audit_row r = { .action = "pupil.update",
					       .object = object,
					       .establishment_id = p->establishment_id };
			struct diff_sink d = { .r = &r, .batch = &audit };
			e = sp_audit_changes(&d, pupil_find_upn(cur, ncur, p->upn), p);
		}
	}
	if (!e)
		e = store_audit_batch_flush(c, &audit, eb);
	e = tx_leave(c, &t, e, eb);
done:
	if (bad)
		*bad = e ? where : n;
	free(cur);
	free(is_new);
	strbuf_release(&adds);
	strbuf_release(&upds);
	store_audit_batch_release(&audit);
	return e;
}
