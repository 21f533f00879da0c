/*
 * codelist: the ethnicity, SEN and sex tables and their parsers (see codelist.h).
 * Extended ethnicity codes for Asian, Black, Chinese and Other were not captured
 * by DfE's published lists we could read; the few here come from the LA tracker.
 */
#include "core/codelist.h"

#include <string.h>
#include <strings.h>

#include "base/xalloc.h"

static const struct ethnicity ethnicities[] = {
	/* The 20 DfE main codes. */
	{ "WBRI", "White British", "WBRI", true },
	{ "WIRI", "White Irish", "WIRI", true },
	{ "WIRT", "Traveller of Irish heritage", "WIRT", true },
	{ "WOTH", "Any other White background", "WOTH", true },
	{ "WROM", "Gypsy/Roma", "WROM", true },
	{ "MWBC", "White and Black Caribbean", "MWBC", true },
	{ "MWBA", "White and Black African", "MWBA", true },
	{ "MWAS", "White and Asian", "MWAS", true },
	{ "MOTH", "Any other mixed background", "MOTH", true },
	{ "AIND", "Indian", "AIND", true },
	{ "APKN", "Pakistani", "APKN", true },
	{ "ABAN", "Bangladeshi", "ABAN", true },
	{ "AOTH", "Any other Asian background", "AOTH", true },
	{ "BCRB", "Black Caribbean", "BCRB", true },
	{ "BAFR", "Black African", "BAFR", true },
	{ "BOTH", "Any other Black background", "BOTH", true },
	{ "CHNE", "Chinese", "CHNE", true },
	{ "OOTH", "Any other ethnic group", "OOTH", true },
	{ "REFU", "Refused", "REFU", true },
	{ "NOBT", "Information not yet obtained", "NOBT", true },
	/* White British extended (if any of these is used, WOWB replaces WBRI). */
	{ "WCOR", "White Cornish", "WBRI", false },
	{ "WENG", "White English", "WBRI", false },
	{ "WNIR", "White Northern Irish", "WBRI", false },
	{ "WSCO", "White Scottish", "WBRI", false },
	{ "WWEL", "White Welsh", "WBRI", false },
	{ "WOWB", "Other White British", "WBRI", false },
	/* Any other White background, extended. */
	{ "WALB", "Albanian", "WOTH", false },
	{ "WBOS", "Bosnian-Herzegovinian", "WOTH", false },
	{ "WCRO", "Croatian", "WOTH", false },
	{ "WGRE", "Greek/Greek Cypriot", "WOTH", false },
	{ "WGRK", "Greek", "WOTH", false },
	{ "WGRC", "Greek Cypriot", "WOTH", false },
	{ "WITA", "Italian", "WOTH", false },
	{ "WKOS", "Kosovan", "WOTH", false },
	{ "WPOR", "Portuguese", "WOTH", false },
	{ "WSER", "Serbian", "WOTH", false },
	{ "WTUR", "Turkish/Turkish Cypriot", "WOTH", false },
	{ "WTUK", "Turkish", "WOTH", false },
	{ "WTUC", "Turkish Cypriot", "WOTH", false },
	{ "WEUR", "White European", "WOTH", false },
	{ "WEEU", "White Eastern European", "WOTH", false },
	{ "WWEU", "White Western European", "WOTH", false },
	{ "WOTW", "White other", "WOTH", false },
	/* Gypsy/Roma extended. */
	{ "WROG", "Gypsy", "WROM", false },
	{ "WROR", "Roma", "WROM", false },
	{ "WROO", "Other Gypsy/Roma", "WROM", false },
	/* Mixed extended. */
	{ "MWAP", "White and Pakistani", "MWAS", false },
	{ "MWAI", "White and Indian", "MWAS", false },
	{ "MWAO", "White and any other Asian background", "MWAS", false },
	{ "MAOE", "Asian and any other ethnic group", "MOTH", false },
	{ "MABL", "Asian and Black", "MOTH", false },
	/* Used by the LA tracker ("Ethnicity Codes currently used within the Pupil
	 * Tracker"); OOH is that list's spelling of "Other" and rolls up to OOTH. */
	{ "AOPK", "Other Pakistani", "APKN", false },
	{ "AOTA", "Other Asian", "AOTH", false },
	{ "BAOF", "Other Black African", "BAFR", false },
	{ "OOH", "Other", "OOTH", false },
};

