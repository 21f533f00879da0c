/*
 * test_upn: check letters and validation reasons for the vectors of
 * reference/ctf-and-statutory-codes.md section 5.2 and the sample-file UPNs.
 */
#include "testutil/testutil.h"

#include <string.h>

#include "core/upn.h"

static void test_valid_vectors(void **state)
{
	/* Section 5.2 valid rows, the corrected Arbor example and the sample files. */
	static const char *const valid[] = {
		"B801200005001", "H801200001001", "R201100018042", "T20110001804V", "R674123101121",
		"X00180001701A", "P207000016049", "E888123425101", "U888123425102", "H888123425103",
		"F888123424201", "V888123424202", "J888123424203", "G888123423301", "Z888123419401",
		"N888123419402", "C888123419403", "R888123419404", "Q88812342510A",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		struct upn_report r;
		char check = 0;
		if (upn_validate(valid[i], &r) != UPN_OK)
			fail_msg("%s rejected: %s", valid[i], r.message);
		assert_string_equal(r.message, "");
		assert_true(upn_check_letter(valid[i], &check));
		assert_int_equal(check, valid[i][0]);
		/* the 12-character form gives the same letter */
		check = 0;
		assert_true(upn_check_letter(valid[i] + 1, &check));
		assert_int_equal(check, valid[i][0]);
		assert_true(upn_valid(valid[i]));
	}
}

static void want_check(const char *upn, char expected)
{
	struct upn_report r;

	assert_int_equal(upn_validate(upn, &r), UPN_CHECK);
	assert_int_equal(r.expected, expected);
	assert_string_equal(upn_fault_code(r.fault), "UPN_CHECK");
	assert_non_null(strstr(r.message, upn));
	assert_non_null(strstr(r.message, "UPN check letter"));
}

static void test_wrong_check_letter(void **state)
{
	struct upn_report r;
	(void)state;

	want_check("A801200005001", 'B');
	want_check("G801200001001", 'H');
	/* The pitfall: the supplier pages' example has an arithmetic slip (sum 266,
	 * not 267), so Q207000016049 is invalid and P207000016049 valid. */
	want_check("Q207000016049", 'P');
	/* I is never a check letter; the digits give H. */
	want_check("I801200001001", 'H');
	/* The LA tracker's in-house UPNs do not pass either. */
	want_check("Q000000003123", 'N');
	/* The message says which letter is expected and which was found. */
	upn_validate("A801200005001", &r);
	assert_non_null(strstr(r.message, "should be B, not A"));
}

static void test_bad_characters(void **state)
{
	struct upn_report r;
	(void)state;

	assert_int_equal(upn_validate("X80120000A001", &r), UPN_CHAR);
	assert_int_equal(r.position, 10);
	assert_non_null(strstr(r.message, "character 10"));

	assert_int_equal(upn_validate("R20110001804S", &r), UPN_LETTER13);
	assert_int_equal(r.position, 13);
	assert_string_equal(upn_fault_code(r.fault), "UPN_LETTER13");
	assert_int_equal(upn_validate("R20110001804I", &r), UPN_LETTER13);
	assert_int_equal(upn_validate("R20110001804O", &r), UPN_LETTER13);

	assert_int_equal(upn_validate("1801200005001", &r), UPN_CHAR);
	assert_int_equal(r.position, 1);
	/* lower case is not accepted as stored; upn_normalise fixes it first */
	assert_int_equal(upn_validate("b801200005001", &r), UPN_CHAR);
	assert_int_equal(r.position, 1);
	assert_int_equal(upn_validate("R20110001804v", &r), UPN_CHAR);
	assert_int_equal(r.position, 13);
	assert_int_equal(upn_validate("B80120000 001", &r), UPN_CHAR);
	assert_int_equal(r.position, 10);
	assert_non_null(strstr(r.message, "a space"));
	/* 13 characters, one of them two bytes: a bad character, not a bad length */
	assert_int_equal(upn_validate("B80120000500\xC3\xA9", &r), UPN_CHAR);
	assert_int_equal(r.position, 13);
	assert_int_equal(upn_validate("B801200005-01", &r), UPN_CHAR);
	assert_int_equal(r.position, 11);
	/* 13 good characters then bytes that are not UTF-8 (found by fuzz/): a bad
	 * character after the 13th, never a crash */
	assert_int_equal(upn_validate("A801200005001\xBA\xBA\xBA\xA9", &r), UPN_CHAR);
	assert_int_equal(r.position, 14);
	assert_non_null(strstr(r.message, "stray bytes"));
}

