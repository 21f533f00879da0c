/*
 * pupil_filter: the shared pupil characteristics filter (see pupil_filter.h). The
 * parameter table below is the one place that names the filter's parameters.
 */
#include "core/pupil_filter.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/codelist.h"

enum pf_kind { K_GENDER, K_SEN, K_ETH, K_FLAG };

static const struct {
	const char *name;  /* query parameter */
	const char *label; /* what a person reads */
	enum pf_kind kind; /* what it sets */
	int flag;	   /* K_FLAG: which enum pf_flag */
} params[PUPIL_FILTER_PARAM_ALL] = {
	{ "f_gender", "Gender", K_GENDER, 0 },
	{ "f_summer", "Summer born", K_FLAG, PF_SUMMER_BORN },
	{ "f_sen", "SEN", K_SEN, 0 },
	{ "f_eth", "Ethnicity", K_ETH, 0 },
	{ "f_pp", "PP", K_FLAG, PF_PP },
	{ "f_dis", "Disadvantaged", K_FLAG, PF_DISADVANTAGED },
	{ "f_eal", "EAL", K_FLAG, PF_EAL },
	{ "f_c1", "Custom 1", K_FLAG, PF_CUSTOM1 },
	{ "f_c2", "Custom 2", K_FLAG, PF_CUSTOM1 + 1 },
	{ "f_c3", "Custom 3", K_FLAG, PF_CUSTOM1 + 2 },
	{ "f_c4", "Custom 4", K_FLAG, PF_CUSTOM1 + 3 },
	{ "f_c5", "Custom 5", K_FLAG, PF_CUSTOM1 + 4 },
	{ "f_c6", "Custom 6", K_FLAG, PF_CUSTOM1 + 5 },
	{ "f_int", "Intervention", K_FLAG, PF_INTERVENTION },
};
_Static_assert(CUSTOM_COUNT == 6, "the parameter table names custom 1-6");

void pupil_filter_init(struct pupil_filter *f)
{
	memset(f, 0, sizeof(*f));
	for (int i = 0; i < PF_FLAG__MAX; i++)
		f->flag[i] = TRI_ALL;
	f->gender = GENDER_UNKNOWN;
	f->sen = PF_SEN_ALL;
}

bool pupil_filter_is_all(const struct pupil_filter *f)
{
	for (int i = 0; i < PF_FLAG__MAX; i++)
		if (f->flag[i] != TRI_ALL)
			return false;
	return f->gender == GENDER_UNKNOWN && f->sen == PF_SEN_ALL && !f->ethnicity[0];
}

const char *pupil_filter_param_name(size_t i)
{
	return i < PUPIL_FILTER_PARAM_ALL ? params[i].name : NULL;
}

const char *pupil_filter_param_label(size_t i, int *custom_index)
{
	if (custom_index)
		*custom_index = -1;
	if (i >= PUPIL_FILTER_PARAM_ALL)
		return "";
	if (custom_index && params[i].kind == K_FLAG && params[i].flag >= PF_CUSTOM1)
		*custom_index = params[i].flag - PF_CUSTOM1;
	return params[i].label;
}

static bool is_all(const char *v)
{
	return !v[0] || strcasecmp(v, "all") == 0;
}

bool pupil_filter_set(struct pupil_filter *f, const char *name, const char *value)
{
	const struct ethnicity *eth;
	size_t i;

	for (i = 0; i < PUPIL_FILTER_PARAM_ALL; i++)
		if (strcmp(params[i].name, name) == 0)
			break;
	if (i == PUPIL_FILTER_PARAM_ALL || !value)
		return false;
	switch (params[i].kind) {
	case K_GENDER:
		if (is_all(value))
			f->gender = GENDER_UNKNOWN;
		else if (strcasecmp(value, "M") == 0)
			f->gender = GENDER_MALE;
		else if (strcasecmp(value, "F") == 0)
			f->gender = GENDER_FEMALE;
		else
			return false;
		return true;
	case K_SEN:
		if (is_all(value))
			f->sen = PF_SEN_ALL;
		else if (strcasecmp(value, "any") == 0)
			f->sen = PF_SEN_ANY;
		else if (strlen(value) == 1 && sen_valid((char)(value[0] & ~0x20)))
			f->sen = (char)(value[0] & ~0x20);
		else
			return false;
		return true;
	case K_ETH:
		if (is_all(value)) {
			f->ethnicity[0] = '\0';
			return true;
		}
		eth = ethnicity_find(value);
		if (!eth)
			return false;
		snprintf(f->ethnicity, sizeof(f->ethnicity), "%s", eth->code);
		return true;
	case K_FLAG:
		if (is_all(value))
			f->flag[params[i].flag] = TRI_ALL;
		else if (strcasecmp(value, "yes") == 0)
			f->flag[params[i].flag] = TRI_YES;
		else if (strcasecmp(value, "no") == 0)
			f->flag[params[i].flag] = TRI_NO;
		else
			return false;
		return true;
	}
	return false;
}

