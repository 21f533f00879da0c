/*
 * arena: a bump allocator for memory that lives exactly as long as one request.
 * Freed in one call from libmicrohttpd's completion callback.
 */
#ifndef PT_BASE_ARENA_H
#define PT_BASE_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* newest block first */
	size_t used;		  /* bytes handed out, all blocks */
};

void arena_init(struct arena *a);
/* Frees every block; a is empty and reusable afterwards. */
void arena_release(struct arena *a);
/* Zeroed memory owned by the arena, aligned for any type; never NULL. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