static void test_length_and_empty(void **state)
{
	struct upn_report r;
	(void)state;

	assert_int_equal(upn_validate("", &r), UPN_EMPTY);
	assert_string_equal(upn_fault_code(r.fault), "UPN_EMPTY");
	assert_int_equal(upn_validate(NULL, &r), UPN_EMPTY);
	assert_int_equal(upn_validate("B80120000500", &r), UPN_LENGTH);
	assert_non_null(strstr(r.message, "12 characters"));
	assert_non_null(strstr(r.message, "exactly 13"));
	assert_int_equal(upn_validate("B8012000050011", &r), UPN_LENGTH);
	assert_non_null(strstr(r.message, "14 characters"));
	/* From the LA tracker's sample screens: 12 digits with a leading Q. */
	assert_int_equal(upn_validate("Q00000003026", &r), UPN_LENGTH);
	assert_int_equal(upn_validate("000000003030", &r), UPN_LENGTH);
	assert_int_equal(upn_validate(" B801200005001", &r), UPN_LENGTH);
	/* A null report pointer is allowed. */
	assert_int_equal(upn_validate("B80120000500", NULL), UPN_LENGTH);
}

static void test_la_000(void **state)
{
	struct upn_report r;
	(void)state;

	/* The check letter is right but LA 000 does not exist. */
	assert_int_equal(upn_validate("E000200005001", &r), UPN_LA);
	assert_non_null(strstr(r.message, "000"));
	assert_string_equal(upn_fault_code(UPN_LA), "UPN_LA");
	/* Pseudo-LA 001 is fine. */
	assert_int_equal(upn_validate("X00180001701A", NULL), UPN_OK);
}

static void test_check_letter_rejects(void **state)
{
	char c = '?';
	(void)state;

	assert_false(upn_check_letter("80120000500", &c));  /* 11 chars */
	assert_false(upn_check_letter("80120000A001", &c)); /* letter in the middle */
	assert_false(upn_check_letter("20110001804S", &c)); /* S never used */
	assert_false(upn_check_letter("", &c));
	assert_int_equal(c, '?');
	/* letter values: V = 18 -> T (the MTC parseInt pitfall would give another) */
	assert_true(upn_check_letter("20110001804V", &c));
	assert_int_equal(c, 'T');
}

static void test_normalise(void **state)
{
	char out[UPN_LEN + 1];
	char small[5];
	(void)state;

	assert_true(upn_normalise("  b801200005001\t", out, sizeof(out)));
	assert_string_equal(out, "B801200005001");
	assert_int_equal(upn_validate(out, NULL), UPN_OK);
	assert_true(upn_normalise("t20110001804v", out, sizeof(out)));
	assert_string_equal(out, "T20110001804V");
	assert_true(upn_normalise("", out, sizeof(out)));
	assert_string_equal(out, "");
	/* too long: truncated, terminated, reported */
	assert_false(upn_normalise("B801200005001", small, sizeof(small)));
	assert_string_equal(small, "B801");
	/* inner spaces are kept so validation can point at them */
	{
		char wide[32];
		assert_true(upn_normalise(" b8012 0000500 ", wide, sizeof(wide)));
		assert_string_equal(wide, "B8012 0000500");
		assert_int_equal(upn_validate(wide, NULL), UPN_CHAR);
	}
}

static void test_temporary(void **state)
{
	(void)state;
	assert_true(upn_is_temporary("T20110001804V"));
	assert_true(upn_is_temporary("X00180001701A"));
	assert_true(upn_is_temporary("Q88812342510A"));
	assert_false(upn_is_temporary("B801200005001"));
	assert_false(upn_is_temporary("R20110001804S")); /* S is not a UPN letter */
	assert_false(upn_is_temporary("T20110001804"));
	assert_false(upn_is_temporary(NULL));
}

static void test_make(void **state)
{
	char out[UPN_LEN + 1];
	(void)state;

	/* LA | establishment | year of allocation | serial */
	assert_true(upn_make(801, 2000, 2005, 1, out));
	assert_string_equal(out, "B801200005001");
	assert_true(upn_make(888, 1234, 2025, 101, out));
	assert_string_equal(out, "E888123425101");
	assert_true(upn_make(201, 1000, 2018, 42, out));
	assert_string_equal(out, "R201100018042");
	assert_true(upn_valid(out));
	assert_false(upn_make(0, 1234, 2025, 1, out));
	assert_false(upn_make(1000, 1234, 2025, 1, out));
	assert_false(upn_make(888, 10000, 2025, 1, out));
	assert_false(upn_make(888, 1234, 2025, 1000, out));
	assert_false(upn_make(888, 1234, -1, 1, out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_vectors),  cmocka_unit_test(test_wrong_check_letter),
		cmocka_unit_test(test_bad_characters), cmocka_unit_test(test_length_and_empty),
		cmocka_unit_test(test_la_000),	       cmocka_unit_test(test_check_letter_rejects),
		cmocka_unit_test(test_normalise),      cmocka_unit_test(test_temporary),
		cmocka_unit_test(test_make),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