const char *pupil_filter_value(const struct pupil_filter *f, size_t i, char buf[static 8])
{
	buf[0] = '\0';
	if (i >= PUPIL_FILTER_PARAM_ALL)
		return buf;
	switch (params[i].kind) {
	case K_GENDER:
		snprintf(buf, 8, "%s", f->gender == GENDER_UNKNOWN ? "" : gender_code(f->gender));
		break;
	case K_SEN:
		if (f->sen == PF_SEN_ANY)
			snprintf(buf, 8, "any");
		else if (f->sen != PF_SEN_ALL)
			snprintf(buf, 8, "%c", f->sen);
		break;
	case K_ETH:
		snprintf(buf, 8, "%s", f->ethnicity);
		break;
	case K_FLAG:
		if (f->flag[params[i].flag] != TRI_ALL)
			snprintf(buf, 8, "%s", f->flag[params[i].flag] == TRI_YES ? "yes" : "no");
		break;
	}
	return buf;
}

size_t pupil_filter_to_query(const struct pupil_filter *f, char *buf, size_t cap)
{
	size_t len = 0;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	for (size_t i = 0; i < PUPIL_FILTER_PARAM_ALL; i++) {
		char v[8];
		int k;
		if (!pupil_filter_value(f, i, v)[0])
			continue;
		k = snprintf(buf + len, cap - len, "%s%s=%s", len ? "&" : "", params[i].name, v);
		if (k < 0 || (size_t)k >= cap - len) {
			buf[0] = '\0';
			return 0;
		}
		len += (size_t)k;
	}
	return len;
}

static void put_int(struct pf_value *out, size_t *n, int64_t v, int times)
{
	for (int k = 0; k < times; k++)
		out[(*n)++] = (struct pf_value){ .is_text = false, .i = v };
}

static void put_text(struct pf_value *out, size_t *n, const char *s, int times)
{
	for (int k = 0; k < times; k++)
		out[(*n)++] = (struct pf_value){ .is_text = true, .s = s };
}

void pupil_filter_compile(const struct pupil_filter *f,
			  struct pf_value out[static PUPIL_FILTER_NVALUES])
{
	static const char *const sen_text[] = { "N", "K", "E", "Y" };
	const char *sen = "";
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(sen_text); i++)
		if (f->sen == sen_text[i][0])
			sen = sen_text[i];
	put_int(out, &n, f->flag[PF_INTERVENTION], 1);
	put_text(out, &n, f->gender == GENDER_UNKNOWN ? "" : gender_code(f->gender), 1);
	put_int(out, &n, f->flag[PF_SUMMER_BORN], 1);
	put_text(out, &n, sen, 1);
	put_text(out, &n, f->ethnicity, 1);
	put_int(out, &n, f->flag[PF_PP], 1);
	put_int(out, &n, f->flag[PF_DISADVANTAGED], 1);
	put_int(out, &n, f->flag[PF_EAL], 1);
	for (int c = 0; c < CUSTOM_COUNT; c++)
		put_int(out, &n, f->flag[PF_CUSTOM1 + c], 1);
	if (n != PUPIL_FILTER_NVALUES)
		BUG("pupil_filter_compile: value count");
}

static bool tri_ok(int want, bool have)
{
	return want == TRI_ALL || (want == TRI_YES) == have;
}

bool pupil_filter_match(const struct pupil_filter *f, const struct pupil *p)
{
	return pupil_filter_match_with(f, p, false);
}

bool pupil_filter_match_with(const struct pupil_filter *f, const struct pupil *p,
			     bool has_intervention)
{
	bool summer = date_valid(p->dob) && summer_born(p->dob);

	if (!tri_ok(f->flag[PF_INTERVENTION], has_intervention))
		return false;
	if (f->gender != GENDER_UNKNOWN && p->gender != f->gender)
		return false;
	if (!tri_ok(f->flag[PF_SUMMER_BORN], summer))
		return false;
	if (f->sen == PF_SEN_ANY && p->sen != 'K' && p->sen != 'E')
		return false;
	if (f->sen != PF_SEN_ALL && f->sen != PF_SEN_ANY && p->sen != f->sen)
		return false;
	if (f->ethnicity[0] && strcmp(f->ethnicity, p->ethnicity) != 0)
		return false;
	if (!tri_ok(f->flag[PF_PP], p->pupil_premium) ||
	    !tri_ok(f->flag[PF_DISADVANTAGED], p->disadvantaged) ||
	    !tri_ok(f->flag[PF_EAL], p->eal))
		return false;
	for (int c = 0; c < CUSTOM_COUNT; c++)
		if (!tri_ok(f->flag[PF_CUSTOM1 + c], p->custom[c]))
			return false;
	return true;
}
