/*
 * date: proleptic Gregorian dates and conversions (see date.h).
 */
#include "base/date.h"

#include <stdio.h>
#include <string.h>

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && is_leap(year))
		return 29;
	return days[month - 1];
}

bool date_valid(struct date d)
{
	return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
	       d.day <= date_days_in_month(d.year, d.month);
}

static bool digits(const char *s, int n, int *out)
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

bool date_parse_iso(const char *s, struct date *out)
{
	struct date d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!digits(s, 4, &d.year) || !digits(s + 5, 2, &d.month) || !digits(s + 8, 2, &d.day))
		return false;
	if (!date_valid(d))
		return false;
	*out = d;
	return true;
}

/* Reads 1..max digits; returns the count read, 0 on none. */
static int read_num(const char *s, int max, int *out)
{
	int n = 0, v = 0;
	while (n < max && s[n] >= '0' && s[n] <= '9') {
		v = v * 10 + (s[n] - '0');
		n++;
	}
	*out = v;
	return n;
}

bool date_parse_dmy(const char *s, struct date *out)
{
	struct date d;
	int n;
	if (!s)
		return false;
	if (!(n = read_num(s, 2, &d.day)) || s[n] != '/')
		return false;
	s += n + 1;
	if (!(n = read_num(s, 2, &d.month)) || s[n] != '/')
		return false;
	s += n + 1;
	if (read_num(s, 4, &d.year) != 4 || s[4] != '\0')
		return false;
	if (!date_valid(d))
		return false;
	*out = d;
	return true;
}

/* Field values reduced to their printed width, so a malformed date can never
 * overflow the buffer (and the compiler can see that). */
static unsigned width4(int v)
{
	return (unsigned)v % 10000u;
}

static unsigned width2(int v)
{
	return (unsigned)v % 100u;
}

void date_format_iso(struct date d, char buf[static 11])
{
	snprintf(buf, 11, "%04u-%02u-%02u", width4(d.year), width2(d.month), width2(d.day));
}

void date_format_dmy(struct date d, char buf[static 11])
{
	snprintf(buf, 11, "%02u/%02u/%04u", width2(d.day), width2(d.month), width4(d.year));
}

int date_cmp(struct date a, struct date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

/* Howard Hinnant's days_from_civil. */
int64_t date_to_days(struct date d)
{
	int64_t y = d.year - (d.month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (d.month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct date date_from_days(int64_t z)
{
	struct date d;
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(y + (d.month <= 2));
	return d;
}

struct date date_from_unix(int64_t t)
{
	int64_t days = t / 86400;
	if (t % 86400 < 0)
		days--;
	return date_from_days(days);
}

void date_format_timestamp(int64_t t, char buf[static 21])
{
	struct date d = date_from_unix(t);
	int64_t secs = t % 86400;
	if (secs < 0)
		secs += 86400;
	snprintf(buf, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", width4(d.year), width2(d.month),
		 width2(d.day), width2((int)(secs / 3600)), width2((int)(secs / 60 % 60)),
		 width2((int)(secs % 60)));
}
