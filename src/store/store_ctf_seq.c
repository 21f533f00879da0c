/*
 * store_ctf_seq: the sequence numbers that end a school's CTF file names, one
 * counter per destination (see store.h, issue 6b). Taking a number is audited
 * in the same transaction; a caller that rolls back gives the number back.
 */
#include <stdio.h>
#include <string.h>

#include "store/backend.h"

enum err store_ctf_seq_next(struct store_conn *c, const struct actor *who, int64_t establishment_id,
			    const char *destination, int *seq, struct errbuf *eb)
{
	char object[64], old_text[8] = "", new_text[8];
	struct audit_row r;
	struct query q;
	bool found;
	struct tx t;
	enum err e;

	*seq = 0;
	if (!destination || strlen(destination) != CTF_DEST_LEN)
		return errbuf_set(eb, ERR_INVALID, "a CTF destination is 7 characters");
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_CTF_SEQ_GET);
	q_int(&q, establishment_id);
	q_text(&q, destination);
	e = q_exec(&q, eb);
	if (e)
		goto out;
	if (q_row(&q))
		snprintf(old_text, sizeof(old_text), "%03d", (int)q_col_int(&q, 0));
	e = q_end(&q);
	if (e)
		goto out;
	q_init(&q, c, STMT_CTF_SEQ_NEXT);
	q_int(&q, establishment_id);
	q_text(&q, destination);
	e = q_exec(&q, eb);
	if (e)
		goto out;
	found = q_row(&q);
	if (found)
		*seq = (int)q_col_int(&q, 0);
	e = q_end_found(&q, found);
	if (e)
		goto out;
	snprintf(new_text, sizeof(new_text), "%03d", *seq);
	snprintf(object, sizeof(object), "CTF files to %s", destination);
	memset(&r, 0, sizeof(r));
	r.action = "ctf.sequence";
	r.object = object;
	r.establishment_id = establishment_id;
	e = audit_write(c, who, &r, "sequence", old_text, new_text, eb);
out:
	if (e)
		*seq = 0;
	return tx_leave(c, &t, e, eb);
}

enum err store_ctf_seq_last(struct store_conn *c, int64_t establishment_id, const char *destination,
			    int *seq)
{
	struct query q;
	bool found;
	enum err e;

	*seq = 0;
	q_init(&q, c, STMT_CTF_SEQ_GET);
	q_int(&q, establishment_id);
	q_text(&q, destination);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	found = q_row(&q);
	if (found)
		*seq = (int)q_col_int(&q, 0);
	e = q_end(&q);
	return e;
}
