/*
 * upn: UPN check letter, validation with a specific reason, normalising and
 * building UPNs (see upn.h). The letter table and weights follow govtalk rule 6.
 */
#include "core/upn.h"

#include <stdio.h>
#include <string.h>

#include "base/xalloc.h"

/* The 23 letters used for check letters and temporary serials (no I, O, S). */
static const char upn_alphabet[] = "ABCDEFGHJKLMNPQRTUVWXYZ";
_Static_assert(sizeof(upn_alphabet) - 1 == 23, "UPN alphabet has 23 letters");

static const char *const fault_codes[] = {
	[UPN_OK] = "",		 [UPN_EMPTY] = "UPN_EMPTY",	  [UPN_LENGTH] = "UPN_LENGTH",
	[UPN_CHAR] = "UPN_CHAR", [UPN_LETTER13] = "UPN_LETTER13", [UPN_CHECK] = "UPN_CHECK",
	[UPN_LA] = "UPN_LA",
};
_Static_assert(ARRAY_SIZE(fault_codes) == UPN_FAULT__MAX, "fault_codes covers enum upn_fault");

const char *upn_fault_code(enum upn_fault f)
{
	return (unsigned)f < UPN_FAULT__MAX ? fault_codes[f] : "UPN_INVALID";
}

/* Index of c in the UPN alphabet, or -1. */
static int alphabet_index(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(upn_alphabet, c);
	return p ? (int)(p - upn_alphabet) : -1;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool upn_check_letter(const char *s, char *out)
{
	size_t len = strlen(s);
	int sum = 0;

	if (len == UPN_LEN)
		s++;
	else if (len != UPN_LEN - 1)
		return false;
	/* s[0..11] are UPN positions 2..13, weighted 2..13. */
	for (int i = 0; i < UPN_LEN - 1; i++) {
		int v;
		if (is_digit(s[i]))
			v = s[i] - '0';
		else if (i == UPN_LEN - 2 && alphabet_index(s[i]) >= 0)
			v = alphabet_index(s[i]);
		else
			return false;
		sum += v * (i + 2);
	}
	*out = upn_alphabet[sum % 23];
	return true;
}

/* Number of UTF-8 characters in s (continuation bytes not counted). */
static size_t char_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* A printable rendering of one character for messages: non-ASCII bytes and
 * controls are described instead of copied. */
static void describe_char(char c, char buf[static 24])
{
	unsigned char u = (unsigned char)c;

	if (u >= 0x80)
		snprintf(buf, 24, "a non-ASCII character");
	else if (u < 0x20 || u == 0x7f)
		snprintf(buf, 24, "a control character");
	else if (c == ' ')
		snprintf(buf, 24, "a space");
	else
		snprintf(buf, 24, "'%c'", c);
}

static enum upn_fault report(struct upn_report *r, enum upn_fault f, int position, char expected)
{
	if (r) {
		r->fault = f;
		r->position = position;
		r->expected = expected;
		if (f == UPN_OK)
			r->message[0] = '\0';
	}
	return f;
}

enum upn_fault upn_validate(const char *s, struct upn_report *r)
{
	char what[24];
	char want = 0;
	size_t nchars;
	int la;

	if (!s || !*s) {
		if (r)
			snprintf(r->message, sizeof(r->message),
				 "UPN is missing: every pupil needs the 13-character UPN from the "
				 "school's MIS");
		return report(r, UPN_EMPTY, 0, 0);
	}
	nchars = char_count(s);
	if (nchars != UPN_LEN) {
		if (r)
			snprintf(
				r->message, sizeof(r->message),
				"UPN %.40s%s has %zu characters, but a UPN has exactly 13 (a "
				"letter, 11 digits, then a digit or letter); check it with your MIS",
				s, strlen(s) > 40 ? "..." : "", nchars);
		return report(r, UPN_LENGTH, 0, 0);
	}
	/* 13 characters; any non-ASCII one makes the byte length differ, and is
	 * reported as a bad character at its position below. */
	for (int i = 0; i < UPN_LEN; i++) {
		char c = s[i];
		int pos = i + 1;

		if (i == 0 && !(c >= 'A' && c <= 'Z')) {
			describe_char(c, what);
			if (r)
				snprintf(
					r->message, sizeof(r->message),
					"UPN %s must start with a capital letter (its check letter), "
					"not %s",
					s, what);
			return report(r, UPN_CHAR, pos, 0);
		}
		if (i >= 1 && i <= 11 && !is_digit(c)) {
			describe_char(c, what);
			if (r)
				snprintf(
					r->message, sizeof(r->message),
					"UPN %s has %s at character %d; characters 2 to 12 of a UPN "
					"are all digits",
					s, what, pos);
			return report(r, UPN_CHAR, pos, 0);
		}
		if (i == 12 && !is_digit(c) && alphabet_index(c) < 0) {
			if (c == 'I' || c == 'O' || c == 'S') {
				if (r)
					snprintf(
						r->message, sizeof(r->message),
						"UPN %s ends in the letter %c, which UPNs never use "
						"(no I, O or S); check the UPN with your MIS",
						s, c);
				return report(r, UPN_LETTER13, pos, 0);
			}
			describe_char(c, what);
			if (r)
				snprintf(
					r->message, sizeof(r->message),
					"UPN %s ends in %s; the last character must be a digit, or "
					"a capital letter for a temporary UPN",
					s, what);
			return report(r, UPN_CHAR, pos, 0);
		}
	}
	/* Bytes that are not well-formed UTF-8 count as no character: 13 good
	 * characters may be followed by such stray bytes. */
	if (strlen(s) != UPN_LEN) {
		if (r)
			snprintf(
				r->message, sizeof(r->message),
				"UPN %.13s is followed by stray bytes that are not text; a UPN "
				"has exactly 13 letters and digits, so retype it or check the file",
				s);
		return report(r, UPN_CHAR, UPN_LEN + 1, 0);
	}
	if (!upn_check_letter(s, &want))
		BUG("upn_validate: characters checked but no check letter");
	if (s[0] != want) {
		if (r)
			snprintf(
				r->message, sizeof(r->message),
				"UPN %s fails the UPN check letter test: with these digits the first "
				"letter should be %c, not %c, so a character is probably mistyped; "
				"check the UPN with your MIS",
				s, want, s[0]);
		return report(r, UPN_CHECK, 1, want);
	}
	la = (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	if (la == 0) {
		if (r)
			snprintf(
				r->message, sizeof(r->message),
				"UPN %s has LA number 000 (characters 2-4), which no local authority "
				"uses; check the UPN with your MIS",
				s);
		return report(r, UPN_LA, 2, 0);
	}
	return report(r, UPN_OK, 0, 0);
}

bool upn_valid(const char *s)
{
	return upn_validate(s, NULL) == UPN_OK;
}

bool upn_normalise(const char *s, char *out, size_t size)
{
	size_t start = 0, end = strlen(s), n;
	bool fits = true;

	if (size == 0)
		BUG("upn_normalise: no room");
	while (start < end && (s[start] == ' ' || s[start] == '\t'))
		start++;
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	n = end - start;
	if (n >= size) {
		n = size - 1;
		fits = false;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[start + i];
		out[i] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
	}
	out[n] = '\0';
	return fits;
}

bool upn_is_temporary(const char *s)
{
	return s && strlen(s) == UPN_LEN && alphabet_index(s[UPN_LEN - 1]) >= 0;
}

bool upn_make(int la, int estab, int year, int serial, char out[static UPN_LEN + 1])
{
	char check;

	if (la < 1 || la > 999 || estab < 0 || estab > 9999 || year < 0 || serial < 0 ||
	    serial > 999)
		return false;
	snprintf(out, UPN_LEN + 1, "?%03d%04d%02d%03d", la, estab, year % 100, serial);
	if (!upn_check_letter(out, &check))
		BUG("upn_make: built a malformed UPN");
	out[0] = check;
	return true;
}
