/*
 * store_cache: answers read from the database kept in this process's memory
 * and served again while what they were read from is unchanged: from a
 * school's pupil records, the pupils a grid covers (store_pupil_list_covered)
 * and a page of the pupil list (store_pupil_search_brief), and pieces of
 * pages made from them (store_piece_put: the pupil list's table as HTML); from
 * an assessment's cells and notes, the grid screen's (store_judgement_grid). On
 * PostgreSQL those reads were most of the grid page's and of the list page's
 * database time (docs/performance.md, issues 4 and 5).
 *
 * An answer is kept under its question (what it is about: a school or an
 * assessment, and as text the statement and every value it depends on: struct
 * cache_key) and tagged with a version the caller read before the database
 * read: the school's pupil_version (read with the session) or the
 * assessment's judgement_version (read with the assessment), which triggers
 * move on every write of what the answer was read from, in any process (025,
 * 026). A kept answer is therefore at least as new as its tag: a request that
 * read the same version may take it; one that read a newer version reads the
 * database and replaces it. Once a connection has begun a write (struct
 * store_conn's wrote), nothing is served or kept for it until it is released:
 * what its transaction reads may hold changes not yet committed, and after
 * the commit the versions its request read before are stale.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/xalloc.h"
#include "store/backend.h"

/* At most this many answers, and this many bytes of them (a pupil is about
 * 1.3 KB: 32 MiB is some 25,000 pupils; a grid screen of 90 pupils some
 * 20 KB); the least recently used go. */
enum { CACHE_SLOTS = 256 };
#define CACHE_BYTES ((size_t)32 << 20)

struct cache_entry {
	struct cache_key key; /* the question */
	int64_t version;      /* the version it was read at; 0 = a free slot */
	void *data;	      /* the answer, size bytes */
	size_t size;
	long total;	    /* what else the answer said (the list's total) */
	unsigned long used; /* the cache's tick when last served or stored */
};

struct store_cache {
	pthread_mutex_t mu; /* guards everything below */
	struct cache_entry slot[CACHE_SLOTS];
	size_t bytes;	     /* held by the slots' answers */
	unsigned long tick;  /* counts uses, for "least recently used" */
	unsigned long hits;  /* answers served from memory (tests) */
	unsigned long fills; /* answers kept after a database read */
};

bool cache_key_set(struct cache_key *k, int64_t owner, const char *fmt, ...)
{
	va_list ap;
	int len;

	k->owner = owner;
	va_start(ap, fmt);
	len = vsnprintf(k->text, sizeof(k->text), fmt, ap);
	va_end(ap);
	if (len >= 0 && (size_t)len < sizeof(k->text))
		return true;
	k->text[0] = '\0'; /* cut: no key */
	return false;
}

/* Whether answers may be served to or kept from a request on c that read
 * version for k. */
static bool cache_usable(const struct store_conn *c, const struct cache_key *k, int64_t version)
{
	return version > 0 && k->text[0] && !c->wrote;
}

struct store_cache *cache_new(void)
{
	struct store_cache *sc = xcalloc(1, sizeof(*sc));

	pthread_mutex_init(&sc->mu, NULL);
	return sc;
}

void cache_free(struct store_cache *sc)
{
	if (!sc)
		return;
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		free(sc->slot[i].data);
	pthread_mutex_destroy(&sc->mu);
	free(sc);
}

static bool same_key(const struct cache_entry *en, const struct cache_key *k)
{
	return en->version && en->key.owner == k->owner && strcmp(en->key.text, k->text) == 0;
}

static void entry_drop(struct store_cache *sc, struct cache_entry *en)
{
	sc->bytes -= en->size;
	free(en->data);
	memset(en, 0, sizeof(*en));
}

/* The entry kept for k at version, counted as served; NULL when there is
 * none. With sc->mu held. */
static struct cache_entry *entry_find(struct store_cache *sc, const struct cache_key *k,
				      int64_t version)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		struct cache_entry *en = &sc->slot[i];
		if (!same_key(en, k) || en->version != version)
			continue;
		en->used = ++sc->tick;
		sc->hits++;
		return en;
	}
	return NULL;
}