static const struct ethnicity_group groups[] = {
	{ "white", "White", { "WBRI", "WIRI", "WIRT", "WOTH", "WROM", NULL } },
	{ "mixed", "Mixed / multiple ethnic groups", { "MWBC", "MWBA", "MWAS", "MOTH", NULL } },
	{ "asian", "Asian / Asian British", { "AIND", "APKN", "ABAN", "AOTH", NULL } },
	{ "black", "Black / Black British", { "BCRB", "BAFR", "BOTH", NULL } },
	{ "chinese", "Chinese", { "CHNE", NULL } },
	{ "other", "Any other ethnic group", { "OOTH", NULL } },
	{ "unclassified", "Unclassified (refused or not obtained)", { "REFU", "NOBT", NULL } },
};

size_t ethnicity_group_count(void)
{
	return ARRAY_SIZE(groups);
}

const struct ethnicity_group *ethnicity_group_at(size_t i)
{
	return i < ARRAY_SIZE(groups) ? &groups[i] : NULL;
}

const struct ethnicity_group *ethnicity_group_of(const char *code)
{
	const char *main = code && code[0] ? ethnicity_main_of(code) : NULL;

	if (!main)
		return NULL;
	for (size_t g = 0; g < ARRAY_SIZE(groups); g++)
		for (size_t k = 0; groups[g].mains[k]; k++)
			if (strcmp(groups[g].mains[k], main) == 0)
				return &groups[g];
	return NULL;
}

const struct ethnicity *ethnicity_find(const char *code)
{
	for (size_t i = 0; code && i < ARRAY_SIZE(ethnicities); i++)
		if (strcasecmp(code, ethnicities[i].code) == 0)
			return &ethnicities[i];
	return NULL;
}

const char *ethnicity_main_of(const char *code)
{
	const struct ethnicity *e = ethnicity_find(code);
	return e ? e->main : NULL;
}

size_t ethnicity_count(void)
{
	return ARRAY_SIZE(ethnicities);
}

const struct ethnicity *ethnicity_at(size_t i)
{
	return i < ARRAY_SIZE(ethnicities) ? &ethnicities[i] : NULL;
}

static const struct {
	char code;
	const char *label;
} sens[] = {
	{ SEN_NONE, "No SEN" },
	{ SEN_SUPPORT, "SEN support" },
	{ SEN_EHCP, "Education, health and care plan" },
};

/* s without surrounding spaces: *start and *len. */
static void trim(const char *s, const char **start, size_t *len)
{
	size_t n = strlen(s);

	while (n && *s == ' ') {
		s++;
		n--;
	}
	while (n && s[n - 1] == ' ')
		n--;
	*start = s;
	*len = n;
}

bool sen_parse(const char *s, char *out)
{
	const char *t;
	size_t n;
	char c;

	if (!s)
		return false;
	trim(s, &t, &n);
	if (n == 0) {
		*out = SEN_NONE;
		return true;
	}
	if (n == 5 && strncasecmp(t, "SEN_", 4) == 0) {
		t += 4;
		n = 1;
	}
	if (n != 1)
		return false;
	c = (t[0] >= 'a' && t[0] <= 'z') ? (char)(t[0] - 'a' + 'A') : t[0];
	if (!sen_valid(c))
		return false;
	*out = c;
	return true;
}

const char *sen_label(char sen)
{
	for (size_t i = 0; i < ARRAY_SIZE(sens); i++)
		if (sens[i].code == sen)
			return sens[i].label;
	return NULL;
}

bool sen_valid(char sen)
{
	return sen_label(sen) != NULL;
}

bool sen_is_legacy(const char *s)
{
	const char *t;
	size_t n;

	if (!s)
		return false;
	trim(s, &t, &n);
	if (n == 5 && strncasecmp(t, "SEN_", 4) == 0) {
		t += 4;
		n = 1;
	}
	return n == 1 && strchr("SAPsap", t[0]) != NULL;
}

static const struct {
	const char *code;
	const char *label;
} genders[] = {
	[GENDER_UNKNOWN] = { "", "Unknown" },
	[GENDER_MALE] = { "M", "Male" },
	[GENDER_FEMALE] = { "F", "Female" },
};
_Static_assert(ARRAY_SIZE(genders) == GENDER__MAX, "genders covers enum gender");

bool gender_parse(const char *s, enum gender *out)
{
	const char *t;
	size_t n;

	if (!s)
		return false;
	trim(s, &t, &n);
	for (int g = GENDER_MALE; g < GENDER__MAX; g++) {
		const char *code = genders[g].code, *label = genders[g].label;
		if ((n == strlen(code) && strncasecmp(t, code, n) == 0) ||
		    (n == strlen(label) && strncasecmp(t, label, n) == 0)) {
			*out = (enum gender)g;
			return true;
		}
	}
	return false;
}

const char *gender_code(enum gender g)
{
	return (unsigned)g < GENDER__MAX ? genders[g].code : "";
}

const char *gender_label(enum gender g)
{
	return (unsigned)g < GENDER__MAX ? genders[g].label : "Unknown";
}
