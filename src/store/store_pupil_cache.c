/*
 * store_pupil_cache: answers read from a school's pupil records (the pupils a
 * grid covers, store_pupil_list_covered; a page of the pupil list,
 * store_pupil_search_brief), kept in this process's memory and served again
 * while the school's pupil records are unchanged. On PostgreSQL those reads
 * were more than half of the grid page's and of the list page's database time
 * (docs/performance.md, issues 4 and 5).
 *
 * An answer is kept under its question (the school and, as text, everything
 * else it depends on: struct pupil_cache_key) and tagged with the school's
 * pupil_version that the caller read before the database read (with the
 * session), which every write of one of the school's pupils moves on, in any
 * process (025_pupil_version's triggers). A kept answer is therefore at least
 * as new as its tag: a request that read the same version may take it; one
 * that read a newer version reads the database and replaces it. Nothing read
 * inside a transaction is kept or served (it may hold the transaction's own
 * changes, not yet committed): the callers see to that.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/backend.h"

/* At most this many answers, and this many bytes of them (a pupil is about
 * 1.3 KB: 32 MiB is some 25,000 pupils); the least recently used go. */
enum { CACHE_SLOTS = 256 };
#define CACHE_BYTES ((size_t)32 << 20)

struct cache_entry {
	struct pupil_cache_key key; /* the question */
	int64_t version;	    /* the school's pupil_version it was read at; 0 = free */
	struct pupil *list;	    /* n pupils, in the statement's order */
	size_t n;		    /* how many */
	long total;		    /* what else the answer said (the list's total) */
	unsigned long used;	    /* the cache's tick when last served or stored */
};

struct pupil_cache {
	pthread_mutex_t mu; /* guards everything below */
	struct cache_entry slot[CACHE_SLOTS];
	size_t bytes;	     /* held by the slots' lists */
	unsigned long tick;  /* counts uses, for "least recently used" */
	unsigned long hits;  /* answers served from memory (tests) */
	unsigned long fills; /* answers kept after a database read */
};

bool pupil_cache_key_set(struct pupil_cache_key *k, int64_t establishment_id, const char *fmt, ...)
{
	va_list ap;
	int len;

	k->establishment_id = establishment_id;
	va_start(ap, fmt);
	len = vsnprintf(k->text, sizeof(k->text), fmt, ap);
	va_end(ap);
	return len >= 0 && (size_t)len < sizeof(k->text);
}

struct pupil_cache *pupil_cache_new(void)
{
	struct pupil_cache *pc = xcalloc(1, sizeof(*pc));

	pthread_mutex_init(&pc->mu, NULL);
	return pc;
}

void pupil_cache_free(struct pupil_cache *pc)
{
	if (!pc)
		return;
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		free(pc->slot[i].list);
	pthread_mutex_destroy(&pc->mu);
	free(pc);
}

static bool same_key(const struct cache_entry *en, const struct pupil_cache_key *k)
{
	return en->version && en->key.establishment_id == k->establishment_id &&
	       strcmp(en->key.text, k->text) == 0;
}

static void entry_drop(struct pupil_cache *pc, struct cache_entry *en)
{
	pc->bytes -= en->n * sizeof(*en->list);
	free(en->list);
	memset(en, 0, sizeof(*en));
}

bool pupil_cache_get(struct pupil_cache *pc, const struct pupil_cache_key *k, int64_t version,
		     struct pupil **out, size_t *n, long *total)
{
	bool hit = false;

	pthread_mutex_lock(&pc->mu);
	for (size_t i = 0; i < CACHE_SLOTS && !hit; i++) {
		struct cache_entry *en = &pc->slot[i];
		if (!same_key(en, k) || en->version != version)
			continue;
		*out = xmalloc((en->n ? en->n : 1) * sizeof(**out));
		memcpy(*out, en->list, en->n * sizeof(**out));
		*n = en->n;
		if (total)
			*total = en->total;
		en->used = ++pc->tick;
		pc->hits++;
		hit = true;
	}
	pthread_mutex_unlock(&pc->mu);
	return hit;
}

void pupil_cache_put(struct pupil_cache *pc, const struct pupil_cache_key *k, int64_t version,
		     const struct pupil *list, size_t n, long total)
{
	size_t size = n * sizeof(*list);
	struct cache_entry *free_slot = NULL;

	if (size > CACHE_BYTES)
		return;
	pthread_mutex_lock(&pc->mu);
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		struct cache_entry *en = &pc->slot[i];
		if (!same_key(en, k))
			continue;
		if (en->version > version) /* a newer answer is there already */
			goto out;
		entry_drop(pc, en);
	}
	/* room: the least recently used go until it fits in a free slot */
	for (;;) {
		struct cache_entry *oldest = NULL;
		free_slot = NULL;
		for (size_t i = 0; i < CACHE_SLOTS; i++) {
			struct cache_entry *en = &pc->slot[i];
			if (!en->version)
				free_slot = free_slot ? free_slot : en;
			else if (!oldest || en->used < oldest->used)
				oldest = en;
		}
		if (free_slot && pc->bytes + size <= CACHE_BYTES)
			break;
		entry_drop(pc, oldest); /* not NULL: bytes or slots are in use */
	}
	*free_slot = (struct cache_entry){
		.key = *k,
		.version = version,
		.list = xmalloc(size ? size : 1),
		.n = n,
		.total = total,
		.used = ++pc->tick,
	};
	if (size) /* list may be NULL when n is 0 */
		memcpy(free_slot->list, list, size);
	pc->bytes += size;
	pc->fills++;
out:
	pthread_mutex_unlock(&pc->mu);
}

void store_pupil_cache_counts(struct store *st, unsigned long *hits, unsigned long *fills)
{
	struct pupil_cache *pc = st->pupils;

	pthread_mutex_lock(&pc->mu);
	*hits = pc->hits;
	*fills = pc->fills;
	pthread_mutex_unlock(&pc->mu);
}