bool cache_get(struct store_conn *c, const struct cache_key *k, int64_t version, void **out,
	       size_t *size, long *total)
{
	struct store_cache *sc = c->st->cache;
	struct cache_entry *en;

	if (!cache_usable(c, k, version))
		return false;
	pthread_mutex_lock(&sc->mu);
	en = entry_find(sc, k, version);
	if (en) {
		*out = xmalloc(en->size ? en->size : 1);
		memcpy(*out, en->data, en->size);
		*size = en->size;
		if (total)
			*total = en->total;
	}
	pthread_mutex_unlock(&sc->mu);
	return en != NULL;
}

void cache_put(struct store_conn *c, const struct cache_key *k, int64_t version, const void *data,
	       size_t size, long total)
{
	struct store_cache *sc = c->st->cache;
	struct cache_entry *free_slot = NULL;

	if (!cache_usable(c, k, version) || size > CACHE_BYTES)
		return;
	pthread_mutex_lock(&sc->mu);
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		struct cache_entry *en = &sc->slot[i];
		if (!same_key(en, k))
			continue;
		if (en->version > version) /* a newer answer is there already */
			goto out;
		entry_drop(sc, en);
	}
	/* room: the least recently used go until it fits in a free slot */
	for (;;) {
		struct cache_entry *oldest = NULL;
		free_slot = NULL;
		for (size_t i = 0; i < CACHE_SLOTS; i++) {
			struct cache_entry *en = &sc->slot[i];
			if (!en->version)
				free_slot = free_slot ? free_slot : en;
			else if (!oldest || en->used < oldest->used)
				oldest = en;
		}
		if (free_slot && sc->bytes + size <= CACHE_BYTES)
			break;
		entry_drop(sc, oldest); /* not NULL: bytes or slots are in use */
	}
	*free_slot = (struct cache_entry){
		.key = *k,
		.version = version,
		.data = xmalloc(size ? size : 1),
		.size = size,
		.total = total,
		.used = ++sc->tick,
	};
	if (size) /* data may be NULL when size is 0 */
		memcpy(free_slot->data, data, size);
	sc->bytes += size;
	sc->fills++;
out:
	pthread_mutex_unlock(&sc->mu);
}

bool cache_get_pupils(struct store_conn *c, const struct cache_key *k, int64_t version,
		      struct pupil **out, size_t *n, long *total)
{
	void *data;
	size_t size;

	if (!cache_get(c, k, version, &data, &size, total))
		return false;
	*out = data;
	*n = size / sizeof(**out);
	return true;
}

void cache_put_pupils(struct store_conn *c, const struct cache_key *k, int64_t version,
		      const struct pupil *list, size_t n, long total)
{
	cache_put(c, k, version, list, n * sizeof(*list), total);
}

/* ---- pieces of pages (store_batch.h) ---- */

bool store_piece_get(struct store_conn *c, int64_t owner, int64_t version, const char *key,
		     struct strbuf *out, long *total)
{
	struct store_cache *sc = c->st->cache;
	struct cache_entry *en;
	struct cache_key k;

	/* "piece ": no statement's name, so never a store answer's key */
	if (!cache_key_set(&k, owner, "piece %s", key) || !cache_usable(c, &k, version))
		return false;
	/* appended while the lock is held: no copy of its own to make and free */
	pthread_mutex_lock(&sc->mu);
	en = entry_find(sc, &k, version);
	if (en) {
		strbuf_add(out, en->data, en->size);
		*total = en->total;
	}
	pthread_mutex_unlock(&sc->mu);
	return en != NULL;
}

void store_piece_put(struct store_conn *c, int64_t owner, int64_t version, const char *key,
		     const void *data, size_t size, long total)
{
	struct cache_key k;

	if (cache_key_set(&k, owner, "piece %s", key))
		cache_put(c, &k, version, data, size, total);
}

void store_cache_counts(struct store *st, unsigned long *hits, unsigned long *fills)
{
	struct store_cache *sc = st->cache;

	pthread_mutex_lock(&sc->mu);
	*hits = sc->hits;
	*fills = sc->fills;
	pthread_mutex_unlock(&sc->mu);
}
