/*
 * xalloc: allocation that aborts on out-of-memory, so callers never test for NULL.
 * The only place in pupiltrack that calls malloc and friends directly.
 */
#ifndef PT_BASE_XALLOC_H
#define PT_BASE_XALLOC_H

#include <stddef.h>

/* Each returns memory the caller frees with free(); none returns NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Copies at most n bytes of s and terminates; the caller frees. */
char *xstrndup(const char *s, size_t n);
/* Copies n bytes of p (which may contain NULs); the caller frees. */
void *xmemdup(const void *p, size_t n);

/* Aborts the program with a message: for broken invariants, never for bad input. */
_Noreturn void bug_at(const char *file, int line, const char *what);
#define BUG(what) bug_at(__FILE__, __LINE__, (what))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
