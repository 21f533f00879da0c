/*
 * calendar: academic years, year groups from date of birth, summer-born and the
 * CTF version of a year (see calendar.h).
 */
#include "core/calendar.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int academic_year_of(struct date d)
{
	return d.month >= 9 ? d.year : d.year - 1;
}

struct date academic_year_start(int y)
{
	return (struct date){ .year = y, .month = 9, .day = 1 };
}

struct date academic_year_end(int y)
{
	return (struct date){ .year = y + 1, .month = 8, .day = 31 };
}

char *academic_year_label(int y, char buf[static ACADEMIC_YEAR_LABEL_MAX])
{
	unsigned start = (unsigned)y % 10000u, next = ((unsigned)y + 1u) % 100u;

	snprintf(buf, ACADEMIC_YEAR_LABEL_MAX, "%04u/%02u", start, next);
	return buf;
}

/* Reads exactly n digits at s. */
static bool read_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool academic_year_parse(const char *s, int *out)
{
	int y, next;
	size_t len;

	if (!s)
		return false;
	len = strlen(s);
	if (len < 4 || !read_digits(s, 4, &y) || y < 1900 || y > 9998)
		return false;
	if (len == 4)
		goto ok;
	if (s[4] != '/' && s[4] != '-')
		return false;
	if (len == 7 && read_digits(s + 5, 2, &next) && next == (y + 1) % 100)
		goto ok;
	if (len == 9 && read_digits(s + 5, 4, &next) && next == y + 1)
		goto ok;
	return false;
ok:
	*out = y;
	return true;
}

int year_group_of(struct date dob, int academic_year)
{
	if (!date_valid(dob))
		return YEAR_NONE;
	return academic_year - academic_year_of(dob) - 5;
}

int age_on(struct date dob, struct date on)
{
	int age = on.year - dob.year;

	if (on.month < dob.month || (on.month == dob.month && on.day < dob.day))
		age--;
	return age;
}

bool summer_born(struct date dob)
{
	return date_valid(dob) && dob.month >= 4 && dob.month <= 8;
}

char *year_label(int yg, char buf[static YEAR_LABEL_MAX])
{
	if (yg == YEAR_NONE)
		buf[0] = '\0';
	else if (yg < YEAR_N1)
		snprintf(buf, YEAR_LABEL_MAX, "Pre-nursery");
	else if (yg == YEAR_N1)
		snprintf(buf, YEAR_LABEL_MAX, "N1");
	else if (yg == YEAR_N2)
		snprintf(buf, YEAR_LABEL_MAX, "N2");
	else if (yg == YEAR_R)
		snprintf(buf, YEAR_LABEL_MAX, "R");
	else if (yg <= YEAR_6)
		snprintf(buf, YEAR_LABEL_MAX, "Y%d", yg);
	else
		snprintf(buf, YEAR_LABEL_MAX, "Year %d", yg);
	return buf;
}

char *year_ctf_code(int yg, char buf[static YEAR_LABEL_MAX])
{
	if (yg == YEAR_N1 || yg == YEAR_N2 || yg == YEAR_R)
		return year_label(yg, buf);
	if (yg >= 1 && yg <= YEAR_LAST)
		snprintf(buf, YEAR_LABEL_MAX, "%d", yg);
	else
		buf[0] = '\0';
	return buf;
}

/* "1".."14" with no sign, no leading zero and nothing after. */
static bool parse_year_number(const char *s, size_t n, int *out)
{
	int v = 0;

	if (n == 0 || n > 2 || s[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > YEAR_LAST)
		return false;
	*out = v;
	return true;
}

bool year_parse(const char *s, int *out)
{
	static const struct {
		const char *text;
		int year;
	} words[] = {
		{ "N1", YEAR_N1 },	  { "N2", YEAR_N2 },	{ "Nursery 1", YEAR_N1 },
		{ "Nursery 2", YEAR_N2 }, { "R", YEAR_R },	{ "Reception", YEAR_R },
		{ "YR", YEAR_R },	  { "Year R", YEAR_R },
	};
	size_t start = 0, end;

	if (!s)
		return false;
	end = strlen(s);
	while (start < end && s[start] == ' ')
		start++;
	while (end > start && s[end - 1] == ' ')
		end--;
	s += start;
	end -= start;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strlen(words[i].text) == end && strncasecmp(s, words[i].text, end) == 0) {
			*out = words[i].year;
			return true;
		}
	}
	if (end >= 5 && strncasecmp(s, "Year ", 5) == 0)
		return parse_year_number(s + 5, end - 5, out);
	if (end >= 2 && (s[0] == 'Y' || s[0] == 'y'))
		return parse_year_number(s + 1, end - 1, out);
	return parse_year_number(s, end, out);
}

bool year_is_primary(int yg)
{
	return yg >= YEAR_N1 && yg <= YEAR_6;
}

char *ctf_version_format(int academic_year, char buf[static CTF_VERSION_MAX])
{
	int yy = academic_year % 100;
	snprintf(buf, CTF_VERSION_MAX, "%02d.0", yy < 0 ? -yy : yy);
	return buf;
}

bool ctf_version_parse(const char *s, int *academic_year)
{
	int yy;

	if (!s || strlen(s) != 4 || !read_digits(s, 2, &yy) || s[2] != '.' || s[3] != '0')
		return false;
	*academic_year = 2000 + yy;
	return true;
}

enum ctf_version_status ctf_version_check(const char *s, int academic_year)
{
	int y;

	if (!ctf_version_parse(s, &y))
		return CTF_VERSION_MALFORMED;
	if (y == academic_year)
		return CTF_VERSION_CURRENT;
	if (y == academic_year - 1)
		return CTF_VERSION_PREVIOUS;
	return CTF_VERSION_OTHER;
}
