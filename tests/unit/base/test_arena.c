/*
 * test_arena: zeroed, aligned allocations, large blocks, string helpers, and
 * release leaving the arena reusable (ASan checks nothing leaks or overlaps).
 */
#include "testutil/testutil.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"

static void test_alloc(void **state)
{
	struct arena a;
	unsigned char *p[100];
	(void)state;

	arena_init(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
	for (int i = 0; i < 100; i++) {
		size_t n = (size_t)(i * 37 % 300) + 1;
		p[i] = arena_alloc(&a, n);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % alignof(max_align_t), 0);
		for (size_t k = 0; k < n; k++)
			assert_int_equal(p[i][k], 0);
		memset(p[i], 0xAB, n); /* ASan would catch an overlap or overrun */
	}
	assert_true(a.used > 0);
	/* zero bytes still gives distinct, usable pointers */
	assert_ptr_not_equal(arena_alloc(&a, 0), arena_alloc(&a, 0));
	arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
	/* reusable */
	assert_non_null(arena_alloc(&a, 10));
	arena_release(&a);
	arena_release(&a); /* twice is harmless */
}

static void test_large(void **state)
{
	struct arena a;
	unsigned char *small1, *big, *small2;
	const size_t bign = 100 * 1024;
	(void)state;

	arena_init(&a);
	small1 = arena_alloc(&a, 16);
	big = arena_alloc(&a, bign);
	for (size_t k = 0; k < bign; k += 4096)
		assert_int_equal(big[k], 0);
	memset(big, 1, bign);
	small2 = arena_alloc(&a, 16);
	memset(small1, 2, 16);
	memset(small2, 3, 16);
	assert_int_equal(big[0], 1);
	assert_int_equal(big[bign - 1], 1);
	assert_true(a.used >= bign + 32);
	arena_release(&a);
}

static void test_strings(void **state)
{
	struct arena a;
	char *s;
	char long_text[5000];
	(void)state;

	arena_init(&a);
	assert_string_equal(arena_strdup(&a, "hello"), "hello");
	assert_string_equal(arena_strdup(&a, ""), "");
	assert_string_equal(arena_strndup(&a, "hello world", 5), "hello");
	assert_string_equal(arena_strndup(&a, "hi", 10), "hi"); /* n beyond the string */
	assert_string_equal(arena_printf(&a, "%s:%d", "f.csv", 12), "f.csv:12");
	memset(long_text, 'q', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	s = arena_printf(&a, "<%s>", long_text);
	assert_int_equal(strlen(s), sizeof(long_text) + 1);
	assert_int_equal(s[0], '<');
	assert_int_equal(s[strlen(s) - 1], '>');
	/* the copy does not alias its source */
	s = arena_strdup(&a, long_text);
	long_text[0] = 'X';
	assert_int_equal(s[0], 'q');
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
