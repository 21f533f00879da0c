/*
 * date: calendar dates without time zones (dates of birth, assessment dates) and
 * UTC timestamps. On screen dd/mm/yyyy; in files and the database ISO 8601.
 */
#ifndef PT_BASE_DATE_H
#define PT_BASE_DATE_H

#include <stdbool.h>
#include <stdint.h>

struct date {
	int year;  /* e.g. 2025 */
	int month; /* 1..12 */
	int day;   /* 1..31 */
};

bool date_valid(struct date d);
int date_days_in_month(int year, int month);
/* Parse "YYYY-MM-DD" exactly; false when malformed or not a real date. */
bool date_parse_iso(const char *s, struct date *out);
/* Parse "dd/mm/yyyy" (also d/m/yyyy); false when malformed or not a real date. */
bool date_parse_dmy(const char *s, struct date *out);
/* Write "YYYY-MM-DD" (11 bytes with NUL) or "dd/mm/yyyy" into buf. */
void date_format_iso(struct date d, char buf[static 11]);
void date_format_dmy(struct date d, char buf[static 11]);
/* Negative, zero or positive as a is before, equal to or after b. */
int date_cmp(struct date a, struct date b);
/* Days since 1970-01-01 (may be negative) and back. */
int64_t date_to_days(struct date d);
struct date date_from_days(int64_t days);
/* The UTC calendar date of a Unix time. */
struct date date_from_unix(int64_t t);
/* "YYYY-MM-DDThh:mm:ssZ" for a Unix time (21 bytes with NUL). */
void date_format_timestamp(int64_t t, char buf[static 21]);

#endif
